// The verdict stage: from an item's findings to its status, and from item results to summaries.
import { withItems } from '../run/store.js';
import type {
  Category,
  Item,
  CategorySummary,
  Checklist,
  ChecklistResult,
  Finding,
  ItemResult,
  ItemStatus,
  RunResult,
  StatusCounts,
  Summary,
} from '../types.js';

/** `missing` if the item has no link; `fail` if any fail-severity finding; `warn` if any warning; else `pass`. */
export function itemStatus(hasLink: boolean, findings: readonly Finding[]): ItemStatus {
  if (!hasLink) return 'missing';
  if (findings.some((f) => f.severity === 'fail')) return 'fail';
  if (findings.some((f) => f.severity === 'warn')) return 'warn';
  return 'pass';
}

export function countStatuses(items: readonly Pick<ItemResult, 'status'>[]): StatusCounts {
  const counts: StatusCounts = { pass: 0, warn: 0, fail: 0, missing: 0, unverified: 0, unchecked: 0, total: 0, complianceRate: 0 };
  for (const item of items) {
    counts[item.status] += 1;
    counts.total += 1;
  }
  counts.complianceRate = rate(counts);
  return counts;
}

/** Sum several counts into one, recomputing the rate. */
export function addCounts(parts: readonly StatusCounts[]): StatusCounts {
  const sum: StatusCounts = { pass: 0, warn: 0, fail: 0, missing: 0, unverified: 0, unchecked: 0, total: 0, complianceRate: 0 };
  for (const part of parts) {
    sum.pass += part.pass;
    sum.warn += part.warn;
    sum.fail += part.fail;
    sum.missing += part.missing;
    // A count read back from a report written before `unverified` existed has none.
    sum.unverified += part.unverified ?? 0;
    // Nor unchecked ones (before `unchecked` existed, the items an interrupted run did not reach were left out).
    sum.unchecked += part.unchecked ?? 0;
    sum.total += part.total;
  }
  sum.complianceRate = rate(sum);
  return sum;
}

/** Items judged: neither unverified (this machine was offline) nor unchecked (the run was interrupted first). */
export function judgedCount(c: Pick<StatusCounts, 'total' | 'unverified' | 'unchecked'>): number {
  return c.total - (c.unverified ?? 0) - (c.unchecked ?? 0);
}

/** The compliance rate over the judged items: unverified and unchecked items are counted apart. */
function rate(c: StatusCounts): number {
  const judged = judgedCount(c);
  return judged <= 0 ? 0 : (c.pass + c.warn) / judged;
}

/** An item an interrupted run did not reach: `unchecked`, no page, no finding; `stoppedAt` is when the run stopped. */
export function uncheckedItem(item: Pick<Item, 'no' | 'category' | 'title' | 'urls' | 'weight'>, stoppedAt: string): ItemResult {
  return {
    no: item.no,
    category: item.category,
    title: item.title,
    urls: item.urls,
    ...(item.weight !== undefined ? { weight: item.weight } : {}),
    status: 'unchecked',
    pages: [],
    findings: [],
    checkedAt: stoppedAt,
  };
}

/**
 * Every item of `checklist` in checklist order: its result when it was checked, else an `unchecked` item (the run was
 * interrupted before it). Items are matched by number (unique within a checklist).
 */
export function withUncheckedItems(
  categories: readonly { items: readonly Pick<Item, 'no' | 'category' | 'title' | 'urls' | 'weight'>[] }[],
  checked: readonly ItemResult[],
  stoppedAt: string,
): ItemResult[] {
  const byNo = new Map(checked.map((item) => [item.no, item]));
  const listed = new Set<number>();
  const items: ItemResult[] = [];
  for (const category of categories) {
    for (const item of category.items) {
      listed.add(item.no);
      items.push(byNo.get(item.no) ?? uncheckedItem(item, stoppedAt));
    }
  }
  // A result whose item the checklist does not list (it cannot happen for a run's own checklists) is kept.
  for (const item of checked) if (!listed.has(item.no)) items.push(item);
  return items;
}

/** Per-category and overall counts, categories in checklist order (a category with no checked item still shows). */
export function summarize(categories: readonly Pick<Category, 'name' | 'declared'>[], items: readonly Pick<ItemResult, 'category' | 'status'>[]): Summary {
  const byCategory: CategorySummary[] = categories.map((category) => {
    const counts = countStatuses(items.filter((item) => item.category === category.name));
    const summary: CategorySummary = { name: category.name, ...counts };
    if (category.declared !== undefined) summary.declared = category.declared;
    return summary;
  });
  return { ...countStatuses(items), categories: byCategory };
}

/** Does the run have a gap at the given `--fail-on` level? */
export function hasGaps(counts: StatusCounts, failOn: 'fail' | 'warn' | 'never'): boolean {
  if (failOn === 'never') return false;
  if (counts.fail > 0 || counts.missing > 0) return true;
  return failOn === 'warn' && counts.warn > 0;
}

/**
 * An interrupted run with every item its checklists list: those no part of it reached become `unchecked`, summaries
 * recounted. `checklists` are the run's, in the order of its results (a resumed run read back from the history holds
 * only the items recorded). A complete run is returned as it is.
 */
export function withUncheckedRun(run: RunResult, checklists: readonly Pick<Checklist, 'categories'>[]): RunResult {
  if (run.complete) return run;
  const results = run.results.map((result, index): ChecklistResult => {
    const checklist = checklists[index];
    if (!checklist) return result;
    // A result whose items are in the run's store stays there (src/run/store.ts): the unchecked items are added as
    // they are read.
    const listed = withItems(result, (items) => withUncheckedItems(checklist.categories, items, run.finishedAt));
    return withItems(listed, undefined, { summary: summarize(checklist.categories, listed.items) });
  });
  return { ...run, results, summary: addCounts(results.map((r) => r.summary)) };
}
