// What every report format shares (its labels are in ./labels.ts): the reading of an item
// (its HTTP status, final address, worst finding), the order of gaps, and spreadsheet-cell neutralising.
import { findingMessage, sortFindings } from '../findings.js';
import type { ChangeCounts, Finding, ItemResult, ItemStatus, Lang, RemovedItem, RunResult, StatusCounts } from '../types.js';
import { CHANGE_LABEL, CHANGE_TEXT, STATUS_LABEL, TEXT, type ChangeKind } from './labels.js';
import { formatTime, resolveTimeZone } from '../time.js';
import { judgedCount } from '../verdict/verdict.js';

export type { ChangeKind } from './labels.js';

export interface ReportOptions {
  lang: Lang;
  /** Emit colour (terminal only; the CLI decides from NO_COLOR / FORCE_COLOR / --no-color / TTY). */
  color: boolean;
  /** Terminal width in columns. */
  columns: number;
  /** IANA time zone of every time shown (`--tz`, TZ); absent: TZ or the system's (`reportTimeZone`). */
  timeZone?: string;
}

/** The time zone a report shows its times in (src/time.ts formats them). */
export function reportTimeZone(options: Pick<ReportOptions, 'timeZone'>): string {
  return options.timeZone ?? resolveTimeZone(process.env);
}

/** One entry of REPORT_FORMATS (src/report/formats.ts), whose keys are the format names. */
export interface ReportFormat {
  /** The format's name: its key in REPORT_FORMATS. */
  name: string;
  /** File extensions (lower case, with the dot) that select this format; the first is the canonical one. */
  extensions: string[];
  render(run: RunResult, options: ReportOptions): string | Buffer | Promise<string | Buffer>;
  /**
   * The same content as `render`, in pieces made one after another (one institution at a time, each institution's
   * items read once), so that the whole report is never held: files and stdout are written from these when present.
   * An async format (one that loads its library when first used, or a workbook streamed by exceljs) gives an async
   * iterable; its pieces may be bytes.
   */
  chunks?(run: RunResult, options: ReportOptions): Iterable<string> | AsyncIterable<string | Uint8Array>;
}

/** Statuses worst first: the order of gap lists. */
export const STATUSES_WORST_FIRST: readonly ItemStatus[] = ['fail', 'missing', 'unverified', 'unchecked', 'warn', 'pass'];

const STATUS_RANK: Record<ItemStatus, number> = { fail: 0, missing: 1, unverified: 2, unchecked: 3, warn: 4, pass: 5 };

export function statusLabel(status: ItemStatus, lang: Lang): string {
  return STATUS_LABEL[status][lang];
}

/** `0.9234` → `92.3%`. */
export function formatRate(rate: number): string {
  return `${(rate * 100).toFixed(1)}%`;
}

/** `2023-09-01 至 2024-08-31` / `2023-09-01 to 2024-08-31`. */
export function formatPeriod(period: { from: string; to: string } | undefined, lang: Lang): string | undefined {
  if (!period) return undefined;
  return lang === 'zh' ? `${period.from} 至 ${period.to}` : `${period.from} to ${period.to}`;
}


/**
 * The note of a resumed run (`run --db FILE --resume`): that it was resumed, and when each part was checked.
 * Undefined for a run made in one go.
 */
export function resumedNote(run: Pick<RunResult, 'resumed'>, lang: Lang, timeZone: string): string | undefined {
  const parts = run.resumed?.parts;
  if (!parts || parts.length < 2) return undefined;
  const list = parts.map((part, i) => {
    const when = `${formatTime(part.startedAt, timeZone)} – ${formatTime(part.finishedAt, timeZone)}`;
    return lang === 'zh'
      ? `第 ${i + 1} 次 ${when}，${part.items} 项${part.complete ? '' : '（被中断）'}`
      : `part ${i + 1} ${when}, ${part.items} item${part.items === 1 ? '' : 's'}${part.complete ? '' : ' (interrupted)'}`;
  });
  return lang === 'zh'
    ? `本次检查中断后续查，分 ${parts.length} 次完成：${list.join('；')}。每个事项的检查时间见 CSV/XLSX 的“检查时间”列或 JSON 的 checkedAt。`
    : `This run was interrupted and resumed; it was checked in ${parts.length} parts: ${list.join('; ')}. Each item's own check time is in the "Checked at" column of CSV/XLSX and in checkedAt of the JSON report.`;
}

/**
 * What the run learnt of this machine's network (src/run/control.ts), the first thing every report says; undefined
 * when the run did not need to probe the control URLs (some page answered). Offline: the results are unverified,
 * with each control URL and how it failed. Online: the failures are the sites', with the control that answered.
 */
