// The default dispatcher honours HTTP_PROXY (classic forward proxy, absolute-form request line) and
// HTTPS_PROXY (CONNECT tunnel, target certificate still verified) — tested with tiny local proxies.
import http from 'node:http';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createFetcher, DEFAULT_FETCH_OPTIONS } from '../../src/fetch/index.js';
import { answered } from '../helpers/fetch.js';
import { makeCertificate, startHttpServer, startHttpsServer, type TestServer } from '../helpers/servers.js';

const PROXY_VARS = ['HTTP_PROXY', 'http_proxy', 'HTTPS_PROXY', 'https_proxy', 'NO_PROXY', 'no_proxy'] as const;
const savedEnv = Object.fromEntries(PROXY_VARS.map((name) => [name, process.env[name]]));
const servers: TestServer[] = [];

afterEach(async () => {
  for (const name of PROXY_VARS) {
    if (savedEnv[name] === undefined) delete process.env[name];
    else process.env[name] = savedEnv[name];
  }
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

function clearProxyEnv(): void {
  for (const name of PROXY_VARS) delete process.env[name];
}

describe('proxies', () => {
  it('sends http:// requests through HTTP_PROXY as absolute-form requests', async () => {
    const target = await startHttpServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<p>via proxy</p>'));
    const requestLines: string[] = [];
    const proxy = await startHttpServer((req, res) => {
      requestLines.push(`${req.method} ${req.url}`);
      const upstream = http.request(req.url ?? '', { method: req.method, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      upstream.on('error', () => res.writeHead(502).end());
      req.pipe(upstream);
    });
    servers.push(target, proxy);
    clearProxyEnv();
    process.env.HTTP_PROXY = proxy.origin;
    const fetcher = createFetcher({ ...DEFAULT_FETCH_OPTIONS, retries: 0 });
    const r = answered(await fetcher.fetch({ url: target.url('/info/1.htm') }));
    await fetcher.close();
    expect(r.status).toBe(200);
    expect(r.text).toBe('<p>via proxy</p>');
    expect(requestLines).toEqual([`GET ${target.url('/info/1.htm')}`]);
  });

  it('does not use the proxy for hosts in NO_PROXY', async () => {
    const target = await startHttpServer((_req, res) => res.end('direct'));
    let proxied = 0;
    const proxy = await startHttpServer((_req, res) => {
      proxied++;
      res.writeHead(502).end();
    });
    servers.push(target, proxy);
    clearProxyEnv();
    process.env.HTTP_PROXY = proxy.origin;
    process.env.NO_PROXY = '127.0.0.1';
    const fetcher = createFetcher({ ...DEFAULT_FETCH_OPTIONS, retries: 0 });
    const r = await fetcher.fetch({ url: target.url('/') });
    await fetcher.close();
    expect(r.status).toBe(200);
    expect(proxied).toBe(0);
  });

  it('tunnels https:// through HTTPS_PROXY with CONNECT and still verifies the certificate', async () => {
    const cert = await makeCertificate();
    const target = await startHttpsServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<p>tunnelled</p>'), cert);
    const connects: string[] = [];
    const proxyServer = http.createServer((_req, res) => res.writeHead(405).end());
    proxyServer.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
      connects.push(req.url ?? '');
      const [host, port] = (req.url ?? '').split(':');
      const upstream = net.connect(Number(port), host, () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.write(head);
        upstream.pipe(client);
        client.pipe(upstream);
      });
      upstream.on('error', () => client.destroy());
      client.on('error', () => upstream.destroy());
    });
    await new Promise<void>((resolve) => proxyServer.listen(0, '127.0.0.1', resolve));
    const proxyPort = (proxyServer.address() as net.AddressInfo).port;
    servers.push(target);
    clearProxyEnv();
    process.env.HTTPS_PROXY = `http://127.0.0.1:${proxyPort}`;
    try {
      const trusting = createFetcher({ ...DEFAULT_FETCH_OPTIONS, retries: 0, ca: cert.cert });
      const ok = answered(await trusting.fetch({ url: target.url('/') }));
      await trusting.close();
      const strict = createFetcher({ ...DEFAULT_FETCH_OPTIONS, retries: 0 });
      const refused = await strict.fetch({ url: target.url('/') });
      await strict.close();
      expect(ok.status).toBe(200);
      expect(ok.text).toBe('<p>tunnelled</p>');
      expect(refused.failure).toEqual({ code: 'TLS_ERROR', params: { reason: 'self-signed' } });
      expect(connects.length).toBeGreaterThanOrEqual(2);
      expect(connects[0]).toBe(`127.0.0.1:${target.port}`);
    } finally {
      proxyServer.closeAllConnections();
      await new Promise<void>((resolve) => proxyServer.close(() => resolve()));
    }
  });
});
