// The lines of `watch` a person reads (src/run/watch.ts): durations, the round line within 80 columns for a
// checklist of 51 items over a week of rounds, the summary.
import { describe, expect, it } from 'vitest';
import { durationParser, formatDuration, headerLines, roundLine, summaryLines, type RoundOutcome } from '../../src/run/watch.js';
import { displayWidth } from '../../src/text-width.js';

const ROUND: RoundOutcome = {
  round: 336,
  startedAt: '2026-11-30T01:30:00Z',
  durationMs: 59_400,
  lateMs: 0,
  items: 51,
  itemsPlanned: 51,
  notOpened: 12,
  offline: false,
  interrupted: false,
};

describe('watch lines', () => {
  it('reads durations with a unit, and refuses the rest', () => {
    const every = durationParser('--every', 1000, 'en');
    expect(every('30m')).toBe(1_800_000);
    expect(every('1.5h')).toBe(5_400_000);
    expect(every('7d')).toBe(604_800_000);
    expect(every('1w')).toBe(604_800_000);
    expect(every('2s')).toBe(2000);
    expect(() => every('30')).toThrow('--every must be a number with a unit');
    expect(() => every('-1m')).toThrow('--every must be a number with a unit');
    expect(() => every('900ms')).toThrow('--every must be at least 1 s');
  });

  it('says a duration in its two largest units', () => {
    expect(formatDuration(12_400, 'zh')).toBe('12.4 秒');
    expect(formatDuration(2000, 'en')).toBe('2 s');
    expect(formatDuration(30 * 60_000, 'zh')).toBe('30 分钟');
    expect(formatDuration(125_000, 'zh')).toBe('2 分 5 秒');
    expect(formatDuration(7_500_000, 'en')).toBe('2 h 5 min');
    expect(formatDuration(7 * 86_400_000, 'zh')).toBe('7 天');
    expect(formatDuration(93_600_000, 'en')).toBe('1 d 2 h');
  });

  it('fits a round line in 80 columns: 51 items, round 336, double-digit counts', () => {
    for (const lang of ['zh', 'en'] as const) {
      for (const round of [ROUND, { ...ROUND, offline: true }, { ...ROUND, interrupted: true, items: 20 }]) {
        const line = roundLine(round, 13, lang, 'Asia/Shanghai');
        expect(displayWidth(line), line).toBeLessThanOrEqual(80);
      }
    }
    expect(roundLine({ ...ROUND, round: 3, notOpened: 1, durationMs: 12_400 }, 0, 'zh', 'Asia/Shanghai')).toBe(
      '11-30 09:30 (UTC+8) 第 3 轮 51 项，1 项未打开，12.4 秒 │ 至今不可访问 0 项',
    );
    expect(roundLine({ ...ROUND, lateMs: 125_000 }, 0, 'en', 'UTC')).toContain('late 2 min 5 s │');
  });

  it('fits the header in 80 columns, and names the end, the database and the reports', () => {
    for (const lang of ['zh', 'en'] as const) {
      const lines = headerLines(
        { checklists: 1, items: 51, everyMs: 1_800_000, forMs: 7 * 86_400_000, startedAt: '2026-11-30T01:30:00Z', database: '.xxgk-check/history.sqlite', outputs: ['监测.html', '监测.xlsx'], loadLimitMs: 15_000 },
        lang,
        'Asia/Shanghai',
      );
      for (const line of lines) expect(displayWidth(line), line).toBeLessThanOrEqual(80);
      expect(lines.join('\n')).toContain('2026-12-07 09:30 (UTC+8)');
      expect(lines.join('\n')).toContain('监测.html');
    }
  });

  it('sums up: rounds, span, offline rounds, the unreachable items', () => {
    const lines = summaryLines(
      { rounds: 336, offlineRounds: 1, startedAt: '2026-11-30T01:30:00Z', endedAt: '2026-12-07T01:30:00Z', interrupted: false },
      [{ institution: '武汉科技大学', no: 12, title: '学校章程', category: '基本信息', probes: 336, failures: 20, availability: 316 / 336, medianMs: 0, p95Ms: 0 }],
      'zh',
      'Asia/Shanghai',
    );
    expect(lines).toEqual([
      '监测结束：共 336 轮，历时 7 天，自 2026-11-30 09:30 (UTC+8) 起',
      '1 轮本机无法访问网络，不计入；至今不可访问 1 项：',
      '  武汉科技大学 第 12 项 学校章程：336 次访问中 20 次未打开（可用率 94.0%）',
    ]);
  });

  it('cuts a long title, never the figures, to the terminal width', () => {
    const title = '自然灾害等突发事件的应急处理预案、预警信息和处置情况，涉及学校的重大事件的调查和处理情况';
    const item = { institution: '示例理工大学', no: 50, title, category: '其他', probes: 3, failures: 3, availability: 0, medianMs: 0, p95Ms: 0 };
    const watch = { rounds: 3, offlineRounds: 0, startedAt: '2026-11-30T01:30:00Z', endedAt: '2026-11-30T01:31:00Z', interrupted: false };
    for (const lang of ['zh', 'en'] as const) {
      const [, , line] = summaryLines(watch, [item], lang, 'Asia/Shanghai', 10, 80);
      expect(displayWidth(line!)).toBeLessThanOrEqual(80);
      expect(line).toContain('...');
      expect(line).toMatch(lang === 'zh' ? /3 次访问中 3 次未打开（可用率 0\.0%）$/ : /not opened in 3 of 3 probes \(0\.0% available\)$/);
    }
    // Without a width (a file, a pipe without COLUMNS) the title is whole.
    expect(summaryLines(watch, [item], 'zh', 'Asia/Shanghai')[2]).toContain(title);
  });
});
