// STALE: an annual item whose page shows no date inside the reporting period (or later).
import { finding } from '../../findings.js';
import type { FindingParams } from '../../types.js';
import type { PageCheck } from '../types.js';
import { extractDates, latestDate, latestPlausible } from '../dates.js';

export const stale: PageCheck = (page, item, ctx) => {
  if (item.freshness !== 'annual') return [];
  const dates = extractDates(`${page.title} ${page.mainText}`);
  const latest = latestDate(dates, latestPlausible(ctx.now));
  if (latest !== undefined && latest.iso >= ctx.period.from) return [];
  const params: FindingParams<'STALE'> = { from: ctx.period.from };
  if (latest !== undefined) params.latest = latest.monthOnly ? latest.iso.slice(0, 7) : latest.iso;
  return [finding('STALE', params)];
};
