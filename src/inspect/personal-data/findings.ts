// From the masked summary of a page or document to PERSONAL_DATA and PERSONAL_DATA_PHONE findings.
import { finding } from '../../findings.js';
import type { Finding, FindingParams } from '../../types.js';
import type { Exposure, PersonalDataSummary } from './exposure.js';
import { maskNumber } from './numbers.js';


/**
 * A text with every run of 11 or more digits masked: file names and link texts are shown in reports, and a file
 * named after a person might carry a number.
 */
export function maskDigitRuns(text: string): string {
  return text.replace(/\d{11,}[\dXx]?/g, (run) => maskNumber(run));
}

function params(exposure: Exposure, file: string | undefined): FindingParams {
  const p: FindingParams = { count: exposure.count, samples: exposure.samples.join(', ') };
  if (file !== undefined) p.file = maskDigitRuns(file);
  if (exposure.pages !== undefined) p.pages = exposure.pages;
  if (exposure.cells !== undefined) p.cells = maskDigitRuns(exposure.cells);
  if (exposure.lines !== undefined) p.lines = exposure.lines;
  return p;
}

/**
 * PERSONAL_DATA when the page or file shows any resident ID number; PERSONAL_DATA_PHONE when it lists at least
 * `mobileThreshold` distinct mobile numbers. `file` names an attachment; `url` is the attachment's address.
 */
export function personalDataFindings(summary: PersonalDataSummary, mobileThreshold: number, file?: string, url?: string): Finding[] {
  const findings: Finding[] = [];
  if (summary.ids.count > 0) findings.push(finding('PERSONAL_DATA', params(summary.ids, file), url));
  if (summary.mobiles.count >= Math.max(1, mobileThreshold)) findings.push(finding('PERSONAL_DATA_PHONE', params(summary.mobiles, file), url));
  return findings;
}
