// How the monitors judge a whole institution, after its items are judged (docs/scoring.md):
// - one-strike verdicts (单项否决): the site unreachable, too many items STALE, too many items EMPTY_PAGE;
// - a score out of 100: every item an equal share, or its checklist `weight`; pass full, warn half, fail, missing and
//   an item behind a bot challenge (BOT_CHALLENGE: its page could not be read) nothing; a one-strike verdict caps it
//   at 59;
// - no score at all (withheld, never a number that looks final) for an institution the run did not finish
//   (`unchecked` items), one checked while this machine was offline (`unverified` items), or a review without
//   fetching (no item checked); those are listed after the league table, not ranked;
// - per-category rates, and the league table of a run over several institutions (ranked by score).
// Pure functions of a RunResult: every reporter computes the same figures from the same run, and a JSON report read
// back (`merge`, `--baseline`) is assessed again from its items and options.
import type { ChecklistResult, FetchFailureCode, FindingCode, ItemResult, ItemStatus, Lang, RunOptions, RunResult } from '../types.js';

/** The kinds of one-strike verdict (the history-based unreachable rule comes in through StrikeEvidence). */
export const STRIKE_KINDS = ['unreachable', 'stale', 'empty'] as const;
export type StrikeKind = (typeof STRIKE_KINDS)[number];

/** One one-strike verdict on an institution. */
export interface Strike {
  kind: StrikeKind;
  /** The number of items (or, for `unreachable`, pages) that made it. */
  count: number;
  /** The threshold it reached (`unreachable`: the pages that had to fail). */
  threshold: number;
}

/** The highest score an institution with a one-strike verdict can have: below a pass mark of 60. */
export const STRIKE_CAP = 59;

/** A page that got no answer at all counts towards an unreachable site: these failures, not a 404 or a redirect loop. */
export const UNREACHABLE_CODES: readonly FetchFailureCode[] = ['DNS_ERROR', 'CONNECTION_ERROR', 'TLS_ERROR', 'TIMEOUT'];

/** The fewest pages that must all fail before the site counts as unreachable (one dead page is never enough). */
export const UNREACHABLE_MIN_PAGES = 3;

/** Evidence from outside the run (the seam for issue 13's history: the site down over days, not just now). */
export interface StrikeEvidence {
  /** The history says the site was unreachable (e.g. every probe of the last N days failed). */
  unreachableInHistory?: { probes: number };
}

// An unverified item (this machine was offline, src/run/control.ts) or an unchecked one (the run was interrupted)
// earns nothing and proves nothing against the site; an institution with either has no score (`withheldReason`).
const CREDIT: Record<ItemStatus, number> = { pass: 1, warn: 0.5, fail: 0, missing: 0, unverified: 0, unchecked: 0 };

/**
 * Findings that block a page from being read (a bot challenge answered instead of the page): the item earns nothing,
 * whatever its status (docs/scoring.md). Not the `unverified` status, which is about this machine's network.
 */
const BLOCKED_BY: readonly FindingCode[] = ['BOT_CHALLENGE'];

/**
 * Why an institution has no score: `incomplete` (the run was interrupted before some of its items), `offline` (this
 * machine could not reach the network: its items are unverified), `review` (`review --no-fetch`: no item checked).
 */
export type ScoreWithheld = 'incomplete' | 'offline' | 'review';

function pagesWithoutAnswer(result: ChecklistResult): { requested: number; unanswered: number } {
  let requested = 0;
  let unanswered = 0;
  for (const item of result.items) {
    // Pages that failed while this machine was offline say nothing about the site: never an `unreachable` strike.
    if (item.status === 'unverified') continue;
    const failed = item.findings.some((f) => (UNREACHABLE_CODES as readonly string[]).includes(f.code));
    for (const page of item.pages) {
      requested++;
      if (page.status === undefined && failed) unanswered++;
    }
  }
  return { requested, unanswered };
}

/**
 * The one-strike verdicts on one institution. `unreachable`: at least UNREACHABLE_MIN_PAGES of its item pages were
 * requested and not one got an answer (DNS, refused, TLS, timeout): one dead page among live ones never fires it.
 * `stale` / `empty`: at least `strikeStale` / `strikeEmpty` items (options; 0 turns a rule off) have that finding.
 */