export function networkNote(run: Pick<RunResult, 'network' | 'summary'>, lang: Lang): string | undefined {
  const network = run.network;
  if (!network) return undefined;
  if (network.offline) {
    const how = network.controls
      .map((c) => `${c.url}${lang === 'zh' ? '：' : ': '}${c.message?.[lang] ?? c.error ?? '?'}`)
      .join(lang === 'zh' ? '；' : '; ');
    const n = run.summary.unverified;
    return lang === 'zh'
      ? `本机无法访问网络，以下结果未核实：所有页面均无法加载，用于对照的网址也都无法访问（${how}）。${n} 项标为“未核实”，不计入合规率；请在网络恢复后重新检查。`
      : `This machine cannot reach the network, so the results below are unverified: no page loaded, and no control URL answered either (${how}). ${n} item${n === 1 ? ' is' : 's are'} marked unverified and left out of the compliance rate; check again once the network is back.`;
  }
  const answered = network.controls.filter((c) => c.status !== undefined).map((c) => `${c.url} (HTTP ${c.status})`);
  return lang === 'zh'
    ? `所有页面均无法加载，但用于对照的网址可以访问（${answered.join('；')}）：本机网络正常，以下失败属于网站。`
    : `No page loaded, but a control URL answered (${answered.join('; ')}): this machine reaches the network, so the failures below are the sites'.`;
}

/**
 * The compliance rate as people read it: `—` when no item was judged (this machine was offline, or the run was
 * interrupted before any item of the group).
 */
export function rateText(counts: StatusCounts): string {
  return counts.total > 0 && judgedCount(counts) <= 0 ? '—' : formatRate(counts.complianceRate);
}

/**
 * What the rate is taken over: `12/40`, and `, 未核实 10 项` / `, 10 unverified` when items were not verified,
 * `, 未检查 10 项` / `, 10 not checked` when the run was interrupted before them.
 */
export function rateBasis(counts: StatusCounts, lang: Lang): string {
  const unverified = counts.unverified ?? 0;
  const unchecked = counts.unchecked ?? 0;
  let basis = `${counts.pass + counts.warn}/${judgedCount(counts)}`;
  if (unverified > 0) basis += lang === 'zh' ? `，未核实 ${unverified} 项` : `, ${unverified} unverified`;
  if (unchecked > 0) basis += lang === 'zh' ? `，未检查 ${unchecked} 项` : `, ${unchecked} not checked`;
  return basis;
}

/**
 * The first thing every report of an interrupted run says: how many items were not checked, that they are counted
 * apart, and how to check them (`--resume` with the history database). Undefined for a complete run.
 */
export function incompleteNote(run: Pick<RunResult, 'complete' | 'summary' | 'baseline'>, lang: Lang): string | undefined {
  if (run.complete) return undefined;
  const n = run.summary.unchecked ?? 0;
  // A report written before `unchecked` existed does not list the items it did not reach.
  if (n === 0) return TEXT.incomplete[lang];
  const baseline = run.baseline
    ? lang === 'zh'
      ? '与基线比较时，未检查的事项不算变差。'
      : ' Compared with the baseline, an item not checked is never a regression.'
    : '';
  return lang === 'zh'
    ? `检查被中断：${n} 项未检查（标为“未检查”，不计入合规率和得分），本报告不完整。${baseline}续查：用同样的清单加 --db <历史数据库> --resume 重新运行，只检查这些事项（中断的这次须已用 --db 记录）；否则请重新运行。`
    : `The run was interrupted: ${n} item${n === 1 ? ' was' : 's were'} not checked (marked "not checked", left out of the compliance rate and the score); this report is incomplete.${baseline} To check only ${n === 1 ? 'it' : 'them'}, run again with the same checklists and --db <history file> --resume (the interrupted run must have been recorded with --db); otherwise run again.`;
}

/** The line under a summary table when items are unverified (the tables have no column for them); else undefined. */
export function unverifiedLine(counts: StatusCounts, lang: Lang): string | undefined {
  const n = counts.unverified ?? 0;
  if (n === 0) return undefined;
  return lang === 'zh'
    ? `未核实 ${n} 项（本机无法访问网络，不计入合规率）`
    : `${n} item${n === 1 ? '' : 's'} unverified (this machine could not reach the network; left out of the compliance rate)`;
}

/**
 * The items an interrupted run did not reach, by number: `未检查 12 项：第 3、7、8… 项` / `12 items not checked:
 * 3, 7, 8, …`; undefined when there are none. The matrix shows each in its category.
 */
