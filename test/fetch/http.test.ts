// The fetcher against real HTTP servers on 127.0.0.1: statuses, retries, timeouts, resets, redirects,
// Content-Encoding, charsets, limits, events and abort.
import type http from 'node:http';
import zlib from 'node:zlib';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFetcher, DEFAULT_FETCH_OPTIONS, type FetchOptions } from '../../src/fetch/index.js';
import type { FetchResult } from '../../src/types.js';
import { fetchFindings } from '../../src/inspect/index.js';
import { answered } from '../helpers/fetch.js';
import { startHttpServer, startTcpServer, type TestServer } from '../helpers/servers.js';

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;
const routes = new Map<string, Handler>();
/** Requests seen per path. */
const hits = new Map<string, number>();
let server: TestServer;

beforeAll(async () => {
  server = await startHttpServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const handler = routes.get(path) ?? [...routes].find(([p]) => p.endsWith('*') && path.startsWith(p.slice(0, -1)))?.[1];
    if (handler) handler(req, res);
    else {
      res.statusCode = 404;
      res.end('no route');
    }
  });
});
afterAll(() => server.close());

const fast: FetchOptions = { ...DEFAULT_FETCH_OPTIONS, backoffBaseMs: 1, timeoutMs: 3000 };

async function fetchOnce(path: string, options: Partial<FetchOptions> = {}): Promise<FetchResult> {
  const fetcher = createFetcher({ ...fast, ...options });
  try {
    return await fetcher.fetch({ url: server.url(path) });
  } finally {
    await fetcher.close();
  }
}

function html(body: string, contentType = 'text/html; charset=utf-8'): Handler {
  return (_req, res) => {
    res.setHeader('content-type', contentType);
    res.end(body);
  };
}

/** Answer with `statuses` in turn (then the last one forever). */
function sequence(...answers: { status: number; headers?: Record<string, string>; body?: string }[]): Handler {
  let i = 0;
  return (_req, res) => {
    const answer = answers[Math.min(i++, answers.length - 1)]!;
    res.writeHead(answer.status, { 'content-type': 'text/html; charset=utf-8', ...answer.headers });
    res.end(answer.body ?? `status ${answer.status}`);
  };
}

