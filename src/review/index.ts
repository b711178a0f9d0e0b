// The report review's public face.
export { reviewReport } from './review.js';
export { DEFAULT_DUE, parseDue } from './dates.js';
import type { RequirementCode, RunResult } from '../types.js';

/** Every requirement code, in the order a review lists them (docs/review.md has one row for each). */
export const REQUIREMENT_CODES: readonly RequirementCode[] = [
  'PART_PRESENT',
  'TABLE_READ',
  'ITEM_COVERED',
  'ITEM_EXTRA',
  'ITEM_LINKED',
  'CATEGORY_COUNT',
  'PERIOD_STATED',
  'REPORT_DATED',
  'REPORT_ON_TIME',
  'LINK_SITE',
  'LINK_PAGE',
];

/** Whether the reviews of a run have a gap at the `--fail-on` level (fail lines; with `warn`, warn lines too). */
export function reviewHasGaps(run: RunResult, failOn: 'fail' | 'warn' | 'never' | 'regression'): boolean {
  if (failOn === 'never' || failOn === 'regression') return false;
  return run.results.some((r) => r.review && (r.review.summary.fail > 0 || (failOn === 'warn' && r.review.summary.warn > 0)));
}
