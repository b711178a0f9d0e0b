// The JSON report (schemaVersion 1), documented field by field in docs/json-report.md and described by the JSON
// Schema docs/json-report.schema.json. One shape for one or many institutions: `results[]` has one entry each.
import { findingMessage } from '../findings.js';
import type {
  NetworkCheck,
  AttachmentResult,
  BaselineInfo,
  ResumeInfo,
  ChecklistResult,
  FindingParams,
  HostStats,
  ItemChange,
  ItemResult,
  ItemStatus,
  Lang,
  PageResult,
  RedirectHop,
  RemovedItem,
  ReportReview,
  RequirementCode,
  RequirementStatus,
  RunOptions,
  RunResult,
  Severity,
  StatusCounts,
  Summary,
} from '../types.js';
import { networkNote, reportTimeZone, type ReportOptions } from './common.js';
import { isoWithOffset } from '../time.js';
import { assessRun, strikeText, withheldText, type CategoryScore, type InstitutionScore, type ScoreWithheld, type StrikeKind } from '../verdict/score.js';

export const JSON_SCHEMA_VERSION = 1;

export interface JsonFinding {
  code: string;
  severity: Severity;
  message: string;
  params: FindingParams;
  url: string | null;
}

export interface JsonItem {
  no: number;
  category: string;
  title: string;
  url: string | null;
  urls: string[];
  status: ItemStatus;
  http: number | null;
  finalUrl: string | null;
  redirects: RedirectHop[];
  attachments: AttachmentResult[];
  pages: PageResult[];
  findings: JsonFinding[];
  checkedAt: string;
  /** Only when the checklist gives the item a weight (docs/scoring.md). */
  weight?: number;
  /** Only when the run was compared with a baseline. */
  change?: ItemChange;
  baselineStatus?: ItemStatus;
  baselineTitle?: string;
}

export interface JsonReport {
  schemaVersion: typeof JSON_SCHEMA_VERSION;
  tool: { name: string; version: string };
  lang: Lang;
  startedAt: string;
  finishedAt: string;
  complete: boolean;
  options: RunOptions;
  /**
   * Only when every page failed to load and the control URLs were probed: `offline` (every control failed too: the
   * items are unverified) and each control; `message` says it in the report's language.
   */
  network?: NetworkCheck & { message: string };
  summary: StatusCounts;
  /** Only when the run was compared with a baseline (`--baseline`). */
  baseline?: BaselineInfo;
  /** Only when the run continued an interrupted one (`--resume`): its parts, first part first. */
  resumed?: ResumeInfo;
  /** Per host requested (pages, redirect hops, attachments), most requests first; absent when the run did not count them. */
  hosts?: HostStats[];
  results: JsonResult[];
}

/** A one-strike verdict as the JSON report gives it: its kind, what made it, and the monitors' words. */
export interface JsonStrike {
  kind: StrikeKind;
  count: number;
  threshold: number;
  message: string;
}

export interface JsonResult {
  checklist: ChecklistResult['checklist'];
  /** Out of 100 (docs/scoring.md); capped at 59 by a one-strike verdict. Absent when the score is withheld. */
  score?: number;
  /** The score before the one-strike cap. Absent when the score is withheld. */
  scoreUncapped?: number;
  /** Place in the run's league table by score, 1 = best; equal scores share a rank. Absent when withheld. */
  rank?: number;
  /**
   * Only when the institution has no score: why (`incomplete`: the run was interrupted before some of its items;
   * `offline`: this machine could not reach the network; `review`: no item checked) and the sentence the reports print.
   */
  scoreWithheld?: { reason: ScoreWithheld; message: string };
  /** One-strike verdicts (单项否决); empty when there are none. */
  strikes: JsonStrike[];
  /** Per category: its items and the share of its weight earned, 0..1. */
  categoryRates: CategoryScore[];
  summary: Summary;
  items: JsonItem[];
  removed?: RemovedItem[];
  /** Only from `review`: the requirements of the annual report. */
  review?: JsonReview;
}

