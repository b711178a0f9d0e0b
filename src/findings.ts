// The catalogue of finding codes: fixed severity, the params each code carries, and messages in both languages.
// The codes and their param types are derived from this table (FindingCode, FindingParams<C>): a finding made with
// a wrong or missing param does not compile. docs/findings.md documents the same table for people;
// test/findings-doc.test.ts keeps the two in step.
import type { Lang, Severity } from './types.js';
import { updateLabel } from './checklist/update.js';

/** A finding param: what fills a message template, e.g. `{ status: 404 }`. */
export type FindingParamValue = string | number;

/** The entry of one code: its severity and its message in each language, from params of type `P`. */
interface FindingSpec<P> {
  severity: Severity;
  zh: (p: P) => string;
  en: (p: P) => string;
}

/** The params of a code that has none. */
type NoParams = Record<string, never>;

/** A catalogue entry whose messages read params `P` (`P` is declared once here and checked at every `finding()`). */
function spec<P extends Readonly<Record<string, FindingParamValue | undefined>>>(
  severity: Severity,
  zh: (p: P) => string,
  en: (p: P) => string,
): FindingSpec<P> {
  return { severity, zh, en };
}

const s = (v: string | number | undefined, fallback = '?'): string => (v === undefined ? fallback : String(v));

export const FINDINGS = {
  NO_LINK: spec<NoParams>(
    'fail',
    () => '清单未给出公开链接（“无”或空）',
    () => 'the checklist gives no link for this item',
  ),
  DNS_ERROR: spec<{ host: string }>(
    'fail',
    (p) => `域名无法解析：${s(p.host)}`,
    (p) => `host name does not resolve: ${s(p.host)}`,
  ),
  CONNECTION_ERROR: spec<{ reason: string }>(
    'fail',
    (p) => `无法连接服务器（${connectionReasonZh(s(p.reason))}）`,
    (p) => `cannot connect to the server (${s(p.reason)})`,
  ),
  TIMEOUT: spec<{ seconds: number }>(
    'fail',
    (p) => `${s(p.seconds)} 秒内未完成加载`,
    (p) => `page did not load within ${s(p.seconds)} s`,
  ),
  TLS_ERROR: spec<{ reason: string }>(
    'fail',
    (p) => `HTTPS 证书错误：${tlsReasonZh(s(p.reason))}`,
    (p) => `HTTPS certificate error: ${tlsReasonEn(s(p.reason))}`,
  ),
  TLS_INSECURE: spec<{ reason: string }>(
    'warn',
    (p) => `HTTPS 证书有问题（${tlsReasonZh(s(p.reason))}），已按 --insecure 继续检查`,
    (p) => `HTTPS certificate problem (${tlsReasonEn(s(p.reason))}), checked anyway because of --insecure`,
  ),
  HTTP_ERROR: spec<{ status: number }>(
    'fail',
    (p) => `服务器返回 HTTP ${s(p.status)}`,
    (p) => `the server answered HTTP ${s(p.status)}`,
  ),
  // `reason`: `loop` when a redirect leads back to an address already visited, `limit` when the chain is longer
  // than --max-redirects (a report written before `reason` existed reads as `limit`).
  TOO_MANY_REDIRECTS: spec<{ hops: number; reason: 'loop' | 'limit' }>(
    'fail',
    (p) =>
      p.reason === 'loop'
        ? `重定向循环：第 ${s(p.hops)} 次跳转回到了已访问过的地址`
        : `重定向过多：跳转 ${s(p.hops)} 次仍未到达页面`,
    (p) =>
      p.reason === 'loop'
        ? `redirect loop: redirect ${s(p.hops)} leads back to an address already visited`
        : `too many redirects: ${s(p.hops)} hops without reaching a page`,
  ),
  BAD_REDIRECT: spec<{ location: string }>(
    'fail',
    (p) => `重定向到不可访问的地址：${s(p.location)}`,
    (p) => `redirects to an address that cannot be followed: ${s(p.location)}`,
  ),
  BODY_TRUNCATED: spec<{ limit: number }>(
    'info',
    (p) => `页面超过 ${size(p.limit)}，仅检查了前面部分`,
    (p) => `page is larger than ${size(p.limit)}; only the start was inspected`,
  ),
  /** `retryAfter`: seconds waited because a Retry-After header asked, when one did. */
  RETRIED: spec<{ retries: number; retryAfter?: number }>(
    'info',
    (p) => `重试 ${s(p.retries)} 次后成功${p.retryAfter ? `（按 Retry-After 等待 ${s(p.retryAfter)} 秒）` : ''}`,
    (p) =>
      `succeeded after ${s(p.retries)} ${p.retries === 1 ? 'retry' : 'retries'}${p.retryAfter ? ` (waited ${s(p.retryAfter)} s as Retry-After asked)` : ''}`,
  ),
  SOFT_404: spec<{ phrase: string }>(
    'fail',
    (p) => `页面显示为错误页（“${s(p.phrase)}”）`,
    (p) => `the page is an error page ("${s(p.phrase)}")`,
  ),
  EMPTY_PAGE: spec<EmptyPageParams>(
    'fail',
    (p) => `页面没有实际内容（${emptyReasonZh(p)}）`,
    (p) => `the page has no content of its own (${emptyReasonEn(p)})`,
  ),
  LOGIN_REQUIRED: spec<NoParams>(
    'fail',
    () => '需要登录才能查看，未向公众公开',
    () => 'the page requires a login: it is not public',
  ),
  REDIRECTED_HOME: spec<NoParams>(
    'fail',
    () => '链接被重定向到网站首页，页面可能已被删除',
    () => "the link redirects to the site's home page: the page was probably taken down",
  ),
  OFF_SITE_REDIRECT: spec<{ host: string }>(
    'warn',
    (p) => `最终跳转到其他网站：${s(p.host)}`,
    (p) => `the link ends on another site: ${s(p.host)}`,
  ),
  /** `keywords`: the item's keywords (at most six), joined with 、. */
  KEYWORDS_MISSING: spec<{ keywords: string }>(
    'warn',
    (p) => `页面中未出现事项关键词（${s(p.keywords)}）`,
    (p) => `none of the item's keywords appears on the page (${s(p.keywords)})`,
  ),
  /**
   * `reason`: `no-date` (the page shows no date at all), `overdue` (last updated `latest`, past the `update`
   * interval's `deadline`), `annual-report` (no report for the academic `year`, due by `due`), `period` or absent
   * (an annual item's page shows no date since `from`; `latest`: the latest date on the page, if any).
   */
  STALE: spec<StaleParams>(
    'warn',
    (p) => staleZh(p),
    (p) => staleEn(p),
  ),
  /** Due soon: `overdue`-like params without `reason`, or `reason: 'annual-report'` with `year` and `due`. */
  STALE_SOON: spec<StaleSoonParams>(
    'warn',
    (p) =>
      p.reason === 'annual-report'
        ? `即将超期：${s(p.year)}学年的年度报告应于 ${s(p.due)} 前发布，页面上尚未出现`
        : `即将超期：最近更新于 ${s(p.latest)}，按“${updateLabel(s(p.update), 'zh')}”的更新期限将于 ${s(p.deadline)} 到期`,
    (p) =>
      p.reason === 'annual-report'
        ? `due soon: the report for the ${s(p.year)} academic year is due by ${s(p.due)} and is not on the page yet`
        : `due soon: last updated ${s(p.latest)}; its ${updateLabel(s(p.update), 'en')} update deadline is ${s(p.deadline)}`,
  ),
  BROKEN_ATTACHMENT: spec<{ name: string; error: string }>(
    'warn',
    (p) => `附件无法下载：${s(p.name)}（${attachmentErrorZh(s(p.error))}）`,
    (p) => `attachment does not download: ${s(p.name)} (${attachmentErrorEn(s(p.error))})`,
  ),
  ATTACHMENTS_CAPPED: spec<{ found: number; limit: number }>(
    'info',
    (p) => `页面有 ${s(p.found)} 个附件，只检查了前 ${s(p.limit)} 个`,
    (p) => `the page links ${s(p.found)} attachments; only the first ${s(p.limit)} were checked`,
  ),
  BOT_CHALLENGE: spec<{ vendor: string }>(
    'warn',
    (p) => `网站返回了防火墙/反爬虫验证（${s(p.vendor)}），无法自动核实，请人工打开确认`,
    (p) => `the site answered with an anti-bot challenge (${s(p.vendor)}); it could not be verified automatically, check it by hand`,
  ),
  /** `seconds`: the load time with one decimal, as text (`"9.1"`). */
  SLOW_RESPONSE: spec<{ seconds: string }>(
    'warn',
    (p) => `页面加载较慢：用时 ${s(p.seconds)} 秒（监测把 15 秒内打不开的页面算作“不可访问”）`,
    (p) => `the page was slow to load: ${s(p.seconds)} s (monitors count a page not loaded within 15 s as unreachable)`,
  ),
  /** Resident ID numbers on the page or in a file: see PersonalDataParams. */
  PERSONAL_DATA: spec<PersonalDataParams>(
    'fail',
    (p) => `${sourceZh(p)}含 ${s(p.count)} 个完整的身份证号（如 ${samplesZh(p)}），须删除或打码后重新发布`,
    (p) =>
      `${sourceEn(p)} shows ${s(p.count)} full resident ID ${p.count === 1 ? 'number' : 'numbers'} (e.g. ${s(p.samples)}): remove or mask ${p.count === 1 ? 'it' : 'them'} and publish it again`,
  ),
  /** A list of mobile numbers (at least --mobile-threshold) on the page or in a file: see PersonalDataParams. */
  PERSONAL_DATA_PHONE: spec<PersonalDataParams>(
    'warn',
    (p) => `${sourceZh(p)}列出了 ${s(p.count)} 个手机号（如 ${samplesZh(p)}），若为个人号码须删除或打码后重新发布`,
    (p) => `${sourceEn(p)} lists ${s(p.count)} mobile numbers (e.g. ${s(p.samples)}): if they are personal, remove or mask them and publish it again`,
  ),
  /** Files of a page that could not be read for personal data: the first one's name, why, and how many. */
  PERSONAL_DATA_NOT_SCANNED: spec<NotScannedParams>(
    'info',
    (p) => `附件“${s(p.file)}”${p.count > 1 ? `等 ${s(p.count)} 个文件` : ''}未检查个人信息（${notScannedZh(p)}），请人工核查`,
    (p) => `attachment "${s(p.file)}"${p.count > 1 ? ` and ${p.count - 1} more` : ''} not checked for personal data (${notScannedEn(p)}): check by hand`,
  ),
  INTERNAL_ERROR: spec<{ error: string }>(
    'fail',
    (p) => `检查本事项时出现内部错误：${s(p.error)}`,
    (p) => `internal error while checking this item: ${s(p.error)}`,
  ),
} satisfies Record<string, FindingSpec<never>>;

