// The CSV report: UTF-8 with a BOM (so Excel opens Chinese text right), RFC 4180 via csv-stringify, CRLF line ends,
// one row per item. Cells that a spreadsheet would run as a formula are neutralised with a leading `'`. The file is
// made piece by piece, one institution's rows at a time (`csvChunks`); csv-stringify is loaded when a CSV report is
// written, not at every start of the CLI.
import { requirementTable } from './requirements.js';
import { findingMessage } from '../findings.js';
import type { ChecklistResult, ItemResult, Lang, RemovedItem, RunResult } from '../types.js';
import { COLUMN, SCORE_TEXT, TEXT } from './labels.js';
import { assessRun, leagueScoreText, leagueTable, strikeText, type InstitutionScore } from '../verdict/score.js';
import {
  baselineTitleNote,
  changeLabel,
  finalUrls,
  httpText,
  neutraliseCell,
  sortedFindings,
  statusLabel,
  reportTimeZone,
  type ReportOptions,
  networkNote,
  incompleteNote,
} from './common.js';
import { offsetAt, spreadsheetTime } from '../time.js';

const BOM = '\uFEFF';

/**
 * The cells of one item, in the order of the item columns (without the institution). With `withChange` (a run
 * compared with a baseline) the 变化 and 基线状态 cells follow the status, and a changed title is noted with the
 * findings. The check time is `2026-11-30 00:16:00` in `timeZone` (a form spreadsheets read as a date; the header
 * names the offset, `itemHeaders`).
 */
export function itemCells(item: ItemResult, lang: Lang, withChange = false, timeZone = 'UTC'): string[] {
  const findings = item.status === 'unchecked' ? [TEXT.uncheckedItem[lang]] : sortedFindings(item).map((f) => findingMessage(f, lang));
  if (withChange && item.baselineTitle !== undefined) findings.push(baselineTitleNote(item, lang));
  return [
    String(item.no),
    item.category,
    item.title,
    item.urls.join('\n'),
    statusLabel(item.status, lang),
    ...(withChange ? [item.change ? changeLabel(item.change, lang) : '', item.baselineStatus ? statusLabel(item.baselineStatus, lang) : ''] : []),
    httpText(item),
    finalUrls(item).join('\n'),
    findings.join('\n'),
    // An item the run did not reach has no check time.
    item.status === 'unchecked' ? '' : spreadsheetTime(item.checkedAt, timeZone),
  ];
}

/** The cells of an item removed since the baseline: number, category, title, 变化 = 已移除 and its old status. */
export function removedCells(removed: RemovedItem, lang: Lang): string[] {
  return [String(removed.no), removed.category, removed.title, '', '', changeLabel('removed', lang), statusLabel(removed.status, lang), '', '', '', ''];
}

/**
 * Column headers of the item tables; the institution column comes first when the run has several checklists.
 * `offset` (`UTC+8`, from `offsetAt`) is named in the check-time header: `检查时间（UTC+8）`.
 */
export function itemHeaders(lang: Lang, withInstitution: boolean, withChange = false, offset?: string): string[] {
  const c = COLUMN;
  const columns = [
    c.no, c.category, c.item, c.urls, c.status,
    ...(withChange ? [c.change, c.baselineStatus] : []),
    c.http, c.finalUrl, c.findings, c.checkedAt,
  ];
  const headers = (withInstitution ? [c.institution, ...columns] : columns).map((l) => l[lang]);
  if (offset) headers[headers.length - 1] += lang === 'zh' ? `（${offset}）` : ` (${offset})`;
  return headers;
}

function rows(result: ChecklistResult, lang: Lang, withInstitution: boolean, withChange: boolean, timeZone: string): string[][] {
  const cells = [
    ...result.items.map((item) => itemCells(item, lang, withChange, timeZone)),
    ...(withChange ? (result.removed ?? []).map((r) => removedCells(r, lang)) : []),
  ];
  return cells.map((row) => (withInstitution ? [result.checklist.institution, ...row] : row));
}

