// The central types of xxgk-check. Every stage of the pipeline
//   checklist → fetch → inspect → verdict → report
// speaks in these plain data types, and they are defined here and nowhere else (RunOptions is derived from the
// option table in src/options.ts, and re-exported here).
import type { RunOptions } from './options.js';

/** Language of human-readable output. */
export type Lang = 'zh' | 'en';

// ───────────────────────────── checklist ─────────────────────────────

/** A reporting period, both ends inclusive, as ISO dates `YYYY-MM-DD`. */
export interface Period {
  from: string;
  to: string;
}

/** One mandated disclosure item (清单事项) as the checklist lists it. */
export interface Item {
  /** The item's number in the checklist (序号), unique within the checklist. */
  no: number;
  title: string;
  /** Name of the category the item belongs to. */
  category: string;
  /**
   * Absolute http(s) URLs where the item is published. Empty when the checklist gives no link
   * (`url: null`, `url: 无`, or no `url` key): the item is a gap (`NO_LINK`).
   */
  urls: string[];
  /** Content-check keywords given in the checklist (derived from the title when absent). */
  keywords?: string[];
  /** `annual`: the page must show a date inside the reporting period. */
  freshness?: 'annual' | 'none';
  /** `true`: the item is legitimately published on another host (no `OFF_SITE_REDIRECT`). */
  external?: boolean;
  /** 1-based line of the item in the checklist file, for messages. */
  line?: number;
}

export interface Category {
  name: string;
  /** The item count the source report declares for the category, e.g. 基本信息（6项） → 6. */
  declared?: number;
  items: Item[];
}

export interface Checklist {
  schema: 1;
  /** Path of the file the checklist was read from, when it came from a file. */
  file?: string;
  institution: string;
  title?: string;
  period?: Period;
  /** Base for relative URLs and the site's home page for `REDIRECTED_HOME`. */
  site?: string;
  categories: Category[];
}

/** A problem found while reading a checklist, with its place in the file. */
export interface ChecklistProblem {
  severity: 'error' | 'warning';
  file: string;
  /** 1-based line and column; 0 when the problem has no single place (e.g. an unreadable file). */
  line: number;
  col: number;
  message: string;
}

// ───────────────────────────── findings ─────────────────────────────

/** How bad a finding is. `fail` makes its item fail; `warn` makes it warn; `info` only informs. */
export type Severity = 'fail' | 'warn' | 'info';

/**
 * A stable finding code. The catalogue in `src/findings.ts` gives each its fixed severity and its
 * messages in Chinese and English; `docs/findings.md` documents them in one table.
 */
export type FindingCode =
  | 'NO_LINK'
  | 'DNS_ERROR'
  | 'CONNECTION_ERROR'
  | 'TIMEOUT'
  | 'TLS_ERROR'
  | 'TLS_INSECURE'
  | 'HTTP_ERROR'
  | 'TOO_MANY_REDIRECTS'
  | 'BAD_REDIRECT'
  | 'BODY_TRUNCATED'
  | 'RETRIED'
  | 'SOFT_404'
  | 'EMPTY_PAGE'
  | 'LOGIN_REQUIRED'
  | 'REDIRECTED_HOME'
  | 'OFF_SITE_REDIRECT'
  | 'KEYWORDS_MISSING'
  | 'STALE'
  | 'BROKEN_ATTACHMENT'
  | 'ATTACHMENTS_CAPPED'
  | 'BOT_CHALLENGE'
  | 'SLOW_RESPONSE'
  | 'INTERNAL_ERROR';

/** Values that fill a finding's message template, e.g. `{ status: 404 }`. */
export type FindingParams = Record<string, string | number>;

/** One thing found about an item. The message is rendered from `code` + `params` in either language. */
export interface Finding {
  code: FindingCode;
  severity: Severity;
  /** The URL the finding is about, when the item has several pages or it concerns an attachment. */
  url?: string;
  params: FindingParams;
}

// ───────────────────────────── fetch ─────────────────────────────

/** One hop of a redirect chain: the URL that was requested and the status that sent us on. */
export interface RedirectHop {
  url: string;
  status: number;
}

/** A failure of the fetch itself (no usable response). */
export interface FetchFailure {
  code: Extract<FindingCode, 'DNS_ERROR' | 'CONNECTION_ERROR' | 'TIMEOUT' | 'TLS_ERROR' | 'TOO_MANY_REDIRECTS' | 'BAD_REDIRECT'>;
  /** Finding parameters (e.g. `reason` for TLS_ERROR, `host` for DNS_ERROR). */
  params: FindingParams;
}

/** The outcome of fetching one URL: what the server answered, never an exception. */
export interface FetchResult {
  /** The URL as requested. */
  url: string;
  /** The URL of the last response (after redirects). */
  finalUrl: string;
  /** Redirect hops before the final response, in order. */
  redirects: RedirectHop[];
  /** HTTP status of the final response; absent when no response came (see `failure`). */
  status?: number;
  /** Response headers of the final response, names lower-cased. */
  headers: Record<string, string>;
  /** Media type of the final response without parameters, e.g. `text/html`. */
  contentType?: string;
  /** The charset used to decode `text`. */
  charset?: string;
  /** Body bytes after Content-Encoding was removed, up to the cap. Dropped once inspected. */
  body?: Buffer;
  /** Body decoded as text (HTML and other text types only). Dropped once inspected. */
  text?: string;
  /** Number of body bytes read (after decoding Content-Encoding). */
  bytes: number;
  /** The body was longer than `maxBytes` and was cut there. */
  truncated: boolean;
  /** Time from the start of the first attempt to the end of the last, in ms. */
  elapsedMs: number;
  /** Number of attempts made (1 = no retry). */
  attempts: number;
  /** Waits before each retry, in ms, and whether a Retry-After header set them. */
  retryWaits: { ms: number; retryAfter: boolean }[];
  /** Set when no usable response was obtained. */
  failure?: FetchFailure;
  /** Findings raised by the fetch stage itself (HTTP_ERROR, TLS_INSECURE, BODY_TRUNCATED, …). */
  findings: Finding[];
}

