// The `history` report as an XLSX workbook (exceljs), shaped like the run report's (src/report/xlsx.ts):
// - 汇总 / Summary: the database, the window, the rule, the sample (and the monitors' note when it is thinner than
//   their rule), generation time and time zone above one table of totals — each institution's categories, the
//   institution's total, and the report's total;
// - 事项 / Items: one row per item of every institution (学校 first, to filter and sort in one place): probes,
//   failures, availability, median and 95th-percentile load time in seconds, longest outage, first and last
//   failure and last change as Excel dates, 不可访问 是/否, and for a window of up to 62 days one column per day
//   holding that day's failures, coloured like the HTML page's strip (grey: no probe that day).
// Cells are typed (numbers are numbers, rates are numbers formatted %, times are Excel dates in the report's time
// zone with the offset in the header); every sheet prints landscape on A4 fit to the width with its header row
// repeated, its header row frozen (and on the items sheet the columns up to the title). exceljs is loaded when a
// workbook is written.
import type ExcelJS from 'exceljs';
import type { HistoryItem, HistoryReport, HistoryTotals } from '../../history/report-types.js';
import type { Lang } from '../../types.js';
import { reportTimeZone, type ReportOptions } from '../common.js';
import { COLUMN, type Label } from '../labels.js';
import { DATE_FORMAT, STATUS_FILL, finishTable, sheetName } from '../xlsx.js';
import { excelDate, offsetAt } from '../../time.js';
import { HISTORY_TEXT as T, dayTone, durationText, ruleText, sampleText, thinSampleNote, toneLabel, type DayTone } from './view.js';

/** Labels only the workbook shows. */
const L = {
  summary: { zh: '汇总', en: 'Summary' },
  items: { zh: '事项', en: 'Items' },
  since: { zh: '监测开始', en: 'From' },
  until: { zh: '监测结束', en: 'Until' },
  dayColumns: { zh: '每日列', en: 'Day columns' },
  dayColumnsNote: {
    zh: '“事项”表右侧每天一列，为当天失败次数；颜色：',
    en: 'The items sheet has one column a day: the failures of that day; colours: ',
  },
  noDayColumns: {
    zh: '时段超过 62 天，“事项”表不列每日失败次数。',
    en: 'The window is longer than 62 days: the items sheet has no column per day.',
  },
  medianSeconds: { zh: '中位用时（秒）', en: 'Median load (s)' },
  p95Seconds: { zh: '95%用时（秒）', en: '95th pct load (s)' },
  outageProbes: { zh: '最长中断（次）', en: 'Longest outage (probes)' },
  outageHours: { zh: '最长中断（小时）', en: 'Longest outage (h)' },
  lastChangeAt: { zh: '最近变化时间', en: 'Last change at' },
  sampleNote: { zh: '样本说明', en: 'Sample note' },
} as const satisfies Record<string, Label>;

/** Fill (ARGB) of a day cell: the HTML strip's tones in the run report's spreadsheet hues. */
const DAY_FILL: Record<DayTone, string> = {
  none: STATUS_FILL.unverified,
  ok: STATUS_FILL.pass,
  some: STATUS_FILL.warn,
  bad: STATUS_FILL.fail,
};

/** A window longer than this gets no column per day (the sheet would be wider than any page). */
const MAX_DAY_COLUMNS = 62;
const RATE_FORMAT = '0.00%';
const SECONDS_FORMAT = '0.00';
const HOURS_FORMAT = '0.0';
/** Times of failures and changes: to the minute (the probes are minutes apart at best). */
const MINUTE_FORMAT = 'yyyy-mm-dd hh:mm';

function solid(cell: ExcelJS.Cell, argb: string): void {
  cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb } };
}

/** An ISO time as an Excel date shown in the report's time zone, or an empty cell. */
function dateCell(iso: string | undefined, timeZone: string): Date | null {
  return iso === undefined ? null : (excelDate(iso, timeZone) ?? null);
}

