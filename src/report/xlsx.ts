// The XLSX report (exceljs), shaped for the office that opens it in Excel and prints it:
// - single institution: a summary sheet (institution, period, site and check time above the table of categories)
//   and the items sheet;
// - several institutions: 各校概览 (one row per institution), 分类汇总 (学校 × 类别), 全部事项 (every item with a
//   学校 column, to filter and sort in one place), then one items sheet per institution, named "1 学校名".
// Cells are typed: numbers (item number, HTTP status, counts, rate) are numbers, times are Excel dates, text is a
// string cell. A string cell is never a formula, so text starting with = + - @ is written as it is (no visible
// apostrophe): exceljs writes it as a shared string (`t="s"`), which Excel and LibreOffice show as text.
// Every sheet prints landscape on A4, fit to the page width, with its header row repeated on every page; long text
// wraps in columns of a bounded width. A `review` run gets its sheet of requirements first. exceljs is loaded when a
// workbook is written, not at every start of the CLI.
import { PassThrough } from 'node:stream';
import type ExcelJS from 'exceljs';
import type { ChecklistResult, ItemResult, ItemStatus, Lang, RequirementStatus, RunResult, StatusCounts } from '../types.js';
import { requirementTable, reviewOnly, REVIEW_TEXT } from './requirements.js';
import { itemCells, itemHeaders, removedCells } from './csv.js';
import { displayWidth, formatPeriod, incompleteNote, networkNote, reportTimeZone, type ReportOptions } from './common.js';
import { COLUMN, SCORE_TEXT, summaryCountColumns, TEXT, type ChangeKind } from './labels.js';
import { judgedCount } from '../verdict/verdict.js';
import { assessRun, leagueScoreText, leagueTable, scoreText, strikeText, type InstitutionScore } from '../verdict/score.js';
import { excelDate, offsetAt } from '../time.js';

/** Fill colours (ARGB) of status cells: the same hues as the terminal and HTML reports. */
export const STATUS_FILL: Record<ItemStatus, string> = {
  pass: 'FFC6EFCE',
  warn: 'FFFFEB9C',
  fail: 'FFFFC7CE',
  missing: 'FFE4C7F0',
  unverified: 'FFE7E7E7',
  unchecked: 'FFF2F2F2',
};

/** Fill colours of 变化 cells; unchanged items keep no fill so the changes stand out. */
export const CHANGE_FILL: Partial<Record<ChangeKind, string>> = {
  regressed: 'FFFFC7CE',
  fixed: 'FFC6EFCE',
  improved: 'FFE2F0D9',
  new: 'FFDDEBF7',
  removed: 'FFE7E6E6',
};

const HEADER_FILL = 'FF1F4E79';
/** Widest a column gets (in Excel's character units, a CJK character counting 2); longer text wraps. */
const MAX_WIDTH = 48;
/** Date-time cells: Excel shows the run's local time (see `excelDate`). */
export const DATE_FORMAT = 'yyyy-mm-dd hh:mm:ss';
/** Points per line of wrapped text (11-point type, CJK). */
const LINE_HEIGHT = 15;

/** Labels only the workbook shows. */
const L = {
  categorySummary: { zh: '分类汇总', en: 'By category' },
  allItems: { zh: '全部事项', en: 'All items' },
  institution: { zh: '学校', en: 'Institution' },
  site: { zh: '网站', en: 'Site' },
  institutions: { zh: '学校数', en: 'Institutions' },
} as const;

// ───────────────────────────── time ─────────────────────────────
// The run's time zone comes from the report options (--tz, else TZ or the system's: src/time.ts), as in every report.

/** `UTC+8`, `UTC-5:30`, `UTC`: the offset of `timeZone` at the time `iso`. */
export const utcOffsetLabel = offsetAt;
export { excelDate };

// ───────────────────────────── sheet names ─────────────────────────────

/**
 * A valid, unique sheet name: at most 31 characters, none of []:*?/\ , not empty. `prefix` (e.g. "2 ") and `suffix`
 * are kept whole and the name between them shortened (ending in "…" when cut). A name already taken gets a number
 * only as the last resort (callers give unique prefixes).
 */
