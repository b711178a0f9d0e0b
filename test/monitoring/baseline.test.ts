// Baselines end to end: a run against the fixture site saves a baseline; the site changes (one page breaks, one is
// fixed); the second run reports exactly those changes in every format, and `--fail-on regression` exits 1 only
// when something got worse.
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { XMLParser } from 'fast-xml-parser';
import { cli } from '../helpers/cli.js';
import { validateJsonReport } from '../helpers/json-schema.js';
import { startFixtureSite, type FixtureSite } from '../../src/fixture-site/index.js';
import { vsbListPage } from '../../src/fixture-site/pages.js';
import { changeOf, compareWithBaseline } from '../../src/run/baseline.js';
import { parseJsonReport } from '../../src/report/read.js';
import type { ItemResult, RunResult } from '../../src/types.js';
import { checklistYaml, FAST, QUICK_ITEMS, tempDir, type TempDir } from './helpers.js';

const GOOD = QUICK_ITEMS.find((i) => i.kind === 'vsb-list' && i.no === 2)!; // 学校章程 — will break
const BROKEN = QUICK_ITEMS.find((i) => i.kind === 'not-found')!; // 艺术教育发展年度报告 — will be fixed
const STAYS_BROKEN = QUICK_ITEMS.find((i) => i.kind === 'server-error')!;

interface JsonItem {
  no: number;
  status: string;
  change?: string;
  baselineStatus?: string;
  baselineTitle?: string;
}
interface JsonDoc {
  baseline?: { file: string; changes: Record<string, number> };
  results: { checklist: { institution: string }; items: JsonItem[]; removed?: { no: number; status: string }[] }[];
}

