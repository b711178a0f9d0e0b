import ExcelJS from 'exceljs';
import { finding } from '../../src/findings.js';
import { describe, expect, it } from 'vitest';
import { STATUS_FILL, renderXlsx, sheetName } from '../../src/report/xlsx.js';
import { HOSTILE, buildRun } from './fixtures.js';

async function open(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  // exceljs's declared Buffer type predates Node's generic Buffer.
  await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  return workbook;
}

describe('XLSX report', () => {
  it('has a summary sheet and an items sheet with frozen header, auto filter and coloured status cells', async () => {
    const workbook = await open(await renderXlsx(buildRun(), { lang: 'zh', color: false, columns: 80 }));
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['汇总', '示例科技大学']);
    const items = workbook.getWorksheet('示例科技大学')!;
    expect(items.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(items.autoFilter).toBeTruthy();
    const headers = items.getRow(1).values as unknown[];
    expect(headers.slice(0, -1)).toEqual([undefined, '序号', '类别', '公开事项', '链接', '状态', 'HTTP状态', '最终地址', '问题']);
    expect(headers.at(-1)).toMatch(/^检查时间（UTC[^）]*）$/);
    expect(items.rowCount).toBe(51);
    const row8 = items.getRow(9);
    expect(row8.getCell(1).value).toBe(8);
    expect(row8.getCell(5).value).toBe('不通过');
    expect(row8.getCell(5).fill).toMatchObject({ type: 'pattern', fgColor: { argb: STATUS_FILL.fail } });
    expect(items.getRow(2).getCell(5).fill).toMatchObject({ fgColor: { argb: STATUS_FILL.pass } });
    // Chinese titles get wider columns than the number column.
    expect(items.getColumn(3).width!).toBeGreaterThan(items.getColumn(1).width!);
    expect(items.getColumn(3).width!).toBeLessThanOrEqual(60);
    // URLs are links.
    expect(row8.getCell(4).value).toMatchObject({ hyperlink: 'https://xxgk.example.edu.cn/kjfw/item8.htm' });
    const summary = workbook.getWorksheet('汇总')!;
    expect(summary.getRow(2).values).toEqual([undefined, '基本信息', 5, 1, 0, 0, 6, 1]);
    expect(summary.getRow(12).getCell(1).value).toBe('合计');
    expect(summary.getRow(12).getCell(7).numFmt).toBe('0.0%');
  });

  it('carries no formula and neutralises formula-like text', async () => {
    const workbook = await open(await renderXlsx(buildRun(), { lang: 'zh', color: false, columns: 80 }));
    const titles: unknown[] = [];
    workbook.eachSheet((sheet) =>
      sheet.eachRow((row) =>
        row.eachCell((cell) => {
          expect(cell.type).not.toBe(ExcelJS.ValueType.Formula);
          if (typeof cell.value === 'string') expect(cell.value).not.toMatch(/^[=+\-@\t\r]/);
        }),
      ),
    );
    workbook.getWorksheet('示例科技大学')!.getColumn(3).eachCell((cell) => titles.push(cell.value));
    expect(titles).toContain(`'${HOSTILE.hyperlink}`);
    expect(titles).toContain(`'${HOSTILE.minus}`);
    expect(titles).toContain('学籍管理办法');
  });

  it('makes a sheet per institution with valid names, an overview, and a note on an interrupted run', async () => {
    const workbook = await open(await renderXlsx(buildRun({ institutions: 3, complete: false }), { lang: 'en', color: false, columns: 80 }));
    const names = workbook.worksheets.map((s) => s.name);
    expect(names[0]).toBe('Overview');
    expect(names[1]).toBe('League table (by score)');
    expect(names).toHaveLength(8);
    for (const name of names) {
      expect(name.length).toBeLessThanOrEqual(31);
      expect(name).not.toMatch(/[[\]:*?/\\]/);
    }
    expect(new Set(names.map((n) => n.toLowerCase())).size).toBe(names.length);
    expect(names.filter((n) => n.endsWith(' Summary'))).toHaveLength(3);
    const overview = workbook.getWorksheet('Overview')!;
    expect(overview.getRow(2).getCell(1).value).toBe('示例科技大学');
    let note = '';
    overview.eachRow((row) => {
      const value = row.getCell(1).value;
      if (typeof value === 'string' && value.includes('interrupted')) note = value;
    });
    expect(note).toContain('interrupted');
  });

  it('ranks the institutions in a league sheet and leads each summary with its one-strike verdicts and score', async () => {
    const run = buildRun({ institutions: 2 });
    for (const item of run.results[0]!.items.slice(0, 5)) {
      item.status = 'fail';
      item.findings = [finding('EMPTY_PAGE', { reason: 'empty-list' })];
    }
    const workbook = await open(await renderXlsx(run, { lang: 'zh', color: false, columns: 80 }));
    const league = workbook.getWorksheet('排名（按得分）')!;
    expect(league.getRow(1).values).toEqual([undefined, '名次', '学校', '得分', '单项否决']);
    expect(league.getRow(2).getCell(2).value).toBe(run.results[1]!.checklist.institution);
    expect(league.getRow(3).getCell(2).value).toBe(run.results[0]!.checklist.institution);
    expect(league.getRow(3).getCell(3).value).toBe(59);
    expect(String(league.getRow(3).getCell(4).value)).toContain('单项否决：5 个以上空白栏目');
    const summary = workbook.worksheets.find((sheet) => sheet.name.startsWith('示例科技大学'))!;
    const texts: string[] = [];
    summary.eachRow((row) => texts.push(String(row.getCell(1).value)));
    expect(texts.some((t) => t.startsWith('单项否决：5 个以上空白栏目'))).toBe(true);
    expect(texts).toContain('得分');
  });

  it('shortens and deduplicates sheet names', () => {
    const taken = new Set<string>();
    expect(sheetName('a[b]:c*d?e/f\\g', taken)).toBe('a_b__c_d_e_f_g');
    const long = '示'.repeat(40);
    expect(sheetName(long, taken)).toBe('示'.repeat(31));
    expect(sheetName(long, taken)).toBe(`${'示'.repeat(27)} (2)`);
    expect(sheetName(long, taken, ' 汇总')).toBe(`${'示'.repeat(28)} 汇总`);
  });
});