export function sheetName(wanted: string, taken: Set<string>, suffix = '', prefix = ''): string {
  const clean = (text: string): string => text.replace(/[[\]:*?/\\]/g, '_').replace(/^'+|'+$/g, '');
  const room = 31 - [...prefix].length - [...suffix].length;
  const chars = [...clean(wanted).trim()];
  const middle = chars.length > room ? `${chars.slice(0, room - 1).join('')}…` : chars.join('');
  const base = (clean(prefix) + middle + clean(suffix)).trim() || 'Sheet';
  let name = base;
  for (let n = 2; taken.has(name.toLowerCase()); n++) {
    const tail = ` (${n})`;
    name = [...base].slice(0, 31 - tail.length).join('') + tail;
  }
  taken.add(name.toLowerCase());
  return name;
}

// ───────────────────────────── layout ─────────────────────────────

function styleHeader(row: ExcelJS.Row): void {
  row.font = { bold: true, color: { argb: 'FFFFFFFF' } };
  row.alignment = { vertical: 'middle', wrapText: true };
  row.eachCell((cell) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: HEADER_FILL } };
  });
}

/**
 * The widest each item column gets (Excel character units); its text wraps beyond. Together they stay near 200
 * characters, which landscape A4 fit to the page width prints at a readable size.
 */
const COLUMN_CAP: Partial<Record<keyof typeof COLUMN, number>> = {
  institution: 20,
  no: 6,
  category: 20,
  item: 30,
  urls: 36,
  status: 8,
  change: 8,
  baselineStatus: 8,
  http: 10,
  finalUrl: 24,
  findings: 36,
  checkedAt: 20,
};

/** The cap of the column headed `header`, or MAX_WIDTH. */
function capOf(header: string): number {
  for (const [key, cap] of Object.entries(COLUMN_CAP)) {
    const label = COLUMN[key as keyof typeof COLUMN];
    if (label.zh === header || label.en === header) return cap;
  }
  return MAX_WIDTH;
}

/** The text a cell shows, for measuring: dates and rates as formatted, numbers as written. */
function shownText(cell: ExcelJS.Cell): string {
  if (cell.value instanceof Date) return DATE_FORMAT + ' (UTC+00:00)';
  if (typeof cell.value === 'number') {
    if (cell.numFmt?.endsWith('%')) return cell.numFmt === '0.0%' ? '100.0%' : '100.00%';
    return cell.numFmt === '0.00' ? cell.value.toFixed(2) : String(cell.value);
  }
  return cell.text ?? '';
}

/** The widest text of each column from the header row down (a CJK character counts 2), at least 4. */
function widestTexts(sheet: ExcelJS.Worksheet, headerRow: number): number[] {
  return sheet.columns.map((column) => {
    let widest = 4;
    column.eachCell?.({ includeEmpty: false }, (cell, rowNumber) => {
      if (rowNumber < headerRow) return;
      for (const line of shownText(cell).split('\n')) widest = Math.max(widest, displayWidth(line));
    });
    return widest;
  });
}

/** A column's width: its widest text and a margin, at most the column's cap (`caps`, else its header's). */
function columnWidth(header: string, column: number, widest: number, caps?: ReadonlyMap<number, number>): number {
  return Math.min(caps?.get(column) ?? capOf(header), widest + 2);
}

/**
 * Column widths fit to the text from the header row down (a CJK character counts 2), at most the column's cap; then
 * each row from the header down gets the height of its wrapped text (Excel and LibreOffice do not grow a row for
 * wrapped text written by a program, so without it long titles would print cut).
 */
function fitColumns(sheet: ExcelJS.Worksheet, headerRow: number, caps?: ReadonlyMap<number, number>): void {
  const widest = widestTexts(sheet, headerRow);
  sheet.columns.forEach((column, index) => {
    column.width = columnWidth(sheet.getRow(headerRow).getCell(index + 1).text, index + 1, widest[index]!, caps);
  });
  fitRowHeights(sheet, headerRow);
}

/** Each row from `fromRow` down gets the height of its wrapped text in the columns' widths. */
function fitRowHeights(sheet: ExcelJS.Worksheet, fromRow: number): void {
  sheet.eachRow((row, rowNumber) => {
    if (rowNumber < fromRow) return;
    let lines = 1;
    row.eachCell((cell, column) => {
      // A link is one unbreakable word: it is cut at the column's edge, not wrapped (the cell links to it whole).
      if (typeof cell.value === 'object' && cell.value !== null && 'hyperlink' in cell.value) return;
      const room = Math.max(1, (sheet.getColumn(column).width ?? 9) - 1);
      const wrapped = shownText(cell)
        .split('\n')
        .reduce((sum, line) => sum + Math.max(1, Math.ceil(displayWidth(line) / room)), 0);
      lines = Math.max(lines, wrapped);
    });
    if (lines > 1) row.height = Math.min(409, lines * LINE_HEIGHT + 2);
  });
}

