// The reporting period (统计时间) and the report's date, read from the report's text, and the deadline rule.
// Dates are written 2024年11月20日, 2024 年 11 月 20 日 (spaced by the typesetting) or 二〇二四年十一月二十日.
import type { Period } from '../types.js';
import { compactText, type TextLine } from './text.js';

const DIGIT: Record<string, number> = { 〇: 0, 零: 0, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** 二〇二四 → 2024; 十一 → 11; 二十 → 20; 三十一 → 31. */
function chineseNumber(text: string): number | undefined {
  if (/^\d+$/.test(text)) return Number(text);
  if ([...text].every((c) => c in DIGIT) && text.length === 4) return Number([...text].map((c) => DIGIT[c]).join(''));
  const match = /^([一二三])?(十)?([一二三四五六七八九])?$/.exec(text);
  if (!match || text === '') return undefined;
  const tens = match[2] ? (match[1] ? DIGIT[match[1]]! : 1) : 0;
  if (!match[2] && match[1]) return DIGIT[match[1]]!;
  return tens * 10 + (match[3] ? DIGIT[match[3]]! : 0);
}

/** An ISO date from year, month and day, or undefined when there is no such day. */
export function isoDate(year: number, month: number, day: number): string | undefined {
  const iso = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  const date = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(iso) ? iso : undefined;
}

const YEAR = '(\\d{4}|[〇零一二三四五六七八九]{4})';
const MONTH_DAY = '(\\d{1,2}|[一二三]?十?[一二三四五六七八九]?)';
const DATE = new RegExp(`${YEAR}年${MONTH_DAY}月${MONTH_DAY}日`, 'g');

interface DateMatch {
  iso: string;
  index: number;
  length: number;
}

/** Every valid date in a compacted line, in order. */
function datesIn(compact: string): DateMatch[] {
  const found: DateMatch[] = [];
  for (const match of compact.matchAll(DATE)) {
    const [year, month, day] = [match[1]!, match[2]!, match[3]!].map(chineseNumber);
    if (year === undefined || month === undefined || day === undefined) continue;
    const iso = isoDate(year, month, day);
    if (iso) found.push({ iso, index: match.index, length: match[0].length });
  }
  return found;
}

export interface StatedPeriod {
  period: Period;
  /** `stated`: a from–to range in the text; `school-year`: inferred from 2023-2024学年 (1 September – 31 August). */
  source: 'stated' | 'school-year';
  /** The words it was read from. */
  text: string;
  line: number;
}

/** The reporting period: the first “date 至 date” range of the body, else the first school year (2023-2024学年). */
export function findPeriod(body: readonly TextLine[]): StatedPeriod | undefined {
  for (const { line, text } of body) {
    const compact = compactText(text);
    const dates = datesIn(compact);
    for (let i = 0; i + 1 < dates.length; i++) {
      const a = dates[i]!;
      const b = dates[i + 1]!;
      const between = compact.slice(a.index + a.length, b.index);
      if (/^(至|到|—|-|－|~|～)$/.test(between)) {
        return { period: { from: a.iso, to: b.iso }, source: 'stated', text: compact.slice(a.index, b.index + b.length), line };
      }
    }
  }
  for (const { line, text } of body) {
    const match = /(\d{4})\s*[-—–－至~～]\s*(\d{4})\s*学年/.exec(text);
    if (match && Number(match[2]) === Number(match[1]) + 1) {
      return { period: { from: `${match[1]}-09-01`, to: `${match[2]}-08-31` }, source: 'school-year', text: match[0].replace(/\s+/g, ''), line };
    }
  }
  return undefined;
}

export interface ReportDate {
  iso: string;
  text: string;
  line: number;
}

/**
 * The date the report is signed with: the last short line (at most 30 characters without spaces) that ends with a
 * date — “2024 年 11 月 20 日” alone, or “武汉科技大学　2024年11月20日” — in the closing lines, else in the body.
 */
export function findReportDate(body: readonly TextLine[], closing: readonly TextLine[]): ReportDate | undefined {
  const signed = (lines: readonly TextLine[]): ReportDate | undefined => {
    for (let i = lines.length - 1; i >= 0; i--) {
      const { line, text } = lines[i]!;
      const compact = compactText(text);
      if (compact.length > 30) continue;
      const dates = datesIn(compact);
      const last = dates.at(-1);
      if (last && last.index + last.length === compact.length && dates.length === 1) {
        return { iso: last.iso, text: compact.slice(last.index), line };
      }
    }
    return undefined;
  };
  return signed(closing) ?? signed(body);
}

/** Days from one ISO date to another. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** The Ministry's deadline: 31 October (`--due` for a province's date). */
export const DEFAULT_DUE = '10-31';

/** Parses `--due MM-DD`; undefined when it is not a day of the year. */
export function parseDue(value: string): string | undefined {
  const match = /^(\d{1,2})-(\d{1,2})$/.exec(value.trim());
  if (!match) return undefined;
  const month = Number(match[1]);
  const day = Number(match[2]);
  // 2024 is a leap year: 02-29 is accepted (and means 28 February in other years: see deadlineFor).
  return isoDate(2024, month, day) ? `${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}` : undefined;
}

/** The first `due` (MM-DD) after the period ends: 31 October of the year a school-year period ends. */
export function deadlineFor(period: Period, due: string): string {
  const year = Number(period.to.slice(0, 4));
  for (const y of [year, year + 1]) {
    const [month, day] = due.split('-').map(Number) as [number, number];
    const iso = isoDate(y, month, day) ?? isoDate(y, month, day - 1)!;
    if (iso > period.to) return iso;
  }
  return `${year + 1}-${due}`;
}