/** A stable finding code: a key of the catalogue. */
export type FindingCode = keyof typeof FINDINGS;

/** The params a finding of code `C` carries (for a union of codes, the union of their params). */
export type FindingParams<C extends FindingCode = FindingCode> = C extends FindingCode
  ? (typeof FINDINGS)[C] extends FindingSpec<infer P>
    ? P
    : never
  : never;

/**
 * One thing found about an item, its params typed by its code. The message is rendered from `code` + `params` in
 * either language. `Finding` is the union over every code; narrow on `code` to read a code's params.
 */
export type FindingOf<C extends FindingCode> = C extends FindingCode
  ? {
      code: C;
      severity: Severity;
      /** The URL the finding is about, when the item has several pages or it concerns an attachment. */
      url?: string;
      params: FindingParams<C>;
    }
  : never;

export type Finding = FindingOf<FindingCode>;

/**
 * PERSONAL_DATA and PERSONAL_DATA_PHONE: `count` distinct numbers; `samples`, at most 3 masked numbers (first 4 and
 * last 2 characters) joined by ", "; `file` names the attachment (absent: the page itself); `pages` (PDF), `cells`
 * (XLSX/CSV, e.g. 名单!C2:C41) or `lines` (TXT) say where in it.
 */
type PersonalDataParams = { count: number; samples: string; file?: string; pages?: string; cells?: string; lines?: string };

