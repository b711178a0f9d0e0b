// STALE and STALE_SOON: an item with an update deadline (`update:` in the checklist) whose page was not updated
// within it, or soon will not be. How the page's last update is read: ../published.ts.
//
// - `<n>d|w|m|y`: the newest publication date plus the interval is the deadline.
// - `annual`: a date inside the reporting period (the checklist's `period`, else the 12 months before the run).
// - `annual` with `due: MM-DD`: from that day on, the page must show the report of the academic year that has just
//   ended (on 2026-11-29 with due 10-31: the 2025-2026学年 report, or a 2025年度 one).
// - no date at all: STALE ("未注明信息发布时间的视为不更新"), unless the list's dates merely lack their year.
// - `none` or no `update`: never stale.
import { finding } from '../../findings.js';
import type { Finding, PageCheck, ParsedPage } from '../types.js';
import { addInterval, chinaDay, daysBetween } from '../dates.js';
import { publicationEvidence } from '../published.js';
import { parseInterval } from '../../checklist/update.js';

/** STALE_SOON never warns earlier than this share of the interval before the deadline (a 2w column: 3 days). */
const SOON_SHARE = 0.25;

const monthDay = (iso: string): string => (iso.length === 10 ? iso : iso.slice(0, 7));

/** Whether the page names the report of the academic year `from`-`to` (or of the calendar year `from`). */
export function showsReportYear(text: string, from: number): boolean {
  const to = from + 1;
  const academic = new RegExp(`(?<!\\d)${from}\\s*(?:学年)?\\s*[-－—–~～至到/]\\s*(?:${to}|${String(to).slice(2)})(?!\\d)`);
  const calendar = new RegExp(`(?<![-－—–~～至到/]\\s*)(?<!\\d)${from}\\s*年度`);
  return academic.test(text) || calendar.test(text);
}

function annualReport(page: ParsedPage, due: string, today: string, soonDays: number): Finding[] {
  const year = Number(today.slice(0, 4));
  const dueYear = `${year}-${due}` <= today ? year : year - 1;
  const text = `${page.title} ${page.mainText}`;
  if (!showsReportYear(text, dueYear - 1)) {
    return [finding('STALE', { reason: 'annual-report', year: `${dueYear - 1}-${dueYear}`, due: `${dueYear}-${due}` })];
  }
  const nextDue = `${dueYear + 1}-${due}`;
  const left = daysBetween(today, nextDue);
  if (soonDays > 0 && left <= soonDays && !showsReportYear(text, dueYear)) {
    return [finding('STALE_SOON', { reason: 'annual-report', year: `${dueYear}-${dueYear + 1}`, due: nextDue })];
  }
  return [];
}

export const stale: PageCheck = (page, item, ctx) => {
  const update = item.update;
  if (update === undefined || update === 'none') return [];
  const today = chinaDay(ctx.now);
  if (update === 'annual' && item.due !== undefined) return annualReport(page, item.due, today, Math.min(ctx.staleSoonDays, 91));
  const evidence = publicationEvidence(page, ctx.now);
  const latest = evidence.latest;
  if (latest === undefined) return evidence.yearless ? [] : [finding('STALE', { reason: 'no-date' })];
  const shown = monthDay(latest.monthOnly ? latest.iso.slice(0, 7) : latest.iso);
  if (update === 'annual') {
    if (latest.iso < ctx.period.from) return [finding('STALE', { reason: 'period', from: ctx.period.from, latest: shown })];
    // A fixed reporting period does not move: nothing comes due. The rolling one is a one-year deadline.
    if (ctx.checklist.period !== undefined) return [];
  }
  const interval = update === 'annual' ? { count: 1, unit: 'y' as const } : parseInterval(update);
  if (interval === undefined) return [];
  const deadline = addInterval(latest.iso, interval.count, interval.unit);
  const left = daysBetween(today, deadline);
  if (left < 0) return [finding('STALE', { reason: 'overdue', update, latest: shown, deadline })];
  const window = Math.min(ctx.staleSoonDays, Math.floor(daysBetween(latest.iso, deadline) * SOON_SHARE));
  if (window > 0 && left <= window) return [finding('STALE_SOON', { update, latest: shown, deadline })];
  return [];
};
