// What every format of the `history` report shares: its labels (zh/en), and the readings of an item's figures —
// availability, load times, durations, the rule and the thin-sample note in the monitors' words.
import type { Lang } from '../../types.js';
import type { Label } from '../labels.js';
import type { AvailabilityRule, HistoryItem, HistoryReport } from '../../history/report-types.js';
import { formatTime } from '../../time.js';

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
  availability: { zh: '可访问率', en: 'Available' },
  unreachableItems: { zh: '不可访问', en: 'Unreachable' },
  median: { zh: '中位', en: 'Median' },
  p95: { zh: 'P95', en: 'P95' },
  medianSeconds: { zh: '加载时间中位数（秒）', en: 'Median load (s)' },
  p95Seconds: { zh: '加载时间 P95（秒）', en: 'P95 load (s)' },
  longestOutage: { zh: '最长中断', en: 'Longest outage' },
  outageProbes: { zh: '最长中断（连续失败次数）', en: 'Longest outage (failed probes in a row)' },
  outageFrom: { zh: '最长中断开始', en: 'Longest outage from' },
  outageMinutes: { zh: '最长中断时长（分钟）', en: 'Longest outage (minutes)' },
  firstFailure: { zh: '首次失败', en: 'First failure' },
  lastFailure: { zh: '最近失败', en: 'Last failure' },
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

export const HISTORY_TEXT = {
  title: { zh: '可访问性历史报告', en: 'Availability history' },
  window: { zh: '时段', en: 'Window' },
  database: { zh: '数据库', en: 'Database' },
  runs: { zh: '检查次数', en: 'Runs' },
  byCategory: { zh: '按类别汇总', en: 'By category' },
  byInstitution: { zh: '按学校汇总', en: 'By institution' },
  overall: { zh: '合计', en: 'Total' },
  ongoing: { zh: '持续中', en: 'ongoing' },
  failing: { zh: '不可访问', en: 'down' },
  up: { zh: '恢复', en: 'up' },
  yes: { zh: '是', en: 'yes' },
} as const satisfies Record<string, Label>;

/** A rate as a percentage without trailing zeros: `0.05` → `5%`, `0.075` → `7.5%`. */
export function ratePercent(rate: number): string {
  return `${Number((rate * 100).toFixed(4))}%`;
}

/**
 * Availability for people: `100%` only when nothing failed; otherwise two decimals rounded down, so an item that
 * failed is never shown as 100 % and one at 94.999 % never as 95.00 %.
 */
export function availabilityText(availability: number, probes: number): string {
  if (probes === 0) return '—';
  if (availability >= 1) return '100%';
  return `${(Math.floor(availability * 10000 + 1e-9) / 100).toFixed(2)}%`;
}

/** A load time in seconds for a column: `0.42s`, `15.2s`. */
export function secondsText(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(2)}s` : `${(ms / 1000).toFixed(1)}s`;
}

/** A length of time: `45 分钟`, `3 小时 20 分`, `2 天 4 小时` / `45 min`, `3 h 20 min`, `2 d 4 h`. */
export function durationText(ms: number, lang: Lang): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 1) return lang === 'zh' ? '不到 1 分钟' : '< 1 min';
  if (minutes < 60) return lang === 'zh' ? `${minutes} 分钟` : `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) {
    const rest = minutes % 60;
    if (lang === 'zh') return rest ? `${hours} 小时 ${rest} 分` : `${hours} 小时`;
    return rest ? `${hours} h ${rest} min` : `${hours} h`;
  }
  const days = Math.floor(hours / 24);
  const rest = hours % 24;
  if (lang === 'zh') return rest ? `${days} 天 ${rest} 小时` : `${days} 天`;
  return rest ? `${days} d ${rest} h` : `${days} d`;
}

/** The longest outage: `3 次，2 小时` / `3×, 2 h`; `3 次，持续中` while it lasts; empty without one. */
export function outageText(item: HistoryItem, lang: Lang): string {
  const outage = item.longestOutage;
  if (!outage) return '';
  const length = outage.ms === undefined ? HISTORY_TEXT.ongoing[lang] : durationText(outage.ms, lang);
  return lang === 'zh' ? `${outage.probes} 次，${length}` : `${outage.probes}×, ${length}`;
}

/** A time in the report's zone without the year and the offset (the report names the zone once): `03-08 14:00`. */
export function shortTime(iso: string | undefined, timeZone: string): string {
  if (iso === undefined) return '';
  return formatTime(iso, timeZone).slice(5, 16);
}

/** The window as people read it: `2026-03-01 00:00 (UTC+8) – 2026-03-08 00:00 (UTC+8)`. */
export function windowText(report: HistoryReport): string {
  return `${formatTime(report.window.since, report.timeZone)} – ${formatTime(report.window.until, report.timeZone)}`;
}

/** The monitors' words for the sample the rule is meant for (“监测1周，每天间隔性访问20次以上”). */
function sampleWords(rule: AvailabilityRule, lang: Lang): string {
  if (lang === 'zh') return `监测${rule.minDays === 7 ? '1周' : `${rule.minDays}天`}，每天间隔性访问${rule.minProbesPerDay}次以上`;
  return `monitored for ${rule.minDays === 7 ? 'one week' : `${rule.minDays} days`}, visited at intervals at least ${rule.minProbesPerDay} times a day`;
}

/** The rule the report judges by, in one sentence. */
export function ruleText(rule: AvailabilityRule, lang: Lang): string {
  const seconds = Number((rule.loadLimitMs / 1000).toFixed(3));
  return lang === 'zh'
    ? `判定规则：超过（含）${seconds} 秒仍打不开的探测占比 ≥ ${ratePercent(rule.maxFailureRate)} 的事项为“不可访问”（《政府网站与政务新媒体检查指标》：“${sampleWords(rule, 'zh')}，超过（含）15秒网站仍打不开的次数累计占比超过（含）5%”）。`
    : `Rule: an item is unreachable when ${ratePercent(rule.maxFailureRate)} or more of its probes did not open within ${seconds} s (the State Council's website inspection rules: "${sampleWords(rule, 'en')}; not open after 15 s in 5% of the visits or more").`;
}

/** The note when the sample is thinner than the rule's; undefined when it is not. */
export function thinSampleNote(report: HistoryReport, lang: Lang): string | undefined {
  if (!report.sample.thin) return undefined;
  const perDay = Number(report.sample.probesPerDay.toFixed(1));
  const { rule } = report;
  return lang === 'zh'
    ? `样本不足：检查规则要求“${sampleWords(rule, 'zh')}”，本报告只有 ${report.sample.days} 天有探测，每个事项每天约 ${perDay} 次。以下“不可访问”的判定仅供参考；要得出规则所说的结论，请持续监测（xxgk-check watch）至少 ${rule.minDays} 天、每天至少 ${rule.minProbesPerDay} 次。`
    : `Thin sample: the rule asks for a site "${sampleWords(rule, 'en')}"; this report has probes on ${report.sample.days} day${report.sample.days === 1 ? '' : 's'}, about ${perDay} a day per item. Read its "unreachable" verdicts as indicative; for the rule's verdict, monitor (xxgk-check watch) for at least ${rule.minDays} days, ${rule.minProbesPerDay} probes a day or more.`;
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
