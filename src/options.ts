// The options of a run, defined once. Each entry of RUN_OPTION_TABLE gives the command-line flag, its help text (en
// and zh), how to parse the flag's value, the key in RunOptions (and in the JSON report's `options`), the default,
// and whether the fetch stage takes it. From this table come: the `run`/`demo` flags (src/commands/run.ts), the
// `RunOptions` type and `DEFAULT_RUN_OPTIONS`, the fetch stage's defaults (src/fetch/index.ts), and the JSON report
// reader (src/report/read.ts), which fills an option an older report lacks from its default.
// docs/contributing.md ("Add an option") lists what else to touch.
import { InvalidArgumentError, Option } from 'commander';
import { DEFAULT_USER_AGENT } from './version.js';
import { t } from './i18n.js';
import type { Lang } from './types.js';

/**
 * What an option's value is: how its flag is parsed and how a JSON report's value is checked. `days` is a whole
 * number of days, given on the command line as `30d`, `2w`, `1m` (30 days) or a plain number.
 */
type OptionKind = 'integer' | 'days' | 'boolean' | 'string' | 'urls';

type ValueOf<K extends OptionKind> = K extends 'boolean'
  ? boolean
  : K extends 'integer' | 'days'
    ? number
    : K extends 'urls'
      ? readonly string[]
      : string;

/**
 * The control URLs probed when every page of a run fails at the network level (`--control-url`,
 * src/run/control.ts): well-known Chinese sites that are up when the network is. Tests never reach these: the CLI
 * takes another list from its context (test/helpers/cli.ts), and the probe refuses them under vitest.
 */
export const DEFAULT_CONTROL_URLS: readonly string[] = ['https://www.moe.gov.cn/', 'https://www.gov.cn/', 'https://www.baidu.com/'];

export interface RunOptionSpec<Key extends string = string, Kind extends OptionKind = OptionKind, Fetch extends boolean = boolean> {
  /** The field of RunOptions and of the JSON report's `options`. */
  key: Key;
  kind: Kind;
  /**
   * The commander flag. A `urls` option is repeatable (`--control-url <url>`, each one adds a URL; the first
   * replaces the default list; `none` empties it). A boolean is a switch: `-k, --insecure` (default false) or `--no-attachments` (a negated
   * switch for an option that defaults to true).
   */
  flag: string;
  description: { en: string; zh: string };
  default: ValueOf<Kind>;
  /** Integers only: the smallest value the flag accepts. */
  min?: number;
  /** The fetch stage takes this option (FetchOptions has a field of the same key). */
  fetch: Fetch;
}

function spec<const Key extends string, const Kind extends OptionKind, const Fetch extends boolean>(
  entry: RunOptionSpec<Key, Kind, Fetch>,
): RunOptionSpec<Key, Kind, Fetch> {
  return entry;
}

