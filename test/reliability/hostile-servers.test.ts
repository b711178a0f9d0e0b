// Hostile servers through the whole pipeline (checklist → fetch → inspect → verdict): one local server with one
// path per misbehaviour, all listed as items of one checklist. Each item gets a sensible finding, no item gets
// INTERNAL_ERROR, and the run completes with a result for every item.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFetcher } from '../../src/fetch/index.js';
import { parseChecklist } from '../../src/checklist/index.js';
import { DEFAULT_RUN_OPTIONS, runChecks } from '../../src/run/run.js';
import { fetchOptionsFrom } from '../../src/commands/run.js';
import type { FindingCode, ItemResult, RunOptions, RunResult } from '../../src/types.js';
import { HOSTILE_CASES, LINKS, MAX_BYTES, hostileChecklist, startHostileSite, type HostileSite } from './hostile-site.js';
import { param } from '../helpers/findings.js';

export const HOSTILE_OPTIONS: RunOptions = {
  ...DEFAULT_RUN_OPTIONS,
  concurrency: 32,
  perHost: 32,
  timeoutMs: 1500,
  retries: 1,
  retryAfterCapMs: 200,
  maxBytes: MAX_BYTES,
  maxAttachments: 5,
  slowMs: 60_000,
  userAgent: 'xxgk-check-test',
};