/**
 * Frozen header, auto filter, header style, widths, and the print setup every sheet shares. `caps`: the widest
 * some columns get (by column number), instead of the cap of their header's label.
 */
export function finishTable(sheet: ExcelJS.Worksheet, headerRow: number, columnCount: number, caps?: ReadonlyMap<number, number>): void {
  frameTable(sheet, headerRow, columnCount);
  fitColumns(sheet, headerRow, caps);
}

/** What finishTable does but fitting the columns: frozen header, auto filter, header style and print setup. */
function frameTable(sheet: ExcelJS.Worksheet, headerRow: number, columnCount: number): void {
  sheet.views = [{ state: 'frozen', xSplit: 0, ySplit: headerRow }];
  sheet.autoFilter = { from: { row: headerRow, column: 1 }, to: { row: headerRow, column: columnCount } };
  styleHeader(sheet.getRow(headerRow));
  sheet.pageSetup = {
    ...sheet.pageSetup,
    paperSize: 9, // A4
    orientation: 'landscape',
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0, // as many pages down as needed
    printTitlesRow: `${headerRow}:${headerRow}`,
    horizontalCentered: true,
    margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.5, header: 0.3, footer: 0.3 },
  };
  sheet.headerFooter = { oddFooter: '&C&P / &N' };
}

function banner(sheet: ExcelJS.Worksheet, lang: Lang, text: string = TEXT.incomplete[lang]): void {
  text ||= TEXT.incomplete[lang];
  // Below the table, so nothing interrupts the rows the filter and the frozen pane work on.
  sheet.addRow([]);
  const row = sheet.addRow([`! ${text}`]);
  row.font = { bold: true, color: { argb: 'FF9C0006' } };
}

/** The HTTP cell: the status as a number for one page, `200/404` for several, empty without a response. */
function httpCell(item: ItemResult): number | string {
  const statuses = item.pages.map((p) => p.status);
  if (statuses.length === 1 && statuses[0] !== undefined) return statuses[0];
  return statuses.length === 0 ? '' : statuses.map((s) => (s === undefined ? '—' : String(s))).join('/');
}

interface ItemColumns {
  headers: string[];
  status: number;
  url: number;
  change: number;
  http: number;
  checkedAt: number;
}

function itemColumns(lang: Lang, withInstitution: boolean, withChange: boolean, offset: string): ItemColumns {
  const headers = itemHeaders(lang, withInstitution, withChange, offset);
  const at = (label: string): number => headers.indexOf(label) + 1;
  // The check-time header carries the zone's offset: 检查时间（UTC+8）.
  return {
    headers,
    status: at(COLUMN.status[lang]),
    url: at(COLUMN.urls[lang]),
    change: withChange ? at(COLUMN.change[lang]) : 0,
    http: at(COLUMN.http[lang]),
    checkedAt: headers.length,
  };
}

/** The rows of one checklist's items (and removed items, with a baseline) appended to `sheet`. */
function addItemRows(sheet: ExcelJS.Worksheet, result: ChecklistResult, columns: ItemColumns, lang: Lang, withInstitution: boolean, withChange: boolean, timeZone: string): void {
  const lead = withInstitution ? [result.checklist.institution] : [];
  const paintChange = (row: ExcelJS.Row, change: ChangeKind | undefined): void => {
    const fill = change ? CHANGE_FILL[change] : undefined;
    if (!fill) return;
    const cell = row.getCell(columns.change);
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: fill } };
    cell.font = { bold: change === 'regressed' };
  };
  for (const item of result.items) {
    const cells: (string | number | Date)[] = [...lead, ...itemCells(item, lang, withChange)];
    cells[lead.length] = item.no;
    cells[columns.http - 1] = httpCell(item);
    // An item the run did not reach has no check time.
    cells[columns.checkedAt - 1] = item.status === 'unchecked' ? '' : excelDate(item.checkedAt, timeZone) ?? item.checkedAt;
    const row = sheet.addRow(cells);
    row.alignment = { vertical: 'top', wrapText: true };
    const status = row.getCell(columns.status);
    status.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: STATUS_FILL[item.status] } };
    status.font = { bold: item.status !== 'pass' };
    row.getCell(columns.checkedAt).numFmt = DATE_FORMAT;
    const url = item.urls[0];
    if (item.urls.length === 1 && url && /^https?:\/\//i.test(url)) {
      row.getCell(columns.url).value = { text: url, hyperlink: url };
      row.getCell(columns.url).font = { color: { argb: 'FF0563C1' }, underline: true };
    }
    if (withChange) paintChange(row, item.change);
  }
  if (withChange) {
    for (const removed of result.removed ?? []) {
      const cells: (string | number)[] = [...lead, ...removedCells(removed, lang)];
      cells[lead.length] = removed.no;
      const row = sheet.addRow(cells);
      row.alignment = { vertical: 'top', wrapText: true };
      paintChange(row, 'removed');
    }
  }
}