describe('statuses and retries', () => {
  it('keeps a 404 response with its body and an HTTP_ERROR finding, without retrying', async () => {
    routes.set('/missing', sequence({ status: 404, body: '<h1>页面不存在</h1>' }));
    const r = answered(await fetchOnce('/missing'));
    expect(r.failure).toBeUndefined();
    expect(r.status).toBe(404);
    expect(r.text).toBe('<h1>页面不存在</h1>');
    expect(fetchFindings(r)).toContainEqual({ code: 'HTTP_ERROR', severity: 'fail', params: { status: 404 } });
    expect(r.attempts).toBe(1);
  });

  it('gives a healthy page with no findings, its headers lower-cased and its content type bare', async () => {
    routes.set('/ok', (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'Text/HTML; charset=UTF-8', 'X-Thing': 'a' });
      res.end('<html><title>公开</title></html>');
    });
    const r = answered(await fetchOnce('/ok'));
    expect(r.status).toBe(200);
    expect(fetchFindings(r)).toEqual([]);
    expect(r.contentType).toBe('text/html');
    expect(r.charset).toBe('utf-8');
    expect(r.headers['x-thing']).toBe('a');
    expect(r.text).toContain('公开');
    expect(r.finalUrl).toBe(server.url('/ok'));
    expect(r.redirects).toEqual([]);
    expect(r.attempts).toBe(1);
    expect(r.retryWaits).toEqual([]);
  });

  it('sends the tool User-Agent and asks for HTML, compression and Chinese', async () => {
    let seen: http.IncomingHttpHeaders = {};
    routes.set('/headers', (req, res) => {
      seen = req.headers;
      res.end('ok');
    });
    await fetchOnce('/headers');
    expect(seen['user-agent']).toMatch(/^xxgk-check\/\d+\.\d+\.\d+ \(\+https?:\/\/.+\)$/);
    expect(seen['accept']).toContain('text/html');
    expect(seen['accept-encoding']).toBe('gzip, deflate, br');
    expect(seen['accept-language']).toBe('zh-CN,zh;q=0.9,en;q=0.5');
  });

  it('retries 5xx and records the attempts, then reports RETRIED on success', async () => {
    routes.set('/flaky', sequence({ status: 503 }, { status: 502 }, { status: 200, body: 'fine' }));
    const r = answered(await fetchOnce('/flaky'));
    expect(r.status).toBe(200);
    expect(r.text).toBe('fine');
    expect(r.attempts).toBe(3);
    expect(r.retryWaits).toHaveLength(2);
    expect(r.retryWaits.every((w) => !w.retryAfter)).toBe(true);
    expect(fetchFindings(r)).toEqual([{ code: 'RETRIED', severity: 'info', params: { retries: 2 } }]);
  });

  it('returns the last failing response when the retries run out', async () => {
    routes.set('/down', sequence({ status: 503, body: 'maintenance' }));
    hits.delete('/down');
    const r = answered(await fetchOnce('/down', { retries: 2 }));
    expect(r.status).toBe(503);
    expect(r.text).toBe('maintenance');
    expect(r.attempts).toBe(3);
    expect(hits.get('/down')).toBe(3);
    expect(fetchFindings(r).map((f) => f.code)).toEqual(['HTTP_ERROR']);
  });

  it('says when the first attempt started: before the retries, not at the last one', async () => {
    const answer = sequence({ status: 503, headers: { 'retry-after': '1' } }, { status: 200, body: 'fine' });
    const arrived: number[] = [];
    routes.set('/late-ok', (req, res) => {
      arrived.push(Date.now());
      answer(req, res);
    });
    const before = Date.now();
    const r = answered(await fetchOnce('/late-ok'));
    const after = Date.now();
    expect(r.attempts).toBe(2);
    expect(r.startedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    const started = Date.parse(r.startedAt!);
    expect(started).toBeGreaterThanOrEqual(before);
    expect(started).toBeLessThanOrEqual(arrived[0]!);
    // The retry waited the second Retry-After asked for; the start stays the first attempt's.
    expect(arrived[1]! - started).toBeGreaterThanOrEqual(950);
    expect(started + r.elapsedMs).toBeLessThanOrEqual(after + 1);
  });

  it('does not retry when retries is 0', async () => {
    routes.set('/down0', sequence({ status: 500 }));
    const r = await fetchOnce('/down0', { retries: 0 });
    expect(r.attempts).toBe(1);
    expect(r.status).toBe(500);
  });

  it('honours Retry-After in seconds on a 429', async () => {
    routes.set('/busy', sequence({ status: 429, headers: { 'retry-after': '1' } }, { status: 200, body: 'ok' }));
    const r = await fetchOnce('/busy');
    expect(r.status).toBe(200);
    expect(r.retryWaits).toEqual([{ ms: 1000, retryAfter: true }]);
    expect(fetchFindings(r)).toEqual([{ code: 'RETRIED', severity: 'info', params: { retries: 1, retryAfter: 1 } }]);
  });

  it('honours Retry-After as an HTTP date', async () => {
    const past = new Date(Date.now() - 5000).toUTCString();
    routes.set('/busy-date', sequence({ status: 503, headers: { 'retry-after': past } }, { status: 200 }));
    const r = await fetchOnce('/busy-date');
    expect(r.status).toBe(200);
    expect(r.retryWaits).toEqual([{ ms: 0, retryAfter: true }]);
  });

  it('caps a huge Retry-After at retryAfterCapMs instead of failing', async () => {
    routes.set('/busy-long', sequence({ status: 429, headers: { 'retry-after': '86400' } }, { status: 200 }));
    const r = await fetchOnce('/busy-long', { retryAfterCapMs: 20 });
    expect(r.status).toBe(200);
    expect(r.retryWaits).toEqual([{ ms: 20, retryAfter: true }]);
  });
});

