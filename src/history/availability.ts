// Availability of each item over a window of time, computed from the `pages` rows (one per page fetch): the
// figures the `history` report needs. Which probe counts as a failure is a parameter; the default is the monitors'
// "did not open within the load limit".
import type { HistoryDb } from './db.js';
import type { PageOutcome } from './record.js';
import type { SqlRow } from './sqlite.js';

/** One page fetch, as availability sees it. */
export interface Probe {
  startedAt: string;
  loadMs: number;
  outcome: PageOutcome;
  httpStatus?: number;
}

/** A stretch of consecutive failed probes. */
export interface Outage {
  /** Number of failed probes in a row. */
  probes: number;
  /** Start of the first failed probe. */
  from: string;
  /** Start of the first probe that succeeded again; absent while the outage lasts (it is still failing). */
  until?: string;
  /** `until − from` in ms; absent while the outage lasts. */
  ms?: number;
}

export interface ItemAvailability {
  institution: string;
  no: number;
  title: string;
  category: string;
  probes: number;
  failures: number;
  /** (probes − failures) / probes, 0..1; 1 when there is no probe. */
  availability: number;
  /** Median and 95th percentile (nearest rank) of the load time of every probe, in ms. */
  medianMs: number;
  p95Ms: number;
  /** The longest outage (most failed probes in a row; the earliest of equals). */
  longestOutage?: Outage;
  firstFailure?: string;
  lastFailure?: string;
  /** The last time the item went from up to down or back, and how long it had been in the state it left. */
  lastChange?: { at: string; failing: boolean; afterMs: number };
}

export interface AvailabilityOptions {
  /** Window: probes started at or after `since` and before `until` (ISO times). */
  since?: string | undefined;
  until?: string | undefined;
  /** A probe that took longer than this did not open (default 15,000 ms, the monitors' limit). */
  loadLimitMs?: number;
  /** Whether a probe failed (default: it did not load, or loaded later than the limit). */
  isFailure?: (probe: Probe, loadLimitMs: number) => boolean;
}

export const DEFAULT_LOAD_LIMIT_MS = 15_000;

/**
 * The default rule: a probe fails when no page came back in time (no answer, or an answer at or after the limit:
 * the monitors count "超过（含）15秒网站仍打不开", 15 s included).
 */
export function probeFailed(probe: Probe, loadLimitMs: number): boolean {
  return probe.outcome !== 'ok' || probe.loadMs >= loadLimitMs;
}

/** The q-quantile of sorted values by nearest rank (0 for none). */
function nearestRank(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length))) - 1]!;
}

/** The availability figures of one item from its probes, oldest first. */
export function summarizeProbes(
  item: Pick<ItemAvailability, 'institution' | 'no' | 'title' | 'category'>,
  probes: readonly Probe[],
  loadLimitMs = DEFAULT_LOAD_LIMIT_MS,
  isFailure: (probe: Probe, loadLimitMs: number) => boolean = probeFailed,
): ItemAvailability {
  const result: ItemAvailability = { ...item, probes: probes.length, failures: 0, availability: 1, medianMs: 0, p95Ms: 0 };
  let current: Outage | undefined;
  let previousFailed: boolean | undefined;
  let stateSince: string | undefined;
  for (const probe of probes) {
    const failed = isFailure(probe, loadLimitMs);
    if (failed) {
      result.failures += 1;
      result.firstFailure ??= probe.startedAt;
      result.lastFailure = probe.startedAt;
      if (current) current.probes += 1;
      else current = { probes: 1, from: probe.startedAt };
    } else if (current) {
      current.until = probe.startedAt;
      current.ms = Date.parse(probe.startedAt) - Date.parse(current.from);
      if (!result.longestOutage || current.probes > result.longestOutage.probes) result.longestOutage = current;
      current = undefined;
    }
    if (previousFailed !== undefined && failed !== previousFailed) {
      result.lastChange = { at: probe.startedAt, failing: failed, afterMs: Date.parse(probe.startedAt) - Date.parse(stateSince!) };
    }
    if (failed !== previousFailed) stateSince = probe.startedAt;
    previousFailed = failed;
  }
  if (current && (!result.longestOutage || current.probes > result.longestOutage.probes)) result.longestOutage = current;
  if (probes.length > 0) {
    result.availability = (probes.length - result.failures) / probes.length;
    const times = probes.map((p) => p.loadMs).sort((a, b) => a - b);
    result.medianMs = nearestRank(times, 0.5);
    result.p95Ms = nearestRank(times, 0.95);
  }
  return result;
}

/**
 * Per item (institution + item number) over the window, from every recorded page fetch: probes, failures,
 * availability, median and 95th-percentile load time, longest outage, first and last failure, last change.
 * Items come in institution, then number order. An item with several pages has one probe per page fetch. Pages of
 * `unverified` items (the checking machine was offline) are not probes.
 */
export function itemAvailability(db: HistoryDb, options: AvailabilityOptions = {}): ItemAvailability[] {
  const loadLimitMs = options.loadLimitMs ?? DEFAULT_LOAD_LIMIT_MS;
  const isFailure = options.isFailure ?? probeFailed;
  // A page of an `unverified` item failed because this machine could not reach the network (src/run/control.ts):
  // not the site's failure, and not a probe of the site at all.
  const conditions: string[] = ["i.status <> 'unverified'"];
  const params: string[] = [];
  if (options.since !== undefined) {
    conditions.push('p.started_at >= ?');
    params.push(new Date(options.since).toISOString());
  }
  if (options.until !== undefined) {
    conditions.push('p.started_at < ?');
    params.push(new Date(options.until).toISOString());
  }
  const sql = `SELECT i.institution, i.no, i.title, i.category, p.started_at, p.load_ms, p.outcome, p.http_status
               FROM pages p JOIN items i ON i.id = p.item_id
               WHERE ${conditions.join(' AND ')}
               ORDER BY i.institution, i.no, p.started_at, p.id`;
  return db.query((sqlite) => {
    const items: ItemAvailability[] = [];
    let key: string | undefined;
    let head: SqlRow | undefined;
    let probes: Probe[] = [];
    const flush = (): void => {
      if (!head) return;
      // The latest title and category of the item name it.
      items.push(summarizeProbes({ institution: String(head.institution), no: Number(head.no), title: String(head.title), category: String(head.category) }, probes, loadLimitMs, isFailure));
    };
    for (const row of sqlite.prepare(sql).iterate(...params)) {
      const rowKey = `${String(row.institution)}\u0000${String(row.no)}`;
      if (rowKey !== key) {
        flush();
        key = rowKey;
        probes = [];
      }
      head = row;
      const probe: Probe = { startedAt: String(row.started_at), loadMs: Number(row.load_ms), outcome: String(row.outcome) as PageOutcome };
      if (row.http_status !== null && row.http_status !== undefined) probe.httpStatus = Number(row.http_status);
      probes.push(probe);
    }
    flush();
    return items;
  });
}
