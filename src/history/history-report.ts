// The `history` report from the history database: every item's availability over a window, judged by the monitors'
// rule, with a day-by-day count in the report's time zone and totals per category, institution and report.
//
// The page rows are streamed from SQLite in item order: only one item's probes are held at a time, so a history of
// months of `watch` rounds is read in memory that grows with the number of items, not of probes.
import type { HistoryDb } from './db.js';
import type { PageOutcome } from './record.js';
import type { SqlRow, SqlValue } from './sqlite.js';
import { DEFAULT_LOAD_LIMIT_MS, probeFailed, summarizeProbes, type ItemAvailability, type Probe } from './availability.js';
import type { AvailabilityRule, CategoryHistory, HistoryItem, HistoryReport, HistoryTotals, InstitutionHistory } from './report-types.js';
import { addDays, isoWithOffset, localDate, zonedInstant } from '../time.js';
import { TOOL_NAME, TOOL_VERSION } from '../version.js';

/** The monitors' rule (《政府网站与政务新媒体检查指标》): ≥ 5 % of a week's probes, ≥ 20 a day, not open within 15 s. */
export const DEFAULT_AVAILABILITY_RULE: AvailabilityRule = {
  maxFailureRate: 0.05,
  loadLimitMs: DEFAULT_LOAD_LIMIT_MS,
  minProbesPerDay: 20,
  minDays: 7,
};

/** The window when none is given: the last 7 days up to now. */
export const DEFAULT_WINDOW_MS = 7 * 24 * 3600 * 1000;

export interface HistoryReportOptions {
  /** Probes started at or after this instant (ISO); default: `until` − 7 days. */
  since?: string;
  /** … and before this one (ISO); default: now. */
  until?: string;
  /** IANA time zone of the days and the times. */
  timeZone: string;
  rule?: Partial<AvailabilityRule>;
  /** The database as the user named it (for the report). */
  database: string;
  /** The present (tests). */
  now?: Date;
}

/** Whether an item is unreachable by the rule: failures / probes ≥ the rate (never without a probe). */
export function isUnreachable(item: Pick<ItemAvailability, 'probes' | 'failures'>, rule: Pick<AvailabilityRule, 'maxFailureRate'>): boolean {
  return item.probes > 0 && item.failures / item.probes >= rule.maxFailureRate;
}

/** Whether a sample of `probes` over `daysProbed` days is thinner than the rule asks for. */
function thin(probes: number, daysProbed: number, rule: AvailabilityRule): boolean {
  return daysProbed < rule.minDays || probes / Math.max(1, daysProbed) < rule.minProbesPerDay;
}

/** The totals of a group of items. */
export function historyTotals(items: readonly HistoryItem[]): HistoryTotals {
  const totals: HistoryTotals = { items: items.length, probedItems: 0, unreachableItems: 0, probes: 0, failures: 0, availability: 1 };
  for (const item of items) {
    if (item.probes > 0) totals.probedItems += 1;
    if (item.unreachable) totals.unreachableItems += 1;
    totals.probes += item.probes;
    totals.failures += item.failures;
  }
  if (totals.probes > 0) totals.availability = (totals.probes - totals.failures) / totals.probes;
  return totals;
}

function text(value: SqlValue | undefined): string {
  return typeof value === 'string' ? value : value === null || value === undefined ? '' : String(value);
}

function urlsOf(value: SqlValue | undefined): string[] {
  try {
    const parsed: unknown = JSON.parse(text(value));
    return Array.isArray(parsed) ? parsed.filter((u): u is string => typeof u === 'string') : [];
  } catch {
    return [];
  }
}

/** The latest recorded row of an item: what names it (title, category, URLs). */
interface ItemHead {
  institution: string;
  no: number;
  title: string;
  category: string;
  urls: string[];
  /** When that row was recorded (a probe's start, or the item's check time when it has no page). */
  at: string;
}

function headOf(row: SqlRow, at: string): ItemHead {
  return { institution: text(row.institution), no: Number(row.no), title: text(row.title), category: text(row.category), urls: urlsOf(row.urls), at };
}

/** An ISO time of the database as ISO with the report zone's offset. */
function zoned(iso: string | undefined, timeZone: string): string | undefined {
  return iso === undefined ? undefined : isoWithOffset(iso, timeZone);
}

