// Writing rounds of checks into a history database through the real RunRecorder, as `run --db` or `watch` does:
// each round is a run of its own, each item one page fetch whose outcome the test chooses.
import { DEFAULT_RUN_OPTIONS } from '../../src/run/run.js';
import { finding } from '../../src/findings.js';
import { recordedChecklist, RunRecorder, type HistoryDb } from '../../src/history/index.js';
import type { Checklist, ItemResult } from '../../src/types.js';

/**
 * How a probe went: loaded in time, timed out, DNS failure, HTTP 500, loaded after 16 s, a firewall's challenge
 * (瑞数 412), DNS failure while this machine was offline; `none`: not checked.
 */
export type ProbeKind = 'ok' | 'timeout' | 'dns' | 'http' | 'slow' | 'challenge' | 'unverified' | 'none';

/** A checklist of `count` items over `categories` (items spread evenly), URLs on `site`. */
export function syntheticChecklist(institution: string, count: number, site = 'http://xxgk.example.edu.cn', categories = ['基本信息', '招生考试信息', '财务、资产及收费信息']): Checklist {
  const per = Math.ceil(count / categories.length);
  return {
    schema: 1,
    institution,
    categories: categories.map((name, c) => ({
      name,
      items: Array.from({ length: Math.max(0, Math.min(per, count - c * per)) }, (_, i) => {
        const no = c * per + i + 1;
        return { no, title: `公开事项${no}`, category: name, urls: [`${site}/info/${no}.htm`] };
      }),
    })),
  };
}

function itemResult(item: { no: number; title: string; category: string; urls: string[] }, kind: ProbeKind, at: string, ms: number): ItemResult {
  const url = item.urls[0]!;
  const failed = kind !== 'ok' && kind !== 'slow' && kind !== 'challenge';
  const elapsedMs = kind === 'slow' ? 16_000 : kind === 'timeout' ? 15_000 : ms;
  const status = kind === 'ok' || kind === 'slow' ? 200 : kind === 'http' ? 500 : kind === 'challenge' ? 412 : undefined;
  return {
    no: item.no,
    category: item.category,
    title: item.title,
    urls: [...item.urls],
    status: kind === 'unverified' ? 'unverified' : failed ? 'fail' : kind === 'challenge' ? 'warn' : 'pass',
    pages: [{ url, finalUrl: url, redirects: [], ...(status !== undefined ? { status } : {}), bytes: 100, startedAt: at, elapsedMs, attempts: 1, attachments: [] }],
    findings:
      kind === 'timeout'
        ? [finding('TIMEOUT', { seconds: 15 })]
        : kind === 'dns' || kind === 'unverified'
          ? [finding('DNS_ERROR', { host: 'xxgk.example.edu.cn' })]
          : kind === 'http'
            ? [finding('HTTP_ERROR', { status: 500 })]
            : kind === 'challenge'
              ? [finding('BOT_CHALLENGE', { vendor: '瑞数' })]
              : [],
    checkedAt: new Date(Date.parse(at) + elapsedMs).toISOString(),
  };
}

/**
 * Record one round at `at` (ISO): a run over `checklists` in which item `no` of checklist `index` went as
 * `kind(index, no)` and loaded in `ms(index, no)` ms.
 */
export function recordRound(
  db: HistoryDb,
  checklists: readonly Checklist[],
  at: string,
  kind: (index: number, no: number) => ProbeKind,
  ms: (index: number, no: number) => number = () => 300,
): void {
  const recorder = RunRecorder.start(db, checklists, { startedAt: at, options: DEFAULT_RUN_OPTIONS, checklists: checklists.map((c) => recordedChecklist(c)) });
  checklists.forEach((checklist, index) => {
    for (const item of checklist.categories.flatMap((c) => c.items)) {
      const how = kind(index, item.no);
      if (how === 'none') continue;
      recorder.recordItem(index, checklist.institution, checklist.file, itemResult(item, how, at, ms(index, item.no)));
    }
  });
  recorder.finish({ startedAt: at, finishedAt: new Date(Date.parse(at) + 20_000).toISOString(), complete: true, options: DEFAULT_RUN_OPTIONS }, []);
}
