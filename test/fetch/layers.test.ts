// Each layer alone over a fake inner layer (no network): classification, Retry-After and backoff, the retry layer,
// the redirect layer, the scheduler layer, the start gate, the --insecure fallback, the attempt over undici's
// MockAgent; body helpers; and the whole fetcher over a MockAgent.
import { MockAgent } from 'undici';
import { describe, expect, it } from 'vitest';
import { attempting, certificateFallback, started, type AttemptOutcome } from '../../src/fetch/attempt.js';
import { classifyError, timeoutSeconds, wouldRetry } from '../../src/fetch/classify.js';
import { charsetParam, decodeText, looksLikeHtml, mediaType } from '../../src/fetch/decode.js';
import { createFetcher, DEFAULT_FETCH_OPTIONS } from '../../src/fetch/index.js';
import { newTrace, type Fetch, type LayerRequest } from '../../src/fetch/layer.js';
import { redirecting } from '../../src/fetch/redirect.js';
import { parseRetryAfter, retrying, retryWait } from '../../src/fetch/retry.js';
import { createScheduler, throttled } from '../../src/fetch/scheduler.js';
import { DEFAULT_USER_AGENT } from '../../src/version.js';
import type { FetchFailure } from '../../src/types.js';
import { param } from '../helpers/findings.js';
import { answered } from '../helpers/fetch.js';
import { finding, findingMessage } from '../../src/findings.js';

const coded = (code: string, cause?: unknown): Error => Object.assign(new Error(code), { code, cause });
const response = (status: number, headers: Record<string, string> = {}): AttemptOutcome => ({
  kind: 'response',
  status,
  headers,
  bytes: 0,
  truncated: false,
});
const failed = (failure: FetchFailure, retryable: boolean): AttemptOutcome => ({ kind: 'failure', failure, retryable });

/** A request for `url` as the layers pass it, with a fresh trace. */
function layerRequest(url: string, extra: Partial<LayerRequest> = {}): LayerRequest {
  return { url: new URL(url), method: 'GET', maxBytes: 1024, signal: undefined, stop: undefined, retry: 0, trace: newTrace(url), ...extra };
}

/** A fake inner layer: answers from `answer`, recording the URLs asked for. */
function fake(answer: (url: URL, call: number) => AttemptOutcome): Fetch & { calls: string[] } {
  const calls: string[] = [];
  const layer = async (request: LayerRequest): Promise<AttemptOutcome> => {
    calls.push(request.url.href);
    return answer(request.url, calls.length - 1);
  };
  return Object.assign(layer, { calls });
}

describe('classifyError', () => {
  it.each([
    ['ENOTFOUND', { code: 'DNS_ERROR', params: { host: 'h.invalid' } }, false],
    ['EAI_AGAIN', { code: 'DNS_ERROR', params: { host: 'h.invalid' } }, false],
    ['ECONNREFUSED', { code: 'CONNECTION_ERROR', params: { reason: 'connection refused' } }, true],
    ['ECONNRESET', { code: 'CONNECTION_ERROR', params: { reason: 'connection reset' } }, true],
    ['EHOSTUNREACH', { code: 'CONNECTION_ERROR', params: { reason: 'host unreachable' } }, true],
    ['UND_ERR_SOCKET', { code: 'CONNECTION_ERROR', params: { reason: 'connection closed by the server' } }, true],
    ['UND_ERR_HEADERS_TIMEOUT', { code: 'TIMEOUT', params: { seconds: 15 } }, true],
    ['CERT_HAS_EXPIRED', { code: 'TLS_ERROR', params: { reason: 'expired' } }, false],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', { code: 'TLS_ERROR', params: { reason: 'self-signed' } }, false],
    ['SELF_SIGNED_CERT_IN_CHAIN', { code: 'TLS_ERROR', params: { reason: 'self-signed' } }, false],
    ['ERR_TLS_CERT_ALTNAME_INVALID', { code: 'TLS_ERROR', params: { reason: 'hostname-mismatch' } }, false],
    ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', { code: 'TLS_ERROR', params: { reason: 'untrusted' } }, false],
    ['UNABLE_TO_GET_ISSUER_CERT_LOCALLY', { code: 'TLS_ERROR', params: { reason: 'untrusted' } }, false],
    ['CERT_NOT_YET_VALID', { code: 'TLS_ERROR', params: { reason: 'not-yet-valid' } }, false],
    ['CERT_REVOKED', { code: 'TLS_ERROR', params: { reason: 'CERT_REVOKED' } }, false],
  ])('%s', (code, failure, retryable) => {
    expect(classifyError(coded(code), 'h.invalid', 15_000)).toEqual({ failure, retryable });
  });

  it('finds the code in a cause or an AggregateError', () => {
    expect(param(classifyError(new Error('fetch failed', { cause: coded('ECONNREFUSED') }), 'h', 1000).failure, 'reason')).toBe(
      'connection refused',
    );
    expect(classifyError(new AggregateError([coded('ENOTFOUND')]), 'h', 1000).failure.code).toBe('DNS_ERROR');
  });

  it('lets our own abort decide: timeout or interrupted', () => {
    const aborted = coded('UND_ERR_ABORTED');
    expect(classifyError(aborted, 'h', 2500, 'timeout')).toEqual({ failure: { code: 'TIMEOUT', params: { seconds: 2.5 } }, retryable: true });
    expect(classifyError(aborted, 'h', 2500, 'interrupted')).toEqual({
      failure: { code: 'CONNECTION_ERROR', params: { reason: 'interrupted' } },
      retryable: false,
    });
    expect(timeoutSeconds(15_000)).toBe(15);
  });
});

