// Many institutions in one run: three checklists on the fixture site give the overview in every format, and
// `merge` of three separate runs gives the same overview as the single run. Two checklists sharing a host keep the
// per-host limit between them.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { XMLParser } from 'fast-xml-parser';
import { cli } from '../helpers/cli.js';
import { validateJsonReport } from '../helpers/json-schema.js';
import { startFixtureSite, type FixtureSite } from '../../src/fixture-site/index.js';
import { checklistYaml, FAST, tempDir, threeInstitutions, type TempDir } from './helpers.js';

const FORMATS = ['json', 'csv', 'xlsx', 'html', 'md', 'xml', 'txt'] as const;
const INSTITUTIONS = threeInstitutions();
const NAMES = INSTITUTIONS.map((i) => i.institution);

interface JsonDoc {
  summary: Record<string, number>;
  results: {
    checklist: { institution: string };
    summary: Record<string, unknown>;
    items: { no: number; status: string; findings: { code: string }[] }[];
  }[];
}

/** The overview block of the terminal report: from its heading to the end. */
function terminalOverview(text: string): string {
  return text.slice(found(text.indexOf('\n各校概览\n')));
}

/** An index that must exist (so a missing block fails the comparison instead of comparing two empty strings). */
function found(index: number): number {
  if (index < 0) throw new Error('block not found in the report');
  return index;
}

/** The overview block of the Markdown report: from its heading to the first institution's section. */
function markdownOverview(text: string): string {
  return text.slice(found(text.indexOf('## 各校概览')), found(text.indexOf('\n### ')));
}

function htmlOverview(text: string): string {
  return text.slice(found(text.indexOf('<table class="overview">')), found(text.indexOf('<section class="checklist"')));
}

/** CSV rows without the 检查时间 column (times differ between runs). */
async function csvRows(file: string): Promise<string[][]> {
  const rows = parseCsv((await readFile(file, 'utf8')).replace(/^\uFEFF/, ''));
  const at = rows[0]!.findIndex((header) => header.startsWith('检查时间'));
  return rows.map((r) => r.filter((_, i) => i !== at));
}

async function workbook(file: string): Promise<ExcelJS.Workbook> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(file);
  return book;
}

function sheetValues(sheet: ExcelJS.Worksheet): unknown[][] {
  const rows: unknown[][] = [];
  sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
}

/** The rows of a sheet from its table's header row (学校) down, without the heading lines above it. */
function overviewTable(sheet: ExcelJS.Worksheet): unknown[][] {
  const rows = sheetValues(sheet);
  return rows.slice(rows.findIndex((r) => r[0] === '学校'));
}

interface Suite {
  '@_name': string;
  '@_tests': string;
  '@_failures': string;
}

async function junitSuites(file: string): Promise<Suite[]> {
  const parsed = new XMLParser({ ignoreAttributes: false }).parse(await readFile(file, 'utf8')) as { testsuites: { testsuite: Suite[] } };
  return parsed.testsuites.testsuite.map((s) => ({ '@_name': s['@_name'], '@_tests': s['@_tests'], '@_failures': s['@_failures'] }));
}

