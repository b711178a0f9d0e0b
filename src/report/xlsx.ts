// The XLSX report (exceljs): a summary sheet, a sheet per institution (and an overview when there are several),
// status cells coloured, header row frozen, auto filter, column widths fit to Chinese text. Every cell is a plain
// string or number; strings that a spreadsheet could read as a formula are neutralised like the CSV's.
// exceljs is loaded when a workbook is written, not at every start of the CLI (it is the largest dependency).
import type { RequirementStatus } from '../types.js';
import { requirementTable, reviewOnly, REVIEW_TEXT } from './requirements.js';
import type ExcelJS from 'exceljs';
import type { ChecklistResult, ItemStatus, Lang, RunResult } from '../types.js';
import { itemCells, itemHeaders, removedCells } from './csv.js';
import { displayWidth, neutraliseCell, reportTimeZone, type ReportOptions } from './common.js';
import { offsetAt } from '../time.js';
import { COLUMN, SCORE_TEXT, SUMMARY_COUNT_COLUMNS, TEXT, type ChangeKind } from './labels.js';
import { assessRun, scoreText, strikeText, type InstitutionScore } from '../verdict/score.js';

/** Fill colours (ARGB) of status cells: the same hues as the terminal and HTML reports. */
export const STATUS_FILL: Record<ItemStatus, string> = {
  pass: 'FFC6EFCE',
  warn: 'FFFFEB9C',
  fail: 'FFFFC7CE',
  missing: 'FFE4C7F0',
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
const MAX_WIDTH = 60;

/**
 * A valid, unique sheet name: at most 31 characters, none of []:*?/\ , not empty. `suffix` (e.g. " 汇总") is kept
 * whole and the name before it shortened.
 */
export function sheetName(wanted: string, taken: Set<string>, suffix = ''): string {
  const clean = (text: string): string => text.replace(/[[\]:*?/\\]/g, '_').replace(/^'+|'+$/g, '');
  const room = 31 - [...suffix].length;
  const base = ([...clean(wanted).trim()].slice(0, room).join('') + clean(suffix)).trim() || 'Sheet';
  let name = base;
  for (let n = 2; taken.has(name.toLowerCase()); n++) {
    const suffix = ` (${n})`;
    name = [...base].slice(0, 31 - suffix.length).join('') + suffix;
  }
  taken.add(name.toLowerCase());
  return name;
}

function styleHeader(row: ExcelJS.Row): void {
  row.font = { bold: true, color: { argb: 'FFFFFFFF' } };
  row.alignment = { vertical: 'middle' };
  row.eachCell((cell) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: HEADER_FILL } };
  });
}

function fitColumns(sheet: ExcelJS.Worksheet): void {
  sheet.columns.forEach((column) => {
    let widest = 4;
    column.eachCell?.({ includeEmpty: false }, (cell) => {
      const text = cell.text ?? '';
      for (const line of text.split('\n')) widest = Math.max(widest, displayWidth(line));
    });
    column.width = Math.min(MAX_WIDTH, widest + 2);
  });
}

function finishTable(sheet: ExcelJS.Worksheet, columnCount: number): void {
  sheet.views = [{ state: 'frozen', xSplit: 0, ySplit: 1 }];
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columnCount } };
  styleHeader(sheet.getRow(1));
  fitColumns(sheet);
}

function banner(sheet: ExcelJS.Worksheet, lang: Lang): void {
  // Below the table, so the header row stays row 1 for the frozen pane and the filter.
  sheet.addRow([]);
  const row = sheet.addRow([`! ${TEXT.incomplete[lang]}`]);
  row.font = { bold: true, color: { argb: 'FF9C0006' } };
}

function itemSheet(
  workbook: ExcelJS.Workbook,
  result: ChecklistResult,
  name: string,
  options: ReportOptions,
  complete: boolean,
  withChange: boolean,
): void {
  const sheet = workbook.addWorksheet(name);
  const timeZone = reportTimeZone(options);
  const headers = itemHeaders(options.lang, false, withChange, offsetAt(result.items[0]?.checkedAt ?? '', timeZone));
  sheet.addRow(headers);
  const statusColumn = 5;
  const urlColumn = 4;
  const changeColumn = 6;
  const paintChange = (row: ExcelJS.Row, change: ChangeKind | undefined): void => {
    const fill = change ? CHANGE_FILL[change] : undefined;
    if (!fill) return;
    const cell = row.getCell(changeColumn);
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: fill } };
    cell.font = { bold: change === 'regressed' };
  };
  for (const item of result.items) {
    const cells = itemCells(item, options.lang, withChange, timeZone).map(neutraliseCell);
    const row = sheet.addRow([item.no, ...cells.slice(1)]);
    const status = row.getCell(statusColumn);
    status.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: STATUS_FILL[item.status] } };
    status.font = { bold: item.status !== 'pass' };
    const url = item.urls[0];
    if (item.urls.length === 1 && url && /^https?:\/\//i.test(url)) {
      row.getCell(urlColumn).value = { text: neutraliseCell(url), hyperlink: url };
      row.getCell(urlColumn).font = { color: { argb: 'FF0563C1' }, underline: true };
    }
    row.alignment = { vertical: 'top', wrapText: true };
    if (withChange) paintChange(row, item.change);
  }
  if (withChange) {
    for (const removed of result.removed ?? []) {
      const cells = removedCells(removed, options.lang).map(neutraliseCell);
      const row = sheet.addRow([removed.no, ...cells.slice(1)]);
      row.alignment = { vertical: 'top', wrapText: true };
      paintChange(row, 'removed');
    }
  }
  finishTable(sheet, headers.length);
  if (!complete) banner(sheet, options.lang);
}