/** Every option of a run, in the order `run --help` lists them. */
export const RUN_OPTION_TABLE = [
  spec({
    key: 'concurrency',
    kind: 'integer',
    flag: '-c, --concurrency <n>',
    description: { en: 'requests in flight over all sites', zh: '所有网站合计同时进行的请求数' },
    min: 1,
    default: 16,
    fetch: true,
  }),
  spec({
    key: 'perHost',
    kind: 'integer',
    flag: '--per-host <n>',
    description: { en: 'requests in flight to one site', zh: '同一网站同时进行的请求数' },
    min: 1,
    default: 4,
    fetch: true,
  }),
  spec({
    key: 'delayMs',
    kind: 'integer',
    flag: '--delay <ms>',
    description: { en: 'minimum gap between requests to one site', zh: '同一网站两次请求的最短间隔' },
    min: 0,
    default: 0,
    fetch: true,
  }),
  spec({
    key: 'timeoutMs',
    kind: 'integer',
    flag: '--timeout <ms>',
    description: { en: 'limit for one attempt, connect to last byte', zh: '单次请求的时限，从连接到最后一个字节' },
    min: 1,
    default: 15_000,
    fetch: true,
  }),
  spec({
    key: 'retries',
    kind: 'integer',
    flag: '--retries <n>',
    description: { en: 'retries on connection errors, timeouts, 5xx and 429', zh: '连接错误、超时、5xx、429 时的重试次数' },
    min: 0,
    default: 2,
    fetch: true,
  }),
  spec({
    key: 'retryAfterCapMs',
    kind: 'integer',
    flag: '--retry-after-cap <ms>',
    description: { en: 'longest Retry-After wait honoured', zh: '遵从 Retry-After 等待的最长时间' },
    min: 0,
    default: 60_000,
    fetch: true,
  }),
  spec({
    key: 'maxBytes',
    kind: 'integer',
    flag: '--max-bytes <n>',
    description: { en: 'body bytes read per page (after decompression)', zh: '每个网页最多读取的字节数（解压后）' },
    min: 1024,
    default: 10 * 1024 * 1024,
    fetch: true,
  }),
  spec({
    key: 'maxRedirects',
    kind: 'integer',
    flag: '--max-redirects <n>',
    description: { en: 'redirect hops followed per page (more: TOO_MANY_REDIRECTS)', zh: '每个网页最多跟随的重定向次数（超过：TOO_MANY_REDIRECTS）' },
    min: 0,
    default: 10,
    fetch: true,
  }),
  spec({
    key: 'maxAttachments',
    kind: 'integer',
    flag: '--max-attachments <n>',
    description: { en: 'attachments checked per item', zh: '每个事项最多检查的附件数' },
    min: 0,
    default: 50,
    fetch: false,
  }),
  spec({
    key: 'checkAttachments',
    kind: 'boolean',
    flag: '--no-attachments',
    description: { en: 'do not check linked documents', zh: '不检查链接的附件文档' },
    default: true,
    fetch: false,
  }),
  spec({
    key: 'personalData',
    kind: 'boolean',
    flag: '--no-personal-data',
    description: { en: 'do not look for resident ID and mobile numbers in pages and attachments', zh: '不检查网页和附件中的身份证号、手机号' },
    default: true,
    fetch: false,
  }),
  spec({
    key: 'scanMaxBytes',
    kind: 'integer',
    flag: '--scan-max-bytes <n>',
    description: { en: 'attachments larger than this are not read for personal data', zh: '超过此字节数的附件不检查个人信息' },
    min: 1024,
    default: 5 * 1024 * 1024,
    fetch: false,
  }),
  spec({
    key: 'scanTimeoutMs',
    kind: 'integer',
    flag: '--scan-timeout <ms>',
    description: { en: 'time one attachment may take to read for personal data', zh: '读取一个附件检查个人信息的时限' },
    min: 1,
    default: 60_000,
    fetch: false,
  }),
  spec({
    key: 'mobileThreshold',
    kind: 'integer',
    flag: '--mobile-threshold <n>',
    description: { en: 'flag a page or file listing at least this many mobile numbers', zh: '网页或文件列出至少这么多个手机号时报告' },
    min: 1,
    default: 5,
    fetch: false,
  }),
  spec({
    key: 'slowMs',
    kind: 'integer',
    flag: '--slow <ms>',
    description: { en: 'pages slower than this get SLOW_RESPONSE', zh: '慢于此的网页记为 SLOW_RESPONSE' },
    min: 1,
    default: 8000,
    fetch: false,
  }),
  spec({
    key: 'staleSoonDays',
    kind: 'days',
    flag: '--stale-soon <days>',
    description: {
      en: "warn (STALE_SOON) this long before an item's update deadline: 30d, 2w, 1m; 0 = off",
      zh: '在更新期限前多久提示“即将超期”（STALE_SOON）：30d、2w、1m；0 为不提示',
    },
    default: 30,
    fetch: false,
  }),
  spec({
    key: 'strikeStale',
    kind: 'integer',
    flag: '--strike-stale <n>',
    description: {
      en: 'one-strike verdict (单项否决) when this many items are STALE; 0 = off',
      zh: '未按期更新（STALE）的事项达到此数即单项否决；0 为不判定',
    },
    min: 0,
    default: 5,
    fetch: false,
  }),
  spec({
    key: 'strikeEmpty',
    kind: 'integer',
    flag: '--strike-empty <n>',
    description: {
      en: 'one-strike verdict (单项否决) when this many items are EMPTY_PAGE; 0 = off',
      zh: '空白栏目（EMPTY_PAGE）的事项达到此数即单项否决；0 为不判定',
    },
    min: 0,
    default: 5,
    fetch: false,
  }),
  spec({
    key: 'insecure',
    kind: 'boolean',
    flag: '-k, --insecure',
    description: { en: 'fetch through certificate errors (still reported as warnings)', zh: '证书有错也照样抓取（仍报为警告）' },
    default: false,
    fetch: true,
  }),
  spec({
    key: 'userAgent',
    kind: 'string',
    flag: '--user-agent <ua>',
    description: { en: 'User-Agent header', zh: '请求头 User-Agent' },
    default: DEFAULT_USER_AGENT,
    fetch: true,
  }),
  spec({
    key: 'controlUrls',
    kind: 'urls',
    flag: '--control-url <url>',
    description: {
      en: 'when every page fails to load, probe this URL to tell whether this machine is offline (repeatable; none: no probe)',
      zh: '所有页面均无法访问时，访问此网址以判断是否本机断网（可重复；none 表示不检测）',
    },
    default: DEFAULT_CONTROL_URLS,
    fetch: false,
  }),
  spec({
    key: 'hostStats',
    kind: 'boolean',
    flag: '--host-stats',
    description: {
      en: 'print a table per host: requests, failures by kind, median/p95 time, 429s, retries (HTML and JSON always have it)',
      zh: '打印每个网站的请求数、各类失败数、响应时间中位数和 P95、429 次数、重试次数（HTML 和 JSON 报告总是包含）',
    },
    default: false,
    fetch: false,
  }),
] as const;

type Spec = (typeof RUN_OPTION_TABLE)[number];

/** Options that shaped a run, recorded in reports (`options` of the JSON report). */
export type RunOptions = { [S in Spec as S['key']]: ValueOf<S['kind']> };

/** The keys of the options the fetch stage takes. */
export type FetchOptionKey = Extract<Spec, { fetch: true }>['key'];

