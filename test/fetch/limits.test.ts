// Politeness and control: per-host and overall limits, origin-first slot order, delay between starts,
// progress events, abort.
import type http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createFetcher, DEFAULT_FETCH_OPTIONS, type FetchOptions } from '../../src/fetch/index.js';
import type { FetchResult } from '../../src/types.js';
import { startHttpServer, type TestServer } from '../helpers/servers.js';
import { param } from '../helpers/findings.js';

const fast: FetchOptions = { ...DEFAULT_FETCH_OPTIONS, backoffBaseMs: 1, timeoutMs: 5000 };
const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** In-flight counters shared by the servers of one test. */
interface Counter {
  now: number;
  max: number;
}

/** A server that answers after `delayMs`, counting requests in flight on itself and on `shared`. */
async function countingServer(delayMs: number, shared?: Counter): Promise<TestServer & { counter: Counter; starts: number[] }> {
  const counter: Counter = { now: 0, max: 0 };
  const starts: number[] = [];
  const handler: http.RequestListener = (_req, res) => {
    starts.push(Date.now());
    for (const c of shared ? [counter, shared] : [counter]) {
      c.now++;
      c.max = Math.max(c.max, c.now);
    }
    setTimeout(() => {
      for (const c of shared ? [counter, shared] : [counter]) c.now--;
      res.writeHead(200, { 'content-type': 'text/html' }).end('<html>ok</html>');
    }, delayMs);
  };
  const server = await startHttpServer(handler);
  servers.push(server);
  return Object.assign(server, { counter, starts });
}

describe('scheduler', () => {
  it('never has more than perHost requests in flight to one origin', async () => {
    const server = await countingServer(30);
    const fetcher = createFetcher({ ...fast, perHost: 3, concurrency: 16 });
    const results = await Promise.all(Array.from({ length: 15 }, (_, i) => fetcher.fetch({ url: server.url(`/p${i}`) })));
    await fetcher.close();
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(server.counter.max).toBeLessThanOrEqual(3);
    expect(server.counter.max).toBeGreaterThan(1);
  });

  it('never has more than concurrency requests in flight overall', async () => {
    const shared: Counter = { now: 0, max: 0 };
    const hosts = await Promise.all([countingServer(30, shared), countingServer(30, shared), countingServer(30, shared)]);
    const fetcher = createFetcher({ ...fast, perHost: 4, concurrency: 5 });
    const urls = hosts.flatMap((h) => Array.from({ length: 8 }, (_, i) => h.url(`/p${i}`)));
    const results = await Promise.all(urls.map((url) => fetcher.fetch({ url })));
    await fetcher.close();
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(shared.max).toBeLessThanOrEqual(5);
    expect(shared.max).toBeGreaterThan(1);
    for (const h of hosts) expect(h.counter.max).toBeLessThanOrEqual(4);
  });

  it('does not let one host with a long queue starve another host', async () => {
    const busy = await countingServer(20);
    const other = await countingServer(20);
    const fetcher = createFetcher({ ...fast, perHost: 2, concurrency: 4 });
    const finished: string[] = [];
    const track = (label: string) => (r: FetchResult) => {
      finished.push(label);
      return r;
    };
    const busyDone = Promise.all(Array.from({ length: 20 }, (_, i) => fetcher.fetch({ url: busy.url(`/b${i}`) }).then(track('busy'))));
    const otherDone = Promise.all([0, 1].map((i) => fetcher.fetch({ url: other.url(`/o${i}`) }).then(track('other'))));
    await Promise.all([busyDone, otherDone]);
    await fetcher.close();
    // The other host's two pages are done long before the busy host's twentieth.
    expect(finished.lastIndexOf('other')).toBeLessThan(10);
  });

  it('spaces request starts to one origin by delayMs', async () => {
    const server = await countingServer(0);
    const fetcher = createFetcher({ ...fast, perHost: 4, delayMs: 60 });
    await Promise.all([0, 1, 2, 3].map((i) => fetcher.fetch({ url: server.url(`/d${i}`) })));
    await fetcher.close();
    const starts = [...server.starts].sort((a, b) => a - b);
    for (let i = 1; i < starts.length; i++) expect(starts[i]! - starts[i - 1]!).toBeGreaterThanOrEqual(50);
  });
});

describe('events and abort', () => {
  it('reports start (with host), retry and done', async () => {
    let calls = 0;
    const server = await startHttpServer((_req, res) => {
      calls++;
      res.writeHead(calls === 1 ? 500 : 200).end('x');
    });
    servers.push(server);
    const log: string[] = [];
    const fetcher = createFetcher(fast, {
      onStart: (url, host) => log.push(`start ${url} ${host}`),
      onRetry: (url, attempt, _wait, reason) => log.push(`retry ${url} ${attempt} ${reason}`),
      onDone: (r) => log.push(`done ${r.url} ${r.status}`),
    });
    const url = server.url('/e');
    await fetcher.fetch({ url });
    await fetcher.close();
    const host = new URL(url).host;
    expect(log).toEqual([`start ${url} ${host}`, `retry ${url} 2 HTTP 500`, `done ${url} 200`]);
  });

  it('resolves in-flight and queued fetches as interrupted when the signal aborts', async () => {
    const server = await startHttpServer(() => undefined); // never answers
    servers.push(server);
    const fetcher = createFetcher({ ...fast, perHost: 1, timeoutMs: 60_000 });
    const controller = new AbortController();
    const pending = [0, 1, 2].map((i) => fetcher.fetch({ url: server.url(`/a${i}`), signal: controller.signal }));
    setTimeout(() => controller.abort(), 50);
    const results = await Promise.all(pending);
    for (const r of results) expect(r.failure).toEqual({ code: 'CONNECTION_ERROR', params: { reason: 'interrupted' } });
    const late = await fetcher.fetch({ url: server.url('/late'), signal: controller.signal });
    expect(param(late.failure, 'reason')).toBe('interrupted');
    await fetcher.close();
  });

  it('lets many fetches share one signal without a listener-leak warning', async () => {
    const server = await startHttpServer((_req, res) => res.end('ok'));
    servers.push(server);
    const warnings: string[] = [];
    const onWarning = (w: Error): void => {
      warnings.push(w.name);
    };
    process.on('warning', onWarning);
    const fetcher = createFetcher(fast);
    const controller = new AbortController();
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => fetcher.fetch({ url: server.url(`/s${i}`), signal: controller.signal })));
    await fetcher.close();
    await new Promise((resolve) => setImmediate(resolve));
    process.off('warning', onWarning);
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(warnings).toEqual([]);
  });

  it('interrupts a retry backoff', async () => {
    const server = await startHttpServer((_req, res) => res.writeHead(503, { 'retry-after': '3600' }).end());
    servers.push(server);
    const fetcher = createFetcher({ ...fast, retryAfterCapMs: 3_600_000 });
    const controller = new AbortController();
    const pending = fetcher.fetch({ url: server.url('/'), signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    const r = await pending;
    await fetcher.close();
    expect(param(r.failure, 'reason')).toBe('interrupted');
  });
});