/** An availability cell: the rate as a number (formatted %), empty when nothing was probed (no 100 % from nothing). */
function rateCell(availability: number, probes: number): number | null {
  return probes > 0 ? availability : null;
}

/** The label/value lines above the summary table; a value spans the table's width and wraps. */
function headingLines(sheet: ExcelJS.Worksheet, title: string, lines: { label: string; value: string | number | Date; numFmt?: string; alert?: boolean }[], width: number): number {
  const top = sheet.addRow([title]);
  top.font = { bold: true, size: 14 };
  top.height = 22;
  for (const line of lines) {
    const row = sheet.addRow([line.label, line.value]);
    row.getCell(1).font = { bold: true };
    row.getCell(1).alignment = { vertical: 'top' };
    const cell = row.getCell(2);
    if (line.numFmt) cell.numFmt = line.numFmt;
    cell.alignment = { horizontal: 'left', vertical: 'top', wrapText: true };
    if (line.alert) cell.font = { bold: true, color: { argb: 'FF9C5700' } };
    sheet.mergeCells(row.number, 2, row.number, width);
    // A long text wraps over the merged width (about 100 characters): give its row the lines it needs.
    if (typeof line.value === 'string' && line.value.length > 50) row.height = Math.ceil(line.value.length / 50) * 15 + 2;
  }
  sheet.addRow([]);
  return sheet.rowCount + 1;
}

function totalsCells(totals: HistoryTotals): (number | null)[] {
  return [totals.items, totals.probedItems, totals.unreachableItems, totals.probes, totals.failures, rateCell(totals.availability, totals.probes)];
}

function summarySheet(workbook: ExcelJS.Workbook, name: string, report: HistoryReport, lang: Lang, timeZone: string, withDays: boolean): void {
  const sheet = workbook.addWorksheet(name);
  const headers = [
    T.institution[lang],
    T.category[lang],
    T.items[lang],
    T.probedItems[lang],
    T.unreachableItems[lang],
    T.probes[lang],
    T.failures[lang],
    T.availability[lang],
  ];
  const dateFormat = (iso: string): string => `${DATE_FORMAT} "(${offsetAt(iso, timeZone)})"`;
  const thin = thinSampleNote(report, lang);
  const colours: Label[] = [
    { zh: '灰', en: 'grey' },
    { zh: '绿', en: 'green' },
    { zh: '黄', en: 'amber' },
    { zh: '红', en: 'red' },
  ];
  const dayNote = withDays
    ? L.dayColumnsNote[lang] +
      (['none', 'ok', 'some', 'bad'] as const)
        .map((tone, i) => `${colours[i]![lang]} ${toneLabel(tone, report.rule, lang)}`)
        .join(lang === 'zh' ? '；' : '; ')
    : L.noDayColumns[lang];
  const lines = [
    { label: T.database[lang], value: report.database },
    { label: L.since[lang], value: dateCell(report.window.since, timeZone) ?? report.window.since, numFmt: dateFormat(report.window.since) },
    { label: L.until[lang], value: dateCell(report.window.until, timeZone) ?? report.window.until, numFmt: dateFormat(report.window.until) },
    { label: T.days[lang], value: report.days.length },
    { label: T.runs[lang], value: report.runs },
    { label: T.rule[lang], value: ruleText(report.rule, lang) },
    { label: T.sample[lang], value: sampleText(report, lang) },
    ...(thin === undefined ? [] : [{ label: L.sampleNote[lang], value: thin, alert: true }]),
    { label: L.dayColumns[lang], value: dayNote },
    { label: T.generatedAt[lang], value: dateCell(report.generatedAt, timeZone) ?? report.generatedAt, numFmt: dateFormat(report.generatedAt) },
    { label: T.timeZone[lang], value: timeZone },
  ];
  const headerRow = headingLines(sheet, T.title[lang], lines, headers.length);
  sheet.addRow(headers);
  const addTotals = (institution: string, category: string, totals: HistoryTotals, bold: boolean): void => {
    const row = sheet.addRow([institution, category, ...totalsCells(totals)]);
    row.getCell(headers.length).numFmt = RATE_FORMAT;
    row.alignment = { vertical: 'top', wrapText: true };
    if (bold) row.font = { bold: true };
    if (totals.unreachableItems > 0) {
      const cell = row.getCell(5);
      solid(cell, STATUS_FILL.fail);
      cell.font = { bold: true };
    }
  };
  for (const institution of report.institutions) {
    for (const category of institution.categories) addTotals(institution.institution, category.category, category, false);
    addTotals(institution.institution, T.total[lang], institution.totals, true);
  }
  addTotals(T.total[lang], '', report.totals, true);
  // The category names of the checklist (up to about 12 characters) on one line.
  finishTable(sheet, headerRow, headers.length, new Map([[2, 26]]));
  // The label column of the lines above the table is as wide as its labels need.
  sheet.getColumn(1).width = Math.max(sheet.getColumn(1).width ?? 0, 12);
}