describe('timeouts, refused and broken connections', () => {
  it('stops a server that never answers at the timeout (and retries it)', async () => {
    routes.set('/never', () => undefined);
    hits.delete('/never');
    const r = await fetchOnce('/never', { timeoutMs: 150, retries: 1 });
    expect(r.failure).toEqual({ code: 'TIMEOUT', params: { seconds: 0.15 } });
    expect(r.status).toBeUndefined();
    expect(r.attempts).toBe(2);
    expect(hits.get('/never')).toBe(2);
  });

  it('stops a body that drips forever at the timeout', async () => {
    const timers = new Set<NodeJS.Timeout>();
    routes.set('/drip', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      const timer = setInterval(() => res.write('.'), 20);
      timers.add(timer);
      res.on('close', () => clearInterval(timer));
    });
    const r = await fetchOnce('/drip', { timeoutMs: 300, retries: 0 });
    for (const t of timers) clearInterval(t);
    expect(r.failure).toEqual({ code: 'TIMEOUT', params: { seconds: 0.3 } });
  });

  it('classifies a refused port as CONNECTION_ERROR and retries it', async () => {
    const closed = await startHttpServer((_req, res) => res.end());
    const url = closed.url('/');
    await closed.close();
    const fetcher = createFetcher({ ...fast, retries: 1 });
    const r = await fetcher.fetch({ url });
    await fetcher.close();
    expect(r.failure).toEqual({ code: 'CONNECTION_ERROR', params: { reason: 'connection refused' } });
    expect(r.attempts).toBe(2);
  });

  it('classifies a reset in the middle of the body as CONNECTION_ERROR, retried', async () => {
    let connections = 0;
    const tcp = await startTcpServer((socket) => {
      connections++;
      socket.once('data', () => {
        socket.write('HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 5000\r\n\r\n<html>partial');
        setTimeout(() => socket.resetAndDestroy(), 20);
      });
    });
    const fetcher = createFetcher({ ...fast, retries: 2 });
    const r = await fetcher.fetch({ url: tcp.url('/') });
    await fetcher.close();
    await tcp.close();
    expect(r.failure?.code).toBe('CONNECTION_ERROR');
    expect(r.attempts).toBe(3);
    expect(connections).toBe(3);
  });

  it('does not crash on a Content-Length longer than the body (connection then closed)', async () => {
    const tcp = await startTcpServer((socket) => {
      socket.once('data', () => {
        socket.end('HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 900\r\n\r\n<html>short</html>');
      });
    });
    const fetcher = createFetcher({ ...fast, retries: 0 });
    const r = await fetcher.fetch({ url: tcp.url('/') });
    await fetcher.close();
    await tcp.close();
    expect(r.failure?.code).toBe('CONNECTION_ERROR');
  });

  it('reads a response without Content-Length that ends when the connection closes', async () => {
    const tcp = await startTcpServer((socket) => {
      socket.once('data', () => socket.end('HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nConnection: close\r\n\r\n<html>whole</html>'));
    });
    const fetcher = createFetcher({ ...fast, retries: 0 });
    const r = answered(await fetcher.fetch({ url: tcp.url('/') }));
    await fetcher.close();
    await tcp.close();
    expect(r.status).toBe(200);
    expect(r.text).toBe('<html>whole</html>');
  });

  it('classifies a name under .invalid as DNS_ERROR, not retried', async () => {
    const fetcher = createFetcher(fast);
    const r = await fetcher.fetch({ url: 'http://xxgk-check-test.invalid/info/1.htm' });
    await fetcher.close();
    expect(r.failure).toEqual({ code: 'DNS_ERROR', params: { host: 'xxgk-check-test.invalid' } });
    expect(r.attempts).toBe(1);
  });

  it('answers a URL it cannot request with a failure instead of throwing', async () => {
    const fetcher = createFetcher(fast);
    const r = await fetcher.fetch({ url: 'not a url' });
    const ftp = await fetcher.fetch({ url: 'ftp://127.0.0.1/x' });
    await fetcher.close();
    expect(r.failure?.code).toBe('CONNECTION_ERROR');
    expect(ftp.failure?.code).toBe('CONNECTION_ERROR');
    // No request was made: no start time.
    expect(r.startedAt).toBeUndefined();
    expect(ftp.startedAt).toBeUndefined();
  });
});

