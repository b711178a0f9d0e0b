// Every report format, produced by the real CLI from real run results: `xxgk-check demo` (the README's first
// command) and `xxgk-check run` on a page whose title and checklist entry are hostile.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_ITEMS, SECOND_ITEMS, SECOND_UNIVERSITY, startFixtureSite, type FixtureSite } from '../src/fixture-site/index.js';
import { cli, type CliOutcome } from './helpers/cli.js';
import { validateJsonReport as validateJson } from './helpers/json-schema.js';


function chromium(): string | undefined {
  const found = spawnSync('sh', ['-c', 'command -v chromium || command -v chromium-browser'], { encoding: 'utf8' });
  return found.status === 0 && found.stdout.trim() ? found.stdout.trim().split('\n')[0] : undefined;
}

describe('xxgk-check demo', () => {
  let dir: string;
  let outcome: CliOutcome;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'xxgk-demo-'));
    outcome = await cli(
      ['demo', '--lang', 'zh', '--out-dir', dir, '-o', path.join(dir, 'report.xml'), '-o', path.join(dir, 'report.md')],
      { LANG: 'C' },
      dir,
    );
  }, 120_000);
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('exits 0 and prints the matrix, the summary and the gap list in Chinese', () => {
    expect(outcome.stderr).not.toMatch(/internal error|at .*\.js:\d+/);
    expect(outcome.code).toBe(0);
    expect(outcome.stdout).toContain('示例理工大学');
    expect(outcome.stdout).toContain('排名（按得分）');
    expect(outcome.stdout).toContain('单项否决：5 个以上空白栏目');
    expect(outcome.stdout).toMatch(/序号\s+公开事项\s+状态\s+HTTP\s+说明/);
    expect(outcome.stdout).toContain('汇总');
    expect(outcome.stdout).toContain('问题清单');
    expect(outcome.stdout).not.toMatch(/\u001b\[/); // not a terminal: no colour codes
    expect(outcome.stderr).toContain('report.html');
  });

  it('writes a JSON report that validates against the schema, with every item', async () => {
    const report = JSON.parse(await readFile(path.join(dir, 'report.json'), 'utf8')) as {
      complete: boolean;
      results: { items: { no: number; status: string; findings: { code: string; message: string }[] }[] }[];
    };
    expect(validateJson(report), JSON.stringify(validateJson.errors?.slice(0, 3))).toBe(true);
    expect(report.complete).toBe(true);
    expect(report.results[0]!.items).toHaveLength(FIXTURE_ITEMS.length);
    // The second institution, 示例师范学院: five blank columns, a one-strike verdict, ranked by score.
    const ranked = report as unknown as { results: { checklist: { institution: string }; score: number; rank: number; strikes: { kind: string }[] }[] };
    expect(ranked.results.map((r) => r.checklist.institution)).toEqual(['示例理工大学', SECOND_UNIVERSITY]);
    expect(ranked.results[1]!.strikes.map((s) => s.kind)).toEqual(['empty']);
    expect(ranked.results[1]!.score).toBeLessThan(60);
    expect(ranked.results.map((r) => r.rank).sort()).toEqual([1, 2]);
    const missing = report.results[0]!.items.find((i) => i.status === 'missing')!;
    expect(missing.findings[0]!.code).toBe('NO_LINK');
    expect(missing.findings[0]!.message).toMatch(/[\u4e00-\u9fff]/);
  });

  it('writes a CSV that Excel opens as UTF-8 with Chinese headers, one row per item', async () => {
    const bytes = await readFile(path.join(dir, 'report.csv'));
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parseCsv(bytes.toString('utf8').slice(1), { bom: false });
    expect(rows[0]!.slice(0, -1)).toEqual(['学校', '序号', '类别', '公开事项', '链接', '状态', 'HTTP状态', '最终地址', '问题']);
    expect(rows[0]!.at(-1)).toMatch(/^检查时间（UTC[^）]*）$/);
    expect(rows[1]!.at(-1)).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    const blank = rows.findIndex((r) => r.every((cell) => cell === ''));
    expect(blank).toBe(FIXTURE_ITEMS.length + SECOND_ITEMS.length + 1);
    expect(rows[blank + 1]!.slice(0, 4)).toEqual(['名次', '学校', '得分', '单项否决']);
    expect(rows.some((r) => r[5] === '缺失' && r[4] === '')).toBe(true);
  });

  it('writes an XLSX workbook with the items and a summary', async () => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(path.join(dir, 'report.xlsx'));
    const names = book.worksheets.map((s) => s.name);
    expect(names.length).toBeGreaterThanOrEqual(2);
    const items = book.worksheets.find((s) => s.rowCount === FIXTURE_ITEMS.length + 1);
    expect(items, `a sheet with ${FIXTURE_ITEMS.length} item rows among ${names.join(', ')}`).toBeDefined();
    expect(items!.views[0]?.state).toBe('frozen');
  });

  it('writes JUnit XML with a suite per category and a case per item', async () => {
    const xml = await readFile(path.join(dir, 'report.xml'), 'utf8');
    expect(XMLValidator.validate(xml)).toBe(true);
    const parsed = new XMLParser({ ignoreAttributes: false, isArray: (name) => name === 'testsuite' || name === 'testcase' }).parse(xml) as {
      testsuites: { testsuite: { testcase: unknown[] }[] };
    };
    expect(parsed.testsuites.testsuite).toHaveLength(13);
    expect(parsed.testsuites.testsuite.reduce((n, s) => n + s.testcase.length, 0)).toBe(FIXTURE_ITEMS.length + SECOND_ITEMS.length);
  });

  it('writes a Markdown summary', async () => {
    const md = await readFile(path.join(dir, 'report.md'), 'utf8');
    expect(md).toContain('示例理工大学');
    expect(md).toContain('## 排名（按得分）');
    expect(md).toContain('单项否决：5 个以上空白栏目（5 个）');
    expect(md).toMatch(/^\|.*\|$/m);
  });

  it('writes a self-contained HTML report that loads in headless Chromium', async () => {
    const html = await readFile(path.join(dir, 'report.html'), 'utf8');
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=["']https?:/i);
    const browser = chromium();
    if (!browser) {
      if (process.env.CI) throw new Error('chromium is required under CI (.ci/run installs it)');
      process.stderr.write('demo.test.ts: chromium not found, SKIPPING the headless-browser load of the demo report\n');
      return;
    }
    const dom = spawnSync(
      browser,
      ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', `--user-data-dir=${path.join(dir, 'chromium')}`, '--dump-dom',
        pathToFileURL(path.join(dir, 'report.html')).href],
      { encoding: 'utf8', timeout: 60_000 },
    );
    expect(dom.stdout).toContain('示例理工大学');
    for (const item of FIXTURE_ITEMS.slice(0, 5)) expect(dom.stdout).toContain(item.title.slice(0, 8));
  });
});