/** The last change as a text: `恢复，此前中断 2 小时` / `came back after 2 h down`. */
function changeText(item: HistoryItem, lang: Lang): string {
  const change = item.lastChange;
  if (!change) return '';
  const length = durationText(change.afterMs, lang);
  if (lang === 'zh') return change.failing ? `${T.wentDown.zh}，此前正常 ${length}` : `${T.cameBack.zh}，此前中断 ${length}`;
  return change.failing ? `${T.wentDown.en} after ${length} up` : `${T.cameBack.en} after ${length} down`;
}

/** The header of a day column: `11-14`, or `2024-12-31` when the window spans two years. */
function dayHeader(date: string, days: readonly string[]): string {
  const oneYear = days.every((d) => d.slice(0, 4) === days[0]?.slice(0, 4));
  return oneYear ? date.slice(5) : date;
}

function itemsSheet(workbook: ExcelJS.Workbook, name: string, report: HistoryReport, lang: Lang, timeZone: string, withDays: boolean): void {
  const sheet = workbook.addWorksheet(name);
  const offset = offsetAt(report.window.since, timeZone);
  const timed = (label: Label): string => (lang === 'zh' ? `${label.zh}（${offset}）` : `${label.en} (${offset})`);
  const headers = [
    COLUMN.institution[lang],
    COLUMN.no[lang],
    COLUMN.category[lang],
    COLUMN.item[lang],
    COLUMN.urls[lang],
    T.probes[lang],
    T.failures[lang],
    T.availability[lang],
    L.medianSeconds[lang],
    L.p95Seconds[lang],
    L.outageProbes[lang],
    L.outageHours[lang],
    timed(T.firstFailure),
    timed(T.lastFailure),
    timed(L.lastChangeAt),
    T.lastChange[lang],
    T.unreachable[lang],
    T.thinSample[lang],
    ...(withDays ? report.days.map((day) => dayHeader(day, report.days)) : []),
  ];
  const column = (label: string): number => headers.indexOf(label) + 1;
  const at = {
    url: column(COLUMN.urls[lang]),
    availability: column(T.availability[lang]),
    median: column(L.medianSeconds[lang]),
    p95: column(L.p95Seconds[lang]),
    outage: column(L.outageHours[lang]),
    first: column(timed(T.firstFailure)),
    last: column(timed(T.lastFailure)),
    change: column(timed(L.lastChangeAt)),
    unreachable: column(T.unreachable[lang]),
    firstDay: column(T.thinSample[lang]) + 1,
  };
  sheet.addRow(headers);
  const yes = T.yes[lang];
  const no = T.no[lang];
  for (const institution of report.institutions) {
    for (const item of institution.items) {
      const probed = item.probes > 0;
      const outage = item.longestOutage;
      const row = sheet.addRow([
        item.institution,
        item.no,
        item.category,
        item.title,
        item.urls.join('\n'),
        item.probes,
        item.failures,
        rateCell(item.availability, item.probes),
        probed ? item.medianMs / 1000 : null,
        probed ? item.p95Ms / 1000 : null,
        outage ? outage.probes : null,
        // A stretch still failing has no end: it says so rather than showing a length it does not have.
        outage ? (outage.ms === undefined ? T.ongoing[lang] : outage.ms / 3_600_000) : null,
        dateCell(item.firstFailure, timeZone),
        dateCell(item.lastFailure, timeZone),
        dateCell(item.lastChange?.at, timeZone),
        changeText(item, lang),
        item.unreachable ? yes : no,
        item.thinSample ? yes : no,
        ...(withDays ? item.days.map((day) => (day.probes > 0 ? day.failures : null)) : []),
      ]);
      row.alignment = { vertical: 'top', wrapText: true };
      row.getCell(at.availability).numFmt = RATE_FORMAT;
      row.getCell(at.median).numFmt = SECONDS_FORMAT;
      row.getCell(at.p95).numFmt = SECONDS_FORMAT;
      row.getCell(at.outage).numFmt = HOURS_FORMAT;
      for (const c of [at.first, at.last, at.change]) row.getCell(c).numFmt = MINUTE_FORMAT;
      const url = item.urls[0];
      if (item.urls.length === 1 && url && /^https?:\/\//i.test(url)) {
        row.getCell(at.url).value = { text: url, hyperlink: url };
        row.getCell(at.url).font = { color: { argb: 'FF0563C1' }, underline: true };
      }
      if (item.unreachable) {
        const cell = row.getCell(at.unreachable);
        solid(cell, STATUS_FILL.fail);
        cell.font = { bold: true };
      }
      if (withDays) {
        item.days.forEach((day, i) => {
          const cell = row.getCell(at.firstDay + i);
          solid(cell, DAY_FILL[dayTone(day, report.rule)]);
          cell.alignment = { horizontal: 'center', vertical: 'top' };
        });
      }
    }
  }
  // Narrow columns (their headers wrap) so that the sheet prints at a readable size on landscape A4.
  const caps = new Map<number, number>([
    [column(COLUMN.institution[lang]), 12],
    [column(COLUMN.no[lang]), 5],
    [column(COLUMN.category[lang]), 12],
    [column(COLUMN.item[lang]), 26],
    [at.url, 26],
    [column(T.probes[lang]), 7],
    [column(T.failures[lang]), 7],
    [at.availability, 9],
    [at.median, 7],
    [at.p95, 7],
    [column(L.outageProbes[lang]), 7],
    [at.outage, 8],
    [at.first, 17],
    [at.last, 17],
    [at.change, 17],
    [column(T.lastChange[lang]), 16],
    [at.unreachable, 9],
    [column(T.thinSample[lang]), 9],
  ]);
  for (let i = 0; withDays && i < report.days.length; i++) caps.set(at.firstDay + i, 6);
  finishTable(sheet, 1, headers.length, caps);
  // The frozen pane keeps the item in sight while scrolling right to the days.
  sheet.views = [{ state: 'frozen', xSplit: column(COLUMN.item[lang]), ySplit: 1 }];
}

export async function renderHistoryXlsx(report: HistoryReport, options: ReportOptions): Promise<Buffer> {
  const { lang } = options;
  const timeZone = report.timeZone || reportTimeZone(options);
  const { default: Excel } = await import('exceljs');
  const workbook = new Excel.Workbook();
  workbook.creator = `${report.tool.name} ${report.tool.version}`;
  workbook.created = new Date(report.generatedAt);
  const taken = new Set<string>();
  const withDays = report.days.length > 0 && report.days.length <= MAX_DAY_COLUMNS;
  summarySheet(workbook, sheetName(L.summary[lang], taken), report, lang, timeZone, withDays);
  itemsSheet(workbook, sheetName(L.items[lang], taken), report, lang, timeZone, withDays);
  const bytes = await workbook.xlsx.writeBuffer();
  return Buffer.from(bytes);
}