export function uncheckedLine(items: readonly ItemResult[], lang: Lang): string | undefined {
  const numbers = items.filter((i) => i.status === 'unchecked').map((i) => i.no);
  if (numbers.length === 0) return undefined;
  const shown = numbers.length > 30 ? [...numbers.slice(0, 30).map(String), '…'] : numbers.map(String);
  return lang === 'zh'
    ? `未检查 ${numbers.length} 项（检查被中断，不计入合规率）：${shown.join('、')}`
    : `${numbers.length} item${numbers.length === 1 ? '' : 's'} not checked (the run was interrupted; left out of the compliance rate): ${shown.join(', ')}`;
}

/** HTTP statuses as text for a column: `200`, `200/404` for several pages, `—` when no response. */
export function httpText(item: ItemResult): string {
  if (item.pages.length === 0) return '';
  return item.pages.map((p) => (p.status === undefined ? '—' : String(p.status))).join('/');
}

/** Final addresses of the item's pages, only those that differ from the requested URL. */
export function finalUrls(item: ItemResult): string[] {
  return item.pages.filter((p) => p.finalUrl !== p.url).map((p) => p.finalUrl);
}

/** Findings that are worth reporting as a reason (info findings only when there is nothing worse). */
export function sortedFindings(item: ItemResult): Finding[] {
  return sortFindings(item.findings);
}

/** The one-line note of an item: its worst finding's message, with "+N" for the others. */
export function itemNote(item: ItemResult, lang: Lang): { text: string; more: number } {
  if (item.status === 'unchecked') return { text: TEXT.uncheckedItem[lang], more: 0 };
  const findings = sortedFindings(item);
  const worst = findings[0];
  if (!worst) return { text: '', more: 0 };
  return { text: findingMessage(worst, lang), more: findings.length - 1 };
}

export function moreText(n: number, lang: Lang): string {
  return TEXT.more[lang].replace('{n}', String(n));
}

/**
 * Items that are gaps (fail, missing, unverified, warn), worst first, in checklist order within a status. An item the
 * run did not reach is no gap: `uncheckedLine` names those.
 */
export function gapItems(items: readonly ItemResult[]): ItemResult[] {
  return items
    .filter((i) => i.status !== 'pass' && i.status !== 'unchecked')
    .map((item, index) => ({ item, index }))
    .sort((a, b) => STATUS_RANK[a.item.status] - STATUS_RANK[b.item.status] || a.index - b.index)
    .map((e) => e.item);
}

/**
 * The heading of a category above its items: the number of items listed, and the number the source report
 * declares when it differs: `财务、资产及收费信息（8 项，报告声明 7 项）` / `… (8 items; the report declares 7)`.
 */
export function categoryHeading(name: string, listed: number, declared: number | undefined, lang: Lang): string {
  const differs = declared !== undefined && declared !== listed;
  if (lang === 'zh') return `${name}（${listed} 项${differs ? `，报告声明 ${declared} 项` : ''}）`;
  return `${name} (${listed} ${listed === 1 ? 'item' : 'items'}${differs ? `; the report declares ${declared}` : ''})`;
}

/** The categories of a checklist result in order, each with its items. */
export function itemsByCategory(items: readonly ItemResult[]): { name: string; items: ItemResult[] }[] {
  const groups = new Map<string, ItemResult[]>();
  for (const item of items) {
    const group = groups.get(item.category);
    if (group) group.push(item);
    else groups.set(item.category, [item]);
  }
  return [...groups].map(([name, group]) => ({ name, items: group }));
}

/**
 * A spreadsheet cell that cannot run as a formula: a value starting with `=`, `+`, `-`, `@`, tab or carriage
 * return gets a leading `'` (OWASP "CSV injection"). Page titles and checklist text come from outside.
 */
export function neutraliseCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export { displayWidth, padToWidth, truncateToWidth } from '../text-width.js';

/**
 * Counts row values in summary-column order (`summaryCountColumns(total)`): with the 未检查 count when the table's
 * `total` has unchecked items.
 */
export function countsRow(counts: StatusCounts, total: Pick<StatusCounts, 'unchecked'> = counts): (number | string)[] {
  return (total.unchecked ?? 0) > 0
    ? [counts.pass, counts.warn, counts.fail, counts.missing, counts.unchecked ?? 0, counts.total, rateText(counts)]
    : [counts.pass, counts.warn, counts.fail, counts.missing, counts.total, rateText(counts)];
}

// ───────────────────────────── changes since a baseline ─────────────────────────────