/**
 * PERSONAL_DATA_NOT_SCANNED: `no-text` (a PDF without a text layer), `old-office`, `presentation`, `ofd`, `archive`
 * (formats not read), `too-large` (over `limit` bytes), `timeout` (reading took over `seconds`), `unreadable`,
 * `download` (the HEAD answered but the download failed).
 */
type NotScannedParams =
  | { file: string; count: number; reason: 'no-text' | 'old-office' | 'presentation' | 'ofd' | 'archive' | 'unreadable' | 'download' }
  | { file: string; count: number; reason: 'too-large'; limit: number }
  | { file: string; count: number; reason: 'timeout'; seconds: number };

function placeZh(p: PersonalDataParams): string {
  if (p.pages !== undefined) return `（第 ${p.pages} 页）`;
  if (p.cells !== undefined) return `（${p.cells}）`;
  if (p.lines !== undefined) return `（第 ${p.lines} 行）`;
  return '';
}

function placeEn(p: PersonalDataParams): string {
  if (p.pages !== undefined) return ` (${/[,–]/.test(p.pages) ? 'pages' : 'page'} ${p.pages})`;
  if (p.cells !== undefined) return ` (${p.cells})`;
  if (p.lines !== undefined) return ` (${/[,–]/.test(p.lines) ? 'lines' : 'line'} ${p.lines})`;
  return '';
}