function itemsSheet(workbook: ExcelJS.Workbook, results: ChecklistResult[], name: string, options: ReportOptions, run: RunResult, withInstitution: boolean, timeZone: string): void {
  const { lang } = options;
  const withChange = run.baseline !== undefined;
  const sheet = workbook.addWorksheet(name);
  const columns = itemColumns(lang, withInstitution, withChange, offsetAt(results[0]?.items[0]?.checkedAt ?? run.startedAt, timeZone));
  sheet.addRow(columns.headers);
  for (const result of results) addItemRows(sheet, result, columns, lang, withInstitution, withChange, timeZone);
  finishTable(sheet, 1, columns.headers.length);
  if (!run.complete) banner(sheet, lang, incompleteNote(run, lang));
}

/**
 * Label/value lines above a summary table: who was checked and when; each value spans the columns up to `width` so
 * that a date or an address is not cut. Returns the number of the table's header row.
 */
function heading(sheet: ExcelJS.Worksheet, title: string, lines: [string, string | number | Date, string?][], width: number): number {
  const top = sheet.addRow([title]);
  top.font = { bold: true, size: 14 };
  top.height = 22;
  for (const [label, value, numFmt] of lines) {
    const row = sheet.addRow([label, value]);
    row.getCell(1).font = { bold: true };
    if (numFmt) row.getCell(2).numFmt = numFmt;
    row.getCell(2).alignment = { horizontal: 'left' };
    sheet.mergeCells(row.number, 2, row.number, width);
  }
  sheet.addRow([]);
  return sheet.rowCount + 1;
}

/** 检查时间 as an Excel date shown in the run's time zone, its offset written into the cell's format. */
function checkedAtLine(run: RunResult, lang: Lang, timeZone: string): [string, string | Date, string] {
  return [TEXT.checkedAt[lang], excelDate(run.startedAt, timeZone) ?? run.startedAt, `${DATE_FORMAT} "(${utcOffsetLabel(run.startedAt, timeZone)})"`];
}

/** A summary row's cells (`summaryCountColumns(total)`): the rate a number, `—` when no item was judged. */
function countsCells(k: StatusCounts, total: Pick<StatusCounts, 'unchecked'> = k): (number | string)[] {
  const rate = k.total > 0 && judgedCount(k) <= 0 ? '—' : k.complianceRate;
  return (total.unchecked ?? 0) > 0
    ? [k.pass, k.warn, k.fail, k.missing, k.unchecked ?? 0, k.total, rate]
    : [k.pass, k.warn, k.fail, k.missing, k.total, rate];
}

/** The sheet of one checklist's categories, under the institution, its period and site, and the check time. */
function summarySheet(workbook: ExcelJS.Workbook, name: string, result: ChecklistResult, run: RunResult, lang: Lang, timeZone: string, assessed?: InstitutionScore): void {
  const sheet = workbook.addWorksheet(name);
  const { checklist, summary } = result;
  const lines: [string, string | number | Date, string?][] = [];
  if (checklist.period) lines.push([TEXT.period[lang], formatPeriod(checklist.period, lang) ?? '']);
  if (checklist.site) lines.push([L.site[lang], checklist.site]);
  lines.push(checkedAtLine(run, lang, timeZone));
  const columns = summaryCountColumns(summary);
  const headerRow = heading(sheet, checklist.institution, lines, 1 + columns.length);
  const headers = [COLUMN.category[lang], ...columns.map((l) => l[lang])];
  sheet.addRow(headers);
  const body = [...summary.categories.map((c) => ({ name: c.name, counts: c })), { name: TEXT.overall[lang], counts: summary as StatusCounts }];
  body.forEach((r, index) => {
    const row = sheet.addRow([r.name, ...countsCells(r.counts, summary)]);
    row.getCell(headers.length).numFmt = '0.0%';
    row.alignment = { vertical: 'top', wrapText: true };
    if (index === body.length - 1) row.font = { bold: true };
  });
  finishTable(sheet, headerRow, headers.length);
  sheet.getColumn(headers.length).width = Math.max(sheet.getColumn(headers.length).width ?? 0, 10);
  if (assessed) assessmentRows(sheet, assessed, lang);
  if (!run.complete) banner(sheet, lang, incompleteNote(run, lang));
}

