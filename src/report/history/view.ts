// What the history report's HTML page and XLSX workbook share: the reading of a day of the strip (its tone), of a
// duration, a load time and an availability, and the texts of the monitors' rule and of a thin sample, zh and en.
import type { AvailabilityRule, HistoryDay, HistoryItem, HistoryReport } from '../../history/report-types.js';
import type { Lang } from '../../types.js';
import type { Label } from '../labels.js';

/**
 * The tone of one day of an item's strip: `none` no probe that day (grey), `ok` every probe loaded (green), `some`
 * failures below the rule's rate (amber), `bad` failures at or above the rule's rate (red: that day alone would
 * make the item unreachable).
 */
export type DayTone = 'none' | 'ok' | 'some' | 'bad';

export const DAY_TONES: readonly DayTone[] = ['none', 'ok', 'some', 'bad'];

export function dayTone(day: Pick<HistoryDay, 'probes' | 'failures'>, rule: Pick<AvailabilityRule, 'maxFailureRate'>): DayTone {
  if (day.probes <= 0) return 'none';
  if (day.failures <= 0) return 'ok';
  return day.failures / day.probes >= rule.maxFailureRate ? 'bad' : 'some';
}

/** Labels the history report's HTML and XLSX share (the run report's are in ../labels.ts). */
export const HISTORY_TEXT = {
  title: { zh: '信息公开网站可访问性监测报告', en: 'Disclosure site availability report' },
  window: { zh: '监测时段', en: 'Window' },
  days: { zh: '天数', en: 'Days' },
  runs: { zh: '检查次数', en: 'Runs' },
  database: { zh: '数据库', en: 'Database' },
  timeZone: { zh: '时区', en: 'Time zone' },
  rule: { zh: '判定规则', en: 'Rule' },
  sample: { zh: '样本', en: 'Sample' },
  generatedAt: { zh: '生成时间', en: 'Generated' },
  institution: { zh: '学校', en: 'Institution' },
  category: { zh: '类别', en: 'Category' },
  items: { zh: '事项数', en: 'Items' },
  probedItems: { zh: '已探测事项', en: 'Items probed' },
  unreachableItems: { zh: '不可访问事项', en: 'Unreachable items' },
  probes: { zh: '探测次数', en: 'Probes' },
  failures: { zh: '失败次数', en: 'Failures' },
  availability: { zh: '可用率', en: 'Availability' },
  longestOutage: { zh: '最长中断', en: 'Longest outage' },
  firstFailure: { zh: '首次失败', en: 'First failure' },
  lastFailure: { zh: '末次失败', en: 'Last failure' },
  lastChange: { zh: '最近变化', en: 'Last change' },
  unreachable: { zh: '不可访问', en: 'Unreachable' },
  notProbed: { zh: '未探测', en: 'Not probed' },
  thinSample: { zh: '样本不足', en: 'Thin sample' },
  total: { zh: '合计', en: 'Total' },
  yes: { zh: '是', en: 'yes' },
  no: { zh: '否', en: 'no' },
  ongoing: { zh: '至今未恢复', en: 'still down' },
  wentDown: { zh: '转为失败', en: 'went down' },
  cameBack: { zh: '恢复', en: 'came back' },
} as const satisfies Record<string, Label>;

/** What each tone of the strip means, for the legend. */
export function toneLabel(tone: DayTone, rule: Pick<AvailabilityRule, 'maxFailureRate'>, lang: Lang): string {
  const rate = percentText(rule.maxFailureRate);
  const text: Record<DayTone, Label> = {
    none: { zh: '当天无探测', en: 'no probe that day' },
    ok: { zh: '全部打开', en: 'every probe loaded' },
    some: { zh: `有失败（低于 ${rate}）`, en: `some failed (under ${rate})` },
    bad: { zh: `失败占比 ≥ ${rate}`, en: `${rate} or more failed` },
  };
  return text[tone][lang];
}

/** `0.05` → `5%`, `0.025` → `2.5%`: a rate of the rule, with no useless decimals. */
export function percentText(rate: number): string {
  return `${Number((rate * 100).toFixed(2))}%`;
}

/**
 * An availability for people: `99.3%`, never rounded up to 100.0% while a probe failed (99.96% shows 99.9%);
 * `—` when the item was never probed.
 */
export function availabilityText(availability: number, probes: number): string {
  if (probes <= 0) return '—';
  const tenths = Math.floor(availability * 1000 + 1e-9) / 10;
  return `${tenths.toFixed(1)}%`;
}

/** A load time: `0.8 秒` / `0.8 s`; `—` without a probe. */
export function secondsText(ms: number, probes: number, lang: Lang): string {
  if (probes <= 0) return '—';
  const seconds = ms / 1000;
  const text = seconds >= 10 ? seconds.toFixed(0) : seconds.toFixed(1);
  return lang === 'zh' ? `${text} 秒` : `${text} s`;
}