describe('Retry-After and backoff', () => {
  const now = Date.parse('2026-09-28T07:00:00Z');
  it('parses delta-seconds and HTTP dates, and ignores garbage', () => {
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Mon, 28 Sep 2026 07:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Mon, 28 Sep 2026 06:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });

  const policy = { retries: 2, backoffBaseMs: 500, retryAfterCapMs: 60_000 };
  it('caps Retry-After and uses full jitter otherwise', () => {
    expect(retryWait(response(429, { 'retry-after': '3600' }), 0, policy, now, () => 0.5)).toEqual({ ms: 60_000, retryAfter: true });
    expect(retryWait(response(503), 0, policy, now, () => 0.5)).toEqual({ ms: 250, retryAfter: false });
    expect(retryWait(response(503), 2, policy, now, () => 0.999)).toEqual({ ms: 1998, retryAfter: false });
    expect(retryWait(response(503), 1, policy, now, () => 0)).toEqual({ ms: 0, retryAfter: false });
  });
});

describe('retrying', () => {
  const policy = { retries: 2, backoffBaseMs: 1, retryAfterCapMs: 10 };
  async function run(outcomes: AttemptOutcome[]) {
    const inner = fake((_url, call) => outcomes[Math.min(call, outcomes.length - 1)]!);
    const request = layerRequest('https://a.example/');
    const outcome = await retrying(inner, policy)(request);
    return { outcome, log: request.trace, calls: inner.calls.length };
  }
  it('does not retry a 404, a DNS error or a TLS error', async () => {
    expect((await run([response(404)])).calls).toBe(1);
    expect((await run([failed({ code: 'DNS_ERROR', params: { host: 'x' } }, false)])).calls).toBe(1);
    expect((await run([failed({ code: 'TLS_ERROR', params: { reason: 'expired' } }, false)])).calls).toBe(1);
  });
  it('retries 429, 5xx and retryable failures up to the limit', async () => {
    const { calls, log, outcome } = await run([response(429), response(500), response(502)]);
    expect(calls).toBe(3);
    expect(log.attempts).toBe(3);
    expect(log.retryWaits).toHaveLength(2);
    expect(outcome).toMatchObject({ status: 502 });
    const timeouts = await run([failed({ code: 'TIMEOUT', params: { seconds: 1 } }, true), response(200)]);
    expect(timeouts.calls).toBe(2);
    expect(timeouts.outcome).toMatchObject({ status: 200 });
  });
  it('does not retry a connection error classified as not worth it', async () => {
    const { calls } = await run([failed({ code: 'CONNECTION_ERROR', params: { reason: 'response headers too large' } }, false), response(200)]);
    expect(calls).toBe(1);
  });
  it('tells onRetry the URL as requested, the attempt number, the wait and the reason', async () => {
    const told: unknown[] = [];
    const inner = fake((_url, call) => (call === 0 ? response(503) : response(200)));
    await retrying(inner, policy, { onRetry: (...args) => told.push(args), random: () => 0 })(layerRequest('https://a.example/x'));
    expect(told).toEqual([['https://a.example/x', 2, 0, 'HTTP 503']]);
  });
  it('starts no retry once the stop has aborted', async () => {
    const stop = AbortSignal.abort();
    const inner = fake(() => response(503));
    const outcome = await retrying(inner, policy)(layerRequest('https://a.example/', { stop }));
    expect(inner.calls).toHaveLength(1);
    expect(outcome).toMatchObject({ status: 503 });
  });
});

