// Times as people read them: in the user's time zone, with its offset. Every report formats its times here
// (terminal, Markdown, HTML, CSV, XLSX, JUnit, and the JSON report's ISO-8601 with offset), so one check shows one
// time everywhere, and a check at 00:16 Beijing time carries Beijing's date.
//
// The time zone is an IANA name (`Asia/Shanghai`): `--tz`, else the TZ environment variable, else the system's.

import { InvalidArgumentError } from 'commander';
import type { Lang } from './types.js';

/** The parser of `--tz`: an IANA time zone name, else commander's InvalidArgumentError (exit 2) in `lang`. */
export function timeZoneParser(lang: Lang): (value: string) => string {
  return (value: string) => {
    if (!isTimeZone(value)) {
      throw new InvalidArgumentError(
        lang === 'zh' ? '不是时区名（应为 Asia/Shanghai、UTC 这样的 IANA 名称）。' : 'not a time zone (an IANA name such as Asia/Shanghai or UTC).',
      );
    }
    return canonicalZone(value);
  };
}

/** The time zone Node would use with no TZ: the system's (UTC when it cannot tell). */
function systemTimeZone(): string {
  return new Intl.DateTimeFormat('en-US').resolvedOptions().timeZone ?? 'UTC';
}

/** Whether `name` is a time zone Intl knows (an IANA name such as `Asia/Shanghai`, or `UTC`). */
export function isTimeZone(name: string): boolean {
  if (name.trim() === '') return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/**
 * The time zone of the reports: `explicit` (`--tz`, already checked with `isTimeZone`), else TZ when it names a
 * zone (`Asia/Shanghai`, `:Asia/Shanghai`; a POSIX rule such as `CST-8` is not one), else the system's.
 */
export function resolveTimeZone(env: NodeJS.ProcessEnv, explicit?: string): string {
  if (explicit) return canonicalZone(explicit);
  const fromEnv = (env.TZ ?? '').replace(/^:/, '');
  if (fromEnv && isTimeZone(fromEnv)) return canonicalZone(fromEnv);
  return systemTimeZone();
}

function canonicalZone(name: string): string {
  return new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone ?? name;
}

/** The wall-clock fields of `date` in `timeZone`, and the zone's offset from UTC then, in minutes. */
interface WallTime {
  year: string;
  month: string;
  day: string;
  hour: string;
  minute: string;
  second: string;
  millisecond: string;
  offsetMinutes: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function wallTime(date: Date, timeZone: string): WallTime {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  const parts: Record<string, string> = {};
  for (const part of formatter.formatToParts(date)) parts[part.type] = part.value;
  const year = (parts.year ?? '').padStart(4, '0');
  const fields = {
    year,
    month: parts.month ?? '01',
    day: parts.day ?? '01',
    hour: parts.hour ?? '00',
    minute: parts.minute ?? '00',
    second: parts.second ?? '00',
  };
  const asUtc = Date.UTC(Number(fields.year), Number(fields.month) - 1, Number(fields.day), Number(fields.hour), Number(fields.minute), Number(fields.second));
  const wholeSeconds = Math.floor(date.getTime() / 1000) * 1000;
  const offsetMinutes = Math.round((asUtc - wholeSeconds) / 60000);
  const millisecond = String(((date.getTime() % 1000) + 1000) % 1000).padStart(3, '0');
  return { ...fields, millisecond, offsetMinutes };
}

/** `UTC+8`, `UTC-3:30`, `UTC` (offset 0). */
export function offsetLabel(offsetMinutes: number): string {
  if (offsetMinutes === 0) return 'UTC';
  const sign = offsetMinutes > 0 ? '+' : '-';
  const abs = Math.abs(offsetMinutes);
  const minutes = abs % 60;
  return `UTC${sign}${Math.floor(abs / 60)}${minutes ? `:${String(minutes).padStart(2, '0')}` : ''}`;
}

/** `+08:00`, `-03:30`, `+00:00`: the offset as ISO 8601 writes it. */
function isoOffset(offsetMinutes: number): string {
  const sign = offsetMinutes >= 0 ? '+' : '-';
  const abs = Math.abs(offsetMinutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

function parse(iso: string): Date | undefined {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/**
 * An ISO instant as the Date a spreadsheet writer (exceljs) stores so that Excel shows the wall-clock time of
 * `timeZone`: Excel dates have no zone and exceljs writes a Date's UTC fields, so the instant is moved by the zone's
 * offset. Undefined for a text that is not a time.
 */
export function excelDate(iso: string, timeZone: string): Date | undefined {
  const date = parse(iso);
  if (!date) return undefined;
  return new Date(date.getTime() + wallTime(date, timeZone).offsetMinutes * 60_000);
}

/** The zone's offset at the time `iso` (for a column header: `检查时间（UTC+8）`). */
export function offsetAt(iso: string, timeZone: string): string {
  const date = parse(iso) ?? new Date(0);
  return offsetLabel(wallTime(date, timeZone).offsetMinutes);
}

/**
 * A time for people: `2026-11-30 00:16 (UTC+8)`, in `timeZone`. Every report that shows a time to a person uses
 * this. A text that is not a time is returned as it is.
 */
export function formatTime(iso: string, timeZone: string): string {
  const date = parse(iso);
  if (!date) return iso;
  const w = wallTime(date, timeZone);
  return `${w.year}-${w.month}-${w.day} ${w.hour}:${w.minute} (${offsetLabel(w.offsetMinutes)})`;
}

/**
 * A time for a spreadsheet cell: `2026-11-30 00:16:00`, the wall time in `timeZone` (say the offset in the column
 * header, `offsetAt`). Excel and WPS read this form as a date and time.
 */
export function spreadsheetTime(iso: string, timeZone: string): string {
  const date = parse(iso);
  if (!date) return iso;
  const w = wallTime(date, timeZone);
  return `${w.year}-${w.month}-${w.day} ${w.hour}:${w.minute}:${w.second}`;
}

/**
 * A time for machines (JSON, JUnit): ISO 8601 with the offset of `timeZone`, `2026-11-30T00:16:00.408+08:00`
 * (`seconds: true` drops the milliseconds). `Date.parse` reads it back to the same instant.
 */
export function isoWithOffset(iso: string, timeZone: string, options: { seconds?: boolean } = {}): string {
  const date = parse(iso);
  if (!date) return iso;
  const w = wallTime(date, timeZone);
  const fraction = options.seconds ? '' : `.${w.millisecond}`;
  return `${w.year}-${w.month}-${w.day}T${w.hour}:${w.minute}:${w.second}${fraction}${isoOffset(w.offsetMinutes)}`;
}

/** The calendar date of the instant `iso` in `timeZone`: `2026-03-02`. A text that is not a time is returned as it is. */
export function localDate(iso: string, timeZone: string): string {
  const date = parse(iso);
  if (!date) return iso;
  const w = wallTime(date, timeZone);
  return `${w.year}-${w.month}-${w.day}`;
}

/**
 * The instant (ISO, UTC) when the clocks of `timeZone` show the wall time `date` (`YYYY-MM-DD`) and `time`
 * (`HH:MM[:SS]`, default midnight). A wall time skipped by a daylight-saving change is moved on by the gap (02:30 in a
 * 02:00→03:00 gap is 03:30), so a day whose midnight is skipped starts when its clocks start.
 */
export function zonedInstant(date: string, timeZone: string, time = '00:00:00'): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const [hour = 0, minute = 0, second = 0] = time.split(':').map(Number);
  const asUtc = Date.UTC(year, month - 1, day, hour, minute, second);
  // The zone's offset at a guess, then at the corrected guess (twice settles it across a change of offset).
  const guess = asUtc - wallTime(new Date(asUtc), timeZone).offsetMinutes * 60_000;
  const settled = asUtc - wallTime(new Date(guess), timeZone).offsetMinutes * 60_000;
  const shown = wallTime(new Date(settled), timeZone);
  const exact = Date.UTC(Number(shown.year), Number(shown.month) - 1, Number(shown.day), Number(shown.hour), Number(shown.minute), Number(shown.second)) === asUtc;
  // A wall time in a gap has no instant: the later guess is past the gap (a midnight skipped is the day's 01:00).
  return new Date(exact ? settled : Math.max(guess, settled)).toISOString();
}

/** The calendar date `days` after `date` (`YYYY-MM-DD`; negative goes back). */
export function addDays(date: string, days: number): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}
