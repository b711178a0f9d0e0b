// Issue 15, point 1: times in the user's time zone with its offset, one formatting function for every report.
import { describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { addDays, formatTime, isoWithOffset, localDate, offsetAt, resolveTimeZone, spreadsheetTime, zonedInstant } from '../src/time.js';
import { buildRun } from './report/fixtures.js';
import { REPORT_FORMATS } from '../src/report/index.js';
import { renderJson } from '../src/report/json.js';
import { cli } from './helpers/cli.js';

// 00:16:00 in Beijing on 30 November is 16:16 UTC on the 29th.
const LATE = '2026-11-29T16:16:00.408Z';

function lateRun(): ReturnType<typeof buildRun> {
  const run = buildRun();
  run.startedAt = LATE;
  run.finishedAt = '2026-11-29T16:17:05.000Z';
  for (const result of run.results) for (const item of result.items) item.checkedAt = LATE;
  return run;
}

describe('time formatting (src/time.ts)', () => {
  it('shows the time in the zone with its offset, and Beijing’s date after midnight there', () => {
    expect(formatTime(LATE, 'Asia/Shanghai')).toBe('2026-11-30 00:16 (UTC+8)');
    expect(formatTime(LATE, 'UTC')).toBe('2026-11-29 16:16 (UTC)');
    expect(formatTime(LATE, 'Asia/Kolkata')).toBe('2026-11-29 21:46 (UTC+5:30)');
    expect(formatTime(LATE, 'America/New_York')).toBe('2026-11-29 11:16 (UTC-5)');
    expect(formatTime('not a time', 'UTC')).toBe('not a time');
  });

  it('gives spreadsheets a date-time they read, and JSON ISO 8601 with the offset (the same instant)', () => {
    expect(spreadsheetTime(LATE, 'Asia/Shanghai')).toBe('2026-11-30 00:16:00');
    expect(offsetAt(LATE, 'Asia/Shanghai')).toBe('UTC+8');
    const iso = isoWithOffset(LATE, 'Asia/Shanghai');
    expect(iso).toBe('2026-11-30T00:16:00.408+08:00');
    expect(Date.parse(iso)).toBe(Date.parse(LATE));
    expect(isoWithOffset(LATE, 'UTC', { seconds: true })).toBe('2026-11-29T16:16:00+00:00');
  });

  it('gives the calendar day of an instant in a zone, and the instant a zone’s day starts (the history report’s days)', () => {
    expect(localDate(LATE, 'Asia/Shanghai')).toBe('2026-11-30');
    expect(localDate(LATE, 'UTC')).toBe('2026-11-29');
    expect(zonedInstant('2026-11-30', 'Asia/Shanghai')).toBe('2026-11-29T16:00:00.000Z');
    expect(zonedInstant('2026-11-30', 'Asia/Shanghai', '08:30')).toBe('2026-11-30T00:30:00.000Z');
    // Across daylight-saving changes: New York's 8 March 2026 has 23 hours, 1 November 25.
    expect(zonedInstant('2026-03-08', 'America/New_York')).toBe('2026-03-08T05:00:00.000Z');
    expect(zonedInstant('2026-03-09', 'America/New_York')).toBe('2026-03-09T04:00:00.000Z');
    expect(zonedInstant('2026-11-02', 'America/New_York')).toBe('2026-11-02T05:00:00.000Z');
    // 02:30 does not exist on 8 March in New York: moved on by the gap, 03:30 EDT.
    expect(zonedInstant('2026-03-08', 'America/New_York', '02:30')).toBe('2026-03-08T07:30:00.000Z');
    // Santiago skips its midnight on 6 September 2026: that day starts at 01:00 (UTC-3), not on the day before.
    expect(zonedInstant('2026-09-06', 'America/Santiago')).toBe('2026-09-06T04:00:00.000Z');
    expect(localDate(zonedInstant('2026-09-06', 'America/Santiago'), 'America/Santiago')).toBe('2026-09-06');
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
  });

  it('takes --tz, else TZ (an IANA name, with or without a colon), else the system zone', () => {
    expect(resolveTimeZone({ TZ: 'Asia/Shanghai' }, 'Europe/Paris')).toBe('Europe/Paris');
    expect(resolveTimeZone({ TZ: 'Asia/Shanghai' })).toBe('Asia/Shanghai');
    expect(resolveTimeZone({ TZ: ':Asia/Shanghai' })).toBe('Asia/Shanghai');
    expect(resolveTimeZone({ TZ: 'CST-8' })).toBe(new Intl.DateTimeFormat().resolvedOptions().timeZone);
  });
});

describe('every report shows the check time in the chosen zone', () => {
  const options = { lang: 'zh' as const, color: false, columns: 120, timeZone: 'Asia/Shanghai' };

  it.each(['terminal', 'md', 'html'] as const)('%s: 2026-11-30 00:16 (UTC+8)', async (format) => {
    const text = String(REPORT_FORMATS[format].render(lateRun(), options));
    expect(text).toContain('2026-11-30 00:16 (UTC+8)');
    expect(text).not.toContain('UTC</');
    expect(text).not.toMatch(/2026-11-29 16:16/);
  });

  it('csv: the check time is a date-time Excel reads, the offset in the header', async () => {
    const csv = String(await REPORT_FORMATS.csv.render(lateRun(), options));
    const [header, first] = csv.replace(/^\uFEFF/, '').split('\r\n');
    expect(header).toMatch(/检查时间（UTC\+8）$/);
    expect(first).toMatch(/,2026-11-30 00:16:00$/);
  });

  it('json: ISO 8601 with the offset; junit: its timestamp too', async () => {
    const json = JSON.parse(renderJson(lateRun(), options)) as { startedAt: string; results: { items: { checkedAt: string }[] }[] };
    expect(json.startedAt).toBe('2026-11-30T00:16:00.408+08:00');
    expect(json.results[0]!.items[0]!.checkedAt).toBe('2026-11-30T00:16:00.408+08:00');
    const junit = String(REPORT_FORMATS.junit.render(lateRun(), options));
    expect(junit).toContain('timestamp="2026-11-30T00:16:00+08:00"');
  });
});

describe('--tz and TZ on the command line', () => {
  it('merge prints the times in TZ, or in --tz, and refuses a zone that is not one', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'xxgk-tz-'));
    try {
      const file = path.join(dir, 'r.json');
      await writeFile(file, renderJson(lateRun(), { lang: 'en', color: false, columns: 100, timeZone: 'UTC' }));
      const beijing = await cli(['merge', file, '--format', 'md'], { LANG: 'C', TZ: 'Asia/Shanghai' });
      expect(beijing.stdout).toContain('2026-11-30 00:16 (UTC+8)');
      const paris = await cli(['merge', file, '--format', 'md', '--tz', 'Europe/Paris'], { LANG: 'C', TZ: 'Asia/Shanghai' });
      expect(paris.stdout).toContain('2026-11-29 17:16 (UTC+1)');
      const csv = await cli(['merge', file, '-o', path.join(dir, 'r.csv'), '--tz', 'Asia/Shanghai'], { LANG: 'C' });
      expect(csv.code).toBe(1);
      expect(await readFile(path.join(dir, 'r.csv'), 'utf8')).toContain('2026-11-30 00:16:00');
      const bad = await cli(['merge', file, '--tz', 'Mars/Olympus'], { LANG: 'C' });
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain('time zone');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