describe('wouldRetry', () => {
  it('answers the same for an attempt outcome and a fetch result', () => {
    expect(wouldRetry(response(503))).toBe(true);
    expect(wouldRetry(response(429))).toBe(true);
    expect(wouldRetry(response(404))).toBe(false);
    expect(wouldRetry(failed({ code: 'CONNECTION_ERROR', params: { reason: 'connection reset' } }, true))).toBe(true);
    expect(wouldRetry(failed({ code: 'CONNECTION_ERROR', params: { reason: 'invalid HTTP response' } }, false))).toBe(false);
  });
});

describe('redirecting', () => {
  it('resolves each Location against the current URL and stops at a non-http scheme', async () => {
    const answers: Record<string, AttemptOutcome> = {
      'https://a.example/x/1.htm': response(302, { location: '2.htm' }),
      'https://a.example/x/2.htm': response(303, { location: '//b.example/y' }),
      'https://b.example/y': response(308, { location: 'mailto:office@b.example' }),
    };
    const inner = fake((url) => answers[url.href] ?? response(404));
    const request = layerRequest('https://a.example/x/1.htm');
    const outcome = await redirecting(inner, 10)(request);
    expect(inner.calls).toEqual(['https://a.example/x/1.htm', 'https://a.example/x/2.htm', 'https://b.example/y']);
    expect(outcome).toEqual({ kind: 'failure', failure: { code: 'BAD_REDIRECT', params: { location: 'mailto:office@b.example' } }, retryable: false });
    expect(request.trace.redirects.map((h) => h.status)).toEqual([302, 303, 308]);
    expect(request.trace.finalUrl).toBe('https://b.example/y');
  });

  it('obeys maxRedirects', async () => {
    let n = 0;
    const outcome = await redirecting(fake(() => response(301, { location: `/${++n}` })), 2)(layerRequest('http://a.example/0'));
    expect(outcome).toMatchObject({ failure: { code: 'TOO_MANY_REDIRECTS', params: { hops: 3, reason: 'limit' } } });
  });

  it('calls a page that redirects to itself a loop, not "too many" (issue 15, point 13)', async () => {
    const outcome = await redirecting(fake(() => response(302, { location: '/self#top' })), 10)(layerRequest('http://a.example/self'));
    expect(outcome).toMatchObject({ failure: { code: 'TOO_MANY_REDIRECTS', params: { hops: 1, reason: 'loop' } } });
    expect(findingMessage(finding('TOO_MANY_REDIRECTS', { hops: 1, reason: 'loop' }), 'zh')).toBe('重定向循环：第 1 次跳转回到了已访问过的地址');
    expect(findingMessage(finding('TOO_MANY_REDIRECTS', { hops: 11, reason: 'limit' }), 'zh')).toBe('重定向过多：跳转 11 次仍未到达页面');
    expect(findingMessage(finding('SLOW_RESPONSE', { seconds: '1.5' }), 'zh')).not.toContain('接近');
  });

  it('stops a loop back to the first URL, fragment aside', async () => {
    const inner = fake((url) => response(302, { location: url.pathname === '/a' ? '/b' : '/a#top' }));
    const outcome = await redirecting(inner, 10)(layerRequest('http://a.example/a'));
    expect(inner.calls).toEqual(['http://a.example/a', 'http://a.example/b']);
    expect(outcome).toMatchObject({ failure: { code: 'TOO_MANY_REDIRECTS', params: { hops: 2, reason: 'loop' } } });
  });

  it('passes a failure through and records the URL it happened at', async () => {
    const inner = fake((url) => (url.pathname === '/a' ? response(302, { location: '/b' }) : failed({ code: 'TIMEOUT', params: { seconds: 1 } }, true)));
    const request = layerRequest('http://a.example/a');
    expect(await redirecting(inner, 10)(request)).toMatchObject({ failure: { code: 'TIMEOUT' } });
    expect(request.trace.finalUrl).toBe('http://a.example/b');
  });
});

