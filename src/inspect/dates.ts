// Dates as Chinese disclosure pages write them: 2024-03-05, 2024/3/5, 2024.03.05, 2024年3月5日 and 2024年3月.
import type { Period } from '../types.js';

/** A date read from a page: ISO `YYYY-MM-DD`; for a month-only date (2024年3月) the month's last day. */
export interface PageDate {
  iso: string;
  /** The text as written on the page. */
  text: string;
  monthOnly: boolean;
}

/** Text scanned for dates at most (characters). */
const MAX_DATE_SCAN = 200_000;
/** Dates found per page at most; enough to know the latest one on any list page. */
const MAX_DATES = 2_000;

// Bounded quantifiers only, no nested repetition: linear on any input.
const DATE_PATTERN = /(?<!\d)((?:19|20)\d{2})(?:([-/.])(\d{1,2})\2(\d{1,2})(?!\d)|\s{0,2}年\s{0,2}(\d{1,2})\s{0,2}月(?:\s{0,2}(\d{1,2})\s{0,2}[日号])?)/g;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** Every real date written in `text` (impossible dates such as 2024-02-30 or 2024-13-01 are ignored). */
export function extractDates(text: string): PageDate[] {
  const found: PageDate[] = [];
  const scanned = text.length > MAX_DATE_SCAN ? text.slice(0, MAX_DATE_SCAN) : text;
  DATE_PATTERN.lastIndex = 0;
  let match: RegExpExecArray | null;
  while ((match = DATE_PATTERN.exec(scanned)) !== null && found.length < MAX_DATES) {
    const year = Number(match[1]);
    const monthText = match[3] ?? match[5];
    const dayText = match[4] ?? match[6];
    const month = Number(monthText);
    if (month < 1 || month > 12) continue;
    const monthOnly = dayText === undefined;
    const day = monthOnly ? daysInMonth(year, month) : Number(dayText);
    if (day < 1 || day > daysInMonth(year, month)) continue;
    found.push({ iso: `${year}-${pad(month)}-${pad(day)}`, text: match[0], monthOnly });
  }
  return found;
}

/** The latest of the dates that are not after `notAfter` (ISO), or undefined. Dates far in the future are typos. */
export function latestDate(dates: PageDate[], notAfter: string): PageDate | undefined {
  let latest: PageDate | undefined;
  for (const date of dates) {
    if (date.iso > notAfter) continue;
    if (latest === undefined || date.iso > latest.iso) latest = date;
  }
  return latest;
}

function isoDay(date: Date): string {
  return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
}

/** The reporting period used when the checklist gives none: the 12 months before `now` (both ends inclusive). */
export function defaultPeriod(now: Date): Period {
  const from = new Date(Date.UTC(now.getUTCFullYear() - 1, now.getUTCMonth(), now.getUTCDate()));
  // 29 February has no twin a year before: Date.UTC rolls it to 1 March, which is what we want.
  from.setUTCDate(from.getUTCDate() + 1);
  return { from: isoDay(from), to: isoDay(now) };
}

/** The calendar day of `now` in China (UTC+8, no daylight saving), as ISO: the day the pages' dates speak of. */
export function chinaDay(now: Date): string {
  return isoDay(new Date(now.getTime() + 8 * 3_600_000));
}

function parseIso(iso: string): Date {
  return new Date(Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))));
}

/** ISO day `count` days, weeks, months or years after `iso` (31 March + 1 month = 30 April). */
export function addInterval(iso: string, count: number, unit: 'd' | 'w' | 'm' | 'y'): string {
  const date = parseIso(iso);
  if (unit === 'd' || unit === 'w') {
    date.setUTCDate(date.getUTCDate() + count * (unit === 'w' ? 7 : 1));
    return isoDay(date);
  }
  const months = unit === 'y' ? count * 12 : count;
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth() + months;
  const target = new Date(Date.UTC(year, month, 1));
  const day = Math.min(date.getUTCDate(), daysInMonth(target.getUTCFullYear(), target.getUTCMonth() + 1));
  return isoDay(new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth(), day)));
}

/** Days from ISO day `from` to ISO day `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((parseIso(to).getTime() - parseIso(from).getTime()) / 86_400_000);
}

// Dates split over several elements of a list entry, as VSB and WebPlus list templates write them: a day block
// beside a year-month block (`09 2024-05`, `2024-05 09`), or a month-day block beside the year (`05-09 2024`).
const DAY_THEN_YEAR_MONTH = /(?<![\d\-/.])(\d{1,2})\s+((?:19|20)\d{2})[-/.](\d{1,2})(?![\d\-/.])/;
const YEAR_MONTH_THEN_DAY = /(?<![\d\-/.])((?:19|20)\d{2})[-/.](\d{1,2})\s+(\d{1,2})(?![\d\-/.])/;
const MONTH_DAY_THEN_YEAR = /(?<![\d\-/.])(\d{1,2})[-/.](\d{1,2})\s+((?:19|20)\d{2})(?![\d\-/.])/;
/** A month and day without a year (`05-09`, `[05/09]`): a date, but one that cannot be placed in time. */
const MONTH_DAY = /(?<![\d\-/.:])(0?[1-9]|1[0-2])[-/.](0?[1-9]|[12]\d|3[01])(?![\d\-/.:])/;

function dateOf(year: number, month: number, day: number, text: string): PageDate | undefined {
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return { iso: `${year}-${pad(month)}-${pad(day)}`, text, monthOnly: false };
}

/** A date written in pieces in the text of one list entry (see above), or undefined. */
export function splitDate(text: string): PageDate | undefined {
  let match = DAY_THEN_YEAR_MONTH.exec(text);
  if (match) return dateOf(Number(match[2]), Number(match[3]), Number(match[1]), match[0]);
  match = YEAR_MONTH_THEN_DAY.exec(text);
  if (match) return dateOf(Number(match[1]), Number(match[2]), Number(match[3]), match[0]);
  match = MONTH_DAY_THEN_YEAR.exec(text);
  if (match) return dateOf(Number(match[3]), Number(match[1]), Number(match[2]), match[0]);
  return undefined;
}

/** Whether the text holds a month and day without a year. */
export function hasYearlessDate(text: string): boolean {
  return MONTH_DAY.test(text);
}