describe('redirects', () => {
  it('follows a relative redirect chain and records every hop with its status', async () => {
    routes.set('/rel/a/start', sequence({ status: 302, headers: { location: 'next.htm' } }));
    routes.set('/rel/a/next.htm', sequence({ status: 301, headers: { location: '../final.htm?x=1' } }));
    routes.set('/rel/final.htm', html('<p>到了</p>'));
    const r = answered(await fetchOnce('/rel/a/start'));
    expect(r.status).toBe(200);
    expect(r.text).toBe('<p>到了</p>');
    expect(r.redirects).toEqual([
      { url: server.url('/rel/a/start'), status: 302 },
      { url: server.url('/rel/a/next.htm'), status: 301 },
    ]);
    expect(r.finalUrl).toBe(server.url('/rel/final.htm?x=1'));
    expect(fetchFindings(r)).toEqual([]);
  });

  it('stops a redirect loop with TOO_MANY_REDIRECTS', async () => {
    routes.set('/loop/a', sequence({ status: 302, headers: { location: '/loop/b' } }));
    routes.set('/loop/b', sequence({ status: 307, headers: { location: '/loop/a' } }));
    const r = await fetchOnce('/loop/a');
    expect(r.failure?.code).toBe('TOO_MANY_REDIRECTS');
    expect(r.redirects.map((h) => h.status)).toEqual([302, 307]);
  });

  it('follows 10 hops but not 11', async () => {
    routes.set('/hop/*', (req, res) => {
      const [, , n, end] = (req.url ?? '').split('/');
      const hop = Number(n);
      if (hop >= Number(end)) res.writeHead(200, { 'content-type': 'text/plain' }).end('arrived');
      else res.writeHead(302, { location: `/hop/${hop + 1}/${end}` }).end();
    });
    const ten = answered(await fetchOnce('/hop/0/10'));
    expect(ten.failure).toBeUndefined();
    expect(ten.text).toBe('arrived');
    expect(ten.redirects).toHaveLength(10);
    const eleven = await fetchOnce('/hop/0/11');
    expect(eleven.failure).toEqual({ code: 'TOO_MANY_REDIRECTS', params: { hops: 11, reason: 'limit' } });
  });

  it.each(['file:///etc/passwd', 'javascript:alert(1)', 'data:text/html,hi'])('never follows Location %s', async (location) => {
    routes.set('/bad-redirect', sequence({ status: 302, headers: { location } }));
    const r = await fetchOnce('/bad-redirect');
    expect(r.failure).toEqual({ code: 'BAD_REDIRECT', params: { location } });
    expect(r.redirects).toEqual([{ url: server.url('/bad-redirect'), status: 302 }]);
  });

  it('keeps a 3xx without Location as the final response', async () => {
    routes.set('/304', sequence({ status: 300, body: 'choices' }));
    const r = await fetchOnce('/304');
    expect(r.status).toBe(300);
    expect(r.failure).toBeUndefined();
  });
});

describe('bodies', () => {
  const page = `<html><head><meta charset="utf-8"><title>信息公开</title></head><body>${'招生信息 '.repeat(200)}</body></html>`;
  const encoders: Record<string, (b: Buffer) => Buffer> = {
    gzip: (b) => zlib.gzipSync(b),
    'x-gzip': (b) => zlib.gzipSync(b),
    deflate: (b) => zlib.deflateSync(b),
    'deflate (raw)': (b) => zlib.deflateRawSync(b),
    br: (b) => zlib.brotliCompressSync(b),
  };
  it.each(Object.keys(encoders))('decodes a %s body', async (name) => {
    const encoded = encoders[name]!(Buffer.from(page));
    routes.set('/enc', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': name.split(' ')[0]! });
      res.end(encoded);
    });
    const r = answered(await fetchOnce('/enc'));
    expect(r.text).toBe(page);
    expect(r.bytes).toBe(Buffer.byteLength(page));
    expect(r.truncated).toBe(false);
  });

  it('stops a gzip bomb at maxBytes counted after decoding', async () => {
    const bomb = zlib.gzipSync(Buffer.alloc(30 * 1024 * 1024), { level: 9 });
    routes.set('/bomb', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' });
      res.end(bomb);
    });
    const limit = 256 * 1024;
    const r = answered(await fetchOnce('/bomb', { maxBytes: limit }));
    expect(r.truncated).toBe(true);
    expect(r.bytes).toBe(limit);
    expect(r.body?.length).toBe(limit);
    expect(fetchFindings(r)).toEqual([{ code: 'BODY_TRUNCATED', severity: 'info', params: { limit } }]);
  });

  it('caps a plain body and honours a per-request maxBytes', async () => {
    routes.set('/big', html('x'.repeat(10_000)));
    const fetcher = createFetcher(fast);
    const r = answered(await fetcher.fetch({ url: server.url('/big'), maxBytes: 1000 }));
    const whole = answered(await fetcher.fetch({ url: server.url('/big'), maxBytes: 10_000 }));
    await fetcher.close();
    expect(r.truncated).toBe(true);
    expect(r.text).toBe('x'.repeat(1000));
    expect(whole.truncated).toBe(false);
    expect(fetchFindings(whole)).toEqual([]);
  });

  it('classifies a corrupt gzip body as a connection error, not a crash', async () => {
    routes.set('/corrupt', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' });
      res.end(Buffer.from('this is not gzip at all'));
    });
    const r = await fetchOnce('/corrupt');
    expect(r.failure?.code).toBe('CONNECTION_ERROR');
    expect(r.attempts).toBe(1);
  });

  it('keeps a PDF as bytes only', async () => {
    const pdf = Buffer.from('%PDF-1.4\n%âãÏÓ\n1 0 obj\n');
    routes.set('/doc.pdf', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/pdf' });
      res.end(pdf);
    });
    const r = answered(await fetchOnce('/doc.pdf'));
    expect(r.contentType).toBe('application/pdf');
    expect(r.body?.equals(pdf)).toBe(true);
    expect(r.text).toBeUndefined();
  });

  it('reads no body for HEAD', async () => {
    routes.set('/head', html('<html>body</html>'));
    const fetcher = createFetcher(fast);
    const r = answered(await fetcher.fetch({ url: server.url('/head'), method: 'HEAD' }));
    await fetcher.close();
    expect(r.status).toBe(200);
    expect(r.contentType).toBe('text/html');
    expect(r.body).toBeUndefined();
    expect(r.text).toBeUndefined();
    expect(r.bytes).toBe(0);
  });
});

