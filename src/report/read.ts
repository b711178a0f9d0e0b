// Reading a JSON report back (schemaVersion 1, docs/json-report.md) into a RunResult, for `--baseline` and `merge`.
// The reader checks every field the reporters and the comparison use and says where the first wrong one is
// (`results[0].items[3].status`); fields it does not know are ignored, as the format promises ("consumers should
// ignore fields they do not know"). Summaries are recomputed from the items, so a hand-edited file stays consistent.
// An option the report lacks (one added after the report was written) takes its default, so saved baselines stay
// readable when xxgk-check gains an option.
import { readFile } from 'node:fs/promises';
import { FINDINGS, findingFromReport } from '../findings.js';
import type {
  AttachmentResult,
  BaselineInfo,
  ChecklistResult,
  Finding,
  FindingCode,
  FindingParamValue,
  HostStats,
  ItemResult,
  Lang,
  PageResult,
  RedirectHop,
  RemovedItem,
  RunOptions,
  ControlProbe,
  NetworkCheck,
  RunResult,
} from '../types.js';
import { addCounts, summarize } from '../verdict/verdict.js';
import { JSON_SCHEMA_VERSION } from './json.js';
import { errorMessage, firstLine, JsonReportError } from '../errors.js';
import { optionFromJson, RUN_OPTION_TABLE } from '../options.js';
import { HOST_FAILURE_KINDS, ITEM_CHANGES, ITEM_STATUSES, SEVERITIES } from '../types.js';
import { noFailures } from '../run/hosts.js';

// A file that is not a readable xxgk-check JSON report (src/errors.ts).
export { JsonReportError };

/** A problem at a place in the document; turned into a JsonReportError naming the file. */
class Invalid extends Error {
  constructor(
    readonly path: string,
    readonly expected: string,
  ) {
    super(`${path}: ${expected}`);
  }
}

type Json = unknown;


function isObject(value: Json): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function object(value: Json, path: string): Record<string, Json> {
  if (!isObject(value)) throw new Invalid(path, 'must be an object');
  return value;
}

function array(value: Json, path: string): Json[] {
  if (!Array.isArray(value)) throw new Invalid(path, 'must be an array');
  return value;
}

function string(value: Json, path: string): string {
  if (typeof value !== 'string') throw new Invalid(path, 'must be a string');
  return value;
}

function optionalString(value: Json, path: string): string | undefined {
  return value === undefined || value === null ? undefined : string(value, path);
}

function number(value: Json, path: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new Invalid(path, 'must be a number');
  return value;
}

function integer(value: Json, path: string): number {
  if (!Number.isInteger(value)) throw new Invalid(path, 'must be an integer');
  return value as number;
}

function boolean(value: Json, path: string): boolean {
  if (typeof value !== 'boolean') throw new Invalid(path, 'must be true or false');
  return value;
}

function oneOf<T extends string>(value: Json, choices: readonly T[], path: string): T {
  if (typeof value !== 'string' || !(choices as readonly string[]).includes(value)) {
    throw new Invalid(path, `must be one of ${choices.join(', ')}`);
  }
  return value as T;
}

function time(value: Json, path: string): string {
  const text = string(value, path);
  if (Number.isNaN(Date.parse(text))) throw new Invalid(path, 'must be an ISO 8601 time');
  return text;
}

function hop(value: Json, path: string): RedirectHop {
  const o = object(value, path);
  return { url: string(o.url, `${path}.url`), status: integer(o.status, `${path}.status`) };
}

function attachment(value: Json, path: string): AttachmentResult {
  const o = object(value, path);
  const result: AttachmentResult = { url: string(o.url, `${path}.url`), ok: boolean(o.ok, `${path}.ok`) };
  const name = optionalString(o.name, `${path}.name`);
  if (name !== undefined) result.name = name;
  if (o.status !== undefined) result.status = integer(o.status, `${path}.status`);
  const error = optionalString(o.error, `${path}.error`);
  if (error !== undefined) result.error = error;
  return result;
}