/** The order changes are listed in: what needs action first. */
export const CHANGE_ORDER: readonly ChangeKind[] = ['regressed', 'fixed', 'improved', 'new', 'removed', 'unchanged'];

export function changeLabel(change: ChangeKind, lang: Lang): string {
  return CHANGE_LABEL[change][lang];
}

/** `与基线（2024-11-20 16:00 (UTC+8)，baseline.json）相比的变化` / `Changes since the baseline of …`. */
export function changesHeading(run: RunResult, lang: Lang, timeZone: string): string {
  const baseline = run.baseline;
  if (!baseline) return '';
  const when = formatTime(baseline.startedAt, timeZone);
  return lang === 'zh'
    ? `与基线（${when}，${baseline.file}）相比的变化`
    : `Changes since the baseline of ${when} (${baseline.file})`;
}

/** `变差 1 · 已修复 1 · 好转 0 · 新增 0 · 已移除 0 · 无变化 46`. */
export function changeCountsText(counts: ChangeCounts, lang: Lang): string {
  return CHANGE_ORDER.map((kind) => `${changeLabel(kind, lang)} ${counts[kind]}`).join(' · ');
}

/** `通过 → 不通过`; for a new item just its status. */
export function transitionText(before: ItemStatus | undefined, now: ItemStatus | undefined, lang: Lang): string {
  const parts = [before, now].filter((s): s is ItemStatus => s !== undefined).map((s) => statusLabel(s, lang));
  return parts.join(' → ');
}

/** One line of a "changes since the baseline" list. */
export interface ChangeEntry {
  kind: ChangeKind;
  institution: string;
  no: number;
  category: string;
  title: string;
  /** Status now (absent for removed items). */
  status?: ItemStatus;
  /** Status in the baseline (absent for new items). */
  before?: ItemStatus;
  /** Title in the baseline when it differs. */
  baselineTitle?: string;
  /** The item now (absent for removed items). */
  item?: ItemResult;
}

/** Every item that changed (not `unchanged`), plus removed items: by kind in CHANGE_ORDER, then run order. */
export function changeEntries(run: RunResult): ChangeEntry[] {
  const entries: ChangeEntry[] = [];
  for (const result of run.results) {
    const institution = result.checklist.institution;
    for (const item of result.items) {
      if (!item.change || item.change === 'unchanged') continue;
      const entry: ChangeEntry = { kind: item.change, institution, no: item.no, category: item.category, title: item.title, status: item.status, item };
      if (item.baselineStatus) entry.before = item.baselineStatus;
      if (item.baselineTitle !== undefined) entry.baselineTitle = item.baselineTitle;
      entries.push(entry);
    }
    for (const removed of result.removed ?? []) entries.push(removedEntry(institution, removed));
  }
  return entries
    .map((entry, index) => ({ entry, index }))
    .sort((a, b) => CHANGE_ORDER.indexOf(a.entry.kind) - CHANGE_ORDER.indexOf(b.entry.kind) || a.index - b.index)
    .map((e) => e.entry);
}

function removedEntry(institution: string, removed: RemovedItem): ChangeEntry {
  return { kind: 'removed', institution, no: removed.no, category: removed.category, title: removed.title, before: removed.status };
}

/** Items that kept their number but changed their title: `基线中的标题：…`, else ''. */
export function baselineTitleNote(item: Pick<ItemResult, 'baselineTitle'>, lang: Lang): string {
  return item.baselineTitle === undefined ? '' : `${CHANGE_TEXT.baselineTitle[lang]}${lang === 'zh' ? '：' : ': '}${item.baselineTitle}`;
}

// ───────────────────────────── reports in pieces ─────────────────────────────

/**
 * Text pieces joined by `separator`, exactly as `[...pieces].join(separator)`, made one after another so that the
 * whole text is never held (a format's `chunks`).
 */
export function* joinPieces(pieces: Iterable<string>, separator: string): Generator<string, void, undefined> {
  let first = true;
  for (const piece of pieces) {
    yield first ? piece : separator + piece;
    first = false;
  }
}

/**
 * Blocks of lines joined into one text, exactly as the concatenation of every block joined by `\n` would be: an
 * empty block adds nothing (not an empty line).
 */
export function* joinLineBlocks(blocks: Iterable<readonly string[]>): Generator<string, void, undefined> {
  yield* joinPieces(nonEmptyBlocks(blocks), '\n');
}

function* nonEmptyBlocks(blocks: Iterable<readonly string[]>): Generator<string, void, undefined> {
  for (const block of blocks) if (block.length > 0) yield block.join('\n');
}