/** Below an institution's summary table: its one-strike verdicts in red, its score and each category's score rate. */
function assessmentRows(sheet: ExcelJS.Worksheet, assessed: InstitutionScore, lang: Lang): void {
  sheet.addRow([]);
  for (const strike of assessed.strikes) {
    const row = sheet.addRow([strikeText(strike, lang)]);
    row.font = { bold: true, color: { argb: 'FF9C0006' } };
    row.getCell(1).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: STATUS_FILL.fail } };
  }
  sheet.addRow([SCORE_TEXT.score[lang], scoreText(assessed, lang)]).font = { bold: true };
  sheet.addRow([SCORE_TEXT.categoryRates[lang]]).font = { bold: true };
  for (const category of assessed.categories) {
    const row = sheet.addRow([category.name, category.rate]);
    row.getCell(2).numFmt = '0.0%';
  }
}

/** The league table of a multi-institution run: rank, institution, score, one-strike verdicts; best first. */
function leagueSheet(workbook: ExcelJS.Workbook, name: string, assessed: readonly InstitutionScore[], lang: Lang, complete: boolean): void {
  const sheet = workbook.addWorksheet(name);
  const headers = [SCORE_TEXT.rank[lang], COLUMN.institution[lang], SCORE_TEXT.score[lang], SCORE_TEXT.strikes[lang]];
  sheet.addRow(headers);
  // Ranked institutions best first, then those without a score (unranked, the reason in the score cell).
  for (const entry of leagueTable(assessed)) {
    const row = sheet.addRow([entry.rank ?? '—', entry.institution, entry.withheld === undefined ? entry.score : leagueScoreText(entry, lang), entry.strikes.map((s) => strikeText(s, lang)).join('\n')]);
    row.getCell(3).numFmt = '0.0';
    row.alignment = { vertical: 'top', wrapText: true };
    if (entry.strikes.length > 0) row.getCell(4).font = { bold: true, color: { argb: 'FF9C0006' } };
  }
  finishTable(sheet, 1, headers.length);
  sheet.addRow([]);
  sheet.addRow([SCORE_TEXT.rule[lang]]).font = { italic: true };
  if (!complete) banner(sheet, lang);
}

/** Several institutions: one row per institution, then the run's total. */
function overviewSheet(workbook: ExcelJS.Workbook, name: string, run: RunResult, results: ChecklistResult[], lang: Lang, timeZone: string): void {
  const sheet = workbook.addWorksheet(name);
  const columns = summaryCountColumns(run.summary);
  const headerRow = heading(sheet, TEXT.overview[lang], [[L.institutions[lang], results.length], checkedAtLine(run, lang, timeZone)], 1 + columns.length);
  const headers = [COLUMN.institution[lang], ...columns.map((l) => l[lang])];
  sheet.addRow(headers);
  const body = [...results.map((r) => ({ name: r.checklist.institution, counts: r.summary })), { name: TEXT.overall[lang], counts: run.summary }];
  body.forEach((r, index) => {
    const row = sheet.addRow([r.name, ...countsCells(r.counts, run.summary)]);
    row.getCell(headers.length).numFmt = '0.0%';
    if (index === body.length - 1) row.font = { bold: true };
  });
  finishTable(sheet, headerRow, headers.length);
  if (!run.complete) banner(sheet, lang, incompleteNote(run, lang));
}

/** Several institutions: 学校 × 类别, one row per category of each institution. */
function categorySheet(workbook: ExcelJS.Workbook, name: string, run: RunResult, results: ChecklistResult[], lang: Lang): void {
  const sheet = workbook.addWorksheet(name);
  const headers = [COLUMN.institution[lang], COLUMN.category[lang], ...summaryCountColumns(run.summary).map((l) => l[lang])];
  sheet.addRow(headers);
  for (const result of results) addCategoryRows(sheet, result, run);
  finishTable(sheet, 1, headers.length);
  if (!run.complete) banner(sheet, lang, incompleteNote(run, lang));
}

const REVIEW_FILL: Record<RequirementStatus, string> = { pass: STATUS_FILL.pass, warn: STATUS_FILL.warn, fail: STATUS_FILL.fail };

