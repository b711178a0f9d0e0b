// The whole pipeline (checklist → fetch → inspect → verdict) against the fixture disclosure site on 127.0.0.1:
// every page kind yields exactly the findings it is built for, and the good pages yield none.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { createFetcher } from '../src/fetch/index.js';
import { loadChecklist, parseChecklist } from '../src/checklist/index.js';
import { DEFAULT_RUN_OPTIONS, runChecks } from '../src/run/run.js';
import { EXPECTED_CODES, FIXTURE_ITEMS, GOOD_KINDS, startFixtureSite, type FixtureSite } from '../src/fixture-site/index.js';
import { fetchOptionsFrom } from '../src/commands/run.js';
import type { Checklist, RunOptions, RunResult } from '../src/types.js';

const DEMO = fileURLToPath(new URL('../checklists/demo-university.yaml', import.meta.url));

const options: RunOptions = { ...DEFAULT_RUN_OPTIONS, timeoutMs: 3000, retries: 1, retryAfterCapMs: 2000, slowMs: 1000, userAgent: 'xxgk-check-test' };

async function check(checklists: Checklist[], run: RunOptions = options): Promise<RunResult> {
  const fetcher = createFetcher({ ...fetchOptionsFrom(run), backoffBaseMs: 10 });
  try {
    return await runChecks(checklists, run, fetcher);
  } finally {
    await fetcher.close();
  }
}

describe('run on the fixture site', () => {
  let site: FixtureSite;
  let result: RunResult;

  beforeAll(async () => {
    site = await startFixtureSite();
    const loaded = await loadChecklist(DEMO, { site: site.url });
    expect(loaded.problems.filter((p) => p.severity === 'error')).toEqual([]);
    result = await check([loaded.checklist!]);
  }, 60_000);
  afterAll(async () => {
    await site?.close();
  });

  it('gives one result per item, in checklist order', () => {
    const items = result.results[0]!.items;
    expect(items.map((i) => i.no)).toEqual(FIXTURE_ITEMS.map((i) => i.no));
    expect(result.complete).toBe(true);
  });

  it('reports exactly the findings each page is built for', () => {
    const items = result.results[0]!.items;
    for (const fixture of FIXTURE_ITEMS) {
      const item = items.find((i) => i.no === fixture.no)!;
      const codes = [...new Set(item.findings.filter((f) => f.severity !== 'info').map((f) => f.code))].sort();
      const expected = EXPECTED_CODES[fixture.kind];
      if (expected) {
        const wanted = expected.filter((c) => c !== 'ATTACHMENTS_CAPPED');
        expect(codes, `item ${fixture.no} (${fixture.kind})`).toEqual([...wanted].sort());
      }
      if (GOOD_KINDS.includes(fixture.kind)) {
        expect(codes, `good item ${fixture.no} (${fixture.kind}) must draw no warning`).toEqual([]);
        expect(item.status, `item ${fixture.no}`).toBe('pass');
      }
    }
  });

  it('classifies the failures of the fetch stage', () => {
    const byKind = (kind: string) => {
      const fixture = FIXTURE_ITEMS.find((i) => i.kind === kind)!;
      return result.results[0]!.items.find((i) => i.no === fixture.no)!;
    };
    expect(byKind('hang').findings.map((f) => f.code)).toContain('TIMEOUT');
    expect(byKind('dns').findings.map((f) => f.code)).toContain('DNS_ERROR');
    expect(byKind('reset').findings.map((f) => f.code)).toContain('CONNECTION_ERROR');
    expect(byKind('tls').findings.map((f) => f.code)).toContain('TLS_ERROR');
    expect(byKind('loop').findings.map((f) => f.code)).toContain('TOO_MANY_REDIRECTS');
    expect(byKind('bad-redirect').findings.map((f) => f.code)).toContain('BAD_REDIRECT');
    expect(byKind('none').status).toBe('missing');
    expect(byKind('none').findings.map((f) => f.code)).toEqual(['NO_LINK']);
    expect(byKind('many-attachments').findings.map((f) => f.code)).toContain('ATTACHMENTS_CAPPED');
    expect(byKind('flaky').findings.map((f) => f.code)).toContain('RETRIED');
    // The oversized page is the second URL of an item with two pages.
    const twoPages = FIXTURE_ITEMS.find((i) => i.morePaths)!;
    const big = result.results[0]!.items.find((i) => i.no === twoPages.no)!;
    expect(big.pages).toHaveLength(2);
    expect(big.findings.filter((f) => f.code === 'BODY_TRUNCATED').map((f) => f.url)).toEqual([big.urls[1]]);
  });

  it('keeps page facts but no bodies', () => {
    const item = result.results[0]!.items.find((i) => i.no === FIXTURE_ITEMS.find((f) => f.kind === 'broken-attachment')!.no)!;
    expect(item.pages[0]!.status).toBe(200);
    expect(item.pages[0]!.attachments.some((a) => !a.ok)).toBe(true);
    expect(JSON.stringify(result)).not.toContain('<html');
  });

  it('summarises per category with the compliance rate', () => {
    const summary = result.results[0]!.summary;
    expect(summary.total).toBe(FIXTURE_ITEMS.length);
    expect(summary.categories).toHaveLength(10);
    expect(summary.pass + summary.warn + summary.fail + summary.missing).toBe(summary.total);
    expect(result.summary.total).toBe(summary.total);
  });
});

