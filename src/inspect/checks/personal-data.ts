// PERSONAL_DATA / PERSONAL_DATA_PHONE on the page itself: resident ID numbers, or a list of mobile numbers, in its
// main text (navigation, header and footer set aside: an office phone in the footer is no list). Attachments are
// read by src/inspect/documents/scanner.ts.
import type { PageCheck } from '../types.js';
import { NumberCollector } from '../personal-data/exposure.js';
import { personalDataFindings } from '../personal-data/findings.js';

export const personalData: PageCheck = (page, _item, ctx) => {
  if (ctx.personalData === undefined || page.mainText === '') return [];
  const collector = new NumberCollector(ctx.now);
  collector.add(page.mainText);
  return personalDataFindings(collector.summary(), ctx.personalData.mobileThreshold);
};