function sourceZh(p: PersonalDataParams): string {
  return p.file === undefined ? '页面' : `附件“${p.file}”${placeZh(p)}`;
}

function sourceEn(p: PersonalDataParams): string {
  return p.file === undefined ? 'the page' : `attachment "${p.file}"${placeEn(p)}`;
}

function samplesZh(p: PersonalDataParams): string {
  return s(p.samples).split(', ').join('、');
}

function notScannedZh(p: NotScannedParams): string {
  switch (p.reason) {
    case 'no-text':
      return 'PDF 没有文字层，可能是扫描件';
    case 'old-office':
      return '旧版 Word/Excel/WPS 格式，无法读取';
    case 'presentation':
      return '演示文稿不读取';
    case 'ofd':
      return 'OFD 文件不读取';
    case 'archive':
      return '压缩包不读取';
    case 'too-large':
      return `文件超过 ${size(p.limit)}`;
    case 'timeout':
      return `读取超过 ${s(p.seconds)} 秒`;
    case 'unreadable':
      return '文件无法解析';
    case 'download':
      return '下载失败';
  }
}

function notScannedEn(p: NotScannedParams): string {
  switch (p.reason) {
    case 'no-text':
      return 'the PDF has no text layer, probably a scan';
    case 'old-office':
      return 'old Word/Excel/WPS format, cannot be read';
    case 'presentation':
      return 'presentations are not read';
    case 'ofd':
      return 'OFD files are not read';
    case 'archive':
      return 'archives are not read';
    case 'too-large':
      return `larger than ${size(p.limit)}`;
    case 'timeout':
      return `reading took over ${s(p.seconds)} s`;
    case 'unreadable':
      return 'the file cannot be parsed';
    case 'download':
      return 'the download failed';
  }
}

/** EMPTY_PAGE: a placeholder block (its `phrase` shown), an empty list, or too little own text (`chars` of it). */
type EmptyPageParams =
  | { reason: 'placeholder'; phrase: string }
  | { reason: 'empty-list' }
  | { reason: 'no-own-text'; chars: number };

type StaleParams =
  | { reason: 'no-date' }
  | { reason: 'overdue'; update: string; latest: string; deadline: string }
  | { reason: 'annual-report'; year: string; due: string }
  | { reason?: 'period'; from: string; latest?: string };

type StaleSoonParams =
  | { reason?: undefined; update: string; latest: string; deadline: string }
  | { reason: 'annual-report'; year: string; due: string };