describe('shared URLs', () => {
  it('fetches a URL listed by two items, and by two checklists, once', async () => {
    const site = await startFixtureSite();
    try {
      const good = FIXTURE_ITEMS.find((i) => i.kind === 'vsb-list')!;
      const yaml = (institution: string) => `schema: 1
institution: ${institution}
site: ${site.url}
categories:
  - name: 基本信息
    items:
      - { no: 1, title: 办学基本情况, url: ${good.path!.slice(1)} }
      - { no: 2, title: 学校章程, url: ${good.path!.slice(1)} }
`;
      const a = parseChecklist(yaml('甲大学'), 'a.yaml').checklist!;
      const b = parseChecklist(yaml('乙大学'), 'b.yaml').checklist!;
      const run = await check([a, b]);
      expect(site.requests(good.path!)).toBe(1);
      expect(run.results.map((r) => r.items.length)).toEqual([2, 2]);
      expect(run.results.flatMap((r) => r.items.map((i) => i.pages[0]!.status))).toEqual([200, 200, 200, 200]);
    } finally {
      await site.close();
    }
  });
});

describe('interruption', () => {
  it('returns what was gathered, marked incomplete, when the signal aborts', async () => {
    const site = await startFixtureSite();
    try {
      const loaded = await loadChecklist(DEMO, { site: site.url });
      const controller = new AbortController();
      const fetcher = createFetcher({ ...fetchOptionsFrom(options), backoffBaseMs: 10, timeoutMs: 30_000 });
      let done = 0;
      const pending = runChecks([loaded.checklist!], { ...options, timeoutMs: 30_000 }, fetcher, {
        signal: controller.signal,
        onItemDone: () => {
          done += 1;
          if (done === 5) controller.abort();
        },
      });
      const run = await pending;
      await fetcher.close();
      expect(run.complete).toBe(false);
      // Every item is in the result: the ones not reached as `unchecked`, counted apart.
      const items = run.results[0]!.items;
      expect(items).toHaveLength(FIXTURE_ITEMS.length);
      const checked = items.filter((item) => item.status !== 'unchecked').length;
      expect(checked).toBeGreaterThanOrEqual(5);
      expect(checked).toBeLessThan(FIXTURE_ITEMS.length);
      expect(run.results[0]!.summary.total).toBe(FIXTURE_ITEMS.length);
      expect(run.results[0]!.summary.unchecked).toBe(FIXTURE_ITEMS.length - checked);
    } finally {
      await site.close();
    }
  });
});
