// Every zh/en label the reports share, in one place: the names of statuses and changes, the column headers of every
// table (terminal, CSV, XLSX, HTML, Markdown), and the headings and notes more than one format prints. A label that
// only one format prints (the HTML page's filter texts, say) stays in that format's file.
import type { HostFailureKind, ItemChange, ItemStatus, Lang, RequirementStatus, Severity } from '../types.js';

/** A label in both languages. */
export type Label = Readonly<Record<Lang, string>>;

/** An item's change, or `removed` for a baseline item the checklist no longer lists. */
export type ChangeKind = ItemChange | 'removed';

export const STATUS_LABEL: Record<ItemStatus, Label> = {
  pass: { zh: '通过', en: 'pass' },
  warn: { zh: '警告', en: 'warn' },
  fail: { zh: '不通过', en: 'fail' },
  missing: { zh: '缺失', en: 'missing' },
  unverified: { zh: '未核实', en: 'unverified' },
  unchecked: { zh: '未检查', en: 'not checked' },
};

/** A finding's severity, as the HTML report's badge shows it. */
export const SEVERITY_LABEL: Record<Severity, Label> = {
  fail: { zh: '不合格', en: 'fail' },
  warn: { zh: '警告', en: 'warn' },
  info: { zh: '提示', en: 'info' },
};

export const CHANGE_LABEL: Record<ChangeKind, Label> = {
  regressed: { zh: '变差', en: 'regressed' },
  fixed: { zh: '已修复', en: 'fixed' },
  improved: { zh: '好转', en: 'improved' },
  new: { zh: '新增', en: 'new' },
  removed: { zh: '已移除', en: 'removed' },
  unchanged: { zh: '无变化', en: 'unchanged' },
};

/** Column headers of every report table. */
export const COLUMN = {
  institution: { zh: '学校', en: 'Institution' },
  no: { zh: '序号', en: 'No.' },
  category: { zh: '类别', en: 'Category' },
  item: { zh: '公开事项', en: 'Item' },
  urls: { zh: '链接', en: 'URL' },
  status: { zh: '状态', en: 'Status' },
  change: { zh: '变化', en: 'Change' },
  baselineStatus: { zh: '基线状态', en: 'Baseline status' },
  /** The HTTP column of the spreadsheets (CSV, XLSX). */
  http: { zh: 'HTTP状态', en: 'HTTP status' },
  /** The HTTP column of the matrices people read (terminal, HTML), where width is short. */
  httpShort: { zh: 'HTTP', en: 'HTTP' },
  finalUrl: { zh: '最终地址', en: 'Final URL' },
  findings: { zh: '问题', en: 'Findings' },
  checkedAt: { zh: '检查时间', en: 'Checked at' },
  notes: { zh: '说明', en: 'Notes' },
  // The summary tables: counts per status, total, compliance rate (and, in HTML, a bar of the distribution).
  pass: { zh: '通过', en: 'Pass' },
  warn: { zh: '警告', en: 'Warn' },
  fail: { zh: '不通过', en: 'Fail' },
  missing: { zh: '缺失', en: 'Missing' },
  /** Only in a table of an interrupted run (`summaryCountColumns`). */
  unchecked: { zh: '未检查', en: 'Not checked' },
  total: { zh: '合计', en: 'Total' },
  complianceRate: { zh: '合规率', en: 'Compliance' },
  distribution: { zh: '分布', en: 'Distribution' },
} as const satisfies Record<string, Label>;

/** The count columns of a summary table, in the order of `countsRow`. */
export const SUMMARY_COUNT_COLUMNS = [COLUMN.pass, COLUMN.warn, COLUMN.fail, COLUMN.missing, COLUMN.total, COLUMN.complianceRate] as const;

/**
 * The count columns of a summary table whose total is `total`: SUMMARY_COUNT_COLUMNS, with 未检查 before 合计 when
 * the run was interrupted before some items (a complete run's tables keep their columns).
 */
export function summaryCountColumns(total: { unchecked?: number }): readonly Label[] {
  return (total.unchecked ?? 0) > 0
    ? [COLUMN.pass, COLUMN.warn, COLUMN.fail, COLUMN.missing, COLUMN.unchecked, COLUMN.total, COLUMN.complianceRate]
    : SUMMARY_COUNT_COLUMNS;
}

export const TEXT = {
  overall: { zh: '合计', en: 'Total' },
  summary: { zh: '汇总', en: 'Summary' },
  gaps: { zh: '问题清单', en: 'Gaps' },
  noGaps: { zh: '所有事项均已公开，未发现问题。', en: 'Every item is published: no gaps found.' },
  incomplete: {
    zh: '检查被中断：部分事项未检查，本报告不完整。',
    en: 'The run was interrupted: some items were not checked and this report is incomplete.',
  },
  overview: { zh: '各校概览', en: 'Overview' },
  period: { zh: '统计期间', en: 'Period' },
  checkedAt: { zh: '检查时间', en: 'Checked' },
  more: { zh: '另有 {n} 项', en: '+{n} more' },
  redirects: { zh: '重定向', en: 'Redirects' },
  attachments: { zh: '附件', en: 'Attachments' },
  findings: { zh: '问题', en: 'Findings' },
  noLink: { zh: '（无链接）', en: '(no link)' },
  /** The note of an `unchecked` item. */
  uncheckedItem: { zh: '检查在到达此项前被中断，未检查', en: 'the run was interrupted before this item: not checked' },
} as const satisfies Record<string, Label>;