describe('throttled', () => {
  it('holds requests to one origin to perHost at a time, and lets another origin through', async () => {
    let inFlight = 0;
    let most = 0;
    const releases: (() => void)[] = [];
    const inner: Fetch = (request) => {
      inFlight++;
      most = Math.max(most, inFlight);
      return new Promise((resolve) =>
        releases.push(() => {
          inFlight--;
          resolve(response(request.url.host === 'b.example' ? 201 : 200));
        }),
      );
    };
    const layer = throttled(inner, createScheduler({ concurrency: 10, perHost: 2, delayMs: 0 }));
    const pending = ['a', 'a', 'a', 'b'].map((host, i) => layer(layerRequest(`https://${host}.example/${i}`)));
    await new Promise((resolve) => setImmediate(resolve));
    expect(releases).toHaveLength(3); // two of a, one of b
    while (releases.length > 0) {
      releases.shift()!();
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect((await Promise.all(pending)).map((o) => (o.kind === 'response' ? o.status : 0))).toEqual([200, 200, 200, 201]);
    expect(most).toBe(3);
  });
});

describe('started', () => {
  it('marks the start once, at the first attempt, and names the URL as requested', async () => {
    const told: string[] = [];
    const layer = started(fake(() => response(200)), (url, host) => told.push(`${url} ${host}`));
    const request = layerRequest('https://a.example/x');
    await layer(request);
    await layer({ ...request, url: new URL('https://b.example/y') });
    expect(told).toEqual(['https://a.example/x a.example']);
    expect(request.trace.firstStart).toBeTypeOf('number');
  });
  it('gives up as interrupted, without asking the inner layer, once stopped or aborted', async () => {
    for (const signals of [{ stop: AbortSignal.abort() }, { signal: AbortSignal.abort() }]) {
      const inner = fake(() => response(200));
      const request = layerRequest('https://a.example/', signals);
      expect(await started(inner)(request)).toEqual({
        kind: 'failure',
        failure: { code: 'CONNECTION_ERROR', params: { reason: 'interrupted' } },
        retryable: false,
      });
      expect(inner.calls).toEqual([]);
      expect(request.trace.firstStart).toBeUndefined();
    }
  });
});

describe('certificateFallback', () => {
  const tlsError = failed({ code: 'TLS_ERROR', params: { reason: 'expired' } }, false);
  it('tries again unverified on a certificate error, then goes there directly for that origin', async () => {
    const verified = fake((url) => (url.host === 'bad.example' ? tlsError : response(200)));
    const unverified = fake(() => response(200));
    let made = 0;
    const layer = certificateFallback(verified, () => {
      made++;
      return unverified;
    });
    const first = layerRequest('https://bad.example/1');
    const second = layerRequest('https://bad.example/2');
    const good = layerRequest('https://good.example/');
    expect(await layer(first)).toMatchObject({ status: 200 });
    expect(await layer(second)).toMatchObject({ status: 200 });
    expect(await layer(good)).toMatchObject({ status: 200 });
    expect(verified.calls).toEqual(['https://bad.example/1', 'https://good.example/']);
    expect(unverified.calls).toEqual(['https://bad.example/1', 'https://bad.example/2']);
    expect(made).toBe(1);
    expect([first.trace.tlsInsecure, second.trace.tlsInsecure, good.trace.tlsInsecure]).toEqual([['expired'], ['expired'], undefined]);
  });
  it('records the problem once per fetch, and not when the unverified try fails too', async () => {
    const layer = certificateFallback(fake(() => tlsError), () => fake((url) => (url.pathname === '/down' ? failed({ code: 'TIMEOUT', params: { seconds: 1 } }, true) : response(200))));
    const request = layerRequest('https://bad.example/');
    await layer(request);
    await layer(request);
    expect(request.trace.tlsInsecure).toEqual(['expired']);
    const down = layerRequest('https://bad.example/down');
    expect(await layer(down)).toMatchObject({ failure: { code: 'TIMEOUT' } });
    expect(down.trace.tlsInsecure).toBeUndefined();
  });
});

describe('attempting', () => {
  it('makes one request through the client, with its headers, and reads the body', async () => {
    const agent = new MockAgent();
    agent.disableNetConnect();
    let accept: unknown;
    agent
      .get('https://xxgk.example.edu.cn')
      .intercept({ path: '/a', method: 'GET' })
      .reply((opts) => {
        accept = (opts.headers as Record<string, string>).accept;
        return { statusCode: 503, data: 'busy' };
      });
    const layer = attempting({ dispatcher: agent, timeoutMs: 1000, headers: { accept: 'text/html' } });
    const outcome = await layer(layerRequest('https://xxgk.example.edu.cn/a'));
    expect(outcome).toMatchObject({ kind: 'response', status: 503, bytes: 4, truncated: false });
    expect(accept).toBe('text/html');
    await agent.close();
  });
});

describe('body helpers', () => {
  it('reads media types and charsets from Content-Type', () => {
    expect(mediaType('Text/HTML; charset=GBK')).toBe('text/html');
    expect(mediaType(undefined)).toBeUndefined();
    expect(charsetParam('text/html; charset="gb2312"')).toBe('gb2312');
    expect(charsetParam('text/html')).toBeUndefined();
  });
  it('recognises HTML without a Content-Type, and not a PDF', () => {
    expect(looksLikeHtml(Buffer.from('\n  <!-- vsb --><HTML><head>'))).toBe(true);
    expect(looksLikeHtml(Buffer.from('%PDF-1.7'))).toBe(false);
  });
  it('lets a BOM win over the header, as browsers do', () => {
    const body = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('公开')]);
    expect(decodeText(body, 'gbk')).toEqual({ text: '公开', charset: 'utf-8' });
  });
});

