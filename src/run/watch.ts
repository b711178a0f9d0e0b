// The parts of `xxgk-check watch` that are not wiring (src/commands/watch.ts): durations on the command line, what a
// round found as the monitors count it, and the lines a person reads — the header, one line per round, the summary.
//
// A probe is what the monitors do (《政府网站与政务新媒体检查指标》): one visit, and the page "did not open" when it
// has not loaded within the load limit (15 s). An item is unreachable when at least 5 % of its probes did not open.
import { displayWidth, truncateToWidth } from '../text-width.js';
import { InvalidArgumentError } from 'commander';
import type { ItemResult, Lang, RunResult } from '../types.js';
import type { ItemAvailability } from '../history/availability.js';
import { probeFailed } from '../history/availability.js';
import { pageOutcome } from '../history/record.js';
import { formatTime } from '../time.js';
import { t } from '../i18n.js';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 };

/**
 * The parser of a duration flag (`--every 30m`, `--for 7d`, `--load-limit 15s`): a number and a unit, ms, s, m
 * (minutes), h, d or w; at least `minMs`. A bad value is commander's InvalidArgumentError (exit 2), in both languages.
 */
export function durationParser(name: string, minMs: number, lang: Lang): (value: string) => number {
  return (value: string) => {
    const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)\s*$/i.exec(value);
    const ms = match ? Math.round(Number(match[1]) * UNIT_MS[match[2]!.toLowerCase()]!) : Number.NaN;
    if (!Number.isFinite(ms)) {
      throw new InvalidArgumentError(
        t(lang, `${name} 应是带单位的时长，如 30m（分钟）、7d（天）、15s（秒）`, `${name} must be a number with a unit: s, m (minutes), h, d or w, e.g. 30m, 7d, 15s`),
      );
    }
    if (ms < minMs) {
      throw new InvalidArgumentError(t(lang, `${name} 不能短于 ${formatDuration(minMs, 'zh')}`, `${name} must be at least ${formatDuration(minMs, 'en')}`));
    }
    return ms;
  };
}

/**
 * A duration for people, its two largest units: `12.4 秒` / `12.4 s` under a minute, `3 分 5 秒` / `3 min 5 s`,
 * `2 小时 5 分` / `2 h 5 min`, `1 天 2 小时` / `1 d 2 h`.
 */
export function formatDuration(ms: number, lang: Lang): string {
  if (ms < 60_000) {
    // Tenths (`12.4 秒`, a round's time), except for whole seconds (`--every 2s`: `2 秒`).
    const seconds = ms % 1000 === 0 ? String(ms / 1000) : (Math.round(ms / 100) / 10).toFixed(1);
    return t(lang, `${seconds} 秒`, `${seconds} s`);
  }
  const units: [number, string, string][] = [
    [86_400_000, '天', 'd'],
    [3_600_000, '小时', 'h'],
    [60_000, '分', 'min'],
    [1000, '秒', 's'],
  ];
  const start = units.findIndex(([size]) => ms >= size);
  const [bigSize, bigZh, bigEn] = units[start]!;
  const [smallSize, smallZh, smallEn] = units[start + 1]!;
  const rounded = Math.round(ms / smallSize) * smallSize;
  const big = Math.floor(rounded / bigSize);
  const small = Math.round((rounded - big * bigSize) / smallSize);
  // 分 alone reads as 分钟 (`每 30 分钟一轮`); within `2 小时 5 分` it stays 分.
  const zh = small > 0 ? `${big} ${bigZh} ${small} ${smallZh}` : `${big} ${bigZh === '分' ? '分钟' : bigZh}`;
  const en = small > 0 ? `${big} ${bigEn} ${small} ${smallEn}` : `${big} ${bigEn}`;
  return t(lang, zh, en);
}

/** Did this page of the item not open, as the monitors count it (no page back, or later than the load limit)? */
function pageDidNotOpen(page: ItemResult['pages'][number], item: ItemResult, loadLimitMs: number): boolean {
  return probeFailed({ startedAt: '', loadMs: page.elapsedMs, outcome: pageOutcome(page, item) }, loadLimitMs);
}