describe('three institutions on the fixture site', () => {
  let site: FixtureSite;
  let tmp: TempDir;
  let files: string[];
  let single: Awaited<ReturnType<typeof cli>>;

  beforeAll(async () => {
    site = await startFixtureSite();
    tmp = await tempDir();
    files = await Promise.all(INSTITUTIONS.map((inst, i) => tmp.write(`${i + 1}.yaml`, checklistYaml(inst.institution, site.url, inst.items))));
    single = await cli(['run', ...files, ...FAST, '--fail-on', 'never', ...FORMATS.flatMap((f) => ['-o', tmp.file(`single.${f}`)])]);
  }, 60_000);
  afterAll(async () => {
    await site?.close();
    await tmp?.remove();
  });

  it('JSON: one result per checklist, in the order given', async () => {
    expect(single.code).toBe(0);
    const doc = JSON.parse(await readFile(tmp.file('single.json'), 'utf8')) as JsonDoc;
    expect(validateJsonReport(doc), JSON.stringify(validateJsonReport.errors)).toBe(true);
    expect(doc.results.map((r) => r.checklist.institution)).toEqual(NAMES);
    expect(doc.results.map((r) => r.items.length)).toEqual(INSTITUTIONS.map((i) => i.items.length));
    expect(doc.summary.total).toBe(INSTITUTIONS.reduce((n, i) => n + i.items.length, 0));
  });

  it('terminal: a section per institution, then the overview institutions × categories and the totals', () => {
    const out = single.stdout;
    for (const name of NAMES) expect(out.split('\n')).toContain(name);
    const overview = terminalOverview(out).split('\n');
    expect(overview[1]).toBe('各校概览');
    expect(overview[2]).toMatch(/^\s+1\s+2\s+3\s+4\s+5\s+6\s+7\s+8\s+9\s+10\s+合计$/);
    expect(overview.slice(3, 6).map((l) => l.trim().split(/\s+/)[0])).toEqual(NAMES);
    // 乙 lists no item of categories 7 and 10: its cells say so instead of 0%.
    const yi = overview[4]!.trim().split(/\s+/);
    expect(yi[7]).toBe('—');
    expect(yi[10]).toBe('—');
    expect(overview.some((l) => l.includes('7 = 学风建设信息'))).toBe(true);
  });

  it('HTML: an overview table with a row per institution, linked to its section', async () => {
    const html = await readFile(tmp.file('single.html'), 'utf8');
    const overview = htmlOverview(html);
    for (const [i, name] of NAMES.entries()) expect(overview).toContain(`<a href="#checklist-${i + 1}">${name}</a>`);
    expect(html.match(/<section class="checklist" id="checklist-\d">/g)).toHaveLength(3);
  });

  it('CSV: a 学校 column first, every item of every institution', async () => {
    const rows = await csvRows(tmp.file('single.csv'));
    expect(rows[0]![0]).toBe('学校');
    // The item rows end at the first empty row; the league table (名次…) follows it.
    const end = rows.findIndex((r, i) => i > 0 && r.every((cell) => cell === ''));
    const items = rows.slice(1, end === -1 ? undefined : end);
    expect([...new Set(items.map((r) => r[0]))]).toEqual(NAMES);
    expect(items.length).toBe(INSTITUTIONS.reduce((n, i) => n + i.items.length, 0));
    expect(rows[end + 1]![0]).toBe('名次');
  });

  it('XLSX: an overview, the categories and every item with a 学校 column, then an item sheet per institution', async () => {
    const book = await workbook(tmp.file('single.xlsx'));
    expect(book.worksheets.map((s) => s.name)).toEqual(['各校概览', '排名（按得分）', '分类汇总', '全部事项', ...NAMES.map((n, i) => `${i + 1} ${n}`)]);
    const overview = overviewTable(book.worksheets[0]!);
    expect(overview[0]![0]).toBe('学校');
    expect(overview.slice(1, 4).map((r) => r[0])).toEqual(NAMES);
    expect(overview[4]![0]).toBe('合计');
    const all = sheetValues(book.getWorksheet('全部事项')!);
    expect([...new Set(all.slice(1).map((r) => r[0]))]).toEqual(NAMES);
  });

  it('Markdown: the overview first, then a section per institution', async () => {
    const md = await readFile(tmp.file('single.md'), 'utf8');
    // The league table (ranked by score) first, then the overview.
    expect(md.startsWith('## 排名（按得分）')).toBe(true);
    expect(md.indexOf('## 各校概览')).toBeGreaterThan(0);
    const overview = markdownOverview(md);
    expect(overview).toContain('| 学校 | 基本信息 | 招生考试信息 |');
    expect(overview).toMatch(new RegExp(`\\| ${NAMES[1]} \\|( [\\d.]+% \\|){6} — \\|`));
    expect(overview).toContain('| 学校 | 通过 | 警告 |');
    for (const name of NAMES) expect(md).toContain(`\n### ${name}\n`);
  });

  it('JUnit: suites named 学校 / 类别', async () => {
    const suites = await junitSuites(tmp.file('single.xml'));
    expect(suites[0]!['@_name']).toBe(`${NAMES[0]} / 基本信息`);
    expect(new Set(suites.map((s) => s['@_name'].split(' / ')[0]))).toEqual(new Set(NAMES));
    expect(suites.filter((s) => s['@_name'].startsWith(NAMES[1]!))).toHaveLength(8);
  });

  describe('merge of separate runs', () => {
    let merged: Awaited<ReturnType<typeof cli>>;

    beforeAll(async () => {
      for (const [i, file] of files.entries()) {
        const part = await cli(['run', file, ...FAST, '--fail-on', 'never', '-o', tmp.file(`part${i + 1}.json`)]);
        expect(part.code, part.stderr).toBe(0);
      }
      merged = await cli([
        'merge', tmp.file('part1.json'), tmp.file('part2.json'), tmp.file('part3.json'), '--lang', 'zh', '--no-color', '--fail-on', 'never',
        '--format', 'terminal', ...FORMATS.filter((f) => f !== 'txt').flatMap((f) => ['-o', tmp.file(`merged.${f}`)]),
      ]);
    }, 60_000);

    it('gives the same results as the single run (statuses and findings of every item)', async () => {
      expect(merged.code, merged.stderr).toBe(0);
      const one = JSON.parse(await readFile(tmp.file('single.json'), 'utf8')) as JsonDoc;
      const all = JSON.parse(await readFile(tmp.file('merged.json'), 'utf8')) as JsonDoc;
      expect(validateJsonReport(all), JSON.stringify(validateJsonReport.errors)).toBe(true);
      const facts = (doc: JsonDoc) =>
        doc.results.map((r) => ({
          institution: r.checklist.institution,
          summary: r.summary,
          items: r.items.map((i) => [i.no, i.status, i.findings.map((f) => f.code).sort().join(',')]),
        }));
      expect(facts(all)).toEqual(facts(one));
      expect(all.summary).toEqual(one.summary);
    });

    it('gives the same overview in the terminal, Markdown and HTML', async () => {
      expect(terminalOverview(merged.stdout)).toBe(terminalOverview(await readFile(tmp.file('single.txt'), 'utf8')));
      expect(markdownOverview(await readFile(tmp.file('merged.md'), 'utf8'))).toBe(markdownOverview(await readFile(tmp.file('single.md'), 'utf8')));
      const html = htmlOverview(await readFile(tmp.file('merged.html'), 'utf8'));
      expect(html).toContain('<table class="overview">');
      expect(html).toBe(htmlOverview(await readFile(tmp.file('single.html'), 'utf8')));
    });

    it('gives the same CSV rows, XLSX sheets and JUnit suites', async () => {
      expect(await csvRows(tmp.file('merged.csv'))).toEqual(await csvRows(tmp.file('single.csv')));
      const a = await workbook(tmp.file('merged.xlsx'));
      const b = await workbook(tmp.file('single.xlsx'));
      expect(a.worksheets.map((s) => s.name)).toEqual(b.worksheets.map((s) => s.name));
      // The table of the overview (the check time above it is each run's own).
      expect(overviewTable(a.worksheets[0]!)).toEqual(overviewTable(b.worksheets[0]!));
      expect(await junitSuites(tmp.file('merged.xml'))).toEqual(await junitSuites(tmp.file('single.xml')));
    });

    it('reads a directory of reports, skipping its own output, and warns about an institution given twice', async () => {
      const again = await cli(['merge', tmp.dir, tmp.file('part1.json'), '-o', tmp.file('merged.json'), '--lang', 'en', '--fail-on', 'never']);
      expect(again.code, again.stderr).toBe(0);
      // The directory holds part1..3, single.json and merged.json (skipped: it is the output).
      expect(again.stderr).toContain(`warning: ${NAMES[0]} is in both`);
      // part1.json, in the directory and named again, is read once (issue 15, point 8).
      expect(again.stderr).toContain('part1.json is given more than once; it is merged once');
      const doc = JSON.parse(await readFile(tmp.file('merged.json'), 'utf8')) as JsonDoc;
      expect(doc.results.map((r) => r.checklist.institution)).toEqual([...NAMES, ...NAMES]);
    });

    it('exits 1 on gaps under the default --fail-on fail, and compares with a baseline', async () => {
      const gaps = await cli(['merge', tmp.file('part1.json'), '--format', 'json']);
      expect(gaps.code).toBe(1);
      const same = await cli(['merge', tmp.file('part1.json'), tmp.file('part2.json'), tmp.file('part3.json'), '--baseline', tmp.file('single.json'), '--fail-on', 'regression', '--lang', 'zh', '--no-color']);
      expect(same.code, same.stderr).toBe(0);
      expect(same.stdout.split('\n')[1]).toMatch(/^  变差 0 · 已修复 0 · 好转 0 · 新增 0 · 已移除 0 · 无变化 \d+$/);
    });

    it('refuses a file that is not a report, naming it, exit 2', async () => {
      const bad = await cli(['merge', tmp.file('part1.json'), files[0]!, '-o', tmp.file('x.html'), '--lang', 'en']);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/^xxgk-check: .*1\.yaml is not a valid xxgk-check JSON report: not JSON/);
      const none = await cli(['merge', tmp.file('nothing.json'), '--lang', 'en']);
      expect(none.code).toBe(2);
      expect(none.stderr).toBe(`xxgk-check: cannot read ${tmp.file('nothing.json')}: no such file\n`);
    });
  });
});

