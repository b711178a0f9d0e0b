// The verdict stage: from an item's findings to its status, and from item results to summaries.
import type {
  Category,
  CategorySummary,
  Checklist,
  ChecklistResult,
  Finding,
  ItemResult,
  ItemStatus,
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
  const counts: StatusCounts = { pass: 0, warn: 0, fail: 0, missing: 0, unverified: 0, total: 0, complianceRate: 0 };
  for (const item of items) {
    counts[item.status] += 1;
    counts.total += 1;
  }
  counts.complianceRate = rate(counts);
  return counts;
}

/** Sum several counts into one, recomputing the rate. */
export function addCounts(parts: readonly StatusCounts[]): StatusCounts {
  const sum: StatusCounts = { pass: 0, warn: 0, fail: 0, missing: 0, unverified: 0, total: 0, complianceRate: 0 };
  for (const part of parts) {
    sum.pass += part.pass;
    sum.warn += part.warn;
    sum.fail += part.fail;
    sum.missing += part.missing;
    // A count read back from a report written before `unverified` existed has none.
    sum.unverified += part.unverified ?? 0;
    sum.total += part.total;
  }
  sum.complianceRate = rate(sum);
  return sum;
}

/** The compliance rate over the verified items: unverified items (this machine was offline) are counted apart. */
function rate(c: StatusCounts): number {
  const verified = c.total - c.unverified;
  return verified <= 0 ? 0 : (c.pass + c.warn) / verified;
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

/** The result of one checklist from its item results. */
export function checklistResult(checklist: Checklist, items: ItemResult[]): ChecklistResult {
  const meta: ChecklistResult['checklist'] = { institution: checklist.institution };
  if (checklist.file !== undefined) meta.file = checklist.file;
  if (checklist.title !== undefined) meta.title = checklist.title;
  if (checklist.period !== undefined) meta.period = checklist.period;
  if (checklist.site !== undefined) meta.site = checklist.site;
  return { checklist: meta, items, summary: summarize(checklist.categories, items) };
}

/** Does the run have a gap at the given `--fail-on` level? */
export function hasGaps(counts: StatusCounts, failOn: 'fail' | 'warn' | 'never'): boolean {
  if (failOn === 'never') return false;
  if (counts.fail > 0 || counts.missing > 0) return true;
  return failOn === 'warn' && counts.warn > 0;
}