/** `review`: a sheet of the report's requirements, first in the workbook. */
function reviewSheet(workbook: ExcelJS.Workbook, run: RunResult, name: string, lang: Lang): void {
  const table = requirementTable(run, lang);
  if (table.rows.length === 0) return;
  const sheet = workbook.addWorksheet(name);
  sheet.addRow(table.header);
  for (const { status, cells } of table.rows) {
    const row = sheet.addRow(cells);
    const cell = row.getCell(3);
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: REVIEW_FILL[status] } };
    cell.font = { bold: status !== 'pass' };
    row.alignment = { vertical: 'top', wrapText: true };
  }
  finishTable(sheet, 1, table.header.length);
}

/** A run that could not reach the network says so on the first sheet, before any table. */
function networkSheet(workbook: ExcelJS.Workbook, run: RunResult, lang: Lang, taken: Set<string>): void {
  const network = networkNote(run, lang);
  if (network === undefined) return;
  const sheet = workbook.addWorksheet(sheetName(lang === 'zh' ? '网络' : 'Network', taken));
  sheet.getColumn(1).width = 100;
  const row = sheet.addRow([network]);
  row.alignment = { wrapText: true, vertical: 'top' };
  row.font = { bold: true, color: { argb: run.network?.offline ? 'FF9C0006' : 'FF1F2328' } };
}

/** The whole workbook in memory (`render`; files and stdout are written by `xlsxChunks`, which streams it). */
export async function renderXlsx(run: RunResult, options: ReportOptions): Promise<Buffer> {
  const { lang } = options;
  const timeZone = reportTimeZone(options);
  const { default: Excel } = await import('exceljs');
  const workbook = new Excel.Workbook();
  workbook.creator = `${run.tool.name} ${run.tool.version}`;
  workbook.created = new Date(run.finishedAt);
  const taken = new Set<string>();
  networkSheet(workbook, run, lang, taken);
  reviewSheet(workbook, run, sheetName(REVIEW_TEXT.heading[lang], taken), lang);
  // A result of `review --no-fetch` has no matrix: it has no sheet of items either.
  const checked = run.results.filter((r) => !reviewOnly(r));
  const assessed = assessRun(run);
  if (checked.length > 1) {
    overviewSheet(workbook, sheetName(TEXT.overview[lang], taken), run, checked, lang, timeZone);
    leagueSheet(workbook, sheetName(SCORE_TEXT.league[lang], taken), assessed, lang, run.complete);
    categorySheet(workbook, sheetName(L.categorySummary[lang], taken), run, checked, lang);
    itemsSheet(workbook, checked, sheetName(L.allItems[lang], taken), options, run, true, timeZone);
    // One items sheet per institution, numbered as in the overview: short, unique, never "… (2)".
    const width = String(checked.length).length;
    checked.forEach((result, i) => {
      const name = sheetName(result.checklist.institution, taken, '', `${String(i + 1).padStart(width, '0')} `);
      itemsSheet(workbook, [result], name, options, run, false, timeZone);
    });
  } else {
    for (const result of checked) {
      summarySheet(workbook, sheetName(TEXT.summary[lang], taken), result, run, lang, timeZone, assessed[run.results.indexOf(result)]);
      itemsSheet(workbook, [result], sheetName(result.checklist.institution, taken), options, run, false, timeZone);
    }
  }
  const bytes = await workbook.xlsx.writeBuffer();
  return Buffer.from(bytes);
}

// ───────────────────────────── streamed ─────────────────────────────
// The same workbook written by exceljs' streaming writer, rows committed as they are made, so that it is never held
// whole. Each sheet is first built, a part at a time, in a scratch workbook by the functions above and copied into
// the streamed sheet (its widths, frozen pane, filter and print setup before its first row). The sheets of a few rows
// per institution (network, requirements, overview, league, a single institution's summary, each institution's items)
// are built whole in the scratch workbook; the two that grow with the run (全部事项, every item; 分类汇总, every
// category of every institution) are built one institution at a time, twice: once to measure the columns' widths,
// once to write the rows. Strings are written in the cells (not in a shared-strings table, which would hold every
// string of the run until the end); Excel reads them as the same text cells.

/** The streamed workbook's pieces: the bytes of the .xlsx file, as exceljs zips them. */
export async function* xlsxChunks(run: RunResult, options: ReportOptions): AsyncGenerator<Uint8Array, void, undefined> {
  const { default: Excel } = await import('exceljs');
  const output = new PassThrough();
  const writer = new Excel.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true, useSharedStrings: false });
  writer.creator = `${run.tool.name} ${run.tool.version}`;
  writer.created = new Date(run.finishedAt);
  const scratch = new Excel.Workbook();
  const written = writeStreamed(writer, scratch, run, options)
    .then(() => writer.commit())
    .catch((err: unknown) => {
      output.destroy(err instanceof Error ? err : new Error(String(err)));
    });
  try {
    for await (const chunk of output) yield chunk as Uint8Array;
  } finally {
    await written;
  }
}

