// The `history` report: availability of every item over a window of time, judged by the monitors' rule
// (《政府网站与政务新媒体检查指标》: unreachable when ≥ 5 % of the probes did not load within 15 s over a week of at
// least 20 probes a day). Built from the history database by `historyReport` (src/history/history-report.ts) and
// rendered by the HISTORY_FORMATS of src/report/history/ — the same data for every format.
import type { ItemAvailability } from './availability.js';

/** The monitors' rule, as applied by this report (`--max-failure-rate`, `--load-limit`). */
export interface AvailabilityRule {
  /** An item is unreachable when failures / probes ≥ this (0..1; default 0.05). */
  maxFailureRate: number;
  /** A probe that has not loaded within this many ms did not open (default 15,000). */
  loadLimitMs: number;
  /** The sample the rule is meant for: at least this many probes a day (20) … */
  minProbesPerDay: number;
  /** … over at least this many days (7). */
  minDays: number;
}

/** One calendar day (in the report's time zone) of one item: the cell of the day-by-day strip. */
export interface HistoryDay {
  /** `YYYY-MM-DD` in the report's time zone. */
  date: string;
  probes: number;
  failures: number;
}

/** One item over the window. */
export interface HistoryItem extends ItemAvailability {
  /** The item's URL(s) as last recorded. */
  urls: string[];
  /** Judged by the rule: failures / probes ≥ maxFailureRate (false when there is no probe). */
  unreachable: boolean;
  /** One entry per day of the window (HistoryReport.days), in order; days without a probe have probes 0. */
  days: HistoryDay[];
  /** Fewer probes a day (on average over the days probed) or fewer days than the rule asks for. */
  thinSample: boolean;
}

/** Totals of a group of items: an institution, a category, or the whole report. */
export interface HistoryTotals {
  items: number;
  /** Items with at least one probe in the window. */
  probedItems: number;
  unreachableItems: number;
  probes: number;
  failures: number;
  /** (probes − failures) / probes over the group; 1 when there is no probe. */
  availability: number;
}

export interface CategoryHistory extends HistoryTotals {
  category: string;
}

export interface InstitutionHistory {
  institution: string;
  totals: HistoryTotals;
  /** In the order of the items' numbers (the checklist's order). */
  categories: CategoryHistory[];
  /** In item-number order. */
  items: HistoryItem[];
}

export interface HistoryReport {
  tool: { name: string; version: string };
  /** When the report was made (ISO-8601 with offset). */
  generatedAt: string;
  /** The database read (as given on the command line). */
  database: string;
  /** The window: probes started at or after `since` and before `until` (ISO-8601 with offset). */
  window: { since: string; until: string };
  /** Every calendar day of the window in the report's time zone, `YYYY-MM-DD`, oldest first. */
  days: string[];
  /** IANA time zone the days and every time shown are in. */
  timeZone: string;
  rule: AvailabilityRule;
  /** The sample actually gathered: distinct days with a probe, and probes per item per day (median over items). */
  sample: { days: number; probesPerDay: number; thin: boolean };
  /** Runs recorded in the window (complete or not). */
  runs: number;
  /**
   * Probes left out: they were made while this machine could not reach the network (items recorded `unverified`),
   * so they say nothing of the sites. Absent when none.
   */
  unverifiedProbes?: number;
  totals: HistoryTotals;
  institutions: InstitutionHistory[];
}