describe('the fetcher over a MockAgent', () => {
  it('uses the dispatcher it is given and retries a 500', async () => {
    const agent = new MockAgent();
    agent.disableNetConnect();
    const pool = agent.get('https://xxgk.example.edu.cn');
    let userAgent: unknown;
    pool.intercept({ path: '/info/1.htm', method: 'GET' }).reply(500, 'oops');
    pool
      .intercept({ path: '/info/1.htm', method: 'GET' })
      .reply((opts) => {
        userAgent = (opts.headers as Record<string, string>)['user-agent'];
        return { statusCode: 200, data: '<html>ok</html>', responseOptions: { headers: { 'content-type': 'text/html' } } };
      });
    const fetcher = createFetcher({ ...DEFAULT_FETCH_OPTIONS, backoffBaseMs: 1, dispatcher: agent });
    const r = answered(await fetcher.fetch({ url: 'https://xxgk.example.edu.cn/info/1.htm' }));
    await fetcher.close();
    expect(r.status).toBe(200);
    expect(r.text).toBe('<html>ok</html>');
    expect(r.attempts).toBe(2);
    expect(userAgent).toBe(DEFAULT_USER_AGENT);
    agent.assertNoPendingInterceptors();
    await agent.close();
  });

  it('classifies an error raised by the dispatcher', async () => {
    const agent = new MockAgent();
    agent.disableNetConnect();
    agent.get('https://gone.example.edu.cn').intercept({ path: '/' }).replyWithError(coded('ENOTFOUND')).persist();
    const fetcher = createFetcher({ ...DEFAULT_FETCH_OPTIONS, dispatcher: agent });
    const r = await fetcher.fetch({ url: 'https://gone.example.edu.cn/' });
    expect(r.failure).toEqual({ code: 'DNS_ERROR', params: { host: 'gone.example.edu.cn' } });
    await agent.close();
  });
});