/** The whole CSV file: the join of `csvChunks`. */
export async function renderCsv(run: RunResult, options: ReportOptions): Promise<string> {
  const pieces: string[] = [];
  for await (const piece of csvChunks(run, options)) pieces.push(piece);
  return pieces.join('');
}

/** Records as CSV text: RFC 4180, CRLF after every record (so pieces of records join into one file). */
type Stringify = (records: string[][]) => string;

/**
 * The CSV file piece by piece: the BOM and header (with the requirements of `review` before it), then one piece
 * per institution (its items read when its piece is made), then the league block and the notes.
 */
export async function* csvChunks(run: RunResult, options: ReportOptions): AsyncGenerator<string, void, undefined> {
  const { stringify: stringifyRecords } = await import('csv-stringify/sync');
  const stringify: Stringify = (records) => stringifyRecords(records, { record_delimiter: '\r\n', quoted_match: /[\r\n'"]/ });
  const neutralised = (records: string[][]): string[][] => records.map((record) => record.map(neutraliseCell));
  const withInstitution = run.results.length > 1;
  const withChange = run.baseline !== undefined;
  const timeZone = reportTimeZone(options);
  // `review`: the requirements first, as a block of their own, then an empty line and the items (if fetched).
  const review = requirementTable(run, options.lang);
  const reviewRecords = review.rows.length ? [review.header, ...review.rows.map((r) => r.cells), ...(run.summary.total > 0 ? [[]] : [])] : [];
  const itemRecords =
    run.summary.total > 0 || review.rows.length === 0 ? [itemHeaders(options.lang, withInstitution, withChange, offsetAt(run.startedAt, timeZone))] : [];
  const head = [...reviewRecords, ...itemRecords];
  // The scores of the league block below the items, assessed before the items are read for their rows.
  const assessed = assessRun(run);
  // The league block is as wide as the first record (a file with no header row has the requirements first).
  const width = head[0]?.length ?? 0;
  yield BOM + stringify(neutralised(head));
  for (const result of run.results) {
    const records = rows(result, options.lang, withInstitution, withChange, timeZone);
    if (records.length > 0) yield stringify(neutralised(records));
  }
  yield leagueBlock(run, options.lang, width, stringify, assessed);
  // An interrupted run says so in the file itself: a spreadsheet user never sees the terminal.
  const incomplete = incompleteNote(run, options.lang);
  // So does a run that could not reach the network (its items are unverified).
  const network = networkNote(run, options.lang);
  const notes = [network, incomplete].filter((note) => note !== undefined).map((note) => [neutraliseCell(`! ${note}`)]);
  if (notes.length > 0) yield stringifyRecords(notes, { record_delimiter: '\r\n' });
}

/**
 * Below the item table, after an empty row (the header stays row 1 for programs that read the file): each
 * institution's score, rank and one-strike verdicts, best first (docs/scoring.md).
 */
export function leagueRecords(run: RunResult, lang: Lang, assessed: readonly InstitutionScore[] = assessRun(run)): string[][] {
  const rows = leagueTable(assessed).map((entry) => [
    entry.rank === undefined ? '—' : String(entry.rank),
    entry.institution,
    leagueScoreText(entry, lang),
    entry.strikes.map((strike) => strikeText(strike, lang)).join('\n'),
  ]);
  return [[SCORE_TEXT.rank[lang], COLUMN.institution[lang], SCORE_TEXT.score[lang], SCORE_TEXT.strikes[lang]], ...rows];
}

/** The league block, every row as wide as the item table (`width` cells), so the file stays one rectangle. */
function leagueBlock(run: RunResult, lang: Lang, width: number, stringify: Stringify, assessed: readonly InstitutionScore[]): string {
  if (run.results.length === 0) return '';
  const pad = (record: string[]): string[] => [...record, ...Array<string>(Math.max(0, width - record.length)).fill('')];
  const records = [[], ...leagueRecords(run, lang, assessed)].map((record) => pad(record.map(neutraliseCell)));
  return stringify(records);
}
