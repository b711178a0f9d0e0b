// How the monitors judge a whole institution, after its items are judged (docs/scoring.md):
// - one-strike verdicts (单项否决): the site unreachable, too many items STALE, too many items EMPTY_PAGE;
// - a score out of 100: every item an equal share, or its checklist `weight`; pass full, warn half, fail, missing and
//   unverified (a bot challenge) nothing; a one-strike verdict caps it at 59;
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

const CREDIT: Record<ItemStatus, number> = { pass: 1, warn: 0.5, fail: 0, missing: 0 };

/** Findings that leave an item unverified: it earns nothing, whatever its status (docs/scoring.md). */
const UNVERIFIED: readonly FindingCode[] = ['BOT_CHALLENGE'];

function pagesWithoutAnswer(result: ChecklistResult): { requested: number; unanswered: number } {
  let requested = 0;
  let unanswered = 0;
  for (const item of result.items) {
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

/** The share of its weight an item earns: pass 1, warn ½, fail/missing 0, unverified (bot challenge) 0. */
export function itemCredit(item: Pick<ItemResult, 'status' | 'findings'>): number {
  if (item.findings.some((f) => UNVERIFIED.includes(f.code))) return 0;
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
  /** 1 = best; equal scores share a rank (1, 2, 2, 4). */
  rank: number;
}

const round1 = (n: number): number => Math.round(n * 10) / 10;

function scoreOf(result: ChecklistResult, strikes: Strike[]): Omit<InstitutionScore, 'rank'> {
  let weight = 0;
  let earned = 0;
  const categories = new Map<string, { items: number; weight: number; earned: number }>();
  for (const category of result.summary.categories) categories.set(category.name, { items: 0, weight: 0, earned: 0 });
  for (const item of result.items) {
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
export function assessRun(run: Pick<RunResult, 'results' | 'options'>): InstitutionScore[] {
  const scored = run.results.map((result) => scoreOf(result, oneStrikes(result, run.options)));
  return scored.map((entry) => ({ ...entry, rank: 1 + scored.filter((other) => other.score > entry.score).length }));
}

/** The league table: the assessed institutions best first (equal scores in the run's order). */
export function leagueTable(assessed: readonly InstitutionScore[]): InstitutionScore[] {
  return assessed.map((entry, index) => ({ entry, index })).sort((a, b) => a.entry.rank - b.entry.rank || a.index - b.index).map((e) => e.entry);
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

/** `86.5 分` / `86.5`, with the cap said when a one-strike verdict applied. */
export function scoreText(entry: Pick<InstitutionScore, 'score' | 'uncapped' | 'strikes'>, lang: Lang): string {
  const score = entry.score.toFixed(1);
  if (entry.strikes.length === 0 || entry.uncapped === entry.score) return lang === 'zh' ? `${score} 分` : score;
  return lang === 'zh' ? `${score} 分（单项否决，原 ${entry.uncapped.toFixed(1)} 分）` : `${score} (one-strike cap; ${entry.uncapped.toFixed(1)} before)`;
}