export interface JsonRequirement {
  code: RequirementCode;
  status: RequirementStatus;
  /** The part, item `(34)`, category or URL the line is about; null when it is about the report as a whole. */
  subject: string | null;
  message: string;
}

export interface JsonReview {
  file: string;
  format: ReportReview['format'];
  summary: ReportReview['summary'];
  requirements: JsonRequirement[];
}

function jsonReview(review: ReportReview, lang: Lang): JsonReview {
  return {
    file: review.file,
    format: review.format,
    summary: review.summary,
    requirements: review.requirements.map((r) => ({ code: r.code, status: r.status, subject: r.subject ?? null, message: r.message[lang] })),
  };
}

function jsonItem(item: ItemResult, lang: Lang, timeZone: string): JsonItem {
  const first = item.pages[0];
  const json: JsonItem = {
    no: item.no,
    category: item.category,
    title: item.title,
    url: item.urls[0] ?? null,
    urls: item.urls,
    status: item.status,
    http: first?.status ?? null,
    finalUrl: first?.finalUrl ?? null,
    redirects: first?.redirects ?? [],
    attachments: item.pages.flatMap((p) => p.attachments),
    pages: item.pages.map((page) => (page.startedAt === undefined ? page : { ...page, startedAt: isoWithOffset(page.startedAt, timeZone) })),
    findings: item.findings.map((f) => ({
      code: f.code,
      severity: f.severity,
      message: findingMessage(f, lang),
      params: f.params,
      url: f.url ?? null,
    })),
    checkedAt: isoWithOffset(item.checkedAt, timeZone),
  };
  if (item.weight !== undefined) json.weight = item.weight;
  if (item.change !== undefined) json.change = item.change;
  if (item.baselineStatus !== undefined) json.baselineStatus = item.baselineStatus;
  if (item.baselineTitle !== undefined) json.baselineTitle = item.baselineTitle;
  return json;
}

/**
 * The report as a plain object (what `renderJson` serialises). Times are ISO 8601 with the offset of `timeZone`
 * (`2026-11-30T00:16:00.408+08:00`): the same instant as the run's UTC times, in the reader's clock.
 */
export function jsonReport(run: RunResult, lang: Lang, timeZone = 'UTC'): JsonReport {
  const assessed = assessRun(run);
  return { ...jsonHead(run, lang, timeZone), results: run.results.map((r, i) => jsonResult(r, assessed[i]!, lang, timeZone)) };
}

/** The report but its results. */
function jsonHead(run: RunResult, lang: Lang, timeZone: string): Omit<JsonReport, 'results'> {
  const time = (iso: string): string => isoWithOffset(iso, timeZone);
  return {
    schemaVersion: JSON_SCHEMA_VERSION,
    tool: { name: run.tool.name, version: run.tool.version },
    lang,
    startedAt: time(run.startedAt),
    finishedAt: time(run.finishedAt),
    complete: run.complete,
    options: run.options,
    ...(run.network ? { network: { ...run.network, message: networkNote(run, lang) ?? '' } } : {}),
    summary: run.summary,
    ...(run.baseline ? { baseline: { ...run.baseline, startedAt: time(run.baseline.startedAt), finishedAt: time(run.baseline.finishedAt) } } : {}),
    ...(run.resumed ? { resumed: run.resumed } : {}),
    ...(run.hosts ? { hosts: run.hosts } : {}),
  };
}

/** One institution's entry of `results[]` (its items are read once). */
function jsonResult(r: ChecklistResult, assessed: InstitutionScore, lang: Lang, timeZone: string): JsonResult {
  return { ...jsonResultFields(r, assessed, lang), items: r.items.map((i) => jsonItem(i, lang, timeZone)) };
}