describe('two checklists sharing a host', () => {
  it('keep the per-host limit between them', async () => {
    let inFlight = 0;
    let most = 0;
    const server = http.createServer((req, res) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      setTimeout(() => {
        inFlight -= 1;
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(`<html><head><title>信息公开</title></head><body><h1>办学基本情况</h1><p>${'办学基本情况说明。'.repeat(40)}</p><p>2025-01-01</p></body></html>`);
      }, 60);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const tmp = await tempDir();
    try {
      const yaml = (institution: string, prefix: string) =>
        `schema: 1\ninstitution: ${institution}\nsite: ${base}\ncategories:\n  - name: 基本信息\n    items:\n` +
        Array.from({ length: 8 }, (_, i) => `      - { no: ${i + 1}, title: 办学基本情况${i + 1}, url: ${prefix}${i + 1}.htm, keywords: [办学基本情况] }\n`).join('');
      const a = await tmp.write('a.yaml', yaml('甲大学', 'a'));
      const b = await tmp.write('b.yaml', yaml('乙大学', 'b'));
      const limited = await cli(['run', a, b, '--per-host', '2', '--concurrency', '16', '--quiet', '--format', 'json', '--fail-on', 'never']);
      expect(limited.code, limited.stderr).toBe(0);
      expect((JSON.parse(limited.stdout) as JsonDoc).results.map((r) => r.items.length)).toEqual([8, 8]);
      expect(most).toBe(2);
      // The counter sees more when the limit allows it (so the check above can fail).
      most = 0;
      await cli(['run', a, b, '--per-host', '6', '--concurrency', '16', '--quiet', '--format', 'json', '--fail-on', 'never']);
      expect(most).toBeGreaterThan(2);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await tmp.remove();
    }
  });
});
