// Each layer alone: classification, Retry-After and backoff, the retry loop, the redirect loop, body helpers,
// and the whole fetcher over undici's MockAgent.
import { MockAgent } from 'undici';
import { describe, expect, it } from 'vitest';
import type { AttemptOutcome } from '../../src/fetch/attempt.js';
import { classifyError, timeoutSeconds } from '../../src/fetch/classify.js';
import { charsetParam, decodeText, looksLikeHtml, mediaType } from '../../src/fetch/decode.js';
import { createFetcher, DEFAULT_FETCH_OPTIONS } from '../../src/fetch/index.js';
import { followRedirects } from '../../src/fetch/redirect.js';
import { parseRetryAfter, retryWait, withRetries, type RetryLog } from '../../src/fetch/retry.js';
import { DEFAULT_USER_AGENT } from '../../src/version.js';
import { param } from '../helpers/findings.js';
import { finding, findingMessage } from '../../src/findings.js';

const coded = (code: string, cause?: unknown): Error => Object.assign(new Error(code), { code, cause });
const response = (status: number, headers: Record<string, string> = {}): AttemptOutcome => ({
  kind: 'response',
  status,
  headers,
  bytes: 0,
  truncated: false,
});

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

describe('withRetries', () => {
  const policy = { retries: 2, backoffBaseMs: 1, retryAfterCapMs: 10 };
  async function run(outcomes: AttemptOutcome[]): Promise<{ outcome: AttemptOutcome; log: RetryLog; calls: number }> {
    let calls = 0;
    const log: RetryLog = { attempts: 0, retryWaits: [] };
    const outcome = await withRetries(async () => outcomes[Math.min(calls++, outcomes.length - 1)]!, policy, log);
    return { outcome, log, calls };
  }
  it('does not retry a 404, a DNS error or a TLS error', async () => {
    expect((await run([response(404)])).calls).toBe(1);
    expect((await run([{ kind: 'failure', failure: { code: 'DNS_ERROR', params: { host: 'x' } }, retryable: false }])).calls).toBe(1);
    expect((await run([{ kind: 'failure', failure: { code: 'TLS_ERROR', params: { reason: 'expired' } }, retryable: false }])).calls).toBe(1);
  });
  it('retries 429, 5xx and retryable failures up to the limit', async () => {
    const { calls, log, outcome } = await run([response(429), response(500), response(502)]);
    expect(calls).toBe(3);
    expect(log.attempts).toBe(3);
    expect(log.retryWaits).toHaveLength(2);
    expect(outcome).toMatchObject({ status: 502 });
    const timeouts = await run([
      { kind: 'failure', failure: { code: 'TIMEOUT', params: { seconds: 1 } }, retryable: true },
      response(200),
    ]);
    expect(timeouts.calls).toBe(2);
    expect(timeouts.outcome).toMatchObject({ status: 200 });
  });
});

describe('followRedirects', () => {
  it('resolves each Location against the current URL and stops at a non-http scheme', async () => {
    const answers: Record<string, AttemptOutcome> = {
      'https://a.example/x/1.htm': response(302, { location: '2.htm' }),
      'https://a.example/x/2.htm': response(303, { location: '//b.example/y' }),
      'https://b.example/y': response(308, { location: 'mailto:office@b.example' }),
    };
    const seen: string[] = [];
    const chain = await followRedirects(
      new URL('https://a.example/x/1.htm'),
      async (url) => {
        seen.push(url.href);
        return answers[url.href] ?? response(404);
      },
      10,
    );
    expect(seen).toEqual(['https://a.example/x/1.htm', 'https://a.example/x/2.htm', 'https://b.example/y']);
    expect(chain.failure).toEqual({ code: 'BAD_REDIRECT', params: { location: 'mailto:office@b.example' } });
    expect(chain.redirects.map((h) => h.status)).toEqual([302, 303, 308]);
  });

  it('calls a page that redirects to itself a loop, not "too many" (issue 15, point 13)', async () => {
    const chain = await followRedirects(new URL('http://a.example/self'), async () => response(302, { location: '/self#top' }), 10);
    expect(chain.failure).toEqual({ code: 'TOO_MANY_REDIRECTS', params: { hops: 1, reason: 'loop' } });
    const f = finding('TOO_MANY_REDIRECTS', chain.failure!.params as { hops: number; reason: 'loop' });
    expect(findingMessage(f, 'zh')).toBe('重定向循环：第 1 次跳转回到了已访问过的地址');
    expect(findingMessage(finding('TOO_MANY_REDIRECTS', { hops: 11, reason: 'limit' }), 'zh')).toBe('重定向过多：跳转 11 次仍未到达页面');
    expect(findingMessage(finding('SLOW_RESPONSE', { seconds: '1.5' }), 'zh')).not.toContain('接近');
  });

  it('obeys maxRedirects', async () => {
    let n = 0;
    const chain = await followRedirects(new URL('http://a.example/0'), async () => response(301, { location: `/${++n}` }), 2);
    expect(chain.failure).toEqual({ code: 'TOO_MANY_REDIRECTS', params: { hops: 3, reason: 'limit' } });
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
    const r = await fetcher.fetch({ url: 'https://xxgk.example.edu.cn/info/1.htm' });
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