/** Every time of an item's figures in the report's zone. */
function zonedFigures(figures: ItemAvailability, timeZone: string): ItemAvailability {
  const out: ItemAvailability = { ...figures };
  if (figures.firstFailure !== undefined) out.firstFailure = zoned(figures.firstFailure, timeZone)!;
  if (figures.lastFailure !== undefined) out.lastFailure = zoned(figures.lastFailure, timeZone)!;
  if (figures.longestOutage) {
    out.longestOutage = { ...figures.longestOutage, from: zoned(figures.longestOutage.from, timeZone)! };
    if (figures.longestOutage.until !== undefined) out.longestOutage.until = zoned(figures.longestOutage.until, timeZone)!;
  }
  if (figures.lastChange) out.lastChange = { ...figures.lastChange, at: zoned(figures.lastChange.at, timeZone)! };
  return out;
}

function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/**
 * The history report over the window: every item recorded in it (institution + number), with its probes judged by
 * the rule. Probes of items this machine could not verify (`unverified`: it was offline) are left out — they say
 * nothing of the site — and counted in `unverifiedProbes`. A page that answered with a firewall's challenge
 * (BOT_CHALLENGE) opened.
 */
export function historyReport(db: HistoryDb, options: HistoryReportOptions): HistoryReport {
  const now = options.now ?? new Date();
  const rule: AvailabilityRule = { ...DEFAULT_AVAILABILITY_RULE, ...options.rule };
  const { timeZone } = options;
  const until = new Date(options.until ?? now.toISOString()).toISOString();
  const since = new Date(options.since ?? new Date(Date.parse(until) - DEFAULT_WINDOW_MS).toISOString()).toISOString();

  // The calendar days of the window in the zone, and the instant each starts (a probe's day by binary search).
  const days: string[] = [];
  const lastDay = localDate(new Date(Math.max(Date.parse(since), Date.parse(until) - 1)).toISOString(), timeZone);
  for (let day = localDate(since, timeZone); day <= lastDay; day = addDays(day, 1)) days.push(day);
  const dayStarts = days.map((day) => Date.parse(zonedInstant(day, timeZone)));
  const dayIndex = (iso: string): number => {
    const at = Date.parse(iso);
    let low = 0;
    let high = dayStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (dayStarts[middle]! <= at) low = middle;
      else high = middle - 1;
    }
    return low;
  };

  const byInstitution = new Map<string, { firstSeen: number; items: HistoryItem[] }>();
  const daysWithProbes = new Set<number>();
  const perDay: number[] = [];
  let unverifiedProbes = 0;

  const add = (head: ItemHead, probes: readonly Probe[], firstId: number): void => {
    const figures = summarizeProbes({ institution: head.institution, no: head.no, title: head.title, category: head.category }, probes, rule.loadLimitMs, probeFailed);
    const counts = days.map((date) => ({ date, probes: 0, failures: 0 }));
    for (const probe of probes) {
      const index = dayIndex(probe.startedAt);
      const day = counts[index]!;
      day.probes += 1;
      if (probeFailed(probe, rule.loadLimitMs)) day.failures += 1;
      daysWithProbes.add(index);
    }
    const daysProbed = counts.filter((d) => d.probes > 0).length;
    if (probes.length > 0) perDay.push(probes.length / daysProbed);
    const item: HistoryItem = {
      ...zonedFigures(figures, timeZone),
      urls: head.urls,
      unreachable: isUnreachable(figures, rule),
      days: counts,
      thinSample: thin(probes.length, daysProbed, rule),
    };
    const entry = byInstitution.get(head.institution);
    if (entry) {
      entry.items.push(item);
      entry.firstSeen = Math.min(entry.firstSeen, firstId);
    } else byInstitution.set(head.institution, { firstSeen: firstId, items: [item] });
  };

  db.query((sqlite) => {
    // Items recorded in the window without any page (no link to fetch): listed, with no probe. Few, kept by key.
    const unprobed = new Map<string, { head: ItemHead; id: number }>();
    const noPage = sqlite.prepare(
      `SELECT i.id, i.institution, i.no, i.title, i.category, i.urls, i.checked_at FROM items i
       WHERE i.checked_at >= ? AND i.checked_at < ? AND NOT EXISTS (SELECT 1 FROM pages p WHERE p.item_id = i.id)
       ORDER BY i.checked_at, i.id`,
    );
    for (const row of noPage.iterate(since, until)) {
      const key = `${text(row.institution)}\u0000${text(row.no)}`;
      const earlier = unprobed.get(key);
      unprobed.set(key, { head: headOf(row, text(row.checked_at)), id: Math.min(earlier?.id ?? Infinity, Number(row.id)) });
    }

    // Every probe of the window, item by item, oldest first.
    const pages = sqlite.prepare(
      `SELECT i.id AS item_id, i.institution, i.no, i.title, i.category, i.urls, i.status,
              p.started_at, p.load_ms, p.outcome, p.http_status,
              EXISTS (SELECT 1 FROM findings f WHERE f.item_id = i.id AND f.code = 'BOT_CHALLENGE' AND (f.url IS NULL OR f.url = p.url)) AS challenged
       FROM pages p JOIN items i ON i.id = p.item_id
       WHERE p.started_at >= ? AND p.started_at < ?
       ORDER BY i.institution, i.no, p.started_at, p.id`,
    );
    let key: string | undefined;
    let head: ItemHead | undefined;
    let probes: Probe[] = [];
    let firstId = Infinity;
    const flush = (): void => {
      if (!head || key === undefined) return;
      const other = unprobed.get(key);
      if (other) {
        // The item also has page-less rows (its link was removed, or added): the latest row names it.
        if (other.head.at > head.at) head = { ...other.head };
        firstId = Math.min(firstId, other.id);
        unprobed.delete(key);
      }
      add(head, probes, firstId);
    };
    for (const row of pages.iterate(since, until)) {
      const rowKey = `${text(row.institution)}\u0000${text(row.no)}`;
      if (rowKey !== key) {
        flush();
        key = rowKey;
        head = undefined;
        probes = [];
        firstId = Infinity;
      }
      const startedAt = text(row.started_at);
      head = headOf(row, startedAt);
      firstId = Math.min(firstId, Number(row.item_id));
      // An item this machine could not verify (it was offline) failed on our side, not the site's.
      if (text(row.status) === 'unverified') {
        unverifiedProbes += 1;
        continue;
      }
      // A firewall's challenge (BOT_CHALLENGE: 瑞数 412, 加速乐 521…) is the site answering, in a way a browser gets
      // through: the page opened, as the monitors' browsers see it (in time or not).
      const outcome = text(row.outcome) as PageOutcome;
      const probe: Probe = { startedAt, loadMs: Number(row.load_ms), outcome: outcome === 'http' && Number(row.challenged) === 1 ? 'ok' : outcome };
      if (row.http_status !== null && row.http_status !== undefined) probe.httpStatus = Number(row.http_status);
      probes.push(probe);
    }
    flush();
    for (const { head: only, id } of unprobed.values()) add(only, [], id);
  });

  const runs = db.query((sqlite) => Number(sqlite.prepare('SELECT count(*) AS n FROM runs WHERE started_at >= ? AND started_at < ?').get(since, until)?.n ?? 0));

  const institutions: InstitutionHistory[] = [...byInstitution.entries()]
    .sort((a, b) => a[1].firstSeen - b[1].firstSeen)
    .map(([institution, { items }]) => {
      items.sort((a, b) => a.no - b.no);
      const categories: CategoryHistory[] = [];
      const seen = new Map<string, HistoryItem[]>();
      for (const item of items) {
        const group = seen.get(item.category);
        if (group) group.push(item);
        else seen.set(item.category, [item]);
      }
      for (const [category, group] of seen) categories.push({ category, ...historyTotals(group) });
      return { institution, totals: historyTotals(items), categories, items };
    });

  const sampleDays = daysWithProbes.size;
  const probesPerDay = median(perDay);
  const report: HistoryReport = {
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    generatedAt: isoWithOffset(now.toISOString(), timeZone),
    database: options.database,
    window: { since: isoWithOffset(since, timeZone), until: isoWithOffset(until, timeZone) },
    days,
    timeZone,
    rule,
    sample: { days: sampleDays, probesPerDay, thin: perDay.length > 0 && (sampleDays < rule.minDays || probesPerDay < rule.minProbesPerDay) },
    runs,
    totals: historyTotals(institutions.flatMap((i) => i.items)),
    institutions,
  };
  if (unverifiedProbes > 0) report.unverifiedProbes = unverifiedProbes;
  return report;
}