/** Let the zip writer take what is written so far (rows wait in memory until it does). */
const breathe = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

async function writeStreamed(writer: ExcelJS.stream.xlsx.WorkbookWriter, scratch: ExcelJS.Workbook, run: RunResult, options: ReportOptions): Promise<void> {
  const { lang } = options;
  const timeZone = reportTimeZone(options);
  const taken = new Set<string>();
  /** Build a sheet whole in the scratch workbook, then stream it. */
  const whole = async (build: (workbook: ExcelJS.Workbook) => void): Promise<void> => {
    const before = new Set(scratch.worksheets.map((sheet) => sheet.id));
    build(scratch);
    for (const sheet of scratch.worksheets.filter((s) => !before.has(s.id))) {
      copySheet(sheet, writer);
      scratch.removeWorksheet(sheet.id);
    }
    await breathe();
  };
  await whole((workbook) => networkSheet(workbook, run, lang, taken));
  await whole((workbook) => reviewSheet(workbook, run, sheetName(REVIEW_TEXT.heading[lang], taken), lang));
  const checked = run.results.filter((r) => !reviewOnly(r));
  const assessed = assessRun(run);
  if (checked.length > 1) {
    await whole((workbook) => overviewSheet(workbook, sheetName(TEXT.overview[lang], taken), run, checked, lang, timeZone));
    await whole((workbook) => leagueSheet(workbook, sheetName(SCORE_TEXT.league[lang], taken), assessed, lang, run.complete));
    const summaryColumns = summaryCountColumns(run.summary);
    await streamedTable(writer, scratch, sheetName(L.categorySummary[lang], taken), {
      headers: [COLUMN.institution[lang], COLUMN.category[lang], ...summaryColumns.map((l) => l[lang])],
      parts: checked,
      addRows: (sheet, result) => addCategoryRows(sheet, result, run),
      after: (sheet) => {
        if (!run.complete) banner(sheet, lang, incompleteNote(run, lang));
      },
    });
    const withChange = run.baseline !== undefined;
    const columns = itemColumns(lang, true, withChange, offsetAt(checked[0]?.items[0]?.checkedAt ?? run.startedAt, timeZone));
    await streamedTable(writer, scratch, sheetName(L.allItems[lang], taken), {
      headers: columns.headers,
      parts: checked,
      addRows: (sheet, result) => addItemRows(sheet, result, columns, lang, true, withChange, timeZone),
      after: (sheet) => {
        if (!run.complete) banner(sheet, lang, incompleteNote(run, lang));
      },
    });
    const width = String(checked.length).length;
    for (const [i, result] of checked.entries()) {
      const name = sheetName(result.checklist.institution, taken, '', `${String(i + 1).padStart(width, '0')} `);
      await whole((workbook) => itemsSheet(workbook, [result], name, options, run, false, timeZone));
    }
  } else {
    for (const result of checked) {
      await whole((workbook) => summarySheet(workbook, sheetName(TEXT.summary[lang], taken), result, run, lang, timeZone, assessed[run.results.indexOf(result)]));
      await whole((workbook) => itemsSheet(workbook, [result], sheetName(result.checklist.institution, taken), options, run, false, timeZone));
    }
  }
}

/** The rows of 分类汇总 for one institution: one per category. */
function addCategoryRows(sheet: ExcelJS.Worksheet, result: ChecklistResult, run: RunResult): void {
  const width = 2 + summaryCountColumns(run.summary).length;
  for (const category of result.summary.categories) {
    const row = sheet.addRow([result.checklist.institution, category.name, ...countsCells(category, run.summary)]);
    row.getCell(width).numFmt = '0.0%';
  }
}

/**
 * A table of one header row whose rows come a part (an institution) at a time: the parts' rows are made once to
 * measure the columns, then again to be written, each part in a scratch sheet that is dropped once copied.
 */