// ───────────────────────────── inspect ─────────────────────────────

/** A document linked from an item page and whether it downloads. */
export interface AttachmentResult {
  url: string;
  /** The link text on the page, or the file name from Content-Disposition. */
  name?: string;
  status?: number;
  ok: boolean;
  /** Failure code or HTTP status text when not ok. */
  error?: string;
}

/** What was learnt about one of an item's pages, kept after the body is dropped. */
export interface PageResult {
  url: string;
  finalUrl: string;
  redirects: RedirectHop[];
  status?: number;
  contentType?: string;
  bytes: number;
  elapsedMs: number;
  attempts: number;
  /** The page's `<title>` (or document file name), when it had one. */
  title?: string;
  attachments: AttachmentResult[];
}

// ───────────────────────────── verdict ─────────────────────────────

/** The verdict on one item. */
export type ItemStatus = 'pass' | 'warn' | 'fail' | 'missing';

export interface ItemResult {
  no: number;
  category: string;
  title: string;
  urls: string[];
  status: ItemStatus;
  /** One entry per URL of the item, in the checklist's order. */
  pages: PageResult[];
  findings: Finding[];
  /** ISO time the item's check finished. */
  checkedAt: string;
  /** How the item changed since the baseline (`--baseline`); absent when the run has no baseline. */
  change?: ItemChange;
  /** The item's status in the baseline, when the baseline had the item. */
  baselineStatus?: ItemStatus;
  /** The item's title in the baseline, only when it differs from `title` (items are matched by number). */
  baselineTitle?: string;
}

/**
 * How an item changed since the baseline, matched by institution + item number:
 * `new` not in the baseline; `fixed` was fail/missing, now pass/warn; `regressed` got worse (pass→warn, pass/warn→
 * fail/missing); `improved` warn→pass; `unchanged` same level (fail↔missing counts as unchanged: both are gaps).
 */
export type ItemChange = 'new' | 'fixed' | 'regressed' | 'improved' | 'unchanged';

/** An item of the baseline that the checklist no longer lists. */
export interface RemovedItem {
  no: number;
  category: string;
  title: string;
  /** Its status in the baseline. */
  status: ItemStatus;
}

/** Number of items per change, and of items removed since the baseline. */
export interface ChangeCounts {
  new: number;
  fixed: number;
  regressed: number;
  improved: number;
  unchanged: number;
  removed: number;
}

/** The earlier report a run was compared with. */
export interface BaselineInfo {
  /** The baseline file as given on the command line. */
  file: string;
  /** When the baseline run started and finished. */
  startedAt: string;
  finishedAt: string;
  /** false when the baseline run was interrupted (items it lacks show as `new`). */
  complete: boolean;
  changes: ChangeCounts;
  /** Institutions of the baseline that this run did not check (their items are not listed as removed). */
  institutionsNotChecked: string[];
}

export interface StatusCounts {
  pass: number;
  warn: number;
  fail: number;
  missing: number;
  total: number;
  /** (pass + warn) / total, 0..1; 0 when total is 0. */
  complianceRate: number;
}

export interface CategorySummary extends StatusCounts {
  name: string;
  declared?: number;
}

export interface Summary extends StatusCounts {
  categories: CategorySummary[];
}

/** The result of checking one checklist (one institution). */
export interface ChecklistResult {
  checklist: {
    file?: string;
    institution: string;
    title?: string;
    period?: Period;
    site?: string;
  };
  items: ItemResult[];
  summary: Summary;
  /** Items of the baseline that this checklist no longer lists (only when the run has a baseline). */
  removed?: RemovedItem[];
}

/** Options that shaped a run, recorded in reports: defined once, in the table of src/options.ts. */
export type { RunOptions };

/** One part of a resumed run: one invocation of `run` that checked some of its items. */
export interface RunPart {
  startedAt: string;
  finishedAt: string;
  /** Number of the run's items this part checked (the result of each item comes from the last part that checked it). */
  items: number;
  /** Whether this part ran to its end (false for the parts that were interrupted). */
  complete: boolean;
}

/** A run continued after an interruption (`run --db FILE --resume`): its parts, first part first. */
export interface ResumeInfo {
  parts: RunPart[];
}

/** Everything one invocation of `run` produced: the input of every reporter. */
export interface RunResult {
  tool: { name: string; version: string };
  startedAt: string;
  finishedAt: string;
  /** false when the run was interrupted and some items were not checked. */
  complete: boolean;
  options: RunOptions;
  results: ChecklistResult[];
  /** Counts over all checklists. */
  summary: StatusCounts;
  /** Set when the run was compared with an earlier report (`--baseline`). */
  baseline?: BaselineInfo;
  /** Set when the run continued an interrupted one (`--resume`): when each part was checked. */
  resumed?: ResumeInfo;
}
