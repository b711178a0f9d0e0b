import ExcelJS from 'exceljs';
import { finding } from '../../src/findings.js';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { STATUS_FILL, excelDate, renderXlsx, sheetName, utcOffsetLabel } from '../../src/report/xlsx.js';
import { HOSTILE, buildRun } from './fixtures.js';

async function open(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  // exceljs's declared Buffer type predates Node's generic Buffer.
  await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  return workbook;
}

/** The row whose first cell is `value`. */
function rowStarting(sheet: ExcelJS.Worksheet, value: unknown): ExcelJS.Row | undefined {
  let found: ExcelJS.Row | undefined;
  sheet.eachRow((row) => {
    if (!found && row.getCell(1).value === value) found = row;
  });
  return found;
}

/** Sum of the column widths of a sheet, in Excel's character units. */
function totalWidth(sheet: ExcelJS.Worksheet): number {
  let sum = 0;
  for (let c = 1; c <= sheet.columnCount; c++) sum += sheet.getColumn(c).width ?? 9;
  return sum;
}

describe('XLSX report', () => {
  it('has a summary sheet (institution, period, check time) and an items sheet with frozen header, auto filter and coloured status cells', async () => {
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
    // URLs are links.
    expect(row8.getCell(4).value).toMatchObject({ hyperlink: 'https://xxgk.example.edu.cn/kjfw/item8.htm' });

    const summary = workbook.getWorksheet('汇总')!;
    expect(summary.getRow(1).getCell(1).value).toBe('示例科技大学');
    const period = rowStarting(summary, '统计期间')!;
    expect(period.getCell(2).value).toBe('2023-09-01 至 2024-08-31');
    const checked = rowStarting(summary, '检查时间')!;
    expect(checked.getCell(2).type).toBe(ExcelJS.ValueType.Date);
    expect(checked.getCell(2).numFmt).toMatch(/^yyyy-mm-dd hh:mm:ss "\(UTC([+-]\d+(:\d\d)?)?\)"$/);
    const header = rowStarting(summary, '类别')!;
    expect(summary.views[0]).toMatchObject({ state: 'frozen', ySplit: header.number });
    expect(summary.getRow(header.number + 1).values).toEqual([undefined, '基本信息', 5, 1, 0, 0, 6, 1]);
    const total = rowStarting(summary, '合计')!;
    expect(total.number).toBe(header.number + 11);
    expect(total.getCell(7).numFmt).toBe('0.0%');
  });

  it('types its cells: numbers as numbers, times as dates in the run time zone, text as text', async () => {
    const previous = process.env.TZ;
    process.env.TZ = 'Asia/Shanghai';
    try {
      const run = buildRun();
      run.results[0]!.items[0]!.checkedAt = '2026-11-29T16:16:00.000Z';
      const workbook = await open(await renderXlsx(run, { lang: 'zh', color: false, columns: 80 }));
      const items = workbook.getWorksheet('示例科技大学')!;
      let numericText = 0;
      items.eachRow((row, n) => {
        if (n === 1) return;
        expect(row.getCell(1).type).toBe(ExcelJS.ValueType.Number);
        const http = row.getCell(6);
        if (http.value !== null && http.value !== '') {
          if (typeof http.value === 'string') expect(http.value).toMatch(/^(—|\d+(\/(\d+|—))+)$/); // several pages: 200/404; no response: —
          else expect(http.type).toBe(ExcelJS.ValueType.Number);
        }
        row.eachCell((cell, column) => {
          // Column 3 is the item's title, text whatever it looks like (the fixture has a title "-2").
          if (column !== 3 && typeof cell.value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(cell.value)) numericText++;
        });
        expect(row.getCell(9).type).toBe(ExcelJS.ValueType.Date);
        expect(row.getCell(9).numFmt).toBe('yyyy-mm-dd hh:mm:ss');
      });
      expect(numericText).toBe(0); // no "number stored as text"
      expect(items.getRow(9).getCell(6).value).toBe(404);
      // 16:16 UTC is 00:16 the next day in Beijing: the cell shows Beijing wall-clock time.
      const first = items.getRow(2).getCell(9).value as Date;
      expect(first.toISOString()).toBe('2026-11-30T00:16:00.000Z');
      expect(utcOffsetLabel('2026-11-29T16:16:00.000Z', 'Asia/Shanghai')).toBe('UTC+8');
      expect(utcOffsetLabel('2026-07-01T00:00:00.000Z', 'Asia/Kolkata')).toBe('UTC+5:30');
      expect(excelDate('2026-07-01T12:00:00.000Z', 'America/New_York')!.toISOString()).toBe('2026-07-01T08:00:00.000Z');
    } finally {
      if (previous === undefined) delete process.env.TZ;
      else process.env.TZ = previous;
    }
  });

  it('writes formula-like text as plain text cells: no formula, no visible apostrophe', async () => {
    const bytes = await renderXlsx(buildRun(), { lang: 'zh', color: false, columns: 80 });
    const workbook = await open(bytes);
    const titles: unknown[] = [];
    workbook.eachSheet((sheet) =>
      sheet.eachRow((row) =>
        row.eachCell((cell) => {
          expect(cell.type).not.toBe(ExcelJS.ValueType.Formula);
          if (typeof cell.value === 'string') expect(cell.value).not.toMatch(/^'/);
        }),
      ),
    );
    workbook.getWorksheet('示例科技大学')!.getColumn(3).eachCell((cell) => titles.push(cell.value));
    expect(titles).toContain(HOSTILE.hyperlink);
    expect(titles).toContain(HOSTILE.minus);
    // As Excel reads it: the sheet XML has no <f> (formula) element, and the texts are shared strings (t="s").
    const zip = await JSZip.loadAsync(bytes);
    const sheetXml = await zip.file('xl/worksheets/sheet2.xml')!.async('string');
    const strings = await zip.file('xl/sharedStrings.xml')!.async('string');
    expect(sheetXml).not.toMatch(/<f[ >]/);
    expect(strings).toContain('=HYPERLINK(&quot;http://evil&quot;,&quot;x&quot;)');
    expect(strings).not.toContain("'=HYPERLINK");
    const index = [...strings.matchAll(/<si>(.*?)<\/si>/gs)].findIndex((m) => m[1]!.includes('=HYPERLINK'));
    expect(sheetXml).toMatch(new RegExp(`<c r="C\\d+"[^>]* t="s"[^>]*><v>${index}</v></c>`));
  });

  it('prints landscape, fit to the page width, header row repeated, columns of bounded width', async () => {
    const workbook = await open(await renderXlsx(buildRun({ institutions: 3 }), { lang: 'zh', color: false, columns: 80 }));
    workbook.eachSheet((sheet) => {
      expect(sheet.pageSetup).toMatchObject({ orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, paperSize: 9 });
      const header = (sheet.views[0] as { ySplit?: number }).ySplit ?? 0;
      expect(header).toBeGreaterThan(0);
      expect(sheet.pageSetup.printTitlesRow).toBe(`${header}:${header}`);
      expect(totalWidth(sheet)).toBeLessThan(230);
      for (let c = 1; c <= sheet.columnCount; c++) expect(sheet.getColumn(c).width ?? 0).toBeLessThanOrEqual(48);
    });
    const items = workbook.getWorksheet('全部事项')!;
    items.eachRow((row, n) => {
      if (n > 1 && row.getCell(1).value) expect(row.alignment).toMatchObject({ wrapText: true });
    });
  });

  it('gives a multi-institution run one items sheet with a 学校 column, numbered short sheet names, and a note when interrupted', async () => {
    const workbook = await open(await renderXlsx(buildRun({ institutions: 3, complete: false }), { lang: 'zh', color: false, columns: 80 }));
    const names = workbook.worksheets.map((s) => s.name);
    expect(names).toEqual(['各校概览', '排名（按得分）', '分类汇总', '全部事项', '1 示例科技大学', '2 示例师范大学（一个名字很长的学校：用来测试工作表名称截断）', '3 示例_理工__大学_']);
    for (const name of names) {
      expect(name.length).toBeLessThanOrEqual(31);
      expect(name).not.toMatch(/[[\]:*?/\\]|\(\d+\)$/);
    }
    const all = workbook.getWorksheet('全部事项')!;
    expect(all.getRow(1).getCell(1).value).toBe('学校');
    expect((all.getRow(2).values as unknown[]).slice(0, 4)).toEqual([undefined, '示例科技大学', 1, '基本信息']);
    const schools = new Set<unknown>();
    all.eachRow((row, n) => {
      if (n > 1 && typeof row.getCell(2).value === 'number') schools.add(row.getCell(1).value);
    });
    expect(schools.size).toBe(3);
    const overview = workbook.getWorksheet('各校概览')!;
    expect(rowStarting(overview, '检查时间')!.getCell(2).type).toBe(ExcelJS.ValueType.Date);
    expect(rowStarting(overview, '示例科技大学')).toBeDefined();
    const byCategory = workbook.getWorksheet('分类汇总')!;
    expect(byCategory.getRow(1).values).toEqual([undefined, '学校', '类别', '通过', '警告', '不通过', '缺失', '合计', '合规率']);
    expect(byCategory.rowCount).toBeGreaterThanOrEqual(31);
    let note = '';
    overview.eachRow((row) => {
      const value = row.getCell(1).value;
      if (typeof value === 'string' && value.includes('中断')) note = value;
    });
    expect(note).toContain('中断');
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
    // One institution: its summary sheet leads with the one-strike verdict and gives the score.
    const single = buildRun({ institutions: 1 });
    for (const item of single.results[0]!.items.slice(0, 5)) {
      item.status = 'fail';
      item.findings = [finding('EMPTY_PAGE', { reason: 'empty-list' })];
    }
    const alone = await open(await renderXlsx(single, { lang: 'zh', color: false, columns: 80 }));
    const texts: string[] = [];
    alone.getWorksheet('汇总')!.eachRow((row) => texts.push(String(row.getCell(1).value)));
    expect(texts.some((t) => t.startsWith('单项否决：5 个以上空白栏目'))).toBe(true);
    expect(texts).toContain('得分');
  });

  it('shortens and deduplicates sheet names', () => {
    const taken = new Set<string>();
    expect(sheetName('a[b]:c*d?e/f\\g', taken)).toBe('a_b__c_d_e_f_g');
    const long = '示'.repeat(40);
    expect(sheetName(long, taken)).toBe(`${'示'.repeat(30)}…`);
    expect(sheetName(long, taken, '', '2 ')).toBe(`2 ${'示'.repeat(28)}…`);
    expect(sheetName(long, taken, ' 汇总')).toBe(`${'示'.repeat(27)}… 汇总`);
  });
});
