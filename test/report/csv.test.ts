import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { neutraliseCell } from '../../src/report/common.js';
import { renderCsv } from '../../src/report/csv.js';
import { finding } from '../../src/findings.js';
import { HOSTILE, buildRun } from './fixtures.js';

function records(csv: string): string[][] {
  return parse(csv, { bom: true, relax_column_count: true });
}

/** The item rows: those before the empty row that leads the league block. */
function itemRows(rows: string[][]): string[][] {
  const blank = rows.findIndex((r) => r.every((cell) => cell === ''));
  return blank < 0 ? rows : rows.slice(0, blank);
}

describe('CSV report', () => {
  it('is UTF-8 with a BOM, CRLF line ends and the Chinese headers', async () => {
    const csv = await renderCsv(buildRun(), { lang: 'zh', color: false, columns: 80 });
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv.replace(/"[^"]*"/g, '')).not.toMatch(/[^\r]\n/);
    const [header, ...rows] = records(csv);
    expect(header!.slice(0, -1)).toEqual(['序号', '类别', '公开事项', '链接', '状态', 'HTTP状态', '最终地址', '问题']);
    expect(header!.at(-1)).toMatch(/^检查时间（UTC[^）]*）$/);
    expect(itemRows(rows)).toHaveLength(50);
    // Every row as wide as the header: a strict CSV reader reads the file.
    expect(() => parse(csv, { bom: true })).not.toThrow();
  });

  it('ends with the score, rank and one-strike verdicts, after an empty row', async () => {
    const run = buildRun({ institutions: 2 });
    // Five STALE items in the second institution: a one-strike verdict.
    for (const item of run.results[1]!.items.slice(0, 5)) {
      item.status = 'warn';
      item.findings = [finding('STALE', { reason: 'no-date' })];
    }
    const rows = records(await renderCsv(run, { lang: 'zh', color: false, columns: 80 }));
    const blank = rows.findIndex((r) => r.every((cell) => cell === ''));
    expect(blank).toBe(101);
    expect(rows.slice(blank + 1).map((r) => r.slice(0, 4))).toEqual([
      ['名次', '学校', '得分', '单项否决'],
      ['1', run.results[0]!.checklist.institution, expect.stringMatching(/^\d+\.\d$/), ''],
      ['2', run.results[1]!.checklist.institution, '59.0', '单项否决：5 个以上栏目未按期更新（5 个）（《政府网站与政务新媒体检查指标》）'],
    ]);
  });

  it('has English headers with --lang en', async () => {
    const [header] = records(await renderCsv(buildRun(), { lang: 'en', color: false, columns: 80 }));
    expect(header!.slice(0, -1)).toEqual(['No.', 'Category', 'Item', 'URL', 'Status', 'HTTP status', 'Final URL', 'Findings']);
    expect(header!.at(-1)).toMatch(/^Checked at \(UTC[^)]*\)$/);
  });

  it('neutralises cells that a spreadsheet would run as formulas', async () => {
    const rows = itemRows(records(await renderCsv(buildRun(), { lang: 'zh', color: false, columns: 80 })).slice(1));
    const titles = rows.map((r) => r[2]);
    for (const hostile of [HOSTILE.hyperlink, HOSTILE.plus, HOSTILE.minus, HOSTILE.at, HOSTILE.tab, HOSTILE.cr]) {
      expect(titles).toContain(`'${hostile}`);
    }
    for (const row of rows) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    // A good cell is left alone.
    expect(titles).toContain('学籍管理办法');
    expect(neutraliseCell('学籍管理办法')).toBe('学籍管理办法');
    expect(neutraliseCell('2024-1')).toBe('2024-1');
  });

  it('keeps one row per item with its status, HTTP status, final address, findings and several URLs', async () => {
    const rows = records(await renderCsv(buildRun(), { lang: 'zh', color: false, columns: 80 })).slice(1);
    const byNo = new Map(rows.map((r) => [r[0], r]));
    expect(byNo.get('8')!.slice(4, 6)).toEqual(['不通过', '404']);
    expect(byNo.get('33')![3]).toBe('');
    expect(byNo.get('33')![4]).toBe('缺失');
    expect(byNo.get('34')![7]!.split('\n')).toHaveLength(3);
    expect(byNo.get('37')![3]!.split('\n')).toEqual([
      'https://xxgk.example.edu.cn/xsgl/jxj.htm',
      'https://xxgk.example.edu.cn/xsgl/zxj.htm',
    ]);
    expect(byNo.get('11')![6]).toBe('https://yz.example.edu.cn/info/1012/zsjz.htm');
    expect(byNo.get('20')![3]).toBe(HOSTILE.url);
  });

  it('adds an institution column for several checklists and a note when the run was interrupted', async () => {
    const csv = await renderCsv(buildRun({ institutions: 2, complete: false }), { lang: 'zh', color: false, columns: 80 });
    const [header, ...rows] = records(csv);
    expect(header![0]).toBe('学校');
    expect(itemRows(rows)).toHaveLength(100);
    expect(rows.at(-1)![0]).toContain('检查被中断');
    expect(await renderCsv(buildRun(), { lang: 'zh', color: false, columns: 80 })).not.toContain('检查被中断');
  });
});
