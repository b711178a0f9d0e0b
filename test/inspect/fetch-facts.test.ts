// The fetch stage's facts turned into findings by the inspect stage: which facts call for which finding, in which order.
import { describe, expect, it } from 'vitest';
import { finding } from '../../src/findings.js';
import { fetchFindings } from '../../src/inspect/index.js';
import type { FetchFailed } from '../../src/types.js';
import { htmlFetch } from './helpers.js';

const failure = (extra: Partial<FetchFailed> = {}): FetchFailed => ({
  kind: 'failure',
  url: 'https://xxgk.demo.edu.cn/a.htm',
  finalUrl: 'https://xxgk.demo.edu.cn/a.htm',
  redirects: [],
  elapsedMs: 15_000,
  attempts: 3,
  retryWaits: [
    { ms: 200, retryAfter: false },
    { ms: 400, retryAfter: false },
  ],
  failure: { code: 'TIMEOUT', params: { seconds: 15 } },
  retryable: true,
  ...extra,
});

describe('fetchFindings', () => {
  it('makes nothing of a healthy page, and hands back the findings that follow as they are', () => {
    const rest = [finding('REDIRECTED_HOME')];
    expect(fetchFindings(htmlFetch('<p>ok</p>'))).toEqual([]);
    expect(fetchFindings(htmlFetch('<p>ok</p>'), rest)).toBe(rest);
  });

  it('names a failure, and the certificate problems fetched through after it; retries of a failure are not RETRIED', () => {
    expect(fetchFindings(failure())).toEqual([finding('TIMEOUT', { seconds: 15 })]);
    expect(fetchFindings(failure({ tlsInsecure: ['expired'] }))).toEqual([
      finding('TIMEOUT', { seconds: 15 }),
      finding('TLS_INSECURE', { reason: 'expired' }),
    ]);
  });

  it('orders a response’s findings TLS_INSECURE, HTTP_ERROR, BODY_TRUNCATED, then what follows', () => {
    const fetch = htmlFetch('<p>gone</p>', { status: 404, truncated: true, maxBytes: 4096, tlsInsecure: ['self-signed', 'expired'] });
    expect(fetchFindings(fetch, [finding('LOGIN_REQUIRED')])).toEqual([
      finding('TLS_INSECURE', { reason: 'self-signed' }),
      finding('TLS_INSECURE', { reason: 'expired' }),
      finding('HTTP_ERROR', { status: 404 }),
      finding('BODY_TRUNCATED', { limit: 4096 }),
      finding('LOGIN_REQUIRED'),
    ]);
  });

  it('makes no HTTP_ERROR of a bot challenge’s status', () => {
    expect(fetchFindings(htmlFetch('', { status: 412 }), [], true)).toEqual([]);
    expect(fetchFindings(htmlFetch('', { status: 412 }))).toEqual([finding('HTTP_ERROR', { status: 412 })]);
  });

  it('reports RETRIED only for a good answer, with the Retry-After seconds when a server asked for a wait', () => {
    const waits = [
      { ms: 1250, retryAfter: true },
      { ms: 300, retryAfter: false },
      { ms: 2000, retryAfter: true },
    ];
    expect(fetchFindings(htmlFetch('<p>ok</p>', { attempts: 4, retryWaits: waits }))).toEqual([
      finding('RETRIED', { retries: 3, retryAfter: 3.3 }),
    ]);
    expect(fetchFindings(htmlFetch('<p>ok</p>', { attempts: 2, retryWaits: [{ ms: 300, retryAfter: false }] }))).toEqual([
      finding('RETRIED', { retries: 1 }),
    ]);
    expect(fetchFindings(htmlFetch('', { status: 503, attempts: 3, retryWaits: waits.slice(0, 2) }))).toEqual([
      finding('HTTP_ERROR', { status: 503 }),
    ]);
  });
});
