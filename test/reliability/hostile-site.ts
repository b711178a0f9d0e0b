// A hostile web server on 127.0.0.1: one raw TCP server, one path per misbehaviour. Raw sockets, not node:http,
// because several cases (a header block that never ends, a Content-Length that lies, a reset mid-body) are
// things node:http refuses to send.
import type net from 'node:net';
import zlib from 'node:zlib';
import iconv from 'iconv-lite';
import { startTcpServer, type TestServer } from '../helpers/servers.js';

export interface HostileCase {
  /** Path on the server, e.g. `/endless`. */
  path: string;
  /** Title of the checklist item that lists it. */
  title: string;
  /** What the server does there. */
  respond(socket: net.Socket, site: HostileSite): void;
}

export interface HostileSite extends TestServer {
  /** Requests received per path (query included), HEAD and GET alike. */
  requests(path: string): number;
  /** Requests whose path starts with `prefix`. */
  requestsUnder(prefix: string): number;
}

/** A good disclosure page: the item's keywords, a date inside 2023-09-01..2024-08-31, text of its own. */
export function goodPage(title: string, body = ''): string {
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${title}</title></head><body>
<div class="content"><h1>${title}</h1>
<p>发布时间：2024-03-15。本页公开${title}的全部内容，包括相关制度文件、工作报告及执行情况，供社会公众查阅监督。</p>
${body}</div></body></html>`;
}

const HEAD_END = Buffer.from('\r\n\r\n');

function head(status: string, headers: Record<string, string | number>): string {
  return `HTTP/1.1 ${status}\r\n${Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('')}connection: close\r\n\r\n`;
}

/** Answer with a complete response and close. */
export function answer(socket: net.Socket, status: string, headers: Record<string, string | number>, body: Buffer | string = ''): void {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  socket.write(head(status, { 'content-length': bytes.length, ...headers }));
  socket.end(bytes);
}

/** Write `chunk` again and again, respecting back-pressure, until the peer goes away. */
function endless(socket: net.Socket, chunk: Buffer): void {
  const pump = (): void => {
    while (!socket.destroyed && socket.write(chunk)) {
      /* keep writing until the socket buffer is full */
    }
  };
  socket.on('drain', pump);
  socket.on('error', () => socket.destroy());
  pump();
}

/** Cases, one per path. Sizes are chosen against a run with maxBytes = MAX_BYTES. */
export const MAX_BYTES = 4 * 1024 * 1024;
/** Links on the 100,000-link page. */
export const LINKS = 100_000;

let gzipBomb: Buffer | undefined;
let brBomb: Buffer | undefined;
/** 32 MiB (8 × MAX_BYTES) of spaces after a page start, compressed to a few KiB on the wire. */
function bomb(kind: 'gzip' | 'br'): Buffer {
  const inflated = Buffer.alloc(8 * MAX_BYTES, 0x20);
  Buffer.from('<html><body><p>').copy(inflated);
  if (kind === 'gzip') return (gzipBomb ??= zlib.gzipSync(inflated, { level: 9 }));
  return (brBomb ??= zlib.brotliCompressSync(inflated, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5 } }));
}

let linkPage: Buffer | undefined;
function manyLinks(): Buffer {
  if (linkPage) return linkPage;
  const parts: string[] = ['<!DOCTYPE html><html><head><meta charset="utf-8"><title>附件下载</title></head><body><div class="content"><p>发布时间：2024-03-15，附件下载列表如下，共十万个文件。</p>'];
  for (let i = 0; i < LINKS; i++) parts.push(`<a href=/f/${i}.pdf>${i}</a>`);
  parts.push('</div></body></html>');
  return (linkPage = Buffer.from(parts.join('')));
}

export const HOSTILE_CASES: HostileCase[] = [
  {
    path: '/good',
    title: '学校章程',
    respond: (s) => answer(s, '200 OK', { 'content-type': 'text/html; charset=utf-8' }, goodPage('学校章程')),
  },
  {
    path: '/endless',
    title: '无尽的页面',
    respond: (s) => {
      s.write(head('200 OK', { 'content-type': 'text/html; charset=utf-8' }));
      endless(s, Buffer.from('<p>无尽的页面 2024-03-15</p>'.repeat(2000)));
    },
  },
  {
    path: '/gzip-bomb',
    title: '压缩炸弹',
    respond: (s) => answer(s, '200 OK', { 'content-type': 'text/html', 'content-encoding': 'gzip' }, bomb('gzip')),
  },
  {
    path: '/br-bomb',
    title: 'Brotli 炸弹',
    respond: (s) => answer(s, '200 OK', { 'content-type': 'text/html', 'content-encoding': 'br' }, bomb('br')),
  },
  {
    path: '/drip',
    title: '一秒一个字节',
    respond: (s) => {
      s.write(head('200 OK', { 'content-type': 'text/html' }));
      const timer = setInterval(() => {
        if (s.destroyed) clearInterval(timer);
        else s.write('x');
      }, 1000);
      s.on('close', () => clearInterval(timer));
      s.on('error', () => clearInterval(timer));
    },
  },
  {
    path: '/reset',
    title: '中途重置',
    respond: (s) => {
      // Chunked, as most CMSs send pages: a reset inside a chunk cannot be mistaken for the end of the body.
      s.write(head('200 OK', { 'content-type': 'text/html', 'transfer-encoding': 'chunked' }));
      s.write(`2000\r\n${'<html><body>'.padEnd(5000, 'x')}`, () => setTimeout(() => s.resetAndDestroy(), 20));
    },
  },
  {
    path: '/endless-headers',
    title: '头部没有尽头',
    respond: (s) => {
      s.write('HTTP/1.1 200 OK\r\n');
      endless(s, Buffer.from(`x-filler: ${'y'.repeat(100)}\r\n`));
    },
  },
  {
    path: '/slow-headers',
    title: '一秒一个头部字节',
    respond: (s) => {
      s.write('HTTP/1.1 200 OK\r\nx-slow: ');
      const timer = setInterval(() => {
        if (s.destroyed) clearInterval(timer);
        else s.write('y');
      }, 1000);
      s.on('close', () => clearInterval(timer));
      s.on('error', () => clearInterval(timer));
    },
  },
  {
    path: '/length-longer',
    title: '长度声明过长',
    respond: (s) => {
      s.write(head('200 OK', { 'content-type': 'text/html; charset=utf-8', 'content-length': 100_000 }));
      s.end(goodPage('长度声明过长'));
    },
  },
  {
    path: '/length-shorter',
    title: '长度声明过短',
    respond: (s) => {
      s.write(head('200 OK', { 'content-type': 'text/html; charset=utf-8', 'content-length': 40 }));
      s.end(goodPage('长度声明过短'));
    },
  },
  {
    path: '/retry-after',
    title: '十一天后再来',
    respond: (s) => answer(s, '503 Service Unavailable', { 'content-type': 'text/plain', 'retry-after': 999_999 }, 'busy'),
  },
  {
    path: '/to-file',
    title: '跳转到本地文件',
    respond: (s) => answer(s, '302 Found', { location: 'file:///etc/passwd' }),
  },
  {
    path: '/to-javascript',
    title: '跳转到脚本',
    respond: (s) => answer(s, '302 Found', { location: 'javascript:alert(document.cookie)' }),
  },
  {
    path: '/to-ftp',
    title: '跳转到 FTP',
    respond: (s) => answer(s, '301 Moved Permanently', { location: 'ftp://127.0.0.1/pub/report.pdf' }),
  },
  {
    path: '/binary',
    title: '二进制冒充网页',
    respond: (s) => {
      const bytes = Buffer.alloc(64 * 1024);
      let x = 12345;
      for (let i = 0; i < bytes.length; i++) bytes[i] = (x = (x * 1103515245 + 12345) & 0x7fffffff) >> 16;
      answer(s, '200 OK', { 'content-type': 'text/html' }, bytes);
    },
  },
  {
    path: '/gbk-undeclared',
    title: '未声明编码的页面',
    respond: (s) => answer(s, '200 OK', { 'content-type': 'text/html' }, iconv.encode(goodPage('未声明编码的页面').replace('<meta charset="utf-8">', ''), 'gbk')),
  },
  {
    path: '/wrong-charset',
    title: '编码声明错误',
    respond: (s) => answer(s, '200 OK', { 'content-type': 'text/html; charset=no-such-charset' }, goodPage('编码声明错误')),
  },
  {
    path: '/deep',
    title: '十万层嵌套',
    respond: (s) => answer(s, '200 OK', { 'content-type': 'text/html; charset=utf-8' }, `<html><body>${'<div>'.repeat(100_000)}十万层嵌套 2024-03-15${'</div>'.repeat(100_000)}</body></html>`),
  },
  {
    path: '/broken',
    title: '残缺的网页',
    respond: (s) =>
      answer(
        s,
        '200 OK',
        { 'content-type': 'text/html; charset=utf-8' },
        '<html><head><title>残缺的网页</title><body><table><tr><td><p>残缺的网页 2024-03-15 <a href="ja\u0000va:x"><a href="http://[::1">x<//div></b></i><<<>>><!-- never closed <script>while(true){}',
      ),
  },
  {
    path: '/many-links',
    title: '附件下载',
    respond: (s) => answer(s, '200 OK', { 'content-type': 'text/html; charset=utf-8' }, manyLinks()),
  },
];

/** Start the hostile server. Attachments under /f/ answer as PDFs (HEAD and GET). */
export async function startHostileSite(): Promise<HostileSite> {
  // Build the big bodies before listening: compressing them on request would block the event loop.
  bomb('gzip');
  bomb('br');
  manyLinks();
  const counts = new Map<string, number>();
  const byPath = new Map(HOSTILE_CASES.map((c) => [c.path, c]));
  const server = await startTcpServer((socket) => {
    socket.on('error', () => socket.destroy());
    let buffered = Buffer.alloc(0);
    const onData = (chunk: Buffer): void => {
      buffered = Buffer.concat([buffered, chunk]);
      const end = buffered.indexOf(HEAD_END);
      if (end === -1) return;
      socket.off('data', onData);
      const [requestLine = ''] = buffered.subarray(0, end).toString('latin1').split('\r\n');
      const [method = 'GET', target = '/'] = requestLine.split(' ');
      counts.set(target, (counts.get(target) ?? 0) + 1);
      if (target.startsWith('/f/')) {
        const pdf = Buffer.from('%PDF-1.4\n%test\n');
        if (method === 'HEAD') {
          socket.end(head('200 OK', { 'content-type': 'application/pdf', 'content-length': pdf.length }));
        } else answer(socket, '200 OK', { 'content-type': 'application/pdf' }, pdf);
        return;
      }
      const found = byPath.get(target);
      if (found) found.respond(socket, site);
      else answer(socket, '404 Not Found', { 'content-type': 'text/plain' }, 'not found');
    };
    socket.on('data', onData);
  });
  const site: HostileSite = {
    ...server,
    requests: (path) => counts.get(path) ?? 0,
    requestsUnder: (prefix) => [...counts].reduce((n, [path, count]) => (path.startsWith(prefix) ? n + count : n), 0),
  };
  return site;
}

/** The checklist YAML listing every hostile case as one item. */
export function hostileChecklist(site: TestServer): string {
  const items = HOSTILE_CASES.map((c, i) => `      - { no: ${i + 1}, title: "${c.title}", url: "${site.url(c.path)}" }`).join('\n');
  return `schema: 1
institution: 敌意服务器大学
period: { from: 2023-09-01, to: 2024-08-31 }
categories:
  - name: 基本信息
    items:
${items}
`;
}
