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

/** An update deadline: `none`, `annual`, or a count of days, weeks, months or years (`2w`, `6m`, `1y`). */
export type UpdateDeadline = 'none' | 'annual' | `${number}${'d' | 'w' | 'm' | 'y'}`;

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
  /**
   * How often the item's page must be updated (`update:` in the checklist; `freshness:` maps onto it):
   * `<n>d|w|m|y` (the newest publication date must be at most that old), `annual` (a date inside the reporting
   * period), `none` (never goes stale). Absent: no deadline.
   */
  update?: UpdateDeadline;
  /** For `update: annual`: the day (`MM-DD`) from which the report of the period just ended must be shown. */
  due?: string;
  /** `true`: the item is legitimately published on another host (no `OFF_SITE_REDIRECT`). */
  external?: boolean;
  /** The item's share of the institution's score (`weight:` in the checklist; absent: 1). See docs/scoring.md. */
  weight?: number;
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
export const SEVERITIES = ['fail', 'warn', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

// The finding types are derived from the catalogue in `src/findings.ts` (its codes, severities and each code's
// params): `FindingCode`, `FindingParams<C>`, and `Finding`, the union of `FindingOf<C>` over every code.
export type { Finding, FindingCode, FindingParams, FindingParamValue } from './findings.js';
import type { FindingCode, FindingParams, Finding } from './findings.js';

// ───────────────────────────── fetch ─────────────────────────────

/** One hop of a redirect chain: the URL that was requested and the status that sent us on. */
export interface RedirectHop {
  url: string;
  status: number;
}

/** The finding codes of a fetch that got no usable response. */
export type FetchFailureCode = Extract<FindingCode, 'DNS_ERROR' | 'CONNECTION_ERROR' | 'TIMEOUT' | 'TLS_ERROR' | 'TOO_MANY_REDIRECTS' | 'BAD_REDIRECT'>;

/** A failure of the fetch itself (no usable response): its finding code and that code's params. */
export type FetchFailure = { [C in FetchFailureCode]: { code: C; params: FindingParams<C> } }[FetchFailureCode];

/** A wait before a retry, in ms, and whether a Retry-After header set it. */
export interface RetryWait {
  ms: number;
  retryAfter: boolean;
}

/**
 * What fetching one URL learnt, answered or not. Facts only: the fetch stage judges nothing, the inspect stage turns
 * these facts into findings (src/inspect/fetch-facts.ts).
 */
interface FetchFacts {
  /** The URL as requested. */
  url: string;
  /** The URL of the last request (after redirects). */
  finalUrl: string;
  /** Redirect hops before the final answer, in order. */
  redirects: RedirectHop[];
  /** ISO time the first attempt started; absent when no attempt was made. */
  startedAt?: string;
  /** Time from the start of the first attempt to the end of the last, in ms. */
  elapsedMs: number;
  /** Number of attempts made over all hops (1 = no retry; 0 = none started). */
  attempts: number;
  /** The waits before each retry. */
  retryWaits: RetryWait[];
  /** Certificate problems fetched through because of --insecure, each once; absent when there were none. */
  tlsInsecure?: string[];
}

/** A fetch that got a response (any status). */
export interface FetchResponse extends FetchFacts {
  kind: 'response';
  /** HTTP status of the final response. */
  status: number;
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
  /** The cap on body bytes this fetch read with. */
  maxBytes: number;
  /** Never set on a response (lets `result.failure` be read on any FetchResult). */
  failure?: undefined;
}

/** A fetch that got no usable response. */
export interface FetchFailed extends FetchFacts {
  kind: 'failure';
  failure: FetchFailure;
  /** Whether the retry layer asks again after this failure (retries permitting); see `wouldRetry`. */
  retryable: boolean;
  /** Never set on a failure (lets `result.status` be read on any FetchResult). */
  status?: undefined;
}

/** The outcome of fetching one URL: what the server answered or why nothing usable came, never an exception. */
export type FetchResult = FetchResponse | FetchFailed;

/**
 * One attempt (one HTTP request, a retry or a redirect hop included) as the fetch stage saw it: the host it went to,
 * how long it took, and its status or why no response came. The run counts them per host (src/run/hosts.ts).
 */
export interface AttemptFact {
  /** The host of the request, with its port when not the default (`URL.host`). */
  host: string;
  /** From the attempt leaving the scheduler to its outcome, in ms (queueing and retry waits excluded). */
  ms: number;
  /** Whether the attempt asked again after an earlier attempt of the same hop failed (a retry). */
  retry: boolean;
  /** The HTTP status, when a response came. */
  status?: number;
  /** Why no usable response came, when none did. */
  failure?: FetchFailure;
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
  /** ISO time the page's first request started; absent when no request was made (the run stopped first, a bad URL). */
  startedAt?: string;
  elapsedMs: number;
  attempts: number;
  /** The page's `<title>` (or document file name), when it had one. */
  title?: string;
  attachments: AttachmentResult[];
}

// ───────────────────────────── verdict ─────────────────────────────

/**
 * The verdicts on an item. `unverified` (未核实): the item's pages could not be fetched while this machine could
 * not reach the network at all (every control URL failed too, src/run/control.ts), so nothing is known of the site;
 * it is counted apart from the compliance rate. `unchecked` (未检查): the run was interrupted (Ctrl-C, SIGTERM)
 * before it reached the item; it has no pages and no findings, is counted apart from the compliance rate and the
 * score, and is never recorded in the history (so `--resume` checks it).
 */
export const ITEM_STATUSES = ['pass', 'warn', 'fail', 'missing', 'unverified', 'unchecked'] as const;
/** The verdict on one item. */
export type ItemStatus = (typeof ITEM_STATUSES)[number];

export interface ItemResult {
  no: number;
  category: string;
  title: string;
  urls: string[];
  status: ItemStatus;
  /** One entry per URL of the item, in the checklist's order. */
  pages: PageResult[];
  findings: Finding[];
  /** ISO time the item's check finished; for an `unchecked` item, when the run stopped. */
  checkedAt: string;
  /** The item's share of the score, when the checklist gives one (`weight:`; absent: 1). */
  weight?: number;
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
export const ITEM_CHANGES = ['new', 'fixed', 'regressed', 'improved', 'unchanged'] as const;
export type ItemChange = (typeof ITEM_CHANGES)[number];

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
  /** Items not judged because this machine could not reach the network (`RunResult.network`). */
  unverified: number;
  /** Items the run did not reach because it was interrupted (Ctrl-C, SIGTERM). */
  unchecked: number;
  /** Every item, unverified and unchecked ones included. */
  total: number;
  /**
   * (pass + warn) / (total - unverified - unchecked): over the items checked and verified only, 0..1; 0 when there
   * is none.
   */
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
  /** `review` only: the requirements of the annual report the checklist was read from. */
  review?: ReportReview;
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

/**
 * The ways an attempt to a host can fail, as the per-host statistics count them: no answer (`dns` the name does not
 * resolve, `refused` the connection was refused, `connection` another connection error, `tls` a certificate or TLS
 * error, `timeout`), or an answer with an error status (`http5xx`, `http429` Too Many Requests, `http4xx` any other
 * 4xx).
 */
export const HOST_FAILURE_KINDS = ['dns', 'refused', 'connection', 'tls', 'timeout', 'http5xx', 'http429', 'http4xx'] as const;
export type HostFailureKind = (typeof HOST_FAILURE_KINDS)[number];

/** What the run's requests to one host came to (pages, redirect hops and attachments alike). */
export interface HostStats {
  /** `URL.host`: the host name, with the port when not the default. */
  host: string;
  /** Attempts made (every retry and every redirect hop is one). */
  requests: number;
  /** Of those, retries of an earlier failed attempt. */
  retries: number;
  /** Failed attempts by kind (every kind present, 0 when none). */
  failures: Record<HostFailureKind, number>;
  /** Attempts that got a response (any status): the ones the times are taken over. */
  responses: number;
  /**
   * Median and 95th percentile (nearest rank) of the response times, in ms; absent when no response came. Taken from
   * a histogram (1 ms steps below 100 ms, 2 % steps above), so a host with 100,000 requests costs a few KB.
   */
  medianMs?: number;
  p95Ms?: number;
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
  /**
   * Set when every page of the run failed at the network level and the control URLs were probed
   * (`--control-url`, src/run/control.ts): `offline` when every control failed too.
   */
  network?: NetworkCheck;
  /**
   * Per host requested during the run (pages, redirect hops, attachments), most requests first. Absent in a report
   * written before xxgk-check counted them.
   */
  hosts?: HostStats[];
}

/** One control URL probed to tell whether this machine reaches the network, and how it answered. */
export interface ControlProbe {
  url: string;
  /** HTTP status when the control answered (any status counts as an answer). */
  status?: number;
  /** The fetch failure code (DNS_ERROR, CONNECTION_ERROR, TIMEOUT, …) when it did not. */
  error?: string;
  /** The failure in words, both languages (the finding's message). */
  message?: Record<Lang, string>;
}

/**
 * What the run learnt of its own network when every page failed to load: `offline` (every control failed: the
 * failures are this machine's, and the items are `unverified`), or not (a control answered: the failures are the
 * sites').
 */
export interface NetworkCheck {
  offline: boolean;
  controls: ControlProbe[];
}

// ───────────────────────────── review (the annual report itself) ─────────────────────────────

/** The verdict on one requirement of the annual report (`review`). */
export type RequirementStatus = 'pass' | 'warn' | 'fail';

/** A stable requirement code; `docs/review.md` documents each in one table. */
export type RequirementCode =
  | 'PART_PRESENT'
  | 'TABLE_READ'
  | 'ITEM_COVERED'
  | 'ITEM_EXTRA'
  | 'ITEM_LINKED'
  | 'CATEGORY_COUNT'
  | 'PERIOD_STATED'
  | 'REPORT_DATED'
  | 'REPORT_ON_TIME'
  | 'LINK_SITE'
  | 'LINK_PAGE';

/** One line of a report review: a requirement met, met doubtfully, or not met, and what it concerns. */
export interface Requirement {
  code: RequirementCode;
  status: RequirementStatus;
  /** What the line is about: a part, an item `(34)`, a category, a URL. */
  subject?: string;
  /** The line in both languages, naming the part, item or link concerned. */
  message: Record<Lang, string>;
}

/** What `review` found about an annual report as a document (before any page is fetched). */
export interface ReportReview {
  /** The report file as given on the command line. */
  file: string;
  format: 'text' | 'html' | 'pdf' | 'docx';
  requirements: Requirement[];
  summary: Record<RequirementStatus, number>;
}