async function streamedTable<Part>(
  writer: ExcelJS.stream.xlsx.WorkbookWriter,
  scratch: ExcelJS.Workbook,
  name: string,
  table: { headers: string[]; parts: readonly Part[]; addRows: (sheet: ExcelJS.Worksheet, part: Part) => void; after: (sheet: ExcelJS.Worksheet) => void },
): Promise<void> {
  const { headers } = table;
  const inScratch = <T>(work: (sheet: ExcelJS.Worksheet) => T): T => {
    const sheet = scratch.addWorksheet(`scratch ${scratch.worksheets.length + 1}`);
    try {
      return work(sheet);
    } finally {
      scratch.removeWorksheet(sheet.id);
    }
  };
  // The widest text of each column, over the header and every part's rows.
  const widest = inScratch((sheet) => {
    sheet.addRow(headers);
    return widestTexts(sheet, 1);
  });
  for (const part of table.parts) {
    inScratch((sheet) => {
      table.addRows(sheet, part);
      widestTexts(sheet, 1).forEach((w, i) => (widest[i] = Math.max(widest[i] ?? 4, w)));
    });
    await breathe();
  }
  const widths = widest.map((w, i) => columnWidth(headers[i] ?? '', i + 1, w));
  const setWidths = (sheet: ExcelJS.Worksheet): void => widths.forEach((width, i) => (sheet.getColumn(i + 1).width = width));
  // The header row, as finishTable makes it, with the widths of the whole table.
  let target: ExcelJS.Worksheet | undefined;
  let next = 1;
  inScratch((sheet) => {
    sheet.addRow(headers);
    frameTable(sheet, 1, headers.length);
    setWidths(sheet);
    fitRowHeights(sheet, 1);
    target = openSheet(writer, sheet, name);
    next = copyRows(sheet, target, next);
  });
  for (const part of table.parts) {
    inScratch((sheet) => {
      table.addRows(sheet, part);
      setWidths(sheet);
      fitRowHeights(sheet, 1);
      next = copyRows(sheet, target!, next);
    });
    await breathe();
  }
  inScratch((sheet) => {
    table.after(sheet);
    next = copyRows(sheet, target!, next);
  });
  target!.commit();
  await breathe();
}

/** A streamed sheet named `name` with the widths, frozen pane, filter, print setup and page footer of `like`. */
function openSheet(writer: ExcelJS.stream.xlsx.WorkbookWriter, like: ExcelJS.Worksheet, name = like.name): ExcelJS.Worksheet {
  const sheet = writer.addWorksheet(name, {
    properties: like.properties,
    views: like.views,
    pageSetup: like.pageSetup,
    headerFooter: like.headerFooter,
    // exceljs' streaming writer takes the filter when the sheet is made (its type leaves it out).
    ...({ autoFilter: like.autoFilter } as object),
  });
  like.columns?.forEach((column, index) => {
    if (column.width !== undefined) sheet.getColumn(index + 1).width = column.width;
  });
  if (like.pageSetup.horizontalCentered) printCentred(sheet);
  return sheet;
}

/**
 * exceljs' streaming writer leaves out <printOptions> (the in-memory one writes it): the sheet's print centring is
 * written just before its page margins, where the schema wants it. Its writer's method is private, hence the cast.
 */
function printCentred(sheet: ExcelJS.Worksheet): void {
  const writer = sheet as unknown as { _writePageMargins(): void; stream: { write(text: string): void } };
  const writeMargins = writer._writePageMargins.bind(writer);
  writer._writePageMargins = () => {
    writer.stream.write('<printOptions horizontalCentered="1"/>');
    writeMargins();
  };
}

/**
 * Copy the rows of `from` (values, styles, heights) into the streamed sheet `to` from its row `first` on, and commit
 * them; returns the number of the row after them.
 */
function copyRows(from: ExcelJS.Worksheet, to: ExcelJS.Worksheet, first: number, commit = true): number {
  let last: ExcelJS.Row | undefined;
  for (let n = 1; n <= from.rowCount; n++) {
    const model = from.findRow(n)?.model;
    if (!model) continue;
    const row = to.getRow(first + n - 1);
    const number = String(row.number);
    // A cell model's address is its A1 text at run time (exceljs types it as an object).
    const cells = (model.cells ?? []).map((cell) => ({ ...cell, address: String(cell.address as unknown as string).replace(/\d+$/, number) as unknown as ExcelJS.Address }));
    row.model = { ...model, number: row.number, cells };
    last = row;
  }
  if (commit) last?.commit();
  return first + from.rowCount;
}

/** A scratch sheet streamed whole: its rows, then its merged cells, then committed. */
function copySheet(from: ExcelJS.Worksheet, writer: ExcelJS.stream.xlsx.WorkbookWriter): void {
  const to = openSheet(writer, from);
  copyRows(from, to, 1, false);
  for (const range of from.model.merges) to.mergeCells(range);
  to.commit();
}