export function oneStrikes(result: ChecklistResult, options: Pick<RunOptions, 'strikeStale' | 'strikeEmpty'>, evidence: StrikeEvidence = {}): Strike[] {
  const strikes: Strike[] = [];
  const { requested, unanswered } = pagesWithoutAnswer(result);
  if (requested >= UNREACHABLE_MIN_PAGES && unanswered === requested) {
    strikes.push({ kind: 'unreachable', count: unanswered, threshold: requested });
  } else if (evidence.unreachableInHistory) {
    strikes.push({ kind: 'unreachable', count: evidence.unreachableInHistory.probes, threshold: evidence.unreachableInHistory.probes });
  }
  const itemsWith = (code: FindingCode): number => result.items.filter((item) => item.findings.some((f) => f.code === code)).length;
  const stale = itemsWith('STALE');
  if (options.strikeStale > 0 && stale >= options.strikeStale) strikes.push({ kind: 'stale', count: stale, threshold: options.strikeStale });
  const empty = itemsWith('EMPTY_PAGE');
  if (options.strikeEmpty > 0 && empty >= options.strikeEmpty) strikes.push({ kind: 'empty', count: empty, threshold: options.strikeEmpty });
  return strikes;
}

/** The share of its weight an item earns: pass 1, warn ½, fail/missing 0, blocked by a bot challenge 0. */
export function itemCredit(item: Pick<ItemResult, 'status' | 'findings'>): number {
  if (item.findings.some((f) => BLOCKED_BY.includes(f.code))) return 0;
  return CREDIT[item.status];
}

export interface CategoryScore {
  name: string;
  items: number;
  /** Earned weight / weight of the category, 0..1 (1 when the category weighs nothing). */
  rate: number;
}

export interface InstitutionScore {
  institution: string;
  /** Out of 100, one decimal; capped at STRIKE_CAP when there is a one-strike verdict. */
  score: number;
  /** The score before the cap. */
  uncapped: number;
  strikes: Strike[];
  categories: CategoryScore[];
  /** 1 = best; equal scores share a rank (1, 2, 2, 4). Absent when the score is withheld (not ranked). */
  rank?: number;
  /** Set when the institution has no score (its `score` must not be shown): why. */
  withheld?: ScoreWithheld;
  /** The institution's items the run did not reach. */
  unchecked: number;
}

const round1 = (n: number): number => Math.round(n * 10) / 10;

/**
 * Why an institution's score is withheld, if it is: the run did not reach some of its items (or it is an interrupted
 * run read from a report written before `unchecked` existed, which does not say which), this machine was offline, or
 * it is a review whose links were not fetched.
 */
export function withheldReason(result: ChecklistResult, run: Partial<Pick<RunResult, 'complete' | 'summary'>>): ScoreWithheld | undefined {
  if (result.review !== undefined && result.items.length === 0) return 'review';
  if ((result.summary.unchecked ?? 0) > 0 || (run.complete === false && (run.summary?.unchecked ?? 0) === 0)) return 'incomplete';
  if ((result.summary.unverified ?? 0) > 0) return 'offline';
  return undefined;
}

function scoreOf(result: ChecklistResult, strikes: Strike[]): Omit<InstitutionScore, 'rank' | 'unchecked'> {
  let weight = 0;
  let earned = 0;
  const categories = new Map<string, { items: number; weight: number; earned: number }>();
  for (const category of result.summary.categories) categories.set(category.name, { items: 0, weight: 0, earned: 0 });
  for (const item of result.items) {
    // An item the run did not reach, or could not verify because this machine was offline, says nothing either way
    // (and its institution's score is withheld): it counts in no category rate, which would otherwise read 0 %.
    if (item.status === 'unchecked' || item.status === 'unverified') continue;
    const w = item.weight ?? 1;
    const credit = itemCredit(item) * w;
    weight += w;
    earned += credit;
    const category = categories.get(item.category) ?? { items: 0, weight: 0, earned: 0 };
    category.items++;
    category.weight += w;
    category.earned += credit;
    categories.set(item.category, category);
  }
  const uncapped = weight > 0 ? round1((earned / weight) * 100) : 0;
  return {
    institution: result.checklist.institution,
    score: strikes.length > 0 ? Math.min(uncapped, STRIKE_CAP) : uncapped,
    uncapped,
    strikes,
    categories: [...categories].filter(([, c]) => c.items > 0).map(([name, c]) => ({ name, items: c.items, rate: c.weight > 0 ? c.earned / c.weight : 1 })),
  };
}

/**
 * Every institution of the run assessed, in the run's order, each with its rank by score (ties share a rank; equal
 * scores keep the run's order in the league table).
 */
