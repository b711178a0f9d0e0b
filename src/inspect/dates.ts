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

/** `now` plus one year, as ISO: dates later than this on a page are typos, not evidence of freshness. */
export function latestPlausible(now: Date): string {
  return isoDay(new Date(Date.UTC(now.getUTCFullYear() + 1, now.getUTCMonth(), now.getUTCDate())));
}
