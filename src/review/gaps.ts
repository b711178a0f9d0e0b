// Whether a run's reviews have a gap: read by every run's exit code (src/run/deliver.ts), so this module loads
// nothing of the review itself (the public-suffix list under src/review/links.ts is large).
import type { RunResult } from '../types.js';

/** Whether the reviews of a run have a gap at the `--fail-on` level (fail lines; with `warn`, warn lines too). */
export function reviewHasGaps(run: RunResult, failOn: 'fail' | 'warn' | 'never' | 'regression'): boolean {
  if (failOn === 'never' || failOn === 'regression') return false;
  return run.results.some((r) => r.review && (r.review.summary.fail > 0 || (failOn === 'warn' && r.review.summary.warn > 0)));
}