function staleZh(p: StaleParams): string {
  switch (p.reason) {
    case 'no-date':
      return '未注明信息发布时间，视为不更新';
    case 'overdue':
      return `最近更新于 ${s(p.latest)}，已超过“${updateLabel(s(p.update), 'zh')}”的更新期限（${s(p.deadline)} 到期）`;
    case 'annual-report':
      return `未见 ${s(p.year)}学年的年度报告（应于 ${s(p.due)} 前发布）`;
    default:
      return `页面没有 ${s(p.from)} 之后的日期，可能未更新（最近日期：${s(p.latest, '无')}）`;
  }
}

function staleEn(p: StaleParams): string {
  switch (p.reason) {
    case 'no-date':
      return 'the page shows no publication date: counted as not updated';
    case 'overdue':
      return `last updated ${s(p.latest)}: past its ${updateLabel(s(p.update), 'en')} update deadline (${s(p.deadline)})`;
    case 'annual-report':
      return `no report for the ${s(p.year)} academic year on the page (due by ${s(p.due)})`;
    default:
      return `the page shows no date since ${s(p.from)}: it may be out of date (latest date: ${s(p.latest, 'none')})`;
  }
}

// Reports read back from JSON are not checked per code: every template tolerates a missing or unknown param.
function emptyReasonZh(p: EmptyPageParams): string {
  switch (p.reason) {
    case 'placeholder':
      return `显示“${s(p.phrase)}”`;
    case 'empty-list':
      return '列表中没有任何条目';
    case 'no-own-text':
      return `除导航、页眉页脚外仅有 ${s(p.chars, '0')} 个字`;
    default:
      return s((p as { reason?: string }).reason);
  }
}

function emptyReasonEn(p: EmptyPageParams): string {
  switch (p.reason) {
    case 'placeholder':
      return `it shows "${s(p.phrase)}"`;
    case 'empty-list':
      return 'its list has no entries';
    case 'no-own-text':
      return `only ${s(p.chars, '0')} characters besides navigation, header and footer`;
    default:
      return s((p as { reason?: string }).reason);
  }
}

// BROKEN_ATTACHMENT errors: `HTTP <status>`, `html` (an HTML page served for a document link), `empty`, or a
// fetch failure code (TIMEOUT, CONNECTION_ERROR, …).
function attachmentErrorZh(error: string): string {
  switch (error) {
    case 'html':
      return '返回的是网页而不是文件';
    case 'empty':
      return '文件为空';
    case 'TIMEOUT':
      return '下载超时';
    case 'CONNECTION_ERROR':
      return '无法连接服务器';
    case 'DNS_ERROR':
      return '域名无法解析';
    case 'TLS_ERROR':
      return 'HTTPS 证书错误';
    case 'TOO_MANY_REDIRECTS':
      return '重定向过多';
    case 'BAD_REDIRECT':
      return '重定向地址无效';
    default:
      return error;
  }
}

function attachmentErrorEn(error: string): string {
  switch (error) {
    case 'html':
      return 'an HTML page is served instead of the file';
    case 'empty':
      return 'the file is empty';
    case 'TIMEOUT':
      return 'download timed out';
    case 'CONNECTION_ERROR':
      return 'cannot connect to the server';
    case 'DNS_ERROR':
      return 'host name does not resolve';
    case 'TLS_ERROR':
      return 'HTTPS certificate error';
    case 'TOO_MANY_REDIRECTS':
      return 'too many redirects';
    case 'BAD_REDIRECT':
      return 'redirects to an invalid address';
    default:
      return error;
  }
}

/** The fetch stage words connection failures in English (src/fetch/classify.ts); these are their Chinese forms. */
const CONNECTION_REASONS_ZH: Record<string, string> = {
  'connection refused': '连接被拒绝',
  'connection reset': '连接被重置',
  'connection aborted': '连接中止',
  'connection broken': '连接中断',
  'connection closed': '连接已关闭',
  'connection closed by the server': '服务器关闭了连接',
  'host unreachable': '主机不可达',
  'host down': '主机已关闭',
  'network unreachable': '网络不可达',
  'network down': '网络已断开',
  'address not available': '地址不可用',
  'response shorter than its Content-Length': '响应内容比声明的长度短（传输中断）',
  'invalid HTTP response': '服务器返回了无效的 HTTP 响应',
  'response headers too large': '响应头过长，已停止读取',
  'connection closed mid-response': '传输中途连接断开',
  'invalid URL': '网址格式无效',
  interrupted: '检查被中断',
};