/** The options the fetch stage takes, as RunOptions has them. */
export type RunFetchOptions = Pick<RunOptions, FetchOptionKey>;

function valuesOf(pick: (entry: Spec) => unknown, only: (entry: Spec) => boolean = () => true): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const entry of RUN_OPTION_TABLE) if (only(entry)) values[entry.key] = pick(entry);
  return values;
}

/** The options of a run when nobody sets them (the CLI's defaults). */
// The cast: valuesOf sets every key of the table, which is what RunOptions is made of.
export const DEFAULT_RUN_OPTIONS: RunOptions = valuesOf((entry) => entry.default) as RunOptions;

/** The part of `run` the fetch stage takes. */
export function fetchPart(run: RunOptions): RunFetchOptions {
  // The cast: exactly the keys of the entries marked `fetch: true`, which is what RunFetchOptions is made of.
  return valuesOf((entry) => run[entry.key], (entry) => entry.fetch) as RunFetchOptions;
}

/** The flag's value as a whole number >= min, or commander's InvalidArgumentError (a usage error, exit 2). */
function integerParser(name: string, min: number, lang: Lang): (value: string) => number {
  return (value: string) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(t(lang, `${name} 须为不小于 ${min} 的整数。`, `${name} must be an integer >= ${min}.`));
    return n;
  };
}

/** `--stale-soon`: `30d`, `2w`, `1m` (30 days) or a plain number of days; `0` turns it off. */
export function daysParser(name: string, lang: Lang): (value: string) => number {
  return (value: string) => {
    const match = /^\s*(\d{1,4})\s*([dwm]?)\s*$/i.exec(value);
    if (!match) {
      throw new InvalidArgumentError(
        t(lang, `${name} 须为天数、周数或月数，如 30d、2w、1m，或 0。`, `${name} must be a number of days, weeks or months, e.g. 30d, 2w, 1m, or 0.`),
      );
    }
    const count = Number(match[1]);
    const unit = (match[2] ?? '').toLowerCase();
    return unit === 'w' ? count * 7 : unit === 'm' ? count * 30 : count;
  };
}

/**
 * A repeatable URL option: the first value given replaces `fallback` (the default list), later ones add to it;
 * `none` empties the list. Each value must be an absolute http(s) URL.
 */
function urlsParser(name: string, fallback: unknown, lang: Lang): (value: string, previous: unknown) => readonly string[] {
  const refuse = (value: string): InvalidArgumentError =>
    new InvalidArgumentError(t(lang, `${name} 须为 http(s) 网址或 none（给出的是 ${value}）。`, `${name} must be an http(s) URL or none (got ${value}).`));
  return (value: string, previous: unknown) => {
    const list = previous === fallback || !Array.isArray(previous) ? [] : (previous as string[]);
    if (value.trim().toLowerCase() === 'none') return [];
    let url: URL;
    try {
      url = new URL(value.trim());
    } catch {
      throw refuse(value);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw refuse(value);
    return [...list, url.href];
  };
}

/** The commander Option of a table entry, with `fallback` as its default (a command may set its own), in `lang`. */
export function commanderOption(entry: RunOptionSpec, fallback: unknown, lang: Lang): Option {
  const option = new Option(entry.flag, entry.description[lang]);
  if (entry.kind === 'integer') option.argParser(integerParser(option.long ?? entry.flag, entry.min ?? 0, lang));
  if (entry.kind === 'days') option.argParser(daysParser(option.long ?? entry.flag, lang));
  if (entry.kind === 'urls') option.argParser(urlsParser(option.long ?? entry.flag, fallback, lang));
  // A negated switch (`--no-attachments`) defaults to true by itself and shows no default.
  if (!option.negate) option.default(fallback);
  return option;
}

/** The RunOptions from commander's parsed values (commander names each after its flag: `--delay` → `delay`). */
export function runOptionsFromFlags(values: Readonly<Record<string, unknown>>): RunOptions {
  // The cast: each value was parsed by the entry's own option, so it has the entry's kind.
  return valuesOf((entry) => values[new Option(entry.flag).attributeName()]) as RunOptions;
}

/**
 * One option's value from a JSON report: the default when the report lacks it (a report written before the option
 * existed), the value when it has the option's kind, else undefined (the reader says where the wrong field is).
 */
export function optionFromJson(entry: RunOptionSpec, value: unknown): { ok: true; value: unknown } | { ok: false; expected: string } {
  if (value === undefined) return { ok: true, value: entry.default };
  switch (entry.kind) {
    case 'integer':
    case 'days':
      return typeof value === 'number' && Number.isFinite(value) ? { ok: true, value } : { ok: false, expected: 'must be a number' };
    case 'boolean':
      return typeof value === 'boolean' ? { ok: true, value } : { ok: false, expected: 'must be true or false' };
    case 'string':
      return typeof value === 'string' ? { ok: true, value } : { ok: false, expected: 'must be a string' };
    case 'urls':
      return Array.isArray(value) && value.every((url) => typeof url === 'string')
        ? { ok: true, value }
        : { ok: false, expected: 'must be an array of URLs' };
  }
}