describe('hostile strings from a checklist and a page, in a real run', () => {
  let site: FixtureSite;
  let dir: string;
  beforeAll(async () => {
    site = await startFixtureSite();
    dir = await mkdtemp(path.join(tmpdir(), 'xxgk-hostile-'));
  });
  afterAll(async () => {
    await site.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('escapes a <script> page title in HTML and neutralises a formula title in CSV and XLSX', async () => {
    site.setPage('/hostile.htm', {
      body: '<!DOCTYPE html><html><head><title><script>alert(1)</script></title></head><body><div class="content"><h1>学校章程</h1><p>学校章程及制定的各项规章制度全文，2024年3月5日发布。本页列出学校章程、规章制度汇编等文件，供师生和社会公众查阅。</p></div></body></html>',
    });
    const checklist = path.join(dir, 'hostile.yaml');
    await writeFile(
      checklist,
      `schema: 1\ninstitution: 测试大学\nsite: ${site.url}\ncategories:\n  - name: 基本信息\n    items:\n      - no: 1\n        title: '=HYPERLINK("http://evil.example","点我")'\n        url: hostile.htm\n        keywords: [学校章程]\n`,
    );
    const outcome = await cli(['run', checklist, '--quiet', '-o', 'r.html', '-o', 'r.csv', '-o', 'r.xlsx', '-o', 'r.json'], { LANG: 'C' }, dir);
    expect(outcome.code, outcome.stderr).toBe(0);
    const json = JSON.parse(await readFile(path.join(dir, 'r.json'), 'utf8')) as { results: { items: { pages: { title?: string }[] }[] }[] };
    expect(json.results[0]!.items[0]!.pages[0]!.title).toBe('<script>alert(1)</script>');

    const html = await readFile(path.join(dir, 'r.html'), 'utf8');
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html.match(/<script>/g)?.length ?? 0).toBeLessThanOrEqual(1); // only the report's own

    const csv = (await readFile(path.join(dir, 'r.csv'), 'utf8')).slice(1);
    const rows = parseCsv(csv);
    expect(rows[1]![2]).toBe(`'=HYPERLINK("http://evil.example","点我")`);

    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(path.join(dir, 'r.xlsx'));
    for (const sheet of book.worksheets) {
      sheet.eachRow((row) =>
        row.eachCell((cell) => {
          // Formula-like text is a plain string cell (never evaluated, no visible apostrophe), never a formula.
          expect(cell.formula, `${sheet.name}!${cell.address}`).toBeFalsy();
          expect(cell.type, `${sheet.name}!${cell.address}`).not.toBe(ExcelJS.ValueType.Formula);
        }),
      );
    }
    expect(existsSync(path.join(dir, 'r.html'))).toBe(true);
  });
});