/** A duration in its two largest units: `2 天 3 小时`, `5 小时 20 分`, `12 分`, `< 1 分` (en: `2 d 3 h`, `5 h 20 min`). */
export function durationText(ms: number, lang: Lang): string {
  const minutes = Math.floor(Math.max(0, ms) / 60_000);
  const units: [number, Label][] = [
    [Math.floor(minutes / 1440), { zh: '天', en: 'd' }],
    [Math.floor(minutes / 60) % 24, { zh: '小时', en: 'h' }],
    [minutes % 60, { zh: '分', en: 'min' }],
  ];
  const first = units.findIndex(([n]) => n > 0);
  if (first < 0) return lang === 'zh' ? '< 1 分' : '< 1 min';
  return units
    .slice(first, first + 2)
    .filter(([n]) => n > 0)
    .map(([n, unit]) => `${n} ${unit[lang]}`)
    .join(' ');
}

/** `3 次` / `3 probes`. */
export function probesText(n: number, lang: Lang): string {
  return lang === 'zh' ? `${n} 次` : `${n} probe${n === 1 ? '' : 's'}`;
}

/** The probes a day of the sample, as people read it: `20`, `2.5`. */
function perDayText(n: number): string {
  return String(Number(n.toFixed(1)));
}

/** The monitors' rule as this report applies it. */
export function ruleText(rule: AvailabilityRule, lang: Lang): string {
  const seconds = Number((rule.loadLimitMs / 1000).toFixed(1));
  const rate = percentText(rule.maxFailureRate);
  return lang === 'zh'
    ? `一次探测未在 ${seconds} 秒内打开页面即记为失败；失败次数占探测次数 ${rate} 及以上的事项判为“不可访问”。规则出自《政府网站与政务新媒体检查指标》：“监测1周，每天间隔性访问20次以上，超过（含）15秒网站仍打不开的次数累计占比超过（含）5%”。`
    : `A probe that has not loaded the page within ${seconds} s failed; an item whose failures are ${rate} or more of its probes is unreachable. The rule is the monitors' (《政府网站与政务新媒体检查指标》): a week of monitoring, at least 20 probes a day at intervals, unreachable when 5% or more did not open within 15 s.`;
}

/** The sample gathered: `7 天有探测，每项每天约 20 次` / `probes on 7 days, about 20 per item a day`. */
export function sampleText(report: Pick<HistoryReport, 'sample'>, lang: Lang): string {
  const { days, probesPerDay } = report.sample;
  return lang === 'zh'
    ? `${days} 天有探测，每个事项每天约 ${perDayText(probesPerDay)} 次`
    : `probes on ${days} day${days === 1 ? '' : 's'}, about ${perDayText(probesPerDay)} per item a day`;
}

/** The note of a sample thinner than the rule's (undefined when it is not), in the monitors' words. */
export function thinSampleNote(report: Pick<HistoryReport, 'sample' | 'rule'>, lang: Lang): string | undefined {
  if (!report.sample.thin) return undefined;
  const { minDays, minProbesPerDay } = report.rule;
  const span = minDays === 7 ? (lang === 'zh' ? '1周' : 'a week') : lang === 'zh' ? `${minDays}天` : `${minDays} days`;
  return lang === 'zh'
    ? `样本少于规则的要求：检查指标要求“监测${span}，每天间隔性访问${minProbesPerDay}次以上”，本报告只有 ${sampleText(report, lang)}。“不可访问”的判断仅供参考，不宜作为正式结论。`
    : `The sample is thinner than the rule's: the monitors ask for ${span} of monitoring with at least ${minProbesPerDay} probes a day at intervals; this report has ${sampleText(report, lang)}. Take "unreachable" as indicative, not as a finding.`;
}

/** The longest outage, for a cell or a line: `3 次 · 2 小时 5 分`, `4 次 · 至今未恢复`; `—` without one. */
export function outageText(item: Pick<HistoryItem, 'longestOutage'>, lang: Lang): string {
  const outage = item.longestOutage;
  if (!outage) return '—';
  const length = outage.ms === undefined ? HISTORY_TEXT.ongoing[lang] : durationText(outage.ms, lang);
  return `${probesText(outage.probes, lang)} · ${length}`;
}

/** Consecutive items of the same category, in the items' order: the groups of an institution's item list. */
export function itemsByCategory<T extends { category: string }>(items: readonly T[]): { category: string; items: T[] }[] {
  const groups: { category: string; items: T[] }[] = [];
  for (const item of items) {
    const last = groups.at(-1);
    if (last && last.category === item.category) last.items.push(item);
    else groups.push({ category: item.category, items: [item] });
  }
  return groups;
}