/** What one round found. */
export interface RoundOutcome {
  /** 1, 2, … */
  round: number;
  /** When the round started (ISO). */
  startedAt: string;
  durationMs: number;
  /** How much later than planned it started (the round before ran past `--every`); 0 when on time. */
  lateMs: number;
  /** Items checked in the round. */
  items: number;
  /** Items in the checklists (more than `items` when the round was interrupted). */
  itemsPlanned: number;
  /** Items with a page that did not open (not counted when this machine was offline). */
  notOpened: number;
  /** This machine could not reach the network: the round's items are unverified and count nowhere. */
  offline: boolean;
  /** Stopped by Ctrl-C or SIGTERM before every item was checked. */
  interrupted: boolean;
}

/** Count what a round's run found: its items, and those with a page that did not open within the load limit. */
export function roundCounts(run: RunResult, loadLimitMs: number): Pick<RoundOutcome, 'items' | 'notOpened' | 'offline'> {
  const items = run.results.flatMap((result) => result.items);
  const offline = run.network?.offline === true;
  const notOpened = offline ? 0 : items.filter((item) => item.status !== 'unverified' && item.pages.some((page) => pageDidNotOpen(page, item, loadLimitMs))).length;
  return { items: items.length, notOpened, offline };
}

/** The monitors' rule: unreachable when at least this share of an item's probes did not open. */
export const MONITORS_MAX_FAILURE_RATE = 0.05;

/** Items unreachable by the monitors' rule: at least `rate` of their probes did not open. */
export function unreachableItems(availability: readonly ItemAvailability[], rate = MONITORS_MAX_FAILURE_RATE): ItemAvailability[] {
  return availability.filter((item) => item.probes > 0 && item.failures / item.probes >= rate);
}

/** `11-30 09:30 (UTC+8)`: a round's time, without the year (the header line has it). */
function roundTime(iso: string, timeZone: string): string {
  return formatTime(iso, timeZone).replace(/^\d{4}-/, '');
}

/**
 * One line per round, under 80 columns for a checklist of up to 99 items and round 999:
 * `11-30 09:30 (UTC+8) 第 3 轮 51 项，1 项未打开，12.4 秒 │ 至今不可访问 0 项`.
 */
export function roundLine(round: RoundOutcome, unreachableSoFar: number, lang: Lang, timeZone: string): string {
  const when = roundTime(round.startedAt, timeZone);
  const so = t(lang, `至今不可访问 ${unreachableSoFar} 项`, `unreachable: ${unreachableSoFar}`);
  const late = round.lateMs >= 1000 ? t(lang, `，迟 ${formatDuration(round.lateMs, lang)}`, `, late ${formatDuration(round.lateMs, lang)}`) : '';
  const took = formatDuration(round.durationMs, lang);
  let body: string;
  if (round.interrupted) {
    body = t(
      lang,
      `中断：${round.items}/${round.itemsPlanned} 项，${round.notOpened} 项未打开`,
      `stopped at ${round.items}/${round.itemsPlanned}, ${round.notOpened} not opened`,
    );
  } else if (round.offline) {
    body = t(lang, '本机无法访问网络，不计入', 'machine offline, not counted');
  } else {
    body = t(lang, `${round.items} 项，${round.notOpened} 项未打开，${took}`, `${round.items} items, ${round.notOpened} not opened, ${took}`);
  }
  return t(lang, `${when} 第 ${round.round} 轮 ${body}${late} │ ${so}`, `${when} round ${round.round}: ${body}${late} │ ${so}`);
}