function page(value: Json, path: string): PageResult {
  const o = object(value, path);
  const result: PageResult = {
    url: string(o.url, `${path}.url`),
    finalUrl: string(o.finalUrl, `${path}.finalUrl`),
    redirects: array(o.redirects, `${path}.redirects`).map((h, i) => hop(h, `${path}.redirects[${i}]`)),
    bytes: number(o.bytes, `${path}.bytes`),
    elapsedMs: number(o.elapsedMs, `${path}.elapsedMs`),
    attempts: number(o.attempts, `${path}.attempts`),
    attachments: array(o.attachments, `${path}.attachments`).map((a, i) => attachment(a, `${path}.attachments[${i}]`)),
  };
  if (o.status !== undefined && o.status !== null) result.status = integer(o.status, `${path}.status`);
  const contentType = optionalString(o.contentType, `${path}.contentType`);
  if (contentType !== undefined) result.contentType = contentType;
  const title = optionalString(o.title, `${path}.title`);
  if (title !== undefined) result.title = title;
  const startedAt = optionalString(o.startedAt, `${path}.startedAt`);
  if (startedAt !== undefined) result.startedAt = startedAt;
  return result;
}

function finding(value: Json, path: string): Finding {
  const o = object(value, path);
  const code = string(o.code, `${path}.code`);
  if (!Object.hasOwn(FINDINGS, code)) {
    throw new Invalid(`${path}.code`, `"${code}" is not a finding code this version knows (see docs/findings.md)`);
  }
  const params: Record<string, FindingParamValue> = {};
  for (const [key, param] of Object.entries(object(o.params ?? {}, `${path}.params`))) {
    if (typeof param !== 'string' && typeof param !== 'number') throw new Invalid(`${path}.params.${key}`, 'must be a string or a number');
    params[key] = param;
  }
  const result = findingFromReport(code as FindingCode, oneOf(o.severity, SEVERITIES, `${path}.severity`), params);
  const url = optionalString(o.url, `${path}.url`);
  if (url !== undefined) result.url = url;
  return result;
}

function item(value: Json, path: string): ItemResult {
  const o = object(value, path);
  const result: ItemResult = {
    no: integer(o.no, `${path}.no`),
    category: string(o.category, `${path}.category`),
    title: string(o.title, `${path}.title`),
    urls: array(o.urls, `${path}.urls`).map((u, i) => string(u, `${path}.urls[${i}]`)),
    status: oneOf(o.status, ITEM_STATUSES, `${path}.status`),
    pages: array(o.pages, `${path}.pages`).map((p, i) => page(p, `${path}.pages[${i}]`)),
    findings: array(o.findings, `${path}.findings`).map((f, i) => finding(f, `${path}.findings[${i}]`)),
    checkedAt: time(o.checkedAt, `${path}.checkedAt`),
  };
  if (o.weight !== undefined) result.weight = number(o.weight, `${path}.weight`);
  if (o.change !== undefined) result.change = oneOf(o.change, ITEM_CHANGES, `${path}.change`);
  if (o.baselineStatus !== undefined) result.baselineStatus = oneOf(o.baselineStatus, ITEM_STATUSES, `${path}.baselineStatus`);
  const baselineTitle = optionalString(o.baselineTitle, `${path}.baselineTitle`);
  if (baselineTitle !== undefined) result.baselineTitle = baselineTitle;
  return result;
}

function removedItem(value: Json, path: string): RemovedItem {
  const o = object(value, path);
  return {
    no: integer(o.no, `${path}.no`),
    category: string(o.category, `${path}.category`),
    title: string(o.title, `${path}.title`),
    status: oneOf(o.status, ITEM_STATUSES, `${path}.status`),
  };
}