/** An institution's entry with its items left empty, in the key order of JsonResult (items after summary). */
function jsonResultFields(r: ChecklistResult, assessed: InstitutionScore, lang: Lang): JsonResult {
  return {
    checklist: r.checklist,
    ...jsonAssessment(assessed, lang),
    summary: r.summary,
    items: [],
    ...(r.removed ? { removed: r.removed } : {}),
    ...(r.review ? { review: jsonReview(r.review, lang) } : {}),
  };
}

function jsonAssessment(assessed: InstitutionScore, lang: Lang): Pick<JsonResult, 'score' | 'scoreUncapped' | 'rank' | 'scoreWithheld' | 'strikes' | 'categoryRates'> {
  return {
    // A withheld score is left out, never written as a number that looks final.
    ...(assessed.withheld === undefined
      ? { score: assessed.score, scoreUncapped: assessed.uncapped, ...(assessed.rank !== undefined ? { rank: assessed.rank } : {}) }
      : { scoreWithheld: { reason: assessed.withheld, message: withheldText(assessed, lang) } }),
    strikes: assessed.strikes.map((strike) => ({ ...strike, message: strikeText(strike, lang) })),
    categoryRates: assessed.categories,
  };
}

/**
 * The JSON report piece by piece, one institution at a time, so that no whole-document string or object is ever
 * held (a run's items may be in its store, src/run/store.ts): the pieces are, in order, exactly the text of
 * `JSON.stringify(jsonReport(run, …), null, 2)` and a final newline. Each institution's items are read when its
 * piece is asked for.
 */
export function* jsonChunks(run: RunResult, options: ReportOptions): Generator<string, void, undefined> {
  const lang = options.lang;
  const timeZone = reportTimeZone(options);
  const assessed = assessRun(run);
  // `results` is the last key: the head is the report with no results, cut before its `[]`.
  const head = JSON.stringify({ ...jsonHead(run, lang, timeZone), results: [] }, null, 2);
  const tail = '[]\n}';
  if (!head.endsWith(tail)) throw new Error('the JSON report does not end with its results');
  yield head.slice(0, -tail.length);
  if (run.results.length === 0) {
    yield `${tail}\n`;
    return;
  }
  for (const [index, result] of run.results.entries()) {
    // An element of `results` sits two levels deep: every line of it is indented by four more spaces. Its items
    // (three levels deep: eight more) are written in pieces of about ITEMS_PIECE characters, so that no string of
    // the size of an institution's items is ever made (each would be a V8 large object, a few MB at 1,000 items).
    const entry = JSON.stringify(jsonResultFields(result, assessed[index]!, lang), null, 2).replaceAll('\n', '\n    ');
    const cut = entry.indexOf(ITEMS_KEY);
    if (cut < 0) throw new Error('the JSON report has no items in an institution');
    yield `${index === 0 ? '[' : ','}\n    ${entry.slice(0, cut)}\n      "items": [`;
    // Read after the head is written: each piece holds one institution's text, and its items are read for its own.
    const items = result.items;
    let piece = '';
    for (const [at, item] of items.entries()) {
      piece += `${at === 0 ? '' : ','}\n        ${JSON.stringify(jsonItem(item, lang, timeZone), null, 2).replaceAll('\n', '\n        ')}`;
      if (piece.length >= ITEMS_PIECE) {
        yield piece;
        piece = '';
      }
    }
    yield `${piece}${items.length > 0 ? '\n      ' : ''}]${entry.slice(cut + ITEMS_KEY.length)}`;
  }
  yield '\n  ]\n}\n';
}

/** An institution's (empty) items in its entry, as indented in the report: a key of the entry's own level. */
const ITEMS_KEY = '\n      "items": []';
/** Characters of items per piece of the JSON report. */
const ITEMS_PIECE = 64 * 1024;

export function renderJson(run: RunResult, options: ReportOptions): string {
  return [...jsonChunks(run, options)].join('');
}
