// The CSV history report: UTF-8 with a BOM (Excel opens Chinese text right), CRLF, one row per item with the
// institution first. Times are `2026-03-08 14:00:00` in the report's zone (spreadsheets read them as dates; the
// headers name the offset), load times in seconds and availability as a percentage Excel reads as a number. The
// rule and the thin-sample note follow the table, after an empty row, so that the header stays row 1.
import type { HistoryItem, HistoryReport } from '../../history/report-types.js';
import type { Lang } from '../../types.js';
import { neutraliseCell } from '../common.js';
import { offsetAt, spreadsheetTime } from '../../time.js';
import { HISTORY_COLUMN, HISTORY_WORDS, ruleText, thinSampleNote, unverifiedNote, VERDICT_LABEL, verdictOf, emptyNote, type ReportOptions } from './common.js';

const BOM = '\uFEFF';

function headers(lang: Lang, offset: string): string[] {
  const c = HISTORY_COLUMN;
  const timed = (label: string): string => (lang === 'zh' ? `${label}（${offset}）` : `${label} (${offset})`);
  return [
    c.institution[lang], c.no[lang], c.category[lang], c.item[lang], c.urls[lang], c.verdict[lang],
    c.probes[lang], c.failures[lang], c.availability[lang], c.thinSample[lang], c.medianSeconds[lang], c.p95Seconds[lang],
    c.outageProbes[lang], timed(c.outageFrom[lang]), c.outageMinutes[lang],
    timed(c.firstFailure[lang]), timed(c.lastFailure[lang]), timed(c.lastChange[lang]), c.lastChangeTo[lang], c.lastChangeAfterMinutes[lang],
  ];
}

/** A percentage Excel reads as a number (`98.25%`); empty without a probe. */
function percent(item: HistoryItem): string {
  return item.probes === 0 ? '' : `${Number((item.availability * 100).toFixed(2))}%`;
}

function cells(institution: string, item: HistoryItem, lang: Lang, timeZone: string): string[] {
  const time = (iso: string | undefined): string => (iso === undefined ? '' : spreadsheetTime(iso, timeZone));
  const minutes = (ms: number | undefined): string => (ms === undefined ? '' : String(Math.round(ms / 60_000)));
  const seconds = (ms: number): string => (item.probes === 0 ? '' : String(Number((ms / 1000).toFixed(3))));
  const outage = item.longestOutage;
  const change = item.lastChange;
  return [
    institution,
    String(item.no),
    item.category,
    item.title,
    item.urls.join('\n'),
    VERDICT_LABEL[verdictOf(item)][lang],
    String(item.probes),
    String(item.failures),
    percent(item),
    item.thinSample ? HISTORY_WORDS.yes[lang] : '',
    seconds(item.medianMs),
    seconds(item.p95Ms),
    outage ? String(outage.probes) : '',
    time(outage?.from),
    outage ? (outage.ms === undefined ? HISTORY_WORDS.ongoing[lang] : minutes(outage.ms)) : '',
    time(item.firstFailure),
    time(item.lastFailure),
    time(change?.at),
    change ? (change.failing ? HISTORY_WORDS.failing[lang] : HISTORY_WORDS.up[lang]) : '',
    minutes(change?.afterMs),
  ];
}

/** csv-stringify is loaded when a CSV is written (never at start-up). */
export async function renderHistoryCsv(report: HistoryReport, options: ReportOptions): Promise<string> {
  const { stringify } = await import('csv-stringify/sync');
  const { lang } = options;
  const header = headers(lang, offsetAt(report.window.until, report.timeZone));
  const rows = report.institutions.flatMap((institution) => institution.items.map((item) => cells(institution.institution, item, lang, report.timeZone)));
  const notes = [
    report.totals.items === 0 ? emptyNote(report, lang) : undefined,
    `${HISTORY_WORDS.rule[lang]}${lang === 'zh' ? '：' : ': '}${ruleText(report.rule, lang)}`,
    thinSampleNote(report, lang),
    unverifiedNote(report, lang),
  ].filter((note): note is string => note !== undefined);
  const pad = (record: string[]): string[] => [...record, ...Array<string>(header.length - record.length).fill('')];
  const records = [header, ...rows, pad([]), ...notes.map((note) => pad([note]))];
  return BOM + stringify(records.map((record) => record.map(neutraliseCell)), { record_delimiter: '\r\n', quoted_match: /[\r\n'"]/ });
}
