// What every format of the `history` report shares: its labels (zh/en), and the readings of an item's figures —
// availability, load times, durations, the rule and the thin-sample note in the monitors' words.
import type { Lang } from '../../types.js';
import type { Label } from '../labels.js';
import type { HistoryItem, HistoryReport } from '../../history/report-types.js';
import { formatTime } from '../../time.js';
import { HISTORY_TEXT as VIEW_TEXT } from './view.js';

// One reading of the figures in every format: the HTML page's and the workbook's (./view.ts).
export { availabilityText, outageText, ruleText, secondsText, thinSampleNote } from './view.js';

/** The options every history format takes (the run reports' ReportOptions). */
export type { ReportOptions } from '../common.js';

/** Column headers and words of the history report. */
export const HISTORY_COLUMN = {
  institution: { zh: '学校', en: 'Institution' },
  no: { zh: '序号', en: 'No.' },
  category: { zh: '类别', en: 'Category' },
  item: { zh: '公开事项', en: 'Item' },
  urls: { zh: '链接', en: 'URLs' },
  verdict: { zh: '判定', en: 'Verdict' },
  items: { zh: '事项', en: 'Items' },
  probes: { zh: '探测', en: 'Probes' },
  failures: { zh: '失败', en: 'Failed' },
  availability: VIEW_TEXT.availability,
  unreachableItems: { zh: '不可访问', en: 'Unreachable' },
  median: { zh: '中位', en: 'Median' },
  p95: { zh: 'P95', en: 'P95' },
  medianSeconds: { zh: '加载时间中位数（秒）', en: 'Median load (s)' },
  p95Seconds: { zh: '加载时间 P95（秒）', en: 'P95 load (s)' },
  longestOutage: VIEW_TEXT.longestOutage,
  outageProbes: { zh: '最长中断（连续失败次数）', en: 'Longest outage (failed probes in a row)' },
  outageFrom: { zh: '最长中断开始', en: 'Longest outage from' },
  outageMinutes: { zh: '最长中断时长（分钟）', en: 'Longest outage (minutes)' },
  firstFailure: VIEW_TEXT.firstFailure,
  lastFailure: VIEW_TEXT.lastFailure,
  lastChange: { zh: '最近状态变化', en: 'Last change' },
  lastChangeTo: { zh: '变为', en: 'Became' },
  lastChangeAfterMinutes: { zh: '此前持续（分钟）', en: 'After (minutes)' },
  thinSample: { zh: '样本不足', en: 'Thin sample' },
} as const satisfies Record<string, Label>;

export const VERDICT_LABEL = {
  unreachable: { zh: '不可访问', en: 'unreachable' },
  reachable: { zh: '可访问', en: 'reachable' },
  unprobed: { zh: '无探测', en: 'no probe' },
} as const satisfies Record<string, Label>;

/** The verdict of an item by the rule. */
export function verdictOf(item: Pick<HistoryItem, 'probes' | 'unreachable'>): keyof typeof VERDICT_LABEL {
  return item.probes === 0 ? 'unprobed' : item.unreachable ? 'unreachable' : 'reachable';
}

/** Words of the terminal, Markdown and CSV history reports (the HTML page's and the workbook's: ./view.ts). */
export const HISTORY_WORDS = {
  title: VIEW_TEXT.title,
  window: VIEW_TEXT.window,
  rule: VIEW_TEXT.rule,
  database: VIEW_TEXT.database,
  runs: VIEW_TEXT.runs,
  byCategory: { zh: '按类别汇总', en: 'By category' },
  byInstitution: { zh: '按学校汇总', en: 'By institution' },
  overall: VIEW_TEXT.total,
  ongoing: VIEW_TEXT.ongoing,
  failing: { zh: '不可访问', en: 'down' },
  up: { zh: '恢复', en: 'up' },
  yes: VIEW_TEXT.yes,
} as const satisfies Record<string, Label>;

/** A time in the report's zone without the year and the offset (the report names the zone once): `03-08 14:00`. */
export function shortTime(iso: string | undefined, timeZone: string): string {
  if (iso === undefined) return '';
  return formatTime(iso, timeZone).slice(5, 16);
}

/** The window as people read it: `2026-03-01 00:00 (UTC+8) – 2026-03-08 00:00 (UTC+8)`. */
export function windowText(report: HistoryReport): string {
  return `${formatTime(report.window.since, report.timeZone)} – ${formatTime(report.window.until, report.timeZone)}`;
}

/** The note on probes left out because this machine was offline; undefined when none. */
export function unverifiedNote(report: HistoryReport, lang: Lang): string | undefined {
  const n = report.unverifiedProbes ?? 0;
  if (n === 0) return undefined;
  return lang === 'zh'
    ? `另有 ${n} 次探测是在本机无法访问网络时进行的（未核实），不计入以上数字。`
    : `${n} more probe${n === 1 ? ' was' : 's were'} made while this machine could not reach the network (unverified) and ${n === 1 ? 'is' : 'are'} left out of these figures.`;
}

/** What an empty window says. */
export function emptyNote(report: HistoryReport, lang: Lang): string {
  return lang === 'zh'
    ? `${report.database} 中在 ${windowText(report)} 期间没有检查记录。用 xxgk-check run --db 或 watch 记录检查，或用 --since 选择更早的时段。`
    : `${report.database} holds no check between ${windowText(report)}. Record checks with xxgk-check run --db or watch, or choose an earlier window with --since.`;
}

/** Items worst first: unreachable first, then by availability, then more failures, then by number; unprobed last. */
export function itemsWorstFirst(items: readonly HistoryItem[]): HistoryItem[] {
  return [...items].sort((a, b) => {
    if ((a.probes === 0) !== (b.probes === 0)) return a.probes === 0 ? 1 : -1;
    if (a.unreachable !== b.unreachable) return a.unreachable ? -1 : 1;
    return a.availability - b.availability || b.failures - a.failures || a.no - b.no;
  });
}
