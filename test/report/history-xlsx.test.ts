// The history report's XLSX workbook, read back with exceljs: a summary sheet (database, window as dates, rule,
// sample and the thin-sample note, totals per institution and category) and an items sheet whose cells are typed —
// counts and seconds are numbers, availability a number formatted %, failures and changes Excel dates showing the
// report's wall-clock time, 不可访问 是/否 — with one coloured column per day; printed landscape, fit to the width,
// header repeated, panes frozen.
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { HistoryReport } from '../../src/history/report-types.js';
import { renderHistoryXlsx } from '../../src/report/history/xlsx.js';
import { STATUS_FILL } from '../../src/report/xlsx.js';
import { HISTORY_HOSTILE, buildHistoryReport } from './history-fixture.js';

const ZH = { lang: 'zh', color: false, columns: 80 } as const;
const EN = { lang: 'en', color: false, columns: 80 } as const;

async function open(report: HistoryReport, options: typeof ZH | typeof EN = ZH): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  // exceljs's declared Buffer type predates Node's generic Buffer.
  await workbook.xlsx.load((await renderHistoryXlsx(report, options)) as unknown as ExcelJS.Buffer);
  return workbook;
}

/** The first row whose cells `columns` hold `values`. */
function rowWhere(sheet: ExcelJS.Worksheet, values: Record<number, unknown>): ExcelJS.Row | undefined {
  let found: ExcelJS.Row | undefined;
  sheet.eachRow((row) => {
    if (!found && Object.entries(values).every(([column, value]) => row.getCell(Number(column)).value === value)) found = row;
  });
  return found;
}

/** The headers of row `n`, by name → column number. */
function headerMap(sheet: ExcelJS.Worksheet, n = 1): Map<string, number> {
  const map = new Map<string, number>();
  sheet.getRow(n).eachCell((cell, column) => map.set(cell.text, column));
  return map;
}

describe('history XLSX: summary sheet', () => {
  it('names the database, the window as dates in the report\'s time zone, the rule and the sample', async () => {
    const workbook = await open(buildHistoryReport({ thin: true }));
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['汇总', '事项']);
    const summary = workbook.getWorksheet('汇总')!;
    expect(summary.getCell('A1').value).toBe('信息公开网站可访问性监测报告');
    expect(rowWhere(summary, { 1: '数据库' })!.getCell(2).value).toBe('.xxgk-check/history.sqlite');
    const since = rowWhere(summary, { 1: '监测开始' })!.getCell(2);
    expect(since.type).toBe(ExcelJS.ValueType.Date);
    // Beijing midnight of 2024-11-14, as Excel shows it: the wall-clock time, its offset in the format.
    expect(since.value).toEqual(new Date('2024-11-14T00:00:00.000Z'));
    expect(since.numFmt).toBe('yyyy-mm-dd hh:mm:ss "(UTC+8)"');
    expect(rowWhere(summary, { 1: '监测结束' })!.getCell(2).value).toEqual(new Date('2024-11-21T00:00:00.000Z'));
    expect(rowWhere(summary, { 1: '天数' })!.getCell(2).value).toBe(7);
    expect(rowWhere(summary, { 1: '判定规则' })!.getCell(2).value).toContain('15 秒');
    expect(rowWhere(summary, { 1: '样本' })!.getCell(2).value).toBe('7 天有探测，每个事项每天约 4 次');
    expect(String(rowWhere(summary, { 1: '样本说明' })!.getCell(2).value)).toContain('监测1周，每天间隔性访问20次以上');
    // A sample as thick as the rule's carries no note.
    const full = (await open(buildHistoryReport())).getWorksheet('汇总')!;
    expect(rowWhere(full, { 1: '样本说明' })).toBeUndefined();
  });

  it('totals each institution\'s categories, the institution, and the report, as numbers; the table frozen and filtered', async () => {
    const summary = (await open(buildHistoryReport())).getWorksheet('汇总')!;
    const header = rowWhere(summary, { 1: '学校', 2: '类别' })!;
    expect((header.values as unknown[]).slice(1)).toEqual(['学校', '类别', '事项数', '已探测事项', '不可访问事项', '探测次数', '失败次数', '可用率']);
    expect(summary.views[0]).toMatchObject({ state: 'frozen', ySplit: header.number });
    expect(summary.autoFilter).toBeTruthy();
    const admissions = rowWhere(summary, { 1: '示例理工大学', 2: '招生考试信息' })!;
    expect((admissions.values as unknown[]).slice(3)).toEqual([3, 3, 1, 504, 36, 1 - 36 / 504]);
    expect(admissions.getCell(8).numFmt).toBe('0.00%');
    expect(admissions.getCell(5).fill).toMatchObject({ fgColor: { argb: STATUS_FILL.fail } });
    const institution = rowWhere(summary, { 1: '示例理工大学', 2: '合计' })!;
    expect((institution.values as unknown[]).slice(3)).toEqual([8, 7, 1, 1176, 38, 1 - 38 / 1176]);
    expect(institution.font?.bold).toBe(true);
    const total = rowWhere(summary, { 1: '合计' })!;
    expect((total.values as unknown[]).slice(3)).toEqual([11, 10, 1, 1680, 38, 1 - 38 / 1680]);
    // A category whose only items were never probed has no availability (empty, not 100 %).
    const report = buildHistoryReport();
    report.institutions[0]!.categories[2] = { ...report.institutions[0]!.categories[2]!, probes: 0, failures: 0, probedItems: 0, availability: 1 };
    const emptied = (await open(report)).getWorksheet('汇总')!;
    expect(rowWhere(emptied, { 1: '示例理工大学', 2: '财务、资产及收费信息' })!.getCell(8).value).toBeNull();
  });
});

