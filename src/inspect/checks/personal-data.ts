// PERSONAL_DATA / PERSONAL_DATA_PHONE on the page itself: resident ID numbers, or a list of mobile numbers, in its
// visible text. Attachments are read by src/inspect/documents/scanner.ts.
import type { PageCheck } from '../types.js';
import { NumberCollector } from '../personal-data/exposure.js';
import { personalDataFindings } from '../personal-data/findings.js';

export const personalData: PageCheck = (page, _item, ctx) => {
  if (ctx.personalData === undefined || page.fullText === '') return [];
  const collector = new NumberCollector(ctx.now);
  collector.add(page.fullText);
  return personalDataFindings(collector.summary(), ctx.personalData.mobileThreshold);
};