describe('charsets', () => {
  const chinese = '学校信息公开年度报告：招生考试信息、财务资产信息';
  const gbk = (s: string): Buffer => iconv.encode(s, 'gbk');

  it('decodes GBK declared in the Content-Type header', async () => {
    routes.set('/gbk-header', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=GBK' });
      res.end(gbk(`<html><body>${chinese}</body></html>`));
    });
    const r = answered(await fetchOnce('/gbk-header'));
    expect(r.charset).toBe('gbk');
    expect(r.text).toContain(chinese);
  });

  it('decodes GB2312 declared only in <meta> behind a bare text/html (博达 VSB style)', async () => {
    routes.set('/gbk-meta', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(gbk(`<!DOCTYPE html><html><head><META http-equiv="Content-Type" content="text/html; charset=gb2312"></head><body>${chinese}</body></html>`));
    });
    const r = answered(await fetchOnce('/gbk-meta'));
    expect(r.charset).toBe('gbk');
    expect(r.text).toContain(chinese);
  });

  it('decodes GBK bytes with no declaration at all, and UTF-8 bytes with none as UTF-8', async () => {
    routes.set('/gbk-bare', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(gbk(`<html><body>${chinese}</body></html>`));
    });
    routes.set('/utf8-bare', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(`<html><body>${chinese}</body></html>`);
    });
    const g = answered(await fetchOnce('/gbk-bare'));
    expect(g.charset).toBe('gb18030');
    expect(g.text).toContain(chinese);
    const u = answered(await fetchOnce('/utf8-bare'));
    expect(u.charset).toBe('utf-8');
    expect(u.text).toContain(chinese);
  });

  it('decodes Big5', async () => {
    const traditional = '國立大學資訊公開';
    routes.set('/big5', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=big5' });
      res.end(iconv.encode(`<html><body>${traditional}</body></html>`, 'big5'));
    });
    const r = answered(await fetchOnce('/big5'));
    expect(r.charset).toBe('big5');
    expect(r.text).toContain(traditional);
  });

  it('decodes a body without Content-Type when it looks like HTML, and strips a UTF-8 BOM', async () => {
    routes.set('/no-type', (_req, res) => {
      res.removeHeader('content-type');
      res.end(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`<!DOCTYPE html><html>${chinese}</html>`)]));
    });
    routes.set('/no-type-binary', (_req, res) => res.end(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 1, 2])));
    const r = answered(await fetchOnce('/no-type'));
    expect(r.contentType).toBeUndefined();
    expect(r.text).toBe(`<!DOCTYPE html><html>${chinese}</html>`);
    const b = answered(await fetchOnce('/no-type-binary'));
    expect(b.text).toBeUndefined();
    expect(b.body?.length).toBe(7);
  });
});