describe('history XLSX: items sheet', () => {
  it('has one typed row per item: numbers, a % availability, seconds, Excel dates, 是/否', async () => {
    const items = (await open(buildHistoryReport())).getWorksheet('事项')!;
    const column = headerMap(items);
    expect([...column.keys()].slice(0, 18)).toEqual([
      '学校', '序号', '类别', '公开事项', '链接', '探测次数', '失败次数', '可用率', '中位用时（秒）', '95%用时（秒）',
      '最长中断（次）', '最长中断（小时）', '首次失败（UTC+8）', '末次失败（UTC+8）', '最近变化时间（UTC+8）', '最近变化', '不可访问', '样本不足',
    ]);
    expect(items.rowCount).toBe(1 + 11);
    const get = (row: ExcelJS.Row, name: string): ExcelJS.Cell => row.getCell(column.get(name)!);

    const down = rowWhere(items, { 1: '示例理工大学', 2: 5 })!;
    expect(get(down, '探测次数').value).toBe(168);
    expect(get(down, '失败次数').value).toBe(36);
    expect(get(down, '可用率').value).toBeCloseTo(132 / 168, 10);
    expect(get(down, '可用率').numFmt).toBe('0.00%');
    expect(get(down, '中位用时（秒）').value).toBe(6.3);
    expect(get(down, '95%用时（秒）').value).toBe(33.9);
    expect(get(down, '最长中断（次）').value).toBe(24);
    expect(get(down, '最长中断（小时）').value).toBe('至今未恢复');
    const first = get(down, '首次失败（UTC+8）');
    expect(first.type).toBe(ExcelJS.ValueType.Date);
    // 09:00 Beijing time, as Excel shows it.
    expect(first.value).toEqual(new Date('2024-11-19T09:00:00.000Z'));
    expect(first.numFmt).toBe('yyyy-mm-dd hh:mm');
    expect(get(down, '末次失败（UTC+8）').value).toEqual(new Date('2024-11-21T08:00:00.000Z'));
    expect(get(down, '最近变化').value).toBe('转为失败，此前正常 1 天 2 小时');
    expect(get(down, '不可访问').value).toBe('是');
    expect(get(down, '不可访问').fill).toMatchObject({ fgColor: { argb: STATUS_FILL.fail } });
    expect(get(down, '样本不足').value).toBe('否');
    expect(get(down, '链接').value).toMatchObject({ hyperlink: 'https://xxgk.example.edu.cn/item5.htm' });

    const flaky = rowWhere(items, { 1: '示例理工大学', 2: 3 })!;
    expect(get(flaky, '最长中断（小时）').value).toBe(1);
    expect(get(flaky, '不可访问').value).toBe('否');
    expect(get(flaky, '最近变化').value).toBe('恢复，此前中断 1 小时');

    const never = rowWhere(items, { 1: '示例理工大学', 2: 8 })!;
    expect(get(never, '探测次数').value).toBe(0);
    for (const name of ['可用率', '中位用时（秒）', '首次失败（UTC+8）', '最长中断（次）']) expect(get(never, name).value, name).toBeNull();

    // Titles are text, never formulas; two URLs (one not http) are text on two lines, not a link.
    const formula = rowWhere(items, { 1: '示例理工大学', 2: 6 })!;
    expect(get(formula, '公开事项').type).toBe(ExcelJS.ValueType.String);
    expect(get(formula, '公开事项').value).toBe(HISTORY_HOSTILE.formula);
    const hostile = rowWhere(items, { 1: '示例理工大学', 2: 4 })!;
    expect(get(hostile, '链接').value).toBe(`${HISTORY_HOSTILE.url}\n${HISTORY_HOSTILE.javascriptUrl}`);
  });

  it('has one column per day: that day\'s failures, coloured like the HTML strip, empty and grey without a probe', async () => {
    const items = (await open(buildHistoryReport())).getWorksheet('事项')!;
    const column = headerMap(items);
    const days = ['11-14', '11-15', '11-16', '11-17', '11-18', '11-19', '11-20'];
    expect([...column.keys()].slice(18)).toEqual(days);
    const cells = (no: number): ExcelJS.Cell[] => days.map((d) => rowWhere(items, { 1: '示例理工大学', 2: no })!.getCell(column.get(d)!));
    const fills = (no: number): unknown[] => cells(no).map((c) => (c.fill as ExcelJS.FillPattern).fgColor?.argb);
    expect(cells(5).map((c) => c.value)).toEqual([0, 0, 0, 0, 0, 12, 24]);
    expect(fills(5)).toEqual([...Array<string>(5).fill(STATUS_FILL.pass), STATUS_FILL.fail, STATUS_FILL.fail]);
    expect(cells(3).map((c) => c.value)).toEqual([0, 1, 0, 0, 1, 0, 0]);
    expect(fills(3)[1]).toBe(STATUS_FILL.warn);
    expect(cells(8).map((c) => c.value)).toEqual(Array(7).fill(null));
    expect(fills(8)).toEqual(Array(7).fill(STATUS_FILL.unverified));
  });

  it('leaves the day columns out past 62 days, and says so on the summary', async () => {
    const workbook = await open(buildHistoryReport({ days: 63 }));
    const items = workbook.getWorksheet('事项')!;
    expect(items.columnCount).toBe(18);
    expect(rowWhere(workbook.getWorksheet('汇总')!, { 1: '每日列' })!.getCell(2).value).toContain('超过 62 天');
  });

  it('prints landscape on A4 fit to the width, header repeated, the item columns frozen', async () => {
    const workbook = await open(buildHistoryReport());
    for (const sheet of workbook.worksheets) {
      expect(sheet.pageSetup).toMatchObject({ orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 });
      expect(sheet.pageSetup.printTitlesRow).toMatch(/^\d+:\d+$/);
    }
    const items = workbook.getWorksheet('事项')!;
    expect(items.views[0]).toMatchObject({ state: 'frozen', xSplit: 4, ySplit: 1 });
    expect(items.pageSetup.printTitlesRow).toBe('1:1');
    // Narrow enough to print readably: the columns add up to at most ~260 characters for a week.
    let width = 0;
    for (let c = 1; c <= items.columnCount; c++) width += items.getColumn(c).width ?? 9;
    expect(width).toBeLessThanOrEqual(260);
  });

  it('speaks English with lang en', async () => {
    const workbook = await open(buildHistoryReport(), EN);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['Summary', 'Items']);
    const items = workbook.getWorksheet('Items')!;
    const column = headerMap(items);
    expect(column.has('Availability')).toBe(true);
    expect(column.has('First failure (UTC+8)')).toBe(true);
    const down = rowWhere(items, { 1: '示例理工大学', 2: 5 })!;
    expect(down.getCell(column.get('Unreachable')!).value).toBe('yes');
    expect(down.getCell(column.get('Longest outage (h)')!).value).toBe('still down');
  });
});
