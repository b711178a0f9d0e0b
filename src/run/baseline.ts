// Baselines: compare a run with an earlier JSON report of the same checklists and say, per item, what changed.
//
// Items are matched by institution (checklist.institution, exactly) + item number (序号). A matched item whose title
// differs is still the same item (checklists get reworded far more often than renumbered): its old title is kept in
// `baselineTitle` so reports can show it. Statuses compare by level: pass (2) > warn (1) > fail = missing (0).
import type {
  BaselineInfo,
  ChangeCounts,
  ChecklistResult,
  ItemChange,
  ItemResult,
  ItemStatus,
  Lang,
  RemovedItem,
  RunResult,
} from '../types.js';
import { readJsonReport } from '../report/read.js';
import { withItems } from './store.js';

/** Where `--save-baseline` writes when it is given no file; pass the same path to `--baseline` next time. */
export const DEFAULT_BASELINE_PATH = '.xxgk-check/baseline.json';

/** A baseline: the earlier run, and the file name as the user gave it (for messages and reports). */
export interface Baseline {
  file: string;
  run: RunResult;
}

/** Read a baseline file (an xxgk-check JSON report). Rejects with a one-line JsonReportError naming the file. */
export async function readBaseline(path: string, lang: Lang = 'en', shownAs = path): Promise<Baseline> {
  return { file: shownAs, run: await readJsonReport(path, lang, shownAs) };
}

// An unverified or unchecked item is unknown: it never counts as fixed, regressed or improved (changeOf).
const LEVEL: Record<ItemStatus, number> = { pass: 2, warn: 1, fail: 0, missing: 0, unverified: -1, unchecked: -1 };

/**
 * The change from `before` (undefined: not in the baseline) to `now`. An item this run did not reach (`unchecked`)
 * is `unchanged`: never a regression. An item the baseline run did not reach is compared as one it lacked (`new`),
 * as before interrupted runs listed such items.
 */
export function changeOf(now: ItemStatus, before: ItemStatus | undefined): ItemChange {
  if (now === 'unchecked') return before === undefined ? 'new' : 'unchanged';
  if (before === undefined || before === 'unchecked') return 'new';
  if (now === 'unverified' || before === 'unverified') return 'unchanged';
  const from = LEVEL[before];
  const to = LEVEL[now];
  if (to === from) return 'unchanged';
  if (to < from) return 'regressed';
  return from === 0 ? 'fixed' : 'improved';
}

function emptyCounts(): ChangeCounts {
  return { new: 0, fixed: 0, regressed: 0, improved: 0, unchanged: 0, removed: 0 };
}

/** Changes counted over checklist results that were compared. */
export function countChanges(results: readonly ChecklistResult[]): ChangeCounts {
  const counts = emptyCounts();
  for (const result of results) {
    for (const item of result.items) if (item.change) counts[item.change] += 1;
    counts.removed += result.removed?.length ?? 0;
  }
  return counts;
}

/**
 * The run with every item's `change` (and `baselineStatus`, `baselineTitle`), each checklist's `removed` items and
 * the run's `baseline` summary. Items removed are listed only when this run is complete: an interrupted run lacks
 * items that are still in the checklist. The input is not modified.
 */
export function compareWithBaseline(run: RunResult, baseline: Baseline): RunResult {
  // Baseline results by institution; a name listed twice is matched in order.
  const pool = new Map<string, ChecklistResult[]>();
  for (const result of baseline.run.results) {
    const key = result.checklist.institution.trim();
    pool.set(key, [...(pool.get(key) ?? []), result]);
  }
  const results = run.results.map((result): ChecklistResult => {
    const before = pool.get(result.checklist.institution.trim())?.shift();
    const beforeItems = new Map<number, ItemResult>();
    for (const item of before?.items ?? []) if (!beforeItems.has(item.no)) beforeItems.set(item.no, item);
    const compare = (items: ItemResult[]): ItemResult[] => items.map((item): ItemResult => {
      const old = beforeItems.get(item.no);
      const compared: ItemResult = { ...item, change: changeOf(item.status, old?.status) };
      delete compared.baselineStatus;
      delete compared.baselineTitle;
      if (old) {
        compared.baselineStatus = old.status;
        if (old.title.trim() !== item.title.trim()) compared.baselineTitle = old.title;
      }
      return compared;
    });
    // A result whose items are in the run's store stays there: the comparison is made each time they are read.
    const compared = withItems(result, compare);
    delete compared.removed;
    if (run.complete) {
      const present = new Set(result.items.map((i) => i.no));
      const removed: RemovedItem[] = (before?.items ?? [])
        .filter((i) => !present.has(i.no))
        .map((i) => ({ no: i.no, category: i.category, title: i.title, status: i.status }));
      if (removed.length > 0) compared.removed = removed;
    }
    return compared;
  });
  const institutionsNotChecked = [...pool.values()].flat().map((r) => r.checklist.institution);
  const info: BaselineInfo = {
    file: baseline.file,
    startedAt: baseline.run.startedAt,
    finishedAt: baseline.run.finishedAt,
    complete: baseline.run.complete,
    changes: countChanges(results),
    institutionsNotChecked,
  };
  return { ...run, results, baseline: info };
}

/** Did any item get worse than in the baseline (`--fail-on regression`)? */
export function hasRegression(run: RunResult): boolean {
  return run.results.some((r) => r.items.some((i) => i.change === 'regressed'));
}