function checklistResult(value: Json, path: string): ChecklistResult {
  const o = object(value, path);
  const meta = object(o.checklist, `${path}.checklist`);
  const checklist: ChecklistResult['checklist'] = { institution: string(meta.institution, `${path}.checklist.institution`) };
  for (const key of ['file', 'title', 'site'] as const) {
    const text = optionalString(meta[key], `${path}.checklist.${key}`);
    if (text !== undefined) checklist[key] = text;
  }
  if (meta.period !== undefined && meta.period !== null) {
    const period = object(meta.period, `${path}.checklist.period`);
    checklist.period = { from: string(period.from, `${path}.checklist.period.from`), to: string(period.to, `${path}.checklist.period.to`) };
  }
  const items = array(o.items, `${path}.items`).map((entry, i) => item(entry, `${path}.items[${i}]`));
  // Categories in the order the summary lists them (it keeps categories with no item), then any only items name.
  const categories: { name: string; declared?: number }[] = [];
  const summary = isObject(o.summary) ? o.summary : {};
  if (summary.categories !== undefined) {
    array(summary.categories, `${path}.summary.categories`).forEach((c, i) => {
      const category = object(c, `${path}.summary.categories[${i}]`);
      const entry: { name: string; declared?: number } = { name: string(category.name, `${path}.summary.categories[${i}].name`) };
      if (category.declared !== undefined) entry.declared = integer(category.declared, `${path}.summary.categories[${i}].declared`);
      categories.push(entry);
    });
  }
  for (const entry of items) if (!categories.some((c) => c.name === entry.category)) categories.push({ name: entry.category });
  const result: ChecklistResult = { checklist, items, summary: summarize(categories, items) };
  if (o.removed !== undefined) result.removed = array(o.removed, `${path}.removed`).map((r, i) => removedItem(r, `${path}.removed[${i}]`));
  return result;
}

/** The run's options; one missing (a report older than the option) takes its default (src/options.ts). */
function options(value: Json, path: string): RunOptions {
  const o = object(value, path);
  const result: Record<string, unknown> = {};
  for (const entry of RUN_OPTION_TABLE) {
    const read = optionFromJson(entry, o[entry.key]);
    if (!read.ok) throw new Invalid(`${path}.${entry.key}`, read.expected);
    result[entry.key] = read.value;
  }
  // The cast: every key of the table was set, with a value of the entry's kind.
  return result as RunOptions;
}

function baselineInfo(value: Json, path: string): BaselineInfo {
  const o = object(value, path);
  const changes = object(o.changes, `${path}.changes`);
  const count = (key: string): number => integer(changes[key], `${path}.changes.${key}`);
  return {
    file: string(o.file, `${path}.file`),
    startedAt: time(o.startedAt, `${path}.startedAt`),
    finishedAt: time(o.finishedAt, `${path}.finishedAt`),
    complete: boolean(o.complete, `${path}.complete`),
    changes: {
      new: count('new'),
      fixed: count('fixed'),
      regressed: count('regressed'),
      improved: count('improved'),
      unchanged: count('unchanged'),
      removed: count('removed'),
    },
    institutionsNotChecked: array(o.institutionsNotChecked ?? [], `${path}.institutionsNotChecked`).map((s, i) =>
      string(s, `${path}.institutionsNotChecked[${i}]`),
    ),
  };
}

/** `network`: whether the run found this machine offline, and each control URL probed. */
function networkCheck(value: Json, path: string): NetworkCheck {
  const o = object(value, path);
  const controls = array(o.controls, `${path}.controls`).map((c, i): ControlProbe => {
    const at = `${path}.controls[${i}]`;
    const control = object(c, at);
    const probe: ControlProbe = { url: string(control.url, `${at}.url`) };
    if (control.status !== undefined) probe.status = integer(control.status, `${at}.status`);
    const error = optionalString(control.error, `${at}.error`);
    if (error !== undefined) probe.error = error;
    if (control.message !== undefined) {
      const message = object(control.message, `${at}.message`);
      probe.message = { zh: string(message.zh, `${at}.message.zh`), en: string(message.en, `${at}.message.en`) };
    }
    return probe;
  });
  return { offline: boolean(o.offline, `${path}.offline`), controls };
}