/** What the watch is about to do, in four or five lines (to stdout, before round 1). */
export function headerLines(
  plan: {
    checklists: number;
    items: number;
    everyMs: number;
    forMs?: number | undefined;
    startedAt: string;
    database: string;
    outputs: readonly string[];
    loadLimitMs: number;
  },
  lang: Lang,
  timeZone: string,
): string[] {
  const every = formatDuration(plan.everyMs, lang);
  const until = plan.forMs !== undefined ? formatTime(new Date(Date.parse(plan.startedAt) + plan.forMs).toISOString(), timeZone) : undefined;
  const limit = formatDuration(plan.loadLimitMs, lang);
  const rate = `${MONITORS_MAX_FAILURE_RATE * 100}%`;
  const items = plan.items;
  const lines =
    lang === 'zh'
      ? [
          `开始监测 ${plan.checklists} 个清单（${items} 项），每 ${every}一轮，${until ? `至 ${until}` : '直到按 Ctrl-C'}`,
          `记录到 ${plan.database}${until ? '；按 Ctrl-C 可提前结束' : ''}`,
          `每项每轮只访问一次，${limit}内未打开即记为“未打开”；`,
          `“至今不可访问”：自监测开始，≥ ${rate} 的访问未打开的事项（监测规则）`,
        ]
      : [
          `Watching ${items} item${items === 1 ? '' : 's'} of ${plan.checklists} checklist${plan.checklists === 1 ? '' : 's'} every ${every} until ${until ?? 'Ctrl-C'}`,
          `Recording to ${plan.database}${until ? ' (Ctrl-C ends it early)' : ''}`,
          `Each page is tried once a round: not loaded within ${limit}, it did not open.`,
          `Unreachable: not opened in ≥ ${rate} of its probes so far (the monitors' rule)`,
        ];
  if (plan.outputs.length > 0) {
    lines.splice(2, 0, t(lang, `每轮结束后更新报告：${plan.outputs.join('、')}`, `Reports rewritten after each round: ${plan.outputs.join(', ')}`));
  }
  return lines;
}

/** The warning for rounds closer than five minutes (to stderr), in two lines. */
export function frequentWarning(everyMs: number, lang: Lang): string[] {
  if (everyMs >= 5 * 60_000) return [];
  return lang === 'zh'
    ? [`提示：每 ${formatDuration(everyMs, lang)}一轮，比 5 分钟还频繁。监测规则是每天访问 20 次以上`, '（约每 72 分钟一次）；过于频繁的访问可能被网站当作攻击']
    : [`Note: a round every ${formatDuration(everyMs, lang)} is more often than every 5 minutes. The monitors probe`, 'about 20 times a day (every 72 min); much more often may look like an attack']
}

/** The lines after the last round: rounds, span, and each item unreachable so far (at most `listed` of them). */
export function summaryLines(
  watch: { rounds: number; offlineRounds: number; startedAt: string; endedAt: string; interrupted: boolean },
  unreachable: readonly ItemAvailability[],
  lang: Lang,
  timeZone: string,
  listed = 10,
  columns = Number.POSITIVE_INFINITY,
): string[] {
  const span = formatDuration(Date.parse(watch.endedAt) - Date.parse(watch.startedAt), lang);
  const from = formatTime(watch.startedAt, timeZone);
  const offline =
    watch.offlineRounds > 0
      ? t(lang, `${watch.offlineRounds} 轮本机无法访问网络，不计入；`, `${watch.offlineRounds} round${watch.offlineRounds === 1 ? '' : 's'} offline, not counted; `)
      : '';
  const ended = watch.interrupted ? t(lang, '监测已中断', 'Watch interrupted') : t(lang, '监测结束', 'Watch ended');
  const lines = [
    t(
      lang,
      `${ended}：共 ${watch.rounds} 轮，历时 ${span}，自 ${from} 起`,
      `${ended}: ${watch.rounds} round${watch.rounds === 1 ? '' : 's'} over ${span}, from ${from}`,
    ),
    t(
      lang,
      `${offline}至今不可访问 ${unreachable.length} 项${unreachable.length > 0 ? '：' : ''}`,
      `${offline}${unreachable.length} item${unreachable.length === 1 ? '' : 's'} unreachable so far${unreachable.length > 0 ? ':' : ''}`,
    ),
  ];
  for (const item of unreachable.slice(0, listed)) {
    const available = `${(item.availability * 100).toFixed(1)}%`;
    const line = (title: string): string =>
      t(
        lang,
        `  ${item.institution} 第 ${item.no} 项 ${title}：${item.probes} 次访问中 ${item.failures} 次未打开（可用率 ${available}）`,
        `  ${item.institution} no. ${item.no} ${title}: not opened in ${item.failures} of ${item.probes} probes (${available} available)`,
      );
    // The title gives way to the terminal's width (the figures are what the line is for); at least 8 columns of it.
    const room = columns - displayWidth(line(''));
    lines.push(line(displayWidth(item.title) > room ? truncateToWidth(item.title, Math.max(8, room)) : item.title));
  }
  if (unreachable.length > listed) {
    const more = unreachable.length - listed;
    lines.push(t(lang, `  ……另有 ${more} 项`, `  … and ${more} more`));
  }
  return lines;
}