describe('hostile servers, through the whole pipeline', () => {
  let site: HostileSite;
  let run: RunResult;
  const item = (path: string): ItemResult => {
    const no = HOSTILE_CASES.findIndex((c) => c.path === path) + 1;
    const found = run.results[0]!.items.find((i) => i.no === no);
    if (!found) throw new Error(`no result for ${path}`);
    return found;
  };
  const codes = (path: string): FindingCode[] => item(path).findings.map((f) => f.code);

  beforeAll(async () => {
    site = await startHostileSite();
    const loaded = parseChecklist(hostileChecklist(site), 'hostile.yaml');
    expect(loaded.problems).toEqual([]);
    const fetcher = createFetcher({ ...fetchOptionsFrom(HOSTILE_OPTIONS), backoffBaseMs: 10 });
    try {
      run = await runChecks([loaded.checklist!], HOSTILE_OPTIONS, fetcher, { now: new Date('2024-09-15T00:00:00Z') });
    } finally {
      await fetcher.close();
    }
  }, 30_000);
  afterAll(async () => {
    await site?.close();
  });

  it('completes with a result for every item, and no INTERNAL_ERROR anywhere', () => {
    expect(run.complete).toBe(true);
    expect(run.results[0]!.items.map((i) => i.no)).toEqual(HOSTILE_CASES.map((_, i) => i + 1));
    for (const result of run.results[0]!.items) expect(result.findings.map((f) => f.code), `item ${result.no}`).not.toContain('INTERNAL_ERROR');
  });

  it('a good page on the same server passes', () => {
    expect(item('/good').status).toBe('pass');
    expect(codes('/good')).toEqual([]);
  });

  it('an endless body stops at --max-bytes', () => {
    expect(codes('/endless')).toContain('BODY_TRUNCATED');
    expect(item('/endless').pages[0]!.bytes).toBe(MAX_BYTES);
    expect(item('/endless').findings.find((f) => f.code === 'BODY_TRUNCATED')!.params.limit).toBe(MAX_BYTES);
  });

  it('a gzip bomb and a br bomb stop at the cap, counted after decoding', () => {
    for (const path of ['/gzip-bomb', '/br-bomb']) {
      expect(codes(path), path).toContain('BODY_TRUNCATED');
      expect(item(path).pages[0]!.bytes, path).toBe(MAX_BYTES);
      expect(item(path).status, path).toBe('fail'); // 32 MiB of spaces: nothing on the page
    }
  });

  it('a body dripping one byte a second stops at --timeout', () => {
    expect(codes('/drip')).toEqual(['TIMEOUT']);
    expect(param(item('/drip').findings[0], 'seconds')).toBe(1.5);
  });

  it('a header block dripping one byte a second stops at --timeout too', () => {
    expect(codes('/slow-headers')).toEqual(['TIMEOUT']);
  });

  it('a connection reset in the middle of a chunked body is a CONNECTION_ERROR, retried once', () => {
    expect(item('/reset').findings).toEqual([{ code: 'CONNECTION_ERROR', severity: 'fail', params: { reason: 'connection closed mid-response' } }]);
    expect(site.requests('/reset')).toBe(2); // a broken transfer is worth one retry
  });

  it('a header block that never ends is refused at the header size limit, not read forever', () => {
    expect(item('/endless-headers').findings).toEqual([
      { code: 'CONNECTION_ERROR', severity: 'fail', params: { reason: 'response headers too large' } },
    ]);
    expect(site.requests('/endless-headers')).toBe(1); // not retried: asking again cannot help
  });

  it('a Content-Length longer than the body is a cut-off transfer; a shorter one cuts the page there', () => {
    expect(item('/length-longer').findings.map((f) => [f.code, param(f, 'reason')])).toEqual([
      ['CONNECTION_ERROR', 'response shorter than its Content-Length'],
    ]);
    const shorter = item('/length-shorter');
    expect(shorter.pages[0]!.status).toBe(200);
    expect(shorter.pages[0]!.bytes).toBe(40);
    expect(shorter.status).toBe('fail'); // 40 bytes of a page: no content of its own
    expect(codes('/length-shorter')).toContain('EMPTY_PAGE');
  });

  it('Retry-After: 999999 is capped: the run waits --retry-after-cap, not 11 days', () => {
    expect(codes('/retry-after')).toEqual(['HTTP_ERROR']);
    expect(item('/retry-after').pages[0]!.attempts).toBe(2);
    expect(site.requests('/retry-after')).toBe(2);
  });

  it('a Location to file:, javascript: or ftp: is never followed', () => {
    expect(item('/to-file').findings).toEqual([{ code: 'BAD_REDIRECT', severity: 'fail', params: { location: 'file:///etc/passwd' } }]);
    expect(codes('/to-javascript')).toEqual(['BAD_REDIRECT']);
    expect(codes('/to-ftp')).toEqual(['BAD_REDIRECT']);
    for (const path of ['/to-file', '/to-javascript', '/to-ftp']) {
      expect(item(path).pages[0]!.finalUrl, path).toBe(site.url(path));
      expect(item(path).pages[0]!.redirects.map((r) => r.url), path).toEqual([site.url(path)]);
    }
  });

  it('binary bytes served as text/html are inspected as a page without sense, not a crash', () => {
    expect(item('/binary').pages[0]!.bytes).toBe(64 * 1024);
    expect(codes('/binary')).toContain('KEYWORDS_MISSING');
    expect(item('/binary').status).not.toBe('pass');
  });

  it('an undeclared charset (GBK) and an unknown one are still read: the page passes with its title', () => {
    expect(item('/gbk-undeclared').status).toBe('pass');
    expect(item('/gbk-undeclared').pages[0]!.title).toBe('未声明编码的页面');
    expect(item('/wrong-charset').status).toBe('pass');
    expect(item('/wrong-charset').pages[0]!.title).toBe('编码声明错误');
  });

  it('100,000 nested divs are parsed (the text at the bottom is found) and broken HTML is read as a browser would', () => {
    expect(item('/deep').pages[0]!.status).toBe(200);
    expect(codes('/deep')).not.toContain('KEYWORDS_MISSING');
    expect(item('/broken').status).toBe('pass');
    expect(item('/broken').pages[0]!.title).toBe('残缺的网页');
  });

  it('a 100,000-link page checks --max-attachments documents and says so, not 100,000', () => {
    const capped = item('/many-links').findings.find((f) => f.code === 'ATTACHMENTS_CAPPED');
    expect(capped?.params.limit).toBe(5);
    expect(Number(capped?.params.found)).toBeGreaterThan(5);
    expect(item('/many-links').pages[0]!.attachments).toHaveLength(5);
    expect(item('/many-links').pages[0]!.attachments.every((a) => a.ok)).toBe(true);
    expect(site.requestsUnder('/f/')).toBe(10); // one HEAD each, and one GET each that reads it for personal data
    expect(LINKS).toBe(100_000);
  });
});
