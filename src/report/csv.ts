// The CSV report: UTF-8 with a BOM (so Excel opens Chinese text right), RFC 4180 via csv-stringify, CRLF line ends,
// one row per item. Cells that a spreadsheet would run as a formula are neutralised with a leading `'`.
import { requirementTable } from './requirements.js';
import { stringify } from 'csv-stringify/sync';
import { findingMessage } from '../findings.js';
import type { ChecklistResult, ItemResult, Lang, RemovedItem, RunResult } from '../types.js';
import { COLUMN } from './labels.js';
import {
  baselineTitleNote,
  changeLabel,
  finalUrls,
  httpText,
  neutraliseCell,
  sortedFindings,
  statusLabel,
  type ReportOptions,
  networkNote,
} from './common.js';

const BOM = '\uFEFF';

/**
 * The cells of one item, in the order of the item columns (without the institution). With `withChange` (a run
 * compared with a baseline) the 变化 and 基线状态 cells follow the status, and a changed title is noted with the
 * findings.
 */
export function itemCells(item: ItemResult, lang: Lang, withChange = false): string[] {
  const findings = sortedFindings(item).map((f) => findingMessage(f, lang));
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
    item.checkedAt,
  ];
}

/** The cells of an item removed since the baseline: number, category, title, 变化 = 已移除 and its old status. */
export function removedCells(removed: RemovedItem, lang: Lang): string[] {
  return [String(removed.no), removed.category, removed.title, '', '', changeLabel('removed', lang), statusLabel(removed.status, lang), '', '', '', ''];
}

/** Column headers of the item tables; the institution column comes first when the run has several checklists. */
export function itemHeaders(lang: Lang, withInstitution: boolean, withChange = false): string[] {
  const c = COLUMN;
  const columns = [
    c.no, c.category, c.item, c.urls, c.status,
    ...(withChange ? [c.change, c.baselineStatus] : []),
    c.http, c.finalUrl, c.findings, c.checkedAt,
  ];
  return (withInstitution ? [c.institution, ...columns] : columns).map((l) => l[lang]);
}

function rows(result: ChecklistResult, lang: Lang, withInstitution: boolean, withChange: boolean): string[][] {
  const cells = [
    ...result.items.map((item) => itemCells(item, lang, withChange)),
    ...(withChange ? (result.removed ?? []).map((r) => removedCells(r, lang)) : []),
  ];
  return cells.map((row) => (withInstitution ? [result.checklist.institution, ...row] : row));
}

export function renderCsv(run: RunResult, options: ReportOptions): string {
  const withInstitution = run.results.length > 1;
  const withChange = run.baseline !== undefined;
  // `review`: the requirements first, as a block of their own, then an empty line and the items (if fetched).
  const review = requirementTable(run, options.lang);
  const reviewRecords = review.rows.length ? [review.header, ...review.rows.map((r) => r.cells), ...(run.summary.total > 0 ? [[]] : [])] : [];
  const itemRecords = run.summary.total > 0 || review.rows.length === 0 ? [itemHeaders(options.lang, withInstitution, withChange)] : [];
  const records = [
    ...reviewRecords,
    ...itemRecords,
    ...run.results.flatMap((r) => rows(r, options.lang, withInstitution, withChange)),
  ];
  const csv = stringify(
    records.map((record) => record.map(neutraliseCell)),
    { record_delimiter: '\r\n', quoted_match: /[\r\n'"]/ },
  );
  // An interrupted run says so in the file itself: a spreadsheet user never sees the terminal.
  const note = run.complete ? '' : stringify([[neutraliseCell(`! ${options.lang === 'zh' ? '检查被中断：部分事项未检查，本表不完整。' : 'The run was interrupted: some items were not checked and this table is incomplete.'}`)]], { record_delimiter: '\r\n' });
  // So does a run that could not reach the network (its items are unverified).
  const network = networkNote(run, options.lang);
  const offline = network === undefined ? '' : stringify([[neutraliseCell(`! ${network}`)]], { record_delimiter: '\r\n' });
  return BOM + csv + offline + note;
}
