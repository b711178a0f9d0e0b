// The history report from a database written through the real RunRecorder: the monitors' rule at its edges, day
// buckets in the report's time zone, the thin-sample flag, totals, and what names an item.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import path from 'node:path';
import { openHistory, type HistoryDb } from '../../src/history/index.js';
import { historyReport } from '../../src/history/history-report.js';
import type { Checklist } from '../../src/types.js';
import { HAS_SQLITE, tempDir } from './helpers.js';
import { recordRound, syntheticChecklist, type ProbeKind } from './rounds.js';

const HOUR = 3_600_000;
/** 2026-03-02 00:00 in Beijing (UTC+8). */
const MONDAY = Date.parse('2026-03-01T16:00:00Z');
const iso = (ms: number): string => new Date(ms).toISOString();

describe.runIf(HAS_SQLITE)('historyReport', () => {
  let dir: string;
  let cleanup: () => void;
  let db: HistoryDb;
  beforeEach(async () => {
    ({ dir, cleanup } = tempDir());
    db = await openHistory(path.join(dir, 'h.sqlite'));
  });
  afterEach(() => {
    db.close();
    cleanup();
  });

  /** `n` rounds an hour apart from `from`, item `no` going as `kind(round, no)`. */
  function rounds(checklists: Checklist[], n: number, kind: (round: number, no: number, index: number) => ProbeKind, from = MONDAY, every = HOUR): void {
    for (let r = 0; r < n; r++) recordRound(db, checklists, iso(from + r * every), (index, no) => kind(r, no, index));
  }

  const window = { since: iso(MONDAY), until: iso(MONDAY + 7 * 24 * HOUR), timeZone: 'Asia/Shanghai', database: 'h.sqlite' };

  it('judges by the rule: 1 failure in 20 probes (5 %) is unreachable, 1 in 21 is not', () => {
    const checklist = syntheticChecklist('示例大学', 2);
    // Item 1: 20 probes, the last one timed out. Item 2: 21 probes, one DNS failure.
    rounds([checklist], 21, (r, no) => (no === 1 ? (r === 20 ? 'none' : r === 19 ? 'timeout' : 'ok') : r === 0 ? 'dns' : 'ok'));
    const report = historyReport(db, window);
    const [one, two] = report.institutions[0]!.items;
    expect(one).toMatchObject({ no: 1, probes: 20, failures: 1, availability: 0.95, unreachable: true });
    expect(two).toMatchObject({ no: 2, probes: 21, failures: 1, unreachable: false });
    expect(report.totals).toMatchObject({ items: 2, probedItems: 2, unreachableItems: 1, probes: 41, failures: 2 });
    // The rate is a parameter: at 10 %, neither is.
    const lenient = historyReport(db, { ...window, rule: { maxFailureRate: 0.1 } });
    expect(lenient.totals.unreachableItems).toBe(0);
  });

  it('counts a page that loaded after the load limit as a failure, and the limit is a parameter', () => {
    const checklist = syntheticChecklist('示例大学', 1);
    rounds([checklist], 10, (r) => (r === 4 ? 'slow' : 'ok'));
    expect(historyReport(db, window).institutions[0]!.items[0]).toMatchObject({ probes: 10, failures: 1, unreachable: true });
    expect(historyReport(db, { ...window, rule: { loadLimitMs: 20_000 } }).institutions[0]!.items[0]).toMatchObject({ failures: 0, unreachable: false });
  });

  it('counts a firewall challenge (BOT_CHALLENGE, 瑞数 412) as the page opening, and an HTTP 500 as not', () => {
    const checklist = syntheticChecklist('示例大学', 2);
    rounds([checklist], 10, (r, no) => (r < 3 ? (no === 1 ? 'challenge' : 'http') : 'ok'));
    const [challenged, broken] = historyReport(db, window).institutions[0]!.items;
    expect(challenged).toMatchObject({ probes: 10, failures: 0, unreachable: false });
    expect(broken).toMatchObject({ probes: 10, failures: 3, unreachable: true });
  });

  it('puts each probe in its day in the report time zone, across midnight', () => {
    const checklist = syntheticChecklist('示例大学', 1);
    // 15:30Z and 16:30Z on 2026-03-02: 23:30 on the 2nd and 00:30 on the 3rd in Beijing, the same day in UTC.
    recordRound(db, [checklist], '2026-03-02T15:30:00.000Z', () => 'timeout');
    recordRound(db, [checklist], '2026-03-02T16:30:00.000Z', () => 'ok');
    const beijing = historyReport(db, { ...window, since: '2026-03-01T16:00:00.000Z', until: '2026-03-03T16:00:00.000Z' });
    expect(beijing.days).toEqual(['2026-03-02', '2026-03-03']);
    expect(beijing.institutions[0]!.items[0]!.days).toEqual([
      { date: '2026-03-02', probes: 1, failures: 1 },
      { date: '2026-03-03', probes: 1, failures: 0 },
    ]);
    expect(beijing.window).toEqual({ since: '2026-03-02T00:00:00.000+08:00', until: '2026-03-04T00:00:00.000+08:00' });
    expect(beijing.institutions[0]!.items[0]!.firstFailure).toBe('2026-03-02T23:30:00.000+08:00');
    const utc = historyReport(db, { ...window, timeZone: 'UTC', since: '2026-03-02T00:00:00.000Z', until: '2026-03-03T00:00:00.000Z' });
    expect(utc.days).toEqual(['2026-03-02']);
    expect(utc.institutions[0]!.items[0]!.days).toEqual([{ date: '2026-03-02', probes: 2, failures: 1 }]);
  });

  it('keeps probes outside the window out', () => {
    const checklist = syntheticChecklist('示例大学', 1);
    recordRound(db, [checklist], iso(MONDAY - 1), () => 'timeout');
    recordRound(db, [checklist], iso(MONDAY), () => 'ok');
    recordRound(db, [checklist], iso(MONDAY + 7 * 24 * HOUR), () => 'timeout');
    const report = historyReport(db, window);
    expect(report.institutions[0]!.items[0]).toMatchObject({ probes: 1, failures: 0 });
    expect(report.runs).toBe(1);
  });

  it('flags a sample thinner than the rule: under 20 probes a day, or under 7 days', () => {
    const checklist = syntheticChecklist('示例大学', 2);
    // 7 days × 20 probes for item 1; item 2 is probed 19 times a day.
    rounds([checklist], 7 * 20, (r, no) => (no === 2 && r % 20 === 0 ? 'none' : 'ok'), MONDAY, (24 * HOUR) / 20);
    const week = historyReport(db, window);
    const [full, sparse] = week.institutions[0]!.items;
    expect(full).toMatchObject({ probes: 140, thinSample: false });
    expect(sparse).toMatchObject({ probes: 133, thinSample: true });
    expect(week.sample).toEqual({ days: 7, probesPerDay: 19.5, thin: true });
    // Six days of the same: thin for every item.
    const six = historyReport(db, { ...window, until: iso(MONDAY + 6 * 24 * HOUR) });
    expect(six.sample).toMatchObject({ days: 6, thin: true });
    expect(six.institutions[0]!.items.every((item) => item.thinSample)).toBe(true);
  });

  it('totals per category, institution and report; institutions in the order first recorded; items by number', () => {
    const school = syntheticChecklist('示例理工大学', 6, 'http://a.example.edu.cn', ['基本信息', '招生考试信息']);
    const college = syntheticChecklist('示例师范学院', 2, 'http://b.example.edu.cn', ['基本信息']);
    rounds([school, college], 20, (r, no, index) => (index === 0 && no === 5 && r < 2 ? 'http' : 'ok'));
    const report = historyReport(db, window);
    expect(report.institutions.map((i) => i.institution)).toEqual(['示例理工大学', '示例师范学院']);
    const [a, b] = report.institutions;
    expect(a!.items.map((i) => i.no)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(a!.categories).toEqual([
      { category: '基本信息', items: 3, probedItems: 3, unreachableItems: 0, probes: 60, failures: 0, availability: 1 },
      { category: '招生考试信息', items: 3, probedItems: 3, unreachableItems: 1, probes: 60, failures: 2, availability: 58 / 60 },
    ]);
    expect(a!.totals).toMatchObject({ items: 6, unreachableItems: 1, probes: 120, failures: 2 });
    expect(b!.totals).toMatchObject({ items: 2, unreachableItems: 0, probes: 40, failures: 0, availability: 1 });
    expect(report.totals).toMatchObject({ items: 8, probedItems: 8, unreachableItems: 1, probes: 160, failures: 2 });
    expect(report.runs).toBe(20);
  });

  it('names an item by its latest row and leaves out the probes of a round this machine could not verify', () => {
    const before = syntheticChecklist('示例大学', 3);
    const after = syntheticChecklist('示例大学', 3);
    after.categories[0]!.items[0]!.title = '学校章程（修订）';
    after.categories[0]!.items[0]!.urls = ['http://xxgk.example.edu.cn/new/1.htm'];
    rounds([before], 2, () => 'ok');
    // Round 3: this machine was offline (every item unverified); round 4 with the edited checklist.
    recordRound(db, [before], iso(MONDAY + 2 * HOUR), () => 'unverified');
    recordRound(db, [after], iso(MONDAY + 3 * HOUR), () => 'ok');
    const report = historyReport(db, window);
    expect(report.institutions[0]!.items[0]).toMatchObject({ title: '学校章程（修订）', urls: ['http://xxgk.example.edu.cn/new/1.htm'], probes: 3, failures: 0 });
    expect(report.unverifiedProbes).toBe(3);
    expect(report.totals.failures).toBe(0);
  });

  it('lists an item recorded without any page (no link) with no probe, never unreachable', () => {
    const checklist: Checklist = {
      schema: 1,
      institution: '示例大学',
      categories: [{ name: '基本信息', items: [{ no: 1, title: '办学规模', category: '基本信息', urls: ['http://x.example.edu.cn/1'] }, { no: 2, title: '章程', category: '基本信息', urls: [] }] }],
    };
    // The recorder writes an item with no URL as an item with no page.
    recordRound(db, [{ ...checklist, categories: [{ ...checklist.categories[0]!, items: [checklist.categories[0]!.items[0]!] }] }], iso(MONDAY), () => 'ok');
    const raw = db.sqlite;
    const runId = Number(raw.prepare('SELECT max(id) AS id FROM runs').get()?.id);
    raw.prepare(
      `INSERT INTO items (run_id, checklist_index, position, institution, no, title, category, url, urls, status, checked_at, elapsed_ms, result)
       VALUES (?, 0, 1, '示例大学', 2, '章程', '基本信息', NULL, '[]', 'missing', ?, 0, '{}')`,
    ).run(runId, iso(MONDAY + 1000));
    const report = historyReport(db, window);
    expect(report.institutions[0]!.items.map((i) => [i.no, i.probes, i.unreachable])).toEqual([
      [1, 1, false],
      [2, 0, false],
    ]);
    expect(report.totals).toMatchObject({ items: 2, probedItems: 1 });
  });

  it('is empty for a window with nothing recorded', () => {
    const report = historyReport(db, window);
    expect(report.institutions).toEqual([]);
    expect(report.totals).toEqual({ items: 0, probedItems: 0, unreachableItems: 0, probes: 0, failures: 0, availability: 1 });
    expect(report.sample.thin).toBe(false);
    expect(report.days).toHaveLength(7);
  });
});
