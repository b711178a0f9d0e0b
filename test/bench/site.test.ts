// The benchmark's load site and its arithmetic: what the pages look like, what each URL answers, the
// checklists that list them, T_limit, and the parsers of GNU time and V8 CPU profiles.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import * as cheerio from 'cheerio';
import {
  attachmentPath,
  buildChecklists,
  originOf,
  PERIOD,
  pageHasAttachment,
  pageIndexOfPath,
  pageStatus,
  pageSubject,
  plannedRequests,
  renderPage,
  tLimitMs,
  type SiteParams,
} from '../../bench/site.js';
import { startSite } from '../../bench/site-server.js';
import { parseGnuTime } from '../../bench/measure.js';
import { topSelfTime } from '../../bench/profile.js';

describe('T_limit', () => {
  it('is bound by overall concurrency when the per-host limit leaves room', () => {
    // 20 origins × 100 requests, L = 50 ms, C = 16, P = 4: 2000·50/16 = 6250 ms > 100·50/4 = 1250 ms.
    expect(tLimitMs(new Array(20).fill(100), 50, 16, 4)).toBe(6250);
  });
  it('is bound by the busiest origin when the per-host limit binds first', () => {
    // C = 256 would allow 2000·50/256 ≈ 391 ms, but one origin with 400 requests at P = 4 needs 5000 ms.
    expect(tLimitMs([400, ...new Array(19).fill(84)], 50, 256, 4)).toBe(5000);
  });
  it('counts retries of 500 pages and attachment checks in the planned requests', () => {
    const params: SiteParams = { pages: 2000, origins: 20, latencyMs: 50 };
    let pages500 = 0;
    let attachments = 0;
    for (let i = 0; i < params.pages; i++) {
      if (pageStatus(i, params.pages) === 500) pages500++;
      if (pageHasAttachment(i, params.pages)) attachments++;
    }
    const sum = (a: number[]): number => a.reduce((x, y) => x + y, 0);
    expect(sum(plannedRequests(params, 0, false))).toBe(2000);
    expect(sum(plannedRequests(params, 2, false))).toBe(2000 + 2 * pages500);
    expect(sum(plannedRequests(params, 2, true))).toBe(2000 + 2 * pages500 + attachments);
    expect(pages500).toBeGreaterThan(0);
    expect(attachments).toBeGreaterThan(0);
  });
});

describe('page statuses', () => {
  const pages = 20_000;
  const statuses = Array.from({ length: pages }, (_, i) => pageStatus(i, pages));
  it('are mostly 200, about 3 % 404 and about 1 % 500', () => {
    const share = (s: number): number => statuses.filter((x) => x === s).length / pages;
    expect(share(404)).toBeGreaterThan(0.025);
    expect(share(404)).toBeLessThan(0.035);
    expect(share(500)).toBeGreaterThan(0.007);
    expect(share(500)).toBeLessThan(0.013);
  });
  it('put every 500 in the first tenth of the pages', () => {
    expect(statuses.findLastIndex((s) => s === 500)).toBeLessThan(pages / 10);
  });
  it('are the same on every call (the site is deterministic)', () => {
    expect(Array.from({ length: pages }, (_, i) => pageStatus(i, pages))).toEqual(statuses);
  });
});

describe('item pages', () => {
  const params: SiteParams = { pages: 5000, origins: 20, latencyMs: 0 };
  const withAttachment = Array.from({ length: 5000 }, (_, i) => i).find((i) => pageHasAttachment(i, 5000))!;
  const without = Array.from({ length: 5000 }, (_, i) => i).find((i) => pageStatus(i, 5000) === 200 && !pageHasAttachment(i, 5000))!;

  it('are about 30 KB of Chinese list page naming the item, with dated entries inside the period', () => {
    const html = renderPage(without, params);
    const bytes = Buffer.byteLength(html);
    expect(bytes).toBeGreaterThan(25_000);
    expect(bytes).toBeLessThan(40_000);
    const $ = cheerio.load(html);
    expect($('h2.item-title').text()).toBe(pageSubject(without).title);
    const dates = $('span.date').map((_, el) => $(el).text()).get();
    expect(dates.length).toBeGreaterThanOrEqual(20);
    for (const d of dates) {
      expect(d >= PERIOD.from && d <= PERIOD.to).toBe(true);
    }
    expect($('.footer').text()).toContain('版权所有');
  });
  it('link an attachment only when the site serves one for them', () => {
    expect(renderPage(withAttachment, params)).toContain(attachmentPath(withAttachment));
    expect(renderPage(without, params)).not.toContain('/__local/');
  });
  it('have paths that name their index', () => {
    expect(pageIndexOfPath(pageSubject(1234).path)).toBe(1234);
    expect(pageIndexOfPath('/info/1074/64481.htm')).toBeUndefined();
  });
});