describe('baseline on the fixture site', () => {
  let site: FixtureSite;
  let tmp: TempDir;
  let checklist: string;
  let first: Awaited<ReturnType<typeof cli>>;

  beforeAll(async () => {
    site = await startFixtureSite();
    tmp = await tempDir();
    checklist = await tmp.write('school.yaml', checklistYaml('示例理工大学', site.url, QUICK_ITEMS));
    first = await cli(['run', checklist, ...FAST, '--fail-on', 'never', '--save-baseline', tmp.file('baseline.json'), '-o', tmp.file('first.json')]);
  }, 60_000);
  afterAll(async () => {
    await site?.close();
    await tmp?.remove();
  });

  it('saves the baseline as a JSON report that validates against the schema', async () => {
    expect(first.stderr).toContain(`已保存基线 ${tmp.file('baseline.json')}`);
    expect(first.code).toBe(0);
    const saved = JSON.parse(await readFile(tmp.file('baseline.json'), 'utf8')) as JsonDoc;
    expect(validateJsonReport(saved), JSON.stringify(validateJsonReport.errors)).toBe(true);
    const items = saved.results[0]!.items;
    expect(items.find((i) => i.no === GOOD.no)!.status).toBe('pass');
    expect(items.find((i) => i.no === BROKEN.no)!.status).toBe('fail');
    // A run without --baseline has no change fields.
    expect(items.every((i) => i.change === undefined)).toBe(true);
  });

  describe('after one page broke and another was fixed', () => {
    let second: Awaited<ReturnType<typeof cli>>;
    let report: JsonDoc;

    beforeAll(async () => {
      site.setPage(GOOD.path!, null); // now a 404
      site.setPage(BROKEN.path!, { body: vsbListPage(BROKEN, new Date()) });
      second = await cli([
        'run', checklist, ...FAST, '--baseline', tmp.file('baseline.json'), '--fail-on', 'regression',
        '-o', tmp.file('second.json'), '-o', tmp.file('second.csv'), '-o', tmp.file('second.xlsx'),
        '-o', tmp.file('second.html'), '-o', tmp.file('second.md'), '-o', tmp.file('second.xml'),
      ]);
      report = JSON.parse(await readFile(tmp.file('second.json'), 'utf8')) as JsonDoc;
    }, 60_000);
    afterAll(() => {
      site.setPage(GOOD.path!, { body: vsbListPage(GOOD, new Date()) });
    });

    it('exits 1 under --fail-on regression', () => {
      expect(second.stderr).not.toContain('不是有效');
      expect(second.code).toBe(1);
    });

    it('marks exactly the broken item regressed and the fixed one fixed; everything else unchanged', () => {
      expect(validateJsonReport(report), JSON.stringify(validateJsonReport.errors)).toBe(true);
      const items = report.results[0]!.items;
      const changed = items.filter((i) => i.change !== 'unchanged').map((i) => [i.no, i.change, i.baselineStatus, i.status]);
      expect(changed).toEqual([
        [GOOD.no, 'regressed', 'pass', 'fail'],
        [BROKEN.no, 'fixed', 'fail', 'pass'],
      ]);
      expect(items.find((i) => i.no === STAYS_BROKEN.no)!.change).toBe('unchanged');
      expect(report.baseline!.file).toBe(tmp.file('baseline.json'));
      expect(report.baseline!.changes).toEqual({ new: 0, fixed: 1, regressed: 1, improved: 0, unchanged: QUICK_ITEMS.length - 2, removed: 0 });
    });

    it('leads the terminal report with the changes', () => {
      const out = second.stdout;
      const lines = out.split('\n');
      expect(lines[0]).toMatch(/^与基线（\d{4}-\d\d-\d\d \d\d:\d\d \(UTC[^)]*\)，.*baseline\.json）相比的变化$/);
      expect(lines[1]).toBe(`  变差 1 · 已修复 1 · 好转 0 · 新增 0 · 已移除 0 · 无变化 ${QUICK_ITEMS.length - 2}`);
      expect(lines[2]).toMatch(new RegExp(`^  变差\\s+${GOOD.no}\\. 学校章程.*通过 → 不通过$`));
      expect(lines[3]).toContain('HTTP 404');
      expect(lines[4]).toMatch(new RegExp(`^  已修复\\s+${BROKEN.no}\\. 艺术教育发展年度报告.*不通过 → 通过$`));
      // The matrix has a change column: every item shows its change.
      const row = (no: number) => lines.find((l) => new RegExp(`^\\s+${no}  `).test(l))!;
      expect(row(GOOD.no)).toMatch(/不通过\s+变差/);
      expect(row(BROKEN.no)).toMatch(/通过\s+已修复/);
      expect(row(STAYS_BROKEN.no)).toMatch(/不通过\s+无变化/);
    });

    it('leads the Markdown report with the changes', async () => {
      const md = await readFile(tmp.file('second.md'), 'utf8');
      expect(md.indexOf('## 与基线')).toBe(0);
      expect(md.indexOf('## 与基线')).toBeLessThan(md.indexOf('问题清单'));
      expect(md).toContain(`| **变差** | ${GOOD.no} |`);
      expect(md).toContain(`| 已修复 | ${BROKEN.no} |`);
    });

    it('gives CSV and XLSX a change column', async () => {
      const rows = parseCsv((await readFile(tmp.file('second.csv'), 'utf8')).replace(/^\uFEFF/, ''));
      const header = rows[0]!;
      const change = header.indexOf('变化');
      expect(change).toBeGreaterThan(0);
      const byNo = new Map(rows.slice(1).map((r) => [Number(r[0]), r]));
      expect(byNo.get(GOOD.no)![change]).toBe('变差');
      expect(byNo.get(BROKEN.no)![change]).toBe('已修复');
      expect(byNo.get(STAYS_BROKEN.no)![change]).toBe('无变化');
      expect(byNo.get(GOOD.no)![header.indexOf('基线状态')]).toBe('通过');

      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.readFile(tmp.file('second.xlsx'));
      const sheet = workbook.worksheets.find((s) => s.getRow(1).values.toString().includes('变化'))!;
      const headers = (sheet.getRow(1).values as unknown[]).map(String);
      const col = headers.indexOf('变化');
      const values: Record<number, string> = {};
      sheet.eachRow((row, n) => {
        if (n > 1) values[Number(row.getCell(1).value)] = String(row.getCell(col).value);
      });
      expect(values[GOOD.no]).toBe('变差');
      expect(values[BROKEN.no]).toBe('已修复');
    });

    it('gives HTML a badge per item and a change filter, changes first', async () => {
      const html = await readFile(tmp.file('second.html'), 'utf8');
      expect(html.indexOf('class="changes"')).toBeLessThan(html.indexOf('class="matrix"'));
      expect(html).toMatch(new RegExp(`data-change="regressed"[^>]*>\\s*<td class="no">${GOOD.no}<`));
      expect(html).toMatch(new RegExp(`data-change="fixed"[^>]*>\\s*<td class="no">${BROKEN.no}<`));
      expect(html).toContain('<select name="change"');
      expect(html).toContain('class="badge change regressed"');
      // Unchanged rows carry the data for the filter but no badge, so the changed rows stand out.
      const unchanged = new RegExp(`data-change="unchanged"[^>]*>\\s*<td class="no">${STAYS_BROKEN.no}<.*?</tr>`).exec(html)![0];
      expect(unchanged).not.toContain('badge change');
    });

    it('gives JUnit a note on each item', async () => {
      const xml = await readFile(tmp.file('second.xml'), 'utf8');
      const parsed = new XMLParser({ ignoreAttributes: false }).parse(xml) as {
        testsuites: { testsuite: { testcase: Record<string, unknown> | Record<string, unknown>[] }[] };
      };
      const cases = parsed.testsuites.testsuite.flatMap((s) => (Array.isArray(s.testcase) ? s.testcase : [s.testcase]));
      const find = (no: number) => cases.find((c) => String(c['@_name']).startsWith(`${no}. `))!;
      expect(JSON.stringify(find(GOOD.no))).toContain('变化：变差（基线：通过）');
      expect(JSON.stringify(find(BROKEN.no))).toContain('变化：已修复（基线：不通过）');
      expect(JSON.stringify(find(STAYS_BROKEN.no))).toContain('"@_value":"unchanged"');
    });
  });

  it('exits 0 under --fail-on regression when the only change is a fix', async () => {
    site.setPage(BROKEN.path!, { body: vsbListPage(BROKEN, new Date()) });
    try {
      const run = await cli(['run', checklist, ...FAST, '--baseline', tmp.file('baseline.json'), '--fail-on', 'regression', '--format', 'json']);
      const doc = JSON.parse(run.stdout) as JsonDoc;
      expect(doc.baseline!.changes).toMatchObject({ fixed: 1, regressed: 0 });
      expect(run.code).toBe(0);
      // The same run under the default --fail-on fail still exits 1: other items fail.
      const plain = await cli(['run', checklist, ...FAST, '--baseline', tmp.file('baseline.json'), '--format', 'json']);
      expect(plain.code).toBe(1);
    } finally {
      site.setPage(BROKEN.path!, null);
    }
  }, 60_000);

  it('lists items removed from the checklist and new ones, and keeps matching an item whose title changed', async () => {
    const renamed = QUICK_ITEMS.filter((i) => i.no !== 1).map((i) => (i.no === 2 ? { ...i, title: '学校章程（2024年修订）' } : i));
    const extra = { ...QUICK_ITEMS.find((i) => i.no === 5)!, no: 99 };
    const file = await tmp.write('changed.yaml', checklistYaml('示例理工大学', site.url, [...renamed, extra]));
    const run = await cli(['run', file, ...FAST, '--baseline', tmp.file('baseline.json'), '--format', 'json', '--fail-on', 'never']);
    expect(run.code).toBe(0);
    const doc = JSON.parse(run.stdout) as JsonDoc;
    expect(validateJsonReport(doc), JSON.stringify(validateJsonReport.errors)).toBe(true);
    const result = doc.results[0]!;
    expect(result.removed).toEqual([{ no: 1, category: '基本信息', title: QUICK_ITEMS[0]!.title, status: 'pass' }]);
    expect(result.items.find((i) => i.no === 99)!.change).toBe('new');
    const retitled = result.items.find((i) => i.no === 2)!;
    expect(retitled.change).toBe('unchanged');
    expect(retitled.baselineTitle).toBe(GOOD.title);
    const terminal = await cli(['run', file, ...FAST, '--baseline', tmp.file('baseline.json'), '--fail-on', 'never']);
    expect(terminal.stdout).toMatch(/已移除\s+1\. 办学规模/);
    expect(terminal.stdout).toMatch(/新增\s+99\. 学校发展规划/);
  }, 60_000);
});

