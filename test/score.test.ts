// The monitors' judgement of a whole institution (src/verdict/score.ts, docs/scoring.md): one-strike verdicts, each
// firing and staying silent on its look-alike; the score and its cap; the ranking.
import { describe, expect, it } from 'vitest';
import { finding } from '../src/findings.js';
import type { ChecklistResult, Finding, ItemResult, ItemStatus, RunResult } from '../src/types.js';
import { DEFAULT_RUN_OPTIONS } from '../src/options.js';
import { assessRun, itemCredit, leagueScoreText, leagueTable, oneStrikes, scoreText, strikeText, STRIKE_CAP } from '../src/verdict/score.js';
import { readFileSync } from 'node:fs';
import { SCORE_TEXT } from '../src/report/labels.js';
import { addCounts } from '../src/verdict/verdict.js';
import { renderJson } from '../src/report/json.js';
import { renderTerminal } from '../src/report/terminal.js';
import { TOOL_NAME } from '../src/version.js';
import { summarize } from '../src/verdict/verdict.js';

const OPTIONS = { strikeStale: 5, strikeEmpty: 5 };

function item(no: number, status: ItemStatus, findings: Finding[] = [], extra: Partial<ItemResult> = {}): ItemResult {
  const url = `https://xxgk.example.edu.cn/item${no}.htm`;
  const answered = !findings.some((f) => ['DNS_ERROR', 'CONNECTION_ERROR', 'TLS_ERROR', 'TIMEOUT'].includes(f.code));
  return {
    no,
    category: no <= 5 ? '基本信息' : '招生考试信息',
    title: `事项${no}`,
    urls: [url],
    status,
    pages: [{ url, finalUrl: url, redirects: [], ...(answered ? { status: status === 'fail' ? 404 : 200 } : {}), bytes: 0, elapsedMs: 10, attempts: 1, attachments: [] }],
    findings,
    checkedAt: '2024-11-20T08:00:00.000Z',
    ...extra,
  };
}

function result(institution: string, items: ItemResult[]): ChecklistResult {
  const names = [...new Set(items.map((i) => i.category))].map((name) => ({ name }));
  return { checklist: { institution }, items, summary: summarize(names, items) };
}

const passing = (n: number, from = 1): ItemResult[] => Array.from({ length: n }, (_, i) => item(from + i, 'pass'));
const stale = finding('STALE', { reason: 'no-date' });
const empty = finding('EMPTY_PAGE', { reason: 'empty-list' });
const dns = finding('DNS_ERROR', { host: 'xxgk.example.edu.cn' });

describe('one-strike verdicts', () => {
  it('5 STALE items strike; 4 do not', () => {
    const five = result('甲', [...Array.from({ length: 5 }, (_, i) => item(i + 1, 'fail', [stale])), ...passing(5, 6)]);
    expect(oneStrikes(five, OPTIONS)).toEqual([{ kind: 'stale', count: 5, threshold: 5 }]);
    const four = result('乙', [...Array.from({ length: 4 }, (_, i) => item(i + 1, 'fail', [stale])), ...passing(6, 5)]);
    expect(oneStrikes(four, OPTIONS)).toEqual([]);
  });

  it('5 EMPTY_PAGE items strike; 4 do not; the threshold is an option and 0 turns the rule off', () => {
    const five = result('甲', [...Array.from({ length: 5 }, (_, i) => item(i + 1, 'fail', [empty])), ...passing(5, 6)]);
    expect(oneStrikes(five, OPTIONS)).toEqual([{ kind: 'empty', count: 5, threshold: 5 }]);
    expect(oneStrikes(five, { strikeStale: 5, strikeEmpty: 6 })).toEqual([]);
    expect(oneStrikes(five, { strikeStale: 5, strikeEmpty: 0 })).toEqual([]);
    const four = result('乙', [...Array.from({ length: 4 }, (_, i) => item(i + 1, 'fail', [empty])), ...passing(6, 5)]);
    expect(oneStrikes(four, OPTIONS)).toEqual([]);
    expect(oneStrikes(four, { strikeStale: 5, strikeEmpty: 3 })).toEqual([{ kind: 'empty', count: 4, threshold: 3 }]);
  });

  it('every page without an answer is an unreachable site; one dead page among live ones is not', () => {
    const dead = result('甲', Array.from({ length: 10 }, (_, i) => item(i + 1, 'fail', [dns])));
    expect(oneStrikes(dead, OPTIONS)).toEqual([{ kind: 'unreachable', count: 10, threshold: 10 }]);
    const oneDead = result('乙', [item(1, 'fail', [dns]), ...passing(9, 2)]);
    expect(oneStrikes(oneDead, OPTIONS)).toEqual([]);
    // Two items, both dead, is too little to call the site unreachable (a checklist of two links says little).
    expect(oneStrikes(result('丙', [item(1, 'fail', [dns]), item(2, 'fail', [dns])]), OPTIONS)).toEqual([]);
    // 404s are answers: a site full of broken links is reachable.
    const notFound = result('丁', Array.from({ length: 10 }, (_, i) => item(i + 1, 'fail', [finding('HTTP_ERROR', { status: 404 })])));
    expect(oneStrikes(notFound, OPTIONS)).toEqual([]);
  });

  it('the history can say the site is unreachable (the seam for the history-based rule)', () => {
    expect(oneStrikes(result('甲', passing(3)), OPTIONS, { unreachableInHistory: { probes: 14 } })).toEqual([{ kind: 'unreachable', count: 14, threshold: 14 }]);
  });

  it('speaks in the monitors’ words, in both languages', () => {
    expect(strikeText({ kind: 'stale', count: 7, threshold: 5 }, 'zh')).toBe('单项否决：5 个以上栏目未按期更新（7 个）（《政府网站与政务新媒体检查指标》）');
    expect(strikeText({ kind: 'empty', count: 5, threshold: 5 }, 'en')).toMatch(/^One-strike verdict: 5 or more blank columns \(5\)/);
    expect(strikeText({ kind: 'unreachable', count: 9, threshold: 9 }, 'zh')).toMatch(/^单项否决：网站无法访问/);
  });
});