export function assessRun(run: Pick<RunResult, 'results' | 'options'> & Partial<Pick<RunResult, 'complete' | 'summary'>>): InstitutionScore[] {
  const scored = run.results.map((result) => {
    const withheld = withheldReason(result, run);
    return { ...scoreOf(result, oneStrikes(result, run.options)), unchecked: result.summary.unchecked ?? 0, ...(withheld ? { withheld } : {}) };
  });
  const ranked = scored.filter((entry) => entry.withheld === undefined);
  return scored.map((entry) =>
    entry.withheld === undefined ? { ...entry, rank: 1 + ranked.filter((other) => other.score > entry.score).length } : entry,
  );
}

/**
 * The league table: the ranked institutions best first (equal scores in the run's order), then those whose score is
 * withheld, unranked, in the run's order.
 */
export function leagueTable(assessed: readonly InstitutionScore[]): InstitutionScore[] {
  const order = (entry: InstitutionScore): number => entry.rank ?? Number.POSITIVE_INFINITY;
  return assessed
    .map((entry, index) => ({ entry, index }))
    .sort((a, b) => order(a.entry) - order(b.entry) || a.index - b.index)
    .map((e) => e.entry);
}

/** The score cell of a league table: `86.5`, or why there is none: `未完成` / `incomplete`. */
export function leagueScoreText(entry: Pick<InstitutionScore, 'score' | 'withheld'>, lang: Lang): string {
  if (entry.withheld === undefined) return entry.score.toFixed(1);
  return WITHHELD_LABEL[entry.withheld][lang];
}

const WITHHELD_LABEL: Record<ScoreWithheld, Record<Lang, string>> = {
  incomplete: { zh: '未完成', en: 'incomplete' },
  offline: { zh: '无得分（离线）', en: 'none (offline)' },
  review: { zh: '未评分（仅审查报告）', en: 'none (review only)' },
};

/** Why an institution has no score, in a sentence (the reports print it where the score would be). */
export function withheldText(entry: Pick<InstitutionScore, 'withheld' | 'unchecked'>, lang: Lang): string {
  const n = entry.unchecked;
  switch (entry.withheld) {
    case 'incomplete':
      return lang === 'zh'
        ? `未完成：检查被中断${n > 0 ? `，${n} 项未检查` : ''}，不给出得分，也不参加排名（续查完成后计分）`
        : `incomplete: the run was interrupted${n > 0 ? ` with ${n} item${n === 1 ? '' : 's'} not checked` : ''}; no score and no rank until every item is checked`;
    case 'offline':
      return lang === 'zh'
        ? '无得分：本机无法访问网络，事项未核实，不给出得分，也不参加排名'
        : 'no score: this machine could not reach the network, so the items are unverified; not scored and not ranked';
    case 'review':
      return lang === 'zh' ? '未评分：只审查了年度报告，未检查链接，不参加排名' : 'not scored: only the annual report was reviewed, no link was checked; not ranked';
    default:
      return '';
  }
}

/** The monitors' words for a one-strike verdict (《政府网站与政务新媒体检查指标》). */
export function strikeText(strike: Strike, lang: Lang): string {
  const source = lang === 'zh' ? '（《政府网站与政务新媒体检查指标》）' : ' (checking indicators for government websites, 《政府网站与政务新媒体检查指标》)';
  switch (strike.kind) {
    case 'unreachable':
      return lang === 'zh'
        ? `单项否决：网站无法访问——${strike.count} 个网页全部打不开${source}`
        : `One-strike verdict: the site is unreachable — none of its ${strike.count} pages opened${source}`;
    case 'stale':
      return lang === 'zh'
        ? `单项否决：${strike.threshold} 个以上栏目未按期更新（${strike.count} 个）${source}`
        : `One-strike verdict: ${strike.threshold} or more columns not updated in time (${strike.count})${source}`;
    case 'empty':
      return lang === 'zh'
        ? `单项否决：${strike.threshold} 个以上空白栏目（${strike.count} 个）${source}`
        : `One-strike verdict: ${strike.threshold} or more blank columns (${strike.count})${source}`;
  }
}

/** `86.5 分` / `86.5`, with the cap said when a one-strike verdict applied; why there is none when it is withheld. */
export function scoreText(entry: Pick<InstitutionScore, 'score' | 'uncapped' | 'strikes' | 'withheld' | 'unchecked'>, lang: Lang): string {
  if (entry.withheld !== undefined) return withheldText(entry, lang);
  const score = entry.score.toFixed(1);
  if (entry.strikes.length === 0 || entry.uncapped === entry.score) return lang === 'zh' ? `${score} 分` : score;
  return lang === 'zh' ? `${score} 分（单项否决，原 ${entry.uncapped.toFixed(1)} 分）` : `${score} (one-strike cap; ${entry.uncapped.toFixed(1)} before)`;
}