function connectionReasonZh(reason: string): string {
  const known = CONNECTION_REASONS_ZH[reason];
  if (known) return known;
  const decode = /^the (\S+) body cannot be decoded$/.exec(reason);
  if (decode) return `${decode[1]} 压缩内容无法解码`;
  const scheme = /^unsupported scheme (.*)$/.exec(reason);
  if (scheme) return `不支持的协议 ${scheme[1]}`;
  return reason;
}

/** 10485760 → "10 MiB". */
function size(bytes: string | number | undefined): string {
  const n = Number(bytes);
  if (!Number.isFinite(n)) return s(bytes);
  if (n >= 1024 * 1024) return `${Number((n / 1024 / 1024).toFixed(1))} MiB`;
  if (n >= 1024) return `${Number((n / 1024).toFixed(1))} KiB`;
  return `${n} B`;
}

function tlsReasonZh(reason: string): string {
  switch (reason) {
    case 'expired':
      return '证书已过期';
    case 'self-signed':
      return '自签名证书';
    case 'hostname-mismatch':
      return '证书与域名不符';
    case 'untrusted':
      return '证书颁发机构不受信任';
    case 'not-yet-valid':
      return '证书尚未生效';
    default:
      return reason;
  }
}

function tlsReasonEn(reason: string): string {
  switch (reason) {
    case 'expired':
      return 'the certificate has expired';
    case 'self-signed':
      return 'self-signed certificate';
    case 'hostname-mismatch':
      return 'the certificate does not match the host name';
    case 'untrusted':
      return 'the certificate authority is not trusted';
    case 'not-yet-valid':
      return 'the certificate is not valid yet';
    default:
      return reason;
  }
}

/** The arguments after the code: params (optional only for a code that has none), then the URL it is about. */
type FindingArgs<C extends FindingCode> =
  NoParams extends FindingParams<C> ? [params?: FindingParams<C>, url?: string] : [params: FindingParams<C>, url?: string];

/** Make a finding with the code's fixed severity. */
export function finding<C extends FindingCode>(code: C, ...[params, url]: FindingArgs<C>): FindingOf<C> {
  // The cast joins the code with its params: FindingArgs<C> has already checked them against the catalogue.
  const f = { code, severity: FINDINGS[code].severity, params: params ?? {} } as FindingOf<C>;
  if (url !== undefined) f.url = url;
  return f;
}

/**
 * A finding read back from a JSON report (this version's or an older one's): its params are not checked against
 * its code, which the message templates tolerate (a missing param shows as `?`).
 */
export function findingFromReport(code: FindingCode, severity: Severity, params: Record<string, FindingParamValue>): Finding {
  return { code, severity, params } as Finding;
}

/** The finding with each text param passed through `map` (redaction, detaching kept strings); `url` is left as is. */
export function mapParamText(f: Finding, map: (text: string) => string): Finding {
  const params: Record<string, FindingParamValue | undefined> = {};
  for (const [key, value] of Object.entries(f.params as Record<string, FindingParamValue | undefined>)) params[key] = typeof value === 'string' ? map(value) : value;
  // Same code, same keys, strings for strings: still the params of `f.code`.
  return { ...f, params } as Finding;
}

/** The finding's message in the given language. */
export function findingMessage(f: Finding, lang: Lang): string {
  // The catalogue entry of f.code reads f.params; TypeScript cannot follow that correlation through the union.
  const message = FINDINGS[f.code][lang] as (p: Finding['params']) => string;
  return message(f.params);
}

const SEVERITY_RANK: Record<Severity, number> = { fail: 0, warn: 1, info: 2 };

/** Findings ordered worst first (stable within a severity). */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity]);
}