describe('score', () => {
  it('pass full, warn half, fail and missing nothing, a bot challenge nothing', () => {
    expect(itemCredit(item(1, 'pass'))).toBe(1);
    expect(itemCredit(item(1, 'warn'))).toBe(0.5);
    expect(itemCredit(item(1, 'fail'))).toBe(0);
    expect(itemCredit(item(1, 'missing'))).toBe(0);
    expect(itemCredit(item(1, 'warn', [finding('BOT_CHALLENGE', { vendor: '瑞数' })]))).toBe(0);
  });

  it('every item an equal share, with per-category rates', () => {
    const run = { options: { ...DEFAULT_RUN_OPTIONS }, results: [result('甲', [item(1, 'pass'), item(2, 'warn'), item(6, 'fail'), item(7, 'pass')])] };
    const [assessed] = assessRun(run);
    expect(assessed?.score).toBe(62.5);
    expect(assessed?.categories).toEqual([
      { name: '基本信息', items: 2, rate: 0.75 },
      { name: '招生考试信息', items: 2, rate: 0.5 },
    ]);
  });

  it('a checklist weight changes the item’s share', () => {
    const run = { options: DEFAULT_RUN_OPTIONS, results: [result('甲', [item(1, 'pass', [], { weight: 3 }), item(2, 'fail')])] };
    expect(assessRun(run)[0]?.score).toBe(75);
  });

  it('a one-strike verdict caps the score below 60', () => {
    // 45 pass + 5 STALE (warn): 95 points before the cap.
    const items = [...passing(45), ...Array.from({ length: 5 }, (_, i) => item(46 + i, 'warn', [stale]))];
    const [assessed] = assessRun({ options: DEFAULT_RUN_OPTIONS, results: [result('甲', items)] });
    expect(assessed?.uncapped).toBe(95);
    expect(assessed?.score).toBe(STRIKE_CAP);
    // --strike-stale 6: no verdict, no cap.
    expect(assessRun({ options: { ...DEFAULT_RUN_OPTIONS, strikeStale: 6 }, results: [result('甲', items)] })[0]?.score).toBe(95);
  });

  it('ranks by score; equal scores share a rank; the league table is best first', () => {
    const run: Pick<RunResult, 'options' | 'results'> = {
      options: DEFAULT_RUN_OPTIONS,
      results: [result('甲', [item(1, 'fail'), item(2, 'pass')]), result('乙', passing(2)), result('丙', [item(1, 'pass'), item(2, 'missing')])],
    };
    const assessed = assessRun(run);
    expect(assessed.map((a) => [a.institution, a.score, a.rank])).toEqual([
      ['甲', 50, 2],
      ['乙', 100, 1],
      ['丙', 50, 2],
    ]);
    expect(leagueTable(assessed).map((a) => a.institution)).toEqual(['乙', '甲', '丙']);
  });
});

/** A whole run of these results, as the reporters take it. */
function runOf(results: ChecklistResult[], complete = true): RunResult {
  return {
    tool: { name: TOOL_NAME, version: '0' },
    startedAt: '2024-11-20T08:00:00.000Z',
    finishedAt: '2024-11-20T08:01:00.000Z',
    complete,
    options: DEFAULT_RUN_OPTIONS,
    results,
    summary: addCounts(results.map((r) => r.summary)),
  };
}