/** One entry of `hosts`: counts must be whole numbers; a failure kind this version does not know is ignored. */
function hostStats(value: Json, path: string): HostStats {
  const o = object(value, path);
  const failures = object(o.failures, `${path}.failures`);
  const result: HostStats = {
    host: string(o.host, `${path}.host`),
    requests: integer(o.requests, `${path}.requests`),
    retries: integer(o.retries, `${path}.retries`),
    failures: noFailures(),
    responses: integer(o.responses, `${path}.responses`),
  };
  for (const kind of HOST_FAILURE_KINDS) {
    if (failures[kind] !== undefined) result.failures[kind] = integer(failures[kind], `${path}.failures.${kind}`);
  }
  if (o.medianMs !== undefined) result.medianMs = number(o.medianMs, `${path}.medianMs`);
  if (o.p95Ms !== undefined) result.p95Ms = number(o.p95Ms, `${path}.p95Ms`);
  return result;
}

/** A parsed report document as a RunResult; throws Invalid at the first wrong field. */
function runFrom(document: Json): RunResult {
  const o = object(document, '(top level)');
  if (o.schemaVersion !== JSON_SCHEMA_VERSION) {
    throw new Invalid('schemaVersion', `must be ${JSON_SCHEMA_VERSION} (this file has ${JSON.stringify(o.schemaVersion) ?? 'none'})`);
  }
  const tool = object(o.tool, 'tool');
  const results = array(o.results, 'results').map((r, i) => checklistResult(r, `results[${i}]`));
  const run: RunResult = {
    tool: { name: string(tool.name, 'tool.name'), version: string(tool.version, 'tool.version') },
    startedAt: time(o.startedAt, 'startedAt'),
    finishedAt: time(o.finishedAt, 'finishedAt'),
    complete: boolean(o.complete, 'complete'),
    options: options(o.options, 'options'),
    results,
    summary: addCounts(results.map((r) => r.summary)),
  };
  if (o.baseline !== undefined) run.baseline = baselineInfo(o.baseline, 'baseline');
  if (o.network !== undefined) run.network = networkCheck(o.network, 'network');
  // Reports written before the per-host figures existed have none: the run is read without them.
  if (o.hosts !== undefined) run.hosts = array(o.hosts, 'hosts').map((h, i) => hostStats(h, `hosts[${i}]`));
  return run;
}

function describe(file: string, lang: Lang, reason: string): string {
  return lang === 'zh' ? `${file} 不是有效的 xxgk-check JSON 报告：${reason}` : `${file} is not a valid xxgk-check JSON report: ${reason}`;
}

/** Parse the text of a JSON report. `file` names it in errors. */
export function parseJsonReport(text: string, file: string, lang: Lang = 'en'): RunResult {
  let document: Json;
  try {
    document = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    const reason = firstLine(err);
    throw new JsonReportError(describe(file, lang, lang === 'zh' ? `JSON 语法错误（${reason}）` : `not JSON (${reason})`), file);
  }
  try {
    return runFrom(document);
  } catch (err) {
    if (err instanceof Invalid) throw new JsonReportError(describe(file, lang, `${err.path} ${err.expected}`), file);
    throw err;
  }
}

/**
 * Read and check a JSON report file. `file` is the path to open; `shownAs` is how messages name it (default
 * `file`). Rejects with a one-line JsonReportError for a missing, unreadable or invalid file.
 */
export async function readJsonReport(file: string, lang: Lang = 'en', shownAs = file): Promise<RunResult> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT'
        ? lang === 'zh' ? '文件不存在' : 'no such file'
        : code === 'EISDIR'
          ? lang === 'zh' ? '这是一个文件夹' : 'it is a directory'
          : errorMessage(err);
    throw new JsonReportError(lang === 'zh' ? `无法读取 ${shownAs}：${reason}` : `cannot read ${shownAs}: ${reason}`, shownAs);
  }
  return parseJsonReport(text, shownAs, lang);
}