describe('baseline usage errors', () => {
  let tmp: TempDir;
  beforeAll(async () => {
    tmp = await tempDir();
  });
  afterAll(async () => {
    await tmp.remove();
  });

  it('a missing baseline file is one line naming it, exit 2, before anything is fetched', async () => {
    const checklist = await tmp.write('a.yaml', checklistYaml('甲大学', 'http://127.0.0.1:9/', QUICK_ITEMS.slice(0, 2)));
    const run = await cli(['run', checklist, '--baseline', 'nowhere/last.json', '--lang', 'en']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('xxgk-check: --baseline: cannot read nowhere/last.json: no such file\n');
  });

  it('an invalid baseline says which field is wrong', async () => {
    const checklist = await tmp.write('b.yaml', checklistYaml('甲大学', 'http://127.0.0.1:9/', QUICK_ITEMS.slice(0, 2)));
    await tmp.write('notjson.json', '{"schemaVersion": 1,');
    const notJson = await cli(['run', checklist, '--baseline', tmp.file('notjson.json'), '--lang', 'en']);
    expect(notJson.code).toBe(2);
    expect(notJson.stderr).toMatch(/^xxgk-check: --baseline: .*notjson\.json is not a valid xxgk-check JSON report: not JSON \(.+\)\n$/);
    await tmp.write('checklist.json', JSON.stringify({ schema: 1, institution: 'x' }));
    const wrong = await cli(['run', checklist, '--baseline', tmp.file('checklist.json'), '--lang', 'zh']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/checklist\.json 不是有效的 xxgk-check JSON 报告：schemaVersion must be 1 \(this file has none\)\n$/);
    expect(wrong.stderr.split('\n')).toHaveLength(2);
  });

  it('--fail-on regression without --baseline is a usage error', async () => {
    const checklist = await tmp.write('c.yaml', checklistYaml('甲大学', 'http://127.0.0.1:9/', QUICK_ITEMS.slice(0, 2)));
    const run = await cli(['run', checklist, '--fail-on', 'regression', '--lang', 'en']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('xxgk-check: --fail-on regression needs --baseline <previous report.json>\n');
  });

  it('--save-baseline refuses a name that is not .json (it would overwrite a checklist given after it)', async () => {
    const checklist = await tmp.write('d.yaml', checklistYaml('甲大学', 'http://127.0.0.1:9/', QUICK_ITEMS.slice(0, 2)));
    const before = await readFile(checklist, 'utf8');
    const run = await cli(['run', '--save-baseline', checklist, checklist, '--lang', 'en']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('must end in .json');
    expect(await readFile(checklist, 'utf8')).toBe(before);
  });
});

describe('changeOf and compareWithBaseline', () => {
  it('names every status transition', () => {
    expect(changeOf('pass', undefined)).toBe('new');
    expect(changeOf('pass', 'pass')).toBe('unchanged');
    expect(changeOf('warn', 'pass')).toBe('regressed');
    expect(changeOf('fail', 'pass')).toBe('regressed');
    expect(changeOf('missing', 'warn')).toBe('regressed');
    expect(changeOf('pass', 'fail')).toBe('fixed');
    expect(changeOf('warn', 'missing')).toBe('fixed');
    expect(changeOf('pass', 'warn')).toBe('improved');
    expect(changeOf('missing', 'fail')).toBe('unchanged');
    expect(changeOf('warn', 'warn')).toBe('unchanged');
  });

  const item = (no: number, status: ItemResult['status']): ItemResult => ({
    no, category: '基本信息', title: `事项${no}`, urls: [], status, pages: [], findings: [], checkedAt: '2024-01-01T00:00:00.000Z',
  });
  const runOf = (results: [string, ItemResult[]][], complete = true): RunResult => ({
    tool: { name: 'xxgk-check', version: '0' },
    startedAt: '2024-01-01T00:00:00.000Z',
    finishedAt: '2024-01-01T00:01:00.000Z',
    complete,
    options: {
      concurrency: 1, perHost: 1, delayMs: 0, timeoutMs: 1, retries: 0, retryAfterCapMs: 0, maxBytes: 1, maxRedirects: 0,
      maxAttachments: 0, slowMs: 1, staleSoonDays: 30, strikeStale: 5, strikeEmpty: 5, insecure: false, userAgent: 'x', checkAttachments: true, controlUrls: [],
      personalData: false, scanMaxBytes: 1024, scanTimeoutMs: 1, mobileThreshold: 1, hostStats: false,
    },
    results: results.map(([institution, items]) => ({
      checklist: { institution },
      items,
      summary: { pass: 0, warn: 0, fail: 0, missing: 0, unverified: 0, unchecked: 0, total: 0, complianceRate: 0, categories: [] },
    })),
    summary: { pass: 0, warn: 0, fail: 0, missing: 0, unverified: 0, unchecked: 0, total: 0, complianceRate: 0 },
  });

  it('matches by institution and number, not by position', () => {
    const before = runOf([['乙', [item(1, 'fail')]], ['甲', [item(1, 'pass'), item(2, 'pass')]]]);
    const now = runOf([['甲', [item(2, 'pass'), item(1, 'fail')]], ['丙', [item(1, 'pass')]]]);
    const compared = compareWithBaseline(now, { file: 'b.json', run: before });
    expect(compared.results[0]!.items.map((i) => i.change)).toEqual(['unchanged', 'regressed']);
    expect(compared.results[1]!.items.map((i) => i.change)).toEqual(['new']);
    expect(compared.baseline!.institutionsNotChecked).toEqual(['乙']);
    // The input is left as it was.
    expect(now.results[0]!.items[0]!.change).toBeUndefined();
  });

  it('does not list removed items when this run was interrupted', () => {
    const before = runOf([['甲', [item(1, 'pass'), item(2, 'pass')]]]);
    const now = runOf([['甲', [item(1, 'pass')]]], false);
    expect(compareWithBaseline(now, { file: 'b.json', run: before }).results[0]!.removed).toBeUndefined();
    const complete = runOf([['甲', [item(1, 'pass')]]]);
    expect(compareWithBaseline(complete, { file: 'b.json', run: before }).results[0]!.removed).toEqual([
      { no: 2, category: '基本信息', title: '事项2', status: 'pass' },
    ]);
  });

  it('reads back what it wrote: a compared report is a valid baseline and keeps its change fields', async () => {
    const { renderJson } = await import('../../src/report/json.js');
    const before = runOf([['甲', [item(1, 'pass')]]]);
    const compared = compareWithBaseline(runOf([['甲', [item(1, 'warn')]]]), { file: 'b.json', run: before });
    const text = renderJson(compared, { lang: 'zh', color: false, columns: 80 });
    const back = parseJsonReport(text, 'x.json');
    expect(back.results[0]!.items[0]!.change).toBe('regressed');
    expect(back.baseline!.changes.regressed).toBe(1);
    expect(back.results[0]!.summary.warn).toBe(1);
  });
});
