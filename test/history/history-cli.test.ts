// `xxgk-check history` through the real CLI: on a database recorded by real runs against a local server, and on
// rounds recorded through the RunRecorder at chosen times (a week at 20 probes a day, midnight in Beijing).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { startHttpServer, type TestServer } from '../helpers/servers.js';
import { goodPage } from '../reliability/hostile-site.js';
import { cli } from '../helpers/cli.js';
import { validateHistoryReport } from '../helpers/json-schema.js';
import { openHistory } from '../../src/history/index.js';
import { displayWidth } from '../../src/text-width.js';
import type { HistoryReport } from '../../src/history/report-types.js';
import { fileHash, HAS_SQLITE, rawDatabase, tempDir } from './helpers.js';
import { recordRound, syntheticChecklist } from './rounds.js';

const HOUR = 3_600_000;
/** 2026-03-02 00:00 in Beijing (UTC+8). */
const MONDAY = Date.parse('2026-03-01T16:00:00Z');
const WEEK = ['--since', '2026-03-02', '--until', '2026-03-08', '--tz', 'Asia/Shanghai'];
const ZH = { LANG: 'zh_CN.UTF-8' };

type JsonHistory = HistoryReport & { schema: number };

describe.runIf(HAS_SQLITE)('xxgk-check history', () => {
  let dir: string;
  let cleanup: () => void;
  /** A week of 20 rounds a day over two institutions (see beforeAll). */
  let week: string;
  /** Three rounds (thin sample). */
  let thin: string;

  beforeAll(async () => {
    ({ dir, cleanup } = tempDir());
    week = path.join(dir, 'week.sqlite');
    const db = await openHistory(week);
    const school = syntheticChecklist('示例理工大学', 6, 'http://a.example.edu.cn', ['基本信息', '招生考试信息']);
    school.categories[0]!.items[1]!.title = '学校章程及制定的各项规章制度（含学术委员会章程、理事会章程）';
    const college = syntheticChecklist('示例师范学院', 3, 'http://b.example.edu.cn', ['基本信息']);
    for (let r = 0; r < 7 * 20; r++) {
      recordRound(db, [school, college], new Date(MONDAY + (r * 24 * HOUR) / 20).toISOString(), (index, no) => {
        if (index === 0 && no === 2) return r % 20 === 7 ? 'timeout' : 'ok'; // 7 in 140 = 5 %: unreachable
        if (index === 0 && no === 4) return r >= 60 && r < 66 ? 'dns' : 'ok'; // 6 in 140 = 4.3 %: not
        if (index === 1 && no === 3) return r >= 7 * 20 - 8 ? 'http' : 'ok'; // down at the end
        if (index === 1 && no === 2) return r < 20 ? 'none' : 'ok'; // added on the second day: a thin sample of its own
        return 'ok';
      }, (_index, no) => 200 + no * 100);
    }
    db.close();
    thin = path.join(dir, 'thin.sqlite');
    const small = await openHistory(thin);
    const one = syntheticChecklist('示例大学', 2);
    for (let r = 0; r < 3; r++) recordRound(small, [one], new Date(MONDAY + r * HOUR).toISOString(), (_i, no) => (no === 1 && r === 0 ? 'timeout' : 'ok'));
    small.close();
  });
  afterAll(() => cleanup?.());

  it('prints the week worst first, unreachable items marked, and exits 1 (--fail-on none: 0)', async () => {
    const out = await cli(['history', '--db', week, ...WEEK], ZH);
    expect(out.code, out.stderr).toBe(1);
    const lines = out.stdout.split('\n');
    const rows = lines.filter((line) => /^ +\d+ {2}\S/.test(line));
    // The first institution's items, worst first: 2 (unreachable), then 4 (6 failures), then the rest by number.
    expect(rows.slice(0, 6).map((line) => Number(line.trim().split(/\s+/)[0]))).toEqual([2, 4, 1, 3, 5, 6]);
    expect(rows[0]).toMatch(/不可访问\s+140\s+7\s+95\.0%/);
    expect(rows[1]).not.toContain('不可访问');
    expect(rows[1]).toMatch(/140\s+6\s+95\.7%\s.*6 次 · 7 小时 12 分/);
    expect(out.stdout).toContain('6 项 · 探测 840 次 · 失败 13 次');
    expect(out.stdout).toContain('按类别汇总');
    expect(out.stdout).toContain('按学校汇总');
    expect(out.stdout).toContain('时区 Asia/Shanghai (UTC+8)');
    expect(out.stdout).not.toContain('样本少于规则的要求');
    // An outage still going on at the end of the window.
    expect(out.stdout).toMatch(/8 次 · 至今未恢复/);
    // The item added on the second day has a thin sample of its own, marked.
    expect(rows.find((line) => /^ +2 {2}公开事项2 /.test(line) && line.includes('120'))).toMatch(/120\*/);
    expect(out.stdout).toContain('* 该事项样本不足');
    expect((await cli(['history', '--db', week, ...WEEK, '--fail-on', 'none'])).code).toBe(0);
  });

  it('marks 不可访问 in red with colour, and fits 80 and 120 columns', async () => {
    const coloured = await cli(['history', '--db', week, ...WEEK], { ...ZH, FORCE_COLOR: '1' });
    expect(coloured.stdout).toMatch(/\x1b\[31m(\x1b\[1m)?不可访问/);
    for (const columns of ['80', '120']) {
      const out = await cli(['history', '--db', week, ...WEEK], { ...ZH, COLUMNS: columns });
      const widest = Math.max(...out.stdout.split('\n').map((line) => displayWidth(stripVTControlCharacters(line))));
      expect(widest).toBeLessThanOrEqual(Number(columns));
      expect(out.stdout).toContain('不可访问');
    }
    // At 120 columns every column is shown; at 80 the load times give way first.
    expect((await cli(['history', '--db', week, ...WEEK], { LANG: 'C', COLUMNS: '120' })).stdout).toMatch(/Median\s+P95\s+Longest outage\s+Last failure/);
    expect((await cli(['history', '--db', week, ...WEEK], { LANG: 'C', COLUMNS: '80' })).stdout).not.toContain('Median');
  });

  it('says when the sample is thinner than the rule, in the monitors\' words', async () => {
    const zh = await cli(['history', '--db', thin, ...WEEK], ZH);
    // (Wrapped lines: compared without spaces and line ends.)
    expect(zh.stdout.replace(/\s+/g, '')).toContain('样本少于规则的要求：检查指标要求“监测1周，每天间隔性访问20次以上”，本报告只有1天有探测，每个事项每天约3次');
    // Before the items.
    expect(zh.stdout.indexOf('样本少于')).toBeLessThan(zh.stdout.indexOf('示例大学'));
    expect(zh.code).toBe(1); // 1 failure in 3
    // The whole report is thin: no item is marked on its own.
    expect(zh.stdout).not.toMatch(/\d\*/);
    const en = await cli(['history', '--db', thin, ...WEEK]);
    expect(en.stdout.replace(/\n/g, ' ')).toContain("The sample is thinner than the rule's: the monitors ask for a week of monitoring with at least 20 probes a day at intervals; this report has probes on 1 day");
    const md = await cli(['history', '--db', thin, ...WEEK, '--format', 'md']);
    expect(md.stdout).toContain('> [!WARNING]');
  });

  it('reads the window: a date in the report zone (--until includes its day), a span back from now, and refuses bad input with exit 2', async () => {
    const json = await cli(['history', '--db', week, ...WEEK, '--format', 'json']);
    const report = JSON.parse(json.stdout) as JsonHistory;
    expect(report.window).toEqual({ since: '2026-03-02T00:00:00.000+08:00', until: '2026-03-09T00:00:00.000+08:00' });
    expect(report.days).toEqual(['2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05', '2026-03-06', '2026-03-07', '2026-03-08']);
    // Each day of Beijing holds exactly its 20 rounds (a UTC day would straddle two).
    expect(report.institutions[0]!.items[0]!.days.map((d) => d.probes)).toEqual([20, 20, 20, 20, 20, 20, 20]);
    const utc = JSON.parse((await cli(['history', '--db', week, '--since', '2026-03-02', '--until', '2026-03-08', '--tz', 'UTC', '--format', 'json'])).stdout) as JsonHistory;
    expect(utc.institutions[0]!.items[0]!.days.map((d) => d.probes)).toEqual([20, 20, 20, 20, 20, 20, 13]);
    // One day and a time with its offset.
    const day = JSON.parse((await cli(['history', '--db', week, '--since', '2026-03-03', '--until', '2026-03-03', '--tz', 'Asia/Shanghai', '--format', 'json'])).stdout) as JsonHistory;
    expect(day.totals.probes).toBe(9 * 20);
    const hours = JSON.parse((await cli(['history', '--db', week, '--since', '2026-03-03T00:00+08:00', '--until', '2026-03-03 12:00', '--tz', 'Asia/Shanghai', '--format', 'json'])).stdout) as JsonHistory;
    expect(hours.totals.probes).toBe(9 * 10);
    // --until alone: the 7 days before it (the last two of them in the week recorded).
    const lastDays = JSON.parse((await cli(['history', '--db', week, '--until', '2026-03-10', '--tz', 'Asia/Shanghai', '--format', 'json'])).stdout) as JsonHistory;
    expect(lastDays.window).toEqual({ since: '2026-03-04T00:00:00.000+08:00', until: '2026-03-11T00:00:00.000+08:00' });
    expect(lastDays.institutions[0]!.items[0]!.probes).toBe(5 * 20);
    // The default window: the last 7 days up to now (nothing recorded then).
    const recent = await cli(['history', '--db', week, '--format', 'json']);
    expect(recent.code).toBe(0);
    const recentReport = JSON.parse(recent.stdout) as JsonHistory;
    expect(Date.parse(recentReport.window.until) - Date.parse(recentReport.window.since)).toBe(7 * 24 * HOUR);
    expect(Math.abs(Date.parse(recentReport.window.until) - Date.now())).toBeLessThan(60_000);

    for (const [args, message] of [
      [['--since', 'yesterday'], '--since: cannot read "yesterday"'],
      [['--since', '2026-02-30'], '--since: cannot read "2026-02-30"'],
      [['--until', '2026-13-01'], '--until: cannot read "2026-13-01"'],
      [['--since', '2026-03-05', '--until', '2026-03-01'], 'the window is empty: --since (2026-03-05) is not before --until (2026-03-01)'],
      [['--max-failure-rate', '150%'], 'at most 100%'],
      [['--max-failure-rate', '5'], 'e.g. 5% or 0.05'],
      [['--load-limit', '15'], '--load-limit must be a number with a unit'],
      [['--fail-on', 'fail'], "Allowed choices are unreachable, none"],
      [['-o', path.join(dir, 'r.pdf')], 'cannot tell the report format of'],
    ] as const) {
      const out = await cli(['history', '--db', week, ...args]);
      expect(out.code, args.join(' ')).toBe(2);
      expect(out.stderr).toContain(message);
    }
    const zh = await cli(['history', '--db', week, '--since', '昨天'], ZH);
    expect(zh.code).toBe(2);
    expect(zh.stderr).toContain('--since 的值无法识别：昨天');
  });

  it('applies --max-failure-rate and --load-limit', async () => {
    const strict = JSON.parse((await cli(['history', '--db', week, ...WEEK, '--max-failure-rate', '4%', '--format', 'json'])).stdout) as JsonHistory;
    expect(strict.rule.maxFailureRate).toBe(0.04);
    expect(strict.institutions[0]!.items.filter((i) => i.unreachable).map((i) => i.no)).toEqual([2, 4]);
    const lenient = await cli(['history', '--db', week, ...WEEK, '--max-failure-rate', '5.5%', '--format', 'json']);
    expect((JSON.parse(lenient.stdout) as JsonHistory).totals.unreachableItems).toBe(1); // the college's item 3 (8 in 140), not item 2 (7 in 140)
    // Every load took 300–700 ms (200 + no × 100): a 0.5 s limit fails items 3 to 6 (a load of exactly 0.5 s did not
    // open in time: the monitors count "超过（含）15秒", the limit itself included).
    const fast = JSON.parse((await cli(['history', '--db', week, ...WEEK, '--load-limit', '500ms', '--format', 'json'])).stdout) as JsonHistory;
    expect(fast.rule.loadLimitMs).toBe(500);
    expect(fast.institutions[0]!.items.filter((i) => i.unreachable).map((i) => i.no)).toEqual([2, 3, 4, 5, 6]);
  });

  it('writes every format by extension, in folders it creates; JSON follows its schema; CSV opens in Excel', async () => {
    const out = path.join(dir, 'out', 'weekly');
    const files = ['h.json', 'h.csv', 'h.md', 'h.txt', 'h.html', 'h.xlsx'].map((name) => path.join(out, name));
    const run = await cli(['history', '--db', week, ...WEEK, ...files.flatMap((f) => ['-o', f])], { ...ZH, FORCE_COLOR: '1' });
    expect(run.code, run.stderr).toBe(1);
    for (const file of files) expect(run.stderr).toContain(`已写入 ${file}`);

    const json = JSON.parse(readFileSync(files[0]!, 'utf8')) as JsonHistory;
    expect(validateHistoryReport(json), JSON.stringify(validateHistoryReport.errors)).toBe(true);
    expect(json.schema).toBe(1);
    expect(json.institutions[0]!.items[1]).toMatchObject({ institution: '示例理工大学', no: 2, probes: 140, failures: 7, availability: 0.95, unreachable: true });
    expect(json.institutions[0]!.items[1]!.longestOutage).toMatchObject({ probes: 1 });
    expect(json.institutions[1]!.items[2]).toMatchObject({ institution: '示例师范学院', no: 3, failures: 8, unreachable: true });
    expect(json.institutions[1]!.items[2]!.longestOutage!.until).toBeUndefined();
    expect(json.institutions[1]!.items[2]!.lastChange).toMatchObject({ failing: true, at: '2026-03-08T14:24:00.000+08:00' });

    const csv = readFileSync(files[1]!, 'utf8');
    expect(csv.startsWith('\uFEFF学校,序号,类别,公开事项,链接,判定,探测,失败,可用率')).toBe(true);
    const rows = csv.split('\r\n');
    // Header, 9 items, then the notes after an empty row.
    expect(rows[2]).toMatch(/^示例理工大学,2,基本信息,学校章程及制定的各项规章制度（含学术委员会章程、理事会章程）,http:\/\/a\.example\.edu\.cn\/info\/2\.htm,不可访问,140,7,95%,,0\.4,0\.4,1,2026-03-02 08:24:00,72,2026-03-02 08:24:00,2026-03-08 08:24:00,/);
    expect(rows[0]).toContain('首次失败（UTC+8）');
    expect(rows.filter((row) => /^示例/.test(row))).toHaveLength(9);
    expect(csv).toContain('判定规则：');

    const md = readFileSync(files[2]!, 'utf8');
    expect(md).toContain('| 序号 | 公开事项 | 判定 |');
    expect(md).toMatch(/\| 2 \| \[学校章程及制定的各项规章制度（含学术委员会章程、理事会章程）\]\(<http:\/\/a\.example\.edu\.cn\/info\/2\.htm>\) \| \*\*不可访问\*\* \| 140 \| 7 \| 95\.0% \|/);
    expect(md).toContain('## 示例师范学院');

    // The HTML page and the workbook of the same report (their own tests are in test/report/history-*.test.ts).
    expect(readFileSync(files[4]!, 'utf8')).toContain('学校章程及制定的各项规章制度（含学术委员会章程、理事会章程）');
    expect(readFileSync(files[5]!).subarray(0, 2).toString()).toBe('PK');
    const txt = readFileSync(files[3]!, 'utf8');
    expect(txt).toContain('不可访问');
    expect(txt).not.toContain('\x1b[');
  });

  it('records real runs against a local server and reports them', async () => {
    let failing = false;
    const server: TestServer = await startHttpServer((req, res) => {
      if (req.url === '/p2' && failing) {
        res.writeHead(500).end('busy');
        return;
      }
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(goodPage('学校章程', `<p>${'本页正文内容'.repeat(8)}（${req.url}）</p>`));
    });
    try {
      const yaml = path.join(dir, 'real.yaml');
      const lines = ['schema: 1', 'institution: 示例大学', 'categories:', '  - name: 基本信息', '    items:'];
      for (let no = 1; no <= 3; no++) lines.push(`      - { no: ${no}, title: 学校章程, url: "${server.url(`/p${no}`)}" }`);
      writeFileSync(yaml, `${lines.join('\n')}\n`);
      const db = path.join(dir, 'real.sqlite');
      for (let round = 0; round < 4; round++) {
        failing = round === 2;
        const run = await cli(['run', yaml, '--db', db, '--quiet', '--no-attachments', '--retries', '0', '--control-url', 'none', '--format', 'json']);
        expect(run.stderr).not.toContain('internal error');
      }
      const out = await cli(['history', '--db', db, '--since', '1h', '--format', 'json']);
      expect(out.code, out.stderr).toBe(1);
      const report = JSON.parse(out.stdout) as JsonHistory;
      expect(validateHistoryReport(report), JSON.stringify(validateHistoryReport.errors)).toBe(true);
      expect(report.runs).toBe(4);
      expect(report.institutions[0]!.items.map((i) => [i.no, i.probes, i.failures, i.unreachable])).toEqual([
        [1, 4, 0, false],
        [2, 4, 1, true],
        [3, 4, 0, false],
      ]);
      expect(report.institutions[0]!.items[1]!.urls).toEqual([server.url('/p2')]);
      expect(report.sample.thin).toBe(true);
    } finally {
      await server.close();
    }
  });

  it('says plainly that an empty window is empty, and exits 0', async () => {
    const zh = await cli(['history', '--db', week, '--since', '2020-01-01', '--until', '2020-01-07', '--tz', 'Asia/Shanghai'], ZH);
    expect(zh.code).toBe(0);
    expect(zh.stdout.replace(/\n/g, '')).toContain(`${week} 中在 2020-01-01 00:00 (UTC+8) – 2020-01-08 00:00 (UTC+8) 期间没有检查记录`);
    const en = await cli(['history', '--db', week, '--since', '2020-01-01', '--until', '2020-01-07', '--tz', 'UTC', '--format', 'json']);
    expect(en.code).toBe(0);
    expect(en.stderr).toContain(`${week} holds no check between 2020-01-01 00:00 (UTC) – 2020-01-08 00:00 (UTC)`);
    expect((JSON.parse(en.stdout) as JsonHistory).totals.items).toBe(0);
  });

  it('refuses a missing, foreign or damaged database with exit 2, never creating or changing the file', async () => {
    const missing = path.join(dir, 'none', 'h.sqlite');
    const gone = await cli(['history', '--db', missing], ZH);
    expect(gone.code).toBe(2);
    expect(gone.stderr).toContain(`历史数据库 ${missing} 不存在`);
    expect(existsSync(path.dirname(missing))).toBe(false);

    const foreign = path.join(dir, 'app.db');
    const raw = rawDatabase(foreign);
    raw.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)');
    raw.close();
    const before = fileHash(foreign);
    const out = await cli(['history', '--db', foreign]);
    expect(out.code).toBe(2);
    expect(out.stderr).toContain(`${foreign} is not an xxgk-check history database`);
    expect(fileHash(foreign)).toBe(before);
    expect(existsSync(`${foreign}-wal`)).toBe(false);

    const text = path.join(dir, 'notes.sqlite');
    writeFileSync(text, '这不是数据库\n'.repeat(100));
    const damaged = await cli(['history', '--db', text], ZH);
    expect(damaged.code).toBe(2);
    expect(damaged.stderr).toContain(`${text} 已损坏或不是 SQLite 数据库`);
  });

  it('does not write to the database it reads', async () => {
    const before = fileHash(week);
    await cli(['history', '--db', week, ...WEEK]);
    expect(fileHash(week)).toBe(before);
  });
});
