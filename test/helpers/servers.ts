// Local test servers on 127.0.0.1 — HTTP, HTTPS (certificate made at test time) and raw TCP — for tests of
// network behaviour. Nothing here ever listens on or talks to a non-loopback address.
//
//   const server = await startHttpServer((req, res) => res.end('ok'));
//   await fetcher.fetch({ url: server.url('/page') });
//   await server.close();
//
//   const cert = await makeCertificate();                 // valid for 127.0.0.1 and localhost, self-signed
//   const tls = await startHttpsServer(handler, cert);     // trust it with { ca: cert.cert }
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { generate } from 'selfsigned';

export interface TestServer {
  /** `http://127.0.0.1:PORT` (or https). */
  origin: string;
  port: number;
  /** Absolute URL of `path` on this server. */
  url(path?: string): string;
  /** Stop listening and drop every open connection. */
  close(): Promise<void>;
}

export interface TestCertificate {
  /** PEM certificate; pass it as `ca` to trust it. */
  cert: string;
  /** PEM private key. */
  key: string;
}

export interface CertificateOptions {
  /** DNS names and IPs the certificate is for (default: 127.0.0.1 and localhost). */
  hosts?: string[];
  notBefore?: Date;
  notAfter?: Date;
}

/** A self-signed certificate for the given hosts (EC keys: fast to make). */
export async function makeCertificate(options: CertificateOptions = {}): Promise<TestCertificate> {
  const hosts = options.hosts ?? ['127.0.0.1', 'localhost'];
  const notBefore = options.notBefore ?? new Date(Date.now() - 60_000);
  const notAfter = options.notAfter ?? new Date(notBefore.getTime() + 24 * 3600_000);
  const pems = await generate([{ name: 'commonName', value: hosts[0] ?? 'localhost' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate: notBefore,
    notAfterDate: notAfter,
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'keyUsage', digitalSignature: true, keyCertSign: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: hosts.map((h) => (net.isIP(h) ? { type: 7 as const, ip: h } : { type: 2 as const, value: h })),
      },
    ],
  });
  return { cert: pems.cert, key: pems.private };
}

/** An HTTP server on 127.0.0.1 and a free port. */
export function startHttpServer(handler: http.RequestListener): Promise<TestServer> {
  return listen(http.createServer(handler), 'http');
}

/** An HTTPS server on 127.0.0.1 with `certificate` (default: a fresh self-signed one for 127.0.0.1). */
export async function startHttpsServer(handler: http.RequestListener, certificate?: TestCertificate): Promise<TestServer> {
  const { cert, key } = certificate ?? (await makeCertificate());
  return listen(https.createServer({ cert, key }, handler), 'https');
}

/** A raw TCP server on 127.0.0.1, for misbehaving peers (never answers, resets mid-body, speaks garbage). */
export function startTcpServer(onConnection: (socket: net.Socket) => void): Promise<TestServer> {
  return listen(net.createServer(onConnection), 'http');
}

async function listen(server: net.Server, scheme: 'http' | 'https'): Promise<TestServer> {
  const sockets = new Set<net.Socket>();
  server.on('connection', (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const origin = `${scheme}://127.0.0.1:${port}`;
  return {
    origin,
    port,
    url: (path = '/') => new URL(path, origin).href,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
