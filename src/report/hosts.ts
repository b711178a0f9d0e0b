// Failures shared by a site, and the per-host table. When at least HOST_GROUP_MIN_ITEMS items of one institution
// failed on one host the same way (the name does not resolve, the connection is refused, the certificate is bad, the
// page timed out…), the terminal, Markdown and HTML reports say it once, above the item list ("xxgk.example.edu.cn：
// 域名无法解析 — 50 个事项"), and those items point to that line instead of repeating the reason. The items keep their
// status, their place in the list and every other finding. The per-host table reads `RunResult.hosts`.
import { findingMessage } from '../findings.js';
import type { ChecklistResult, Finding, FindingCode, HostStats, ItemResult, Lang } from '../types.js';
import { HOST_FAILURE_KINDS } from '../types.js';
import { HOST_FAILURE_LABEL, HOST_TEXT } from './labels.js';
import { sortedFindings } from './common.js';

/** Items of one host failing the same way needed before the reports say it once for the host (docs/findings.md). */
export const HOST_GROUP_MIN_ITEMS = 3;

/** Fetch failures that are the host's, not the page's: the ones grouped. */
const GROUPED_CODES: ReadonlySet<FindingCode> = new Set<FindingCode>(['DNS_ERROR', 'CONNECTION_ERROR', 'TLS_ERROR', 'TIMEOUT']);

/** Items of one checklist that failed on one host the same way. */
export interface HostFailureGroup {
  host: string;
  /** One of the group's findings (they all say the same). */
  finding: Finding;
  /** The items, in checklist order. */
  items: ItemResult[];
}

/** The groups of a checklist result, and which finding belongs to which group. */
export interface HostGroups {
  /** Largest first (then by host). */
  groups: HostFailureGroup[];
  /** The group a finding of an item belongs to; undefined for a finding said in full. */
  groupOf(finding: Finding): HostFailureGroup | undefined;
}

/** The host a finding of an item is about: that of the final address of the page the finding is on. */
function findingHost(item: ItemResult, f: Finding): string | undefined {
  const url = f.url ?? item.urls[0];
  const page = item.pages.find((p) => p.url === url);
  try {
    return new URL(page?.finalUrl ?? url ?? '').host;
  } catch {
    return undefined;
  }
}

export function hostFailureGroups(result: Pick<ChecklistResult, 'items'>): HostGroups {
  const candidates = new Map<string, { group: HostFailureGroup; findings: Finding[] }>();
  for (const item of result.items) {
    for (const f of item.findings) {
      if (!GROUPED_CODES.has(f.code)) continue;
      const host = findingHost(item, f);
      if (host === undefined || host === '') continue;
      // Same host, same code, same words (the reason of a connection or TLS error, the seconds of a timeout).
      const key = `${host}\u0000${f.code}\u0000${findingMessage(f, 'en')}`;
      let entry = candidates.get(key);
      if (entry === undefined) {
        entry = { group: { host, finding: f, items: [] }, findings: [] };
        candidates.set(key, entry);
      }
      if (entry.group.items.at(-1) !== item) entry.group.items.push(item);
      entry.findings.push(f);
    }
  }
  const byFinding = new Map<Finding, HostFailureGroup>();
  const groups: HostFailureGroup[] = [];
  for (const { group, findings } of candidates.values()) {
    if (group.items.length < HOST_GROUP_MIN_ITEMS) continue;
    groups.push(group);
    for (const f of findings) byFinding.set(f, group);
  }
  groups.sort((a, b) => b.items.length - a.items.length || a.host.localeCompare(b.host));
  return { groups, groupOf: (f) => byFinding.get(f) };
}

/** What the group's items have in common, without the host: `域名无法解析`, `无法连接服务器（拒绝连接）`. */
export function groupReason(group: HostFailureGroup, lang: Lang): string {
  return group.finding.code === 'DNS_ERROR' ? HOST_TEXT.dns[lang] : findingMessage(group.finding, lang);
}

/** `xxgk.example.edu.cn：域名无法解析 — 50 个事项` / `xxgk.example.edu.cn: name does not resolve — 50 items`. */
export function groupLine(group: HostFailureGroup, lang: Lang): string {
  return `${group.host}${lang === 'zh' ? '：' : ': '}${groupReason(group, lang)} — ${itemsText(group.items.length, lang)}`;
}

function itemsText(n: number, lang: Lang): string {
  return lang === 'en' && n === 1 ? '1 item' : HOST_TEXT.items[lang].replace('{n}', String(n));
}

/** The item numbers of a group: `1, 2, 5–9`. */
export function groupItemNumbers(group: HostFailureGroup): string {
  const numbers = group.items.map((i) => i.no);
  const runs: string[] = [];
  for (let i = 0; i < numbers.length; ) {
    let j = i;
    while (j + 1 < numbers.length && numbers[j + 1] === numbers[j]! + 1) j++;
    runs.push(j - i >= 2 ? `${numbers[i]}–${numbers[j]}` : numbers.slice(i, j + 1).join(', '));
    i = j + 1;
  }
  return runs.join(', ');
}

/** The short reference an item gives instead of the group's reason: `见上方网站故障：xxgk.example.edu.cn`. */
export function groupReference(group: HostFailureGroup, lang: Lang): string {
  return HOST_TEXT.reference[lang].replace('{host}', group.host);
}

/** A finding's words in an item list: the short reference when the finding is in a group, else its message. */
export function findingText(f: Finding, lang: Lang, groups: HostGroups): string {
  const group = groups.groupOf(f);
  return group === undefined ? findingMessage(f, lang) : groupReference(group, lang);
}

/** The one-line note of an item (its worst finding, "+N" for the others), a grouped reason given as its reference. */
export function groupedItemNote(item: ItemResult, lang: Lang, groups: HostGroups): { text: string; more: number } {
  const findings = sortedFindings(item);
  const worst = findings[0];
  if (!worst) return { text: '', more: 0 };
  return { text: findingText(worst, lang, groups), more: findings.length - 1 };
}

// ───────────────────────────── the per-host table ─────────────────────────────

/** `DNS 5 · timeout 2` (429 answers have their own column); `—` when no request failed otherwise. */
export function failuresText(stats: HostStats, lang: Lang): string {
  const parts = HOST_FAILURE_KINDS.filter((kind) => kind !== 'http429' && stats.failures[kind] > 0).map(
    (kind) => `${HOST_FAILURE_LABEL[kind][lang]} ${stats.failures[kind]}`,
  );
  return parts.length === 0 ? '—' : parts.join(' · ');
}

/** A time for the table: `123`, or `—` when no response came. */
export function msText(ms: number | undefined): string {
  return ms === undefined ? '—' : String(ms);
}
