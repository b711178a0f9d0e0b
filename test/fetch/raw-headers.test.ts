// The dispatcher empties undici's raw header array once the headers are parsed (src/fetch/dispatcher.ts): those
// views into the socket's read buffer would otherwise keep the buffer alive until V8's next full collection.
import diagnostics from 'node:diagnostics_channel';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFetcher, DEFAULT_FETCH_OPTIONS } from '../../src/fetch/index.js';
import { startHttpServer, type TestServer } from '../helpers/servers.js';

let server: TestServer;
beforeAll(async () => {
  server = await startHttpServer((req, res) => {
    if (req.url === '/moved') {
      res.writeHead(301, { location: '/page' });
      res.end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'x-disclosure': '信息公开'.length.toString(), 'set-cookie': ['a=1', 'b=2'] });
    res.end('<html><title>信息公开</title><body>' + '信息公开目录 '.repeat(3000) + '</body></html>');
  });
});
afterAll(() => server.close());

describe('raw response headers', () => {
  it('are emptied once parsed, on every response of a keep-alive connection, and the parsed headers are whole', async () => {
    const seen: unknown[][] = [];
    const onHeaders = (message: unknown): void => {
      const headers = (message as { response: { headers: unknown } }).response.headers;
      if (Array.isArray(headers)) seen.push(headers);
    };
    diagnostics.subscribe('undici:request:headers', onHeaders);
    const fetcher = createFetcher({ ...DEFAULT_FETCH_OPTIONS, backoffBaseMs: 1, timeoutMs: 3000 });
    try {
      for (const path of ['/page', '/moved', '/page']) {
        const result = await fetcher.fetch({ url: server.url(path) });
        expect(result.kind).toBe('response');
        if (result.kind !== 'response') continue;
        expect(result.status).toBe(200);
        expect(result.headers['content-type']).toBe('text/html; charset=utf-8');
        expect(result.headers['x-disclosure']).toBe('4');
        expect(result.body?.toString('utf8')).toContain('<title>信息公开</title>');
      }
    } finally {
      diagnostics.unsubscribe('undici:request:headers', onHeaders);
      await fetcher.close();
    }
    // Four responses (the redirect is followed): undici handed each one's raw headers over, and each array was emptied.
    expect(seen).toHaveLength(4);
    for (const headers of seen) expect(headers).toHaveLength(0);
  });
});
