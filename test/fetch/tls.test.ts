// Certificates: every problem is a TLS_ERROR with a reason; --insecure fetches through it with TLS_INSECURE.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFetcher, DEFAULT_FETCH_OPTIONS, type FetchOptions } from '../../src/fetch/index.js';
import type { FetchResult } from '../../src/types.js';
import { fetchFindings } from '../../src/inspect/index.js';
import { answered } from '../helpers/fetch.js';
import { makeCertificate, startHttpsServer, type TestCertificate, type TestServer } from '../helpers/servers.js';

const fast: FetchOptions = { ...DEFAULT_FETCH_OPTIONS, backoffBaseMs: 1, timeoutMs: 5000 };
const page = (_req: unknown, res: import('node:http').ServerResponse): void => {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<html><title>信息公开</title></html>');
};

let good: TestCertificate;
let goodServer: TestServer;
let selfSigned: TestServer;
let expired: TestCertificate;
let expiredServer: TestServer;
let otherName: TestCertificate;
let mismatchServer: TestServer;
let notYet: TestCertificate;
let notYetServer: TestServer;

beforeAll(async () => {
  const day = 24 * 3600_000;
  [good, expired, otherName, notYet] = await Promise.all([
    makeCertificate(),
    makeCertificate({ notBefore: new Date(Date.now() - 30 * day), notAfter: new Date(Date.now() - day) }),
    makeCertificate({ hosts: ['xxgk.example.edu.cn'] }),
    makeCertificate({ notBefore: new Date(Date.now() + day), notAfter: new Date(Date.now() + 30 * day) }),
  ]);
  [goodServer, selfSigned, expiredServer, mismatchServer, notYetServer] = await Promise.all([
    startHttpsServer(page, good),
    startHttpsServer(page),
    startHttpsServer(page, expired),
    startHttpsServer(page, otherName),
    startHttpsServer(page, notYet),
  ]);
});
afterAll(async () => {
  await Promise.all([goodServer, selfSigned, expiredServer, mismatchServer, notYetServer].map((s) => s.close()));
});

async function fetchWith(url: string, options: Partial<FetchOptions>): Promise<FetchResult> {
  const fetcher = createFetcher({ ...fast, ...options });
  try {
    return await fetcher.fetch({ url });
  } finally {
    await fetcher.close();
  }
}

describe('TLS', () => {
  it('fetches a page whose certificate is trusted, with no findings', async () => {
    const r = answered(await fetchWith(goodServer.url('/'), { ca: good.cert }));
    expect(r.status).toBe(200);
    expect(r.text).toContain('信息公开');
    expect(fetchFindings(r)).toEqual([]);
  });

  it('classifies a self-signed certificate, not retried', async () => {
    const r = await fetchWith(selfSigned.url('/'), {});
    expect(r.failure).toEqual({ code: 'TLS_ERROR', params: { reason: 'self-signed' } });
    expect(r.attempts).toBe(1);
  });

  it('classifies an expired certificate', async () => {
    const r = await fetchWith(expiredServer.url('/'), { ca: expired.cert });
    expect(r.failure).toEqual({ code: 'TLS_ERROR', params: { reason: 'expired' } });
  });

  it('classifies a certificate that is not valid yet', async () => {
    const r = await fetchWith(notYetServer.url('/'), { ca: notYet.cert });
    expect(r.failure).toEqual({ code: 'TLS_ERROR', params: { reason: 'not-yet-valid' } });
  });

  it('classifies a certificate for another host name', async () => {
    const r = await fetchWith(mismatchServer.url('/'), { ca: otherName.cert });
    expect(r.failure).toEqual({ code: 'TLS_ERROR', params: { reason: 'hostname-mismatch' } });
  });

  it('with insecure, fetches through a self-signed certificate and warns TLS_INSECURE', async () => {
    const r = answered(await fetchWith(selfSigned.url('/'), { insecure: true }));
    expect(r.failure).toBeUndefined();
    expect(r.status).toBe(200);
    expect(r.text).toContain('信息公开');
    expect(fetchFindings(r)).toEqual([{ code: 'TLS_INSECURE', severity: 'warn', params: { reason: 'self-signed' } }]);
  });

  it('with insecure, names the reason for every page of a bad origin, and nothing on a good one', async () => {
    const fetcher = createFetcher({ ...fast, insecure: true, ca: good.cert });
    const first = await fetcher.fetch({ url: expiredServer.url('/a') });
    const second = await fetcher.fetch({ url: expiredServer.url('/b') });
    const healthy = await fetcher.fetch({ url: goodServer.url('/') });
    await fetcher.close();
    for (const r of [first, second]) {
      expect(r.status).toBe(200);
      expect(fetchFindings(r)).toEqual([{ code: 'TLS_INSECURE', severity: 'warn', params: { reason: 'expired' } }]);
    }
    expect(fetchFindings(healthy)).toEqual([]);
  });
});