function summarySheet(
  workbook: ExcelJS.Workbook,
  name: string,
  rows: { name: string; counts: ChecklistResult['summary'] | RunResult['summary'] }[],
  total: RunResult['summary'],
  firstHeader: string,
  options: ReportOptions,
  complete: boolean,
  assessed?: InstitutionScore,
): void {
  const { lang } = options;
  const sheet = workbook.addWorksheet(name);
  const headers = [firstHeader, ...SUMMARY_COUNT_COLUMNS.map((l) => l[lang])];
  sheet.addRow(headers);
  const body = [...rows, { name: TEXT.overall[lang], counts: total }];
  body.forEach((r, index) => {
    const k = r.counts;
    const row = sheet.addRow([neutraliseCell(r.name), k.pass, k.warn, k.fail, k.missing, k.total, k.complianceRate]);
    row.getCell(7).numFmt = '0.0%';
    if (index === body.length - 1) row.font = { bold: true };
  });
  finishTable(sheet, headers.length);
  sheet.getColumn(7).width = Math.max(sheet.getColumn(7).width ?? 0, 10);
  if (assessed) assessmentRows(sheet, assessed, lang);
  if (!complete) banner(sheet, lang);
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
    const row = sheet.addRow([neutraliseCell(category.name), category.rate]);
    row.getCell(2).numFmt = '0.0%';
  }
}

/** The league table of a multi-institution run: rank, institution, score, one-strike verdicts; best first. */
function leagueSheet(workbook: ExcelJS.Workbook, name: string, assessed: readonly InstitutionScore[], lang: Lang, complete: boolean): void {
  const sheet = workbook.addWorksheet(name);
  const headers = [SCORE_TEXT.rank[lang], COLUMN.institution[lang], SCORE_TEXT.score[lang], SCORE_TEXT.strikes[lang]];
  sheet.addRow(headers);
  const order = assessed.map((entry, index) => ({ entry, index })).sort((a, b) => a.entry.rank - b.entry.rank || a.index - b.index);
  for (const { entry } of order) {
    const row = sheet.addRow([entry.rank, neutraliseCell(entry.institution), entry.score, entry.strikes.map((s) => strikeText(s, lang)).join('\n')]);
    row.getCell(3).numFmt = '0.0';
    row.alignment = { vertical: 'top', wrapText: true };
    if (entry.strikes.length > 0) row.getCell(4).font = { bold: true, color: { argb: 'FF9C0006' } };
  }
  finishTable(sheet, headers.length);
  sheet.addRow([]);
  sheet.addRow([SCORE_TEXT.rule[lang]]).font = { italic: true };
  if (!complete) banner(sheet, lang);
}

const REVIEW_FILL: Record<RequirementStatus, string> = { pass: STATUS_FILL.pass, warn: STATUS_FILL.warn, fail: STATUS_FILL.fail };

/** `review`: a sheet of the report's requirements, first in the workbook. */
function reviewSheet(workbook: ExcelJS.Workbook, run: RunResult, name: string, options: ReportOptions): void {
  const table = requirementTable(run, options.lang);
  if (table.rows.length === 0) return;
  const sheet = workbook.addWorksheet(name);
  sheet.addRow(table.header);
  for (const { status, cells } of table.rows) {
    const row = sheet.addRow(cells.map(neutraliseCell));
    const cell = row.getCell(3);
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: REVIEW_FILL[status] } };
    cell.font = { bold: status !== 'pass' };
    row.alignment = { vertical: 'top', wrapText: true };
  }
  finishTable(sheet, table.header.length);
}

export async function renderXlsx(run: RunResult, options: ReportOptions): Promise<Buffer> {
  const { lang } = options;
  const { default: Excel } = await import('exceljs');
  const workbook = new Excel.Workbook();
  workbook.creator = `${run.tool.name} ${run.tool.version}`;
  workbook.created = new Date(run.finishedAt);
  const taken = new Set<string>();
  const multi = run.results.length > 1;
  reviewSheet(workbook, run, sheetName(REVIEW_TEXT.heading[lang], taken), options);
  const assessed = assessRun(run);
  if (multi && !run.results.every(reviewOnly)) {
    summarySheet(
      workbook,
      sheetName(TEXT.overview[lang], taken),
      run.results.map((r) => ({ name: r.checklist.institution, counts: r.summary })),
      run.summary,
      COLUMN.institution[lang],
      options,
      run.complete,
    );
    leagueSheet(workbook, sheetName(SCORE_TEXT.league[lang], taken), assessed, lang, run.complete);
  }
  for (const [index, result] of run.results.entries()) {
    if (reviewOnly(result)) continue;
    summarySheet(
      workbook,
      multi ? sheetName(result.checklist.institution, taken, ` ${TEXT.summary[lang]}`) : sheetName(TEXT.summary[lang], taken),
      result.summary.categories.map((cat) => ({ name: cat.name, counts: cat })),
      result.summary,
      COLUMN.category[lang],
      options,
      run.complete,
      assessed[index],
    );
    itemSheet(workbook, result, sheetName(result.checklist.institution, taken), options, run.complete, run.baseline !== undefined);
  }
  const bytes = await workbook.xlsx.writeBuffer();
  return Buffer.from(bytes);
}