describe('generated checklists', () => {
  const params: SiteParams = { pages: 1000, origins: 20, latencyMs: 0 };
  const bases = Array.from({ length: 20 }, (_, o) => `http://127.0.0.1:${40000 + o}`);
  const checklists = buildChecklists(params, bases);

  it('are schema-1 YAML, one per origin, listing every page exactly once on its own origin', () => {
    expect(checklists).toHaveLength(20);
    const seen = new Set<number>();
    checklists.forEach(({ yaml }, o) => {
      const doc = parseYaml(yaml) as {
        schema: number;
        institution: string;
        period: { from: string; to: string };
        categories: { name: string; items: { no: number; title: string; url: string }[] }[];
      };
      expect(doc.schema).toBe(1);
      expect(doc.institution).toBe(`测试大学${o + 1}号`);
      expect(doc.period).toEqual({ from: PERIOD.from, to: PERIOD.to });
      const nos = doc.categories.flatMap((c) => c.items.map((i) => i.no));
      expect(new Set(nos).size).toBe(nos.length);
      for (const item of doc.categories.flatMap((c) => c.items)) {
        const url = new URL(item.url);
        expect(url.origin).toBe(bases[o]);
        const index = pageIndexOfPath(url.pathname)!;
        expect(originOf(index, 20)).toBe(o);
        expect(item.title).toBe(pageSubject(index).title);
        seen.add(index);
      }
    });
    expect(seen.size).toBe(1000);
  });
});

describe('load site server', () => {
  const params: SiteParams = { pages: 200, origins: 3, latencyMs: 20 };
  let site: Awaited<ReturnType<typeof startSite>>;
  beforeAll(async () => {
    site = await startSite(params);
  });
  afterAll(async () => {
    await site.close();
  });
  const urlOf = (i: number): string => `http://127.0.0.1:${site.ports[originOf(i, 3)]}${pageSubject(i).path}`;
  const first = (status: number): number => Array.from({ length: 200 }, (_, i) => i).find((i) => pageStatus(i, 200) === status)!;

  it('serves each page with its status on its own origin only, and counts the requests per origin', async () => {
    site.reset();
    const ok = await fetch(urlOf(first(200)));
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('text/html');
    expect(await ok.text()).toContain(pageSubject(first(200)).title);
    const missing = await fetch(urlOf(first(404)));
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('页面不存在');
    const broken = await fetch(urlOf(first(500)));
    expect(broken.status).toBe(500);
    await broken.text();
    const i = first(200);
    const wrongOrigin = await fetch(`http://127.0.0.1:${site.ports[(originOf(i, 3) + 1) % 3]}${pageSubject(i).path}`);
    expect(wrongOrigin.status).toBe(404);
    await wrongOrigin.text();
    const stats = site.stats();
    expect(stats.pages).toBe(3);
    expect(stats.other).toBe(1);
    expect(stats.perOrigin.reduce((a, b) => a + b, 0)).toBe(4);
    expect(stats.byStatus).toEqual({ 200: 1, 404: 2, 500: 1 });
  });

  it('serves the attachments its pages link, also to HEAD', async () => {
    const i = Array.from({ length: 200 }, (_, n) => n).find((n) => pageHasAttachment(n, 200));
    if (i === undefined) throw new Error('no page with an attachment in 200 pages');
    const base = `http://127.0.0.1:${site.ports[originOf(i, 3)]}`;
    const head = await fetch(`${base}${attachmentPath(i)}`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-type')).toBe('application/pdf');
    const get = await fetch(`${base}${attachmentPath(i)}`);
    expect(Buffer.from(await get.arrayBuffer()).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const none = await fetch(`${base}${attachmentPath(first(404))}`);
    expect(none.status).toBe(404);
    await none.text();
  });

  it('does not answer before the configured delay', async () => {
    const started = performance.now();
    const res = await fetch(urlOf(first(200)));
    await res.text();
    // A lower bound the server guarantees (a timer of L ms), not a performance assertion.
    expect(performance.now() - started).toBeGreaterThanOrEqual(params.latencyMs - 2);
  });
});

describe('measurement parsers', () => {
  it('read CPU and peak RSS from GNU time -v', () => {
    const text =
      '\tCommand being timed: "node x.js"\n\tUser time (seconds): 1.25\n\tSystem time (seconds): 0.50\n' +
      '\tPercent of CPU this job got: 40%\n\tMaximum resident set size (kbytes): 102400\n\tExit status: 0\n';
    expect(parseGnuTime(text)).toEqual({ cpuSeconds: 1.75, peakRssMb: 100 });
    expect(parseGnuTime('garbage')).toEqual({ cpuSeconds: undefined, peakRssMb: undefined });
  });
  it('rank the functions of a CPU profile by self time, summing nodes of one function', () => {
    const frame = (functionName: string, url: string) => ({ functionName, url, lineNumber: 9 });
    const profile = {
      nodes: [
        { id: 1, callFrame: frame('(root)', '') },
        { id: 2, callFrame: frame('parse', 'file:///repo/src/inspect/parse.ts') },
        { id: 3, callFrame: frame('parse', 'file:///repo/src/inspect/parse.ts') },
        { id: 4, callFrame: frame('decode', 'file:///repo/src/fetch/decode.ts') },
      ],
      startTime: 0,
      endTime: 100,
      samples: [2, 3, 4, 2, 2],
      timeDeltas: [0, 1000, 2000, 500, 4000],
    };
    const top = topSelfTime(profile, 2, '/repo');
    expect(top.map((t) => t.where)).toEqual(['parse (src/inspect/parse.ts:10)', 'decode (src/fetch/decode.ts:10)']);
    expect(top[0]!.selfMs).toBe(7);
    expect(top[1]!.selfMs).toBe(0.5);
  });
});