describe('no score that looks final (issue 15, noticed)', () => {
  const unchecked = (no: number): ItemResult => ({ ...item(no, 'pass'), status: 'unchecked', pages: [], findings: [] });
  const unverified = (no: number): ItemResult => ({ ...item(no, 'fail', [dns]), status: 'unverified' });

  it('an institution the run did not finish has no score and no rank; the others are ranked without it', () => {
    const run = runOf([result('甲', [...passing(3), unchecked(4), unchecked(5)]), result('乙', [item(1, 'fail'), item(2, 'pass')]), result('丙', passing(2))], false);
    const assessed = assessRun(run);
    expect(assessed.map((a) => [a.institution, a.withheld, a.rank])).toEqual([
      ['甲', 'incomplete', undefined],
      ['乙', undefined, 2],
      ['丙', undefined, 1],
    ]);
    // Unchecked items count in no category rate either.
    expect(assessed[0]!.categories).toEqual([{ name: '基本信息', items: 3, rate: 1 }]);
    expect(leagueTable(assessed).map((a) => a.institution)).toEqual(['丙', '乙', '甲']);
    expect(leagueScoreText(assessed[0]!, 'zh')).toBe('未完成');
    expect(scoreText(assessed[0]!, 'zh')).toBe('未完成：检查被中断，2 项未检查，不给出得分，也不参加排名（续查完成后计分）');
    const json = JSON.parse(renderJson(run, { lang: 'zh', color: false, columns: 80 })) as { results: Record<string, unknown>[] };
    expect(json.results[0]).not.toHaveProperty('score');
    expect(json.results[0]).not.toHaveProperty('rank');
    expect(json.results[0]!.scoreWithheld).toEqual({ reason: 'incomplete', message: scoreText(assessed[0]!, 'zh') });
    expect(json.results[2]).toMatchObject({ score: 100, rank: 1 });
  });

  it('an interrupted run read from a report that does not list its unchecked items is not scored either', () => {
    const [assessed] = assessRun(runOf([result('甲', passing(3))], false));
    expect(assessed?.withheld).toBe('incomplete');
    expect(scoreText(assessed!, 'en')).toMatch(/^incomplete: the run was interrupted; no score/);
  });

  it('an offline run (every item unverified) has no score, says why, and is not ranked', () => {
    const run = runOf([result('甲', [unverified(1), unverified(2), item(3, 'missing')]), result('乙', [item(1, 'fail'), item(2, 'pass')])]);
    const assessed = assessRun(run);
    expect(assessed.map((a) => [a.withheld, a.rank])).toEqual([
      ['offline', undefined],
      [undefined, 1],
    ]);
    expect(scoreText(assessed[0]!, 'en')).toBe('no score: this machine could not reach the network, so the items are unverified; not scored and not ranked');
    // Unverified items count in no category rate: only the item known to be missing does.
    expect(assessed[0]!.categories).toEqual([{ name: '基本信息', items: 1, rate: 0 }]);
    expect(renderTerminal(run, { lang: 'zh', color: false, columns: 100 })).toContain('各类得分率：1 基本信息 0%');
    const text = renderTerminal(run, { lang: 'zh', color: false, columns: 100 });
    expect(text).toContain('得分：无得分：本机无法访问网络');
    expect(text).not.toMatch(/得分：0\.0/);
    // The league lists it after the ranked institution, rank —.
    expect(text).toMatch(/ 1 {2}乙 +50\.0\n +— {2}甲 +无得分（离线）/);
  });

  it('an institution whose items are all unverified shows no category rates (not 0 % in every category)', () => {
    const run = runOf([result('甲', [unverified(1), unverified(2)])]);
    const [assessed] = assessRun(run);
    expect(assessed!.categories).toEqual([]);
    for (const lang of ['zh', 'en'] as const) {
      const text = renderTerminal(run, { lang, color: false, columns: 80 });
      expect(text).not.toMatch(/各类得分率|Score rate by category/);
      expect(text).not.toMatch(/ 0%/);
    }
  });

  it('a review without fetching is left out of the ranking (not ranked 0), listed after the others', () => {
    const review = { file: 'r.pdf', format: 'pdf' as const, requirements: [], summary: { pass: 0, warn: 0, fail: 0 } };
    const reviewOnly: ChecklistResult = { ...result('甲', []), review };
    const run = runOf([reviewOnly, result('乙', [item(1, 'fail'), item(2, 'pass')])]);
    const assessed = assessRun(run);
    expect(assessed.map((a) => [a.institution, a.withheld, a.rank])).toEqual([
      ['甲', 'review', undefined],
      ['乙', undefined, 1],
    ]);
    expect(leagueTable(assessed).map((a) => a.institution)).toEqual(['乙', '甲']);
    expect(leagueScoreText(assessed[0]!, 'zh')).toBe('未评分（仅审查报告）');
  });

  it('calls an item behind a bot challenge "blocked", not "unverified" (that is the offline status)', () => {
    expect(SCORE_TEXT.rule.en).not.toMatch(/unverified/);
    expect(SCORE_TEXT.rule.zh).not.toMatch(/无法核实|未核实/);
    expect(SCORE_TEXT.rule.zh).toContain('BOT_CHALLENGE');
    const doc = readFileSync(new URL('../docs/scoring.md', import.meta.url), 'utf8');
    const about = doc.split('\n').filter((line) => line.includes('BOT_CHALLENGE'));
    expect(about.length).toBeGreaterThan(0);
    for (const line of about) expect(line).not.toMatch(/\*\*unverified\*\*/);
    const source = readFileSync(new URL('../src/verdict/score.ts', import.meta.url), 'utf8');
    expect(source).not.toMatch(/const UNVERIFIED\b/);
  });
});