export const CHANGE_TEXT = {
  none: { zh: '与基线相比没有变化。', en: 'Nothing changed since the baseline.' },
  notChecked: { zh: '基线中有、本次未检查的学校', en: 'Institutions in the baseline not checked in this run' },
  baselineIncomplete: {
    zh: '基线报告不完整（当时检查被中断），其中缺少的事项显示为“新增”。',
    en: 'The baseline run was interrupted: items it lacks show as new.',
  },
  baselineTitle: { zh: '基线中的标题', en: 'Title in the baseline' },
} as const satisfies Record<string, Label>;

/** `review`: the status of a requirement of the annual report (符合 / 注意 / 不符合: not the items' 通过 / 警告 / 不通过). */
export const REQUIREMENT_STATUS_LABEL: Record<RequirementStatus, Label> = {
  pass: { zh: '符合', en: 'pass' },
  warn: { zh: '注意', en: 'warn' },
  fail: { zh: '不符合', en: 'fail' },
};

/** `review`: the headings, column headers and notes of the requirement section of every format. */
export const REVIEW_TEXT = {
  heading: { zh: '年度报告审查', en: 'Report review' },
  noFetch: {
    zh: '未访问链接（--no-fetch）：只审查了报告本身。',
    en: 'Links not fetched (--no-fetch): the report itself was reviewed.',
  },
  result: { zh: '结果', en: 'Status' },
  code: { zh: '代码', en: 'Code' },
  subject: { zh: '对象', en: 'Subject' },
  message: { zh: '说明', en: 'Message' },
  report: { zh: '报告文件', en: 'Report' },
} as const satisfies Record<string, Label>;

/** The score, the one-strike verdicts and the league table (src/verdict/score.ts, docs/scoring.md). */
export const SCORE_TEXT = {
  score: { zh: '得分', en: 'Score' },
  rank: { zh: '名次', en: 'Rank' },
  league: { zh: '排名（按得分）', en: 'League table (by score)' },
  strikes: { zh: '单项否决', en: 'One-strike verdicts' },
  categoryRates: { zh: '各类得分率', en: 'Score rate by category' },
  rule: {
    zh: '满分 100：每个事项同等分值（或按清单的 weight），通过得全分，警告得一半，不通过、缺失及被防火墙拦截（BOT_CHALLENGE）的不得分；单项否决的最高 59 分；检查未完成、本机离线或只审查报告的不给分、不排名（见 docs/scoring.md）',
    en: 'out of 100: every item an equal share (or its checklist weight); pass full, warn half, fail, missing and blocked by a bot challenge (BOT_CHALLENGE) nothing; a one-strike verdict caps it at 59; an unfinished run, an offline one or a review only gets no score and no rank (see docs/scoring.md)',
  },
} as const satisfies Record<string, Label>;

/** Failures shared by a site (src/report/hosts.ts) and the per-host table (`--host-stats`, HTML, JSON). */
export const HOST_TEXT = {
  groups: { zh: '同一网站的共同故障', en: 'Failures shared by a site' },
  items: { zh: '{n} 个事项', en: '{n} items' },
  reference: { zh: '见上方网站故障：{host}', en: 'see site failure above: {host}' },
  itemNumbers: { zh: '事项 {list}', en: 'items {list}' },
  dns: { zh: '域名无法解析', en: 'name does not resolve' },
  table: { zh: '各网站请求统计', en: 'Requests per host' },
  host: { zh: '网站', en: 'Host' },
  requests: { zh: '请求', en: 'Requests' },
  retries: { zh: '重试', en: 'Retries' },
  tooMany: { zh: '429', en: '429' },
  median: { zh: '中位数', en: 'Median' },
  p95: { zh: 'P95', en: 'P95' },
  failures: { zh: '失败', en: 'Failures' },
  none: { zh: '无', en: 'none' },
  note: {
    zh: '请求数含重试和重定向；中位数、P95 为有响应的请求的用时（毫秒）；429（请求过多）单列，不计入“失败”。',
    en: 'Requests count every retry and redirect hop; median and P95 are the times (ms) of the requests that got a response; 429 counts the Too Many Requests answers (not repeated under failures).',
  },
} as const satisfies Record<string, Label>;

/** A kind of failed request, as the per-host table names it (short: it shares a cell with the other kinds). */
export const HOST_FAILURE_LABEL = {
  dns: { zh: '域名解析', en: 'DNS' },
  refused: { zh: '拒绝连接', en: 'refused' },
  connection: { zh: '连接出错', en: 'connection' },
  tls: { zh: '证书', en: 'TLS' },
  timeout: { zh: '超时', en: 'timeout' },
  http5xx: { zh: '5xx', en: '5xx' },
  http429: { zh: '429', en: '429' },
  http4xx: { zh: '4xx', en: '4xx' },
} as const satisfies Record<HostFailureKind, Label>;
