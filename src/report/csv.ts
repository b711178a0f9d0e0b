// The CSV report: UTF-8 with a BOM (so Excel opens Chinese text right), RFC 4180 via csv-stringify, CRLF line ends,
// one row per item. Cells that a spreadsheet would run as a formula are neutralised with a leading `'`.
import { stringify } from 'csv-stringify/sync';
import { findingMessage } from '../findings.js';
import type { ChecklistResult, ItemResult, Lang, RunResult } from '../types.js';
import { ITEM_COLUMNS, finalUrls, httpText, neutraliseCell, sortedFindings, statusLabel, type ReportOptions } from './common.js';

const BOM = '\uFEFF';

/** The cells of one item, in the order of the item columns (without the institution). */
export function itemCells(item: ItemResult, lang: Lang): string[] {
  return [
    String(item.no),
    item.category,
    item.title,
    item.urls.join('\n'),
    statusLabel(item.status, lang),
    httpText(item),
    finalUrls(item).join('\n'),
    sortedFindings(item)
      .map((f) => findingMessage(f, lang))
      .join('\n'),
    item.checkedAt,
  ];
}

/** Column headers of the item tables; the institution column comes first when the run has several checklists. */
export function itemHeaders(lang: Lang, withInstitution: boolean): string[] {
  const c = ITEM_COLUMNS;
  const columns = [c.no, c.category, c.title, c.urls, c.status, c.http, c.finalUrl, c.findings, c.checkedAt];
  return (withInstitution ? [c.institution, ...columns] : columns).map((l) => l[lang]);
}

function rows(result: ChecklistResult, lang: Lang, withInstitution: boolean): string[][] {
  return result.items.map((item) => {
    const cells = itemCells(item, lang);
    return withInstitution ? [result.checklist.institution, ...cells] : cells;
  });
}

export function renderCsv(run: RunResult, options: ReportOptions): string {
  const withInstitution = run.results.length > 1;
  const records = [itemHeaders(options.lang, withInstitution), ...run.results.flatMap((r) => rows(r, options.lang, withInstitution))];
  const csv = stringify(
    records.map((record) => record.map(neutraliseCell)),
    { record_delimiter: '\r\n', quoted_match: /[\r\n'"]/ },
  );
  // An interrupted run says so in the file itself: a spreadsheet user never sees the terminal.
  const note = run.complete ? '' : stringify([[neutraliseCell(`! ${options.lang === 'zh' ? '检查被中断：部分事项未检查，本表不完整。' : 'The run was interrupted: some items were not checked and this table is incomplete.'}`)]], { record_delimiter: '\r\n' });
  return BOM + csv + note;
}
