// SLOW_RESPONSE: the server took longer than ctx.slowMs to answer (monitors count 15 s as unreachable).
// The time is the fetch's elapsed time less the waits between retries (our backoff and Retry-After pauses are
// not the server's slowness).
import { finding } from '../../findings.js';
import type { PageCheck } from '../types.js';

export const slowResponse: PageCheck = (page, _item, ctx) => {
  const waited = page.fetch.retryWaits.reduce((sum, wait) => sum + wait.ms, 0);
  const serverMs = page.fetch.elapsedMs - waited;
  if (serverMs <= ctx.slowMs) return [];
  return [finding('SLOW_RESPONSE', { seconds: (serverMs / 1000).toFixed(1) })];
};
