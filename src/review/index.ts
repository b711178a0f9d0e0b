// The report review's public face. The `review` command loads review.js itself when it runs (it brings the
// public-suffix list); parseDue and DEFAULT_DUE are in dates.js, the exit code's reviewHasGaps in gaps.js.
export { reviewReport } from './review.js';
import type { RequirementCode } from '../types.js';

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
