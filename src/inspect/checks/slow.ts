// SLOW_RESPONSE: the page took longer than ctx.slowMs (monitors count 15 s as unreachable).
import { finding } from '../../findings.js';
import type { PageCheck } from '../types.js';

export const slowResponse: PageCheck = (page, _item, ctx) => {
  if (page.fetch.elapsedMs <= ctx.slowMs) return [];
  return [finding('SLOW_RESPONSE', { seconds: (page.fetch.elapsedMs / 1000).toFixed(1) })];
};
