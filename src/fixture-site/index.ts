// The fixture disclosure site: a fictional university's 信息公开网 served on 127.0.0.1 from generated pages, with
// the good pages and the broken ones a real site has. Used by the tests and by `xxgk-check demo`. No network.
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import iconv from 'iconv-lite';
import { CATEGORIES, CATEGORY_FOLDERS, FIXTURE_ITEMS, SECOND_ITEMS, UNIVERSITY, type FixtureItem } from './catalogue.js';
import {
  STYLE_CSS, annualReportsPage, blankPage, casLoginPage, pinnedListPage, undatedListPage, categoryPage, challengePage, emptyListPage, genericArticlePage, homePage,
  daysBefore, layout, maskedListPage, notFoundPage, offTopicPage, pdfBytes, placeholderPage, serverErrorPage, soft404Page,
  vsbArticlePage, vsbDownloadPath, vsbListPage, webplusArticlePage, escapeHtml, shortTitle,
} from './pages.js';
import { FIXTURE_TLS_CERT, FIXTURE_TLS_KEY } from './tls.js';
import { demoPeople, leakingListXlsx, maskedListXlsx, wordDocument, workbook } from './documents.js';

export { FIXTURE_ITEMS, EXPECTED_CODES, GOOD_KINDS, demoChecklistYaml, DNS_FAILURE_URL, SECOND_ITEMS, SECOND_UNIVERSITY, secondChecklistYaml } from './catalogue.js';
export type { FixtureItem, PageKind } from './catalogue.js';

/** Delay of the slow page by default (ms): just over the 1 s `--slow` the demo uses. */
export const FIXTURE_SLOW_MS = 1500;
/** Size of the oversized page (bytes): over the fetch stage's default 10 MiB cap. */
export const BIG_PAGE_BYTES = 10 * 1024 * 1024 + 256 * 1024;

/** One response of the fixture site. */
export interface FixturePage {
  /** Default 200 (302 when `redirect` is set). */
  status?: number;
  /** Location of a redirect: a path of the site, or an absolute URL. */
  redirect?: string;
  headers?: Record<string, string>;
  /** Default `text/html` with no charset, as 博达 VSB sends it. */
  contentType?: string;
  body?: string | Buffer;
  /** Encode a string body in GBK instead of UTF-8. */
  gbk?: boolean;
  /** Wait this long before answering (ms). */
  delayMs?: number;
  /** Never answer (until the site closes). */
  hang?: boolean;
  /** Destroy the connection without an answer. */
  reset?: boolean;
  /** Stream this many bytes of HTML (for pages too big to keep). */
  streamBytes?: number;
  /** HTML at the start of a streamed page's body (e.g. its publication date). */
  streamHead?: string;
}

export interface FixtureSite {
  /** http://127.0.0.1:PORT/ */
  url: string;
  /** Another host serving the university's partner sites: http://localhost:PORT2/ */
  offSiteUrl: string;
  /** The self-signed HTTPS origin: https://127.0.0.1:PORT3/ */
  tlsUrl: string;
  /** Requests received for a path (with its query when it has one, e.g. "/a.htm" or "/x.jsp?id=1"). */
  requests(path: string): number;
  close(): Promise<void>;
  /** Replace/break/fix a page at run time; `null` makes it a 404. */
  setPage(path: string, page: FixturePage | null): void;
}

type PageSource = FixturePage | ((count: number) => FixturePage);

function html(body: string, extra: Partial<FixturePage> = {}): FixturePage {
  return { body, ...extra };
}

/** The Office files of the site, made once when it starts. */
interface FixtureDocuments {
  /** An ordinary workbook (a list of documents: no personal data). */
  xlsx: Buffer;
  /** The leaking list of 拟录取研究生名单 (synthetic full ID and mobile numbers). */
  leakingXlsx: Buffer;
  /** The same kind of list, masked. */
  maskedXlsx: Buffer;
}

async function makeDocuments(now: Date): Promise<FixtureDocuments> {
  const year = now.getUTCFullYear();
  return {
    xlsx: await workbook({ 一览表: [['序号', '文件名称', '发文字号', '发布日期'], [1, `${UNIVERSITY}章程`, `${UNIVERSITY.slice(0, 2)}校发〔${year}〕7号`, `${year}-03-01`], [2, '信息公开实施办法', `校办〔${year}〕12号`, `${year}-03-15`]] }),
    leakingXlsx: await leakingListXlsx(now),
    maskedXlsx: await maskedListXlsx(now),
  };
}

/** The pages of the main site, by path (with query for CMS download links). */
function buildPages(now: Date, offSiteUrl: string, tlsUrl: string, slowMs: number, documents: FixtureDocuments): Map<string, PageSource> {
  const pages = new Map<string, PageSource>();
  pages.set('/', { redirect: '/index.htm' });
  pages.set('/index.htm', html(homePage(now)));
  pages.set('/style.css', { body: STYLE_CSS, contentType: 'text/css' });
  pages.set('/system/resource/js/counter.js', { body: 'function _jsq_(){}function _showDynClicks(){}', contentType: 'application/javascript' });
  for (const category of CATEGORIES) pages.set(`/${CATEGORY_FOLDERS[category]}.htm`, html(categoryPage(category, now)));

  const addAttachmentFiles = (item: FixtureItem): void => {
    const name = shortTitle(item);
    pages.set(`/_upload/article/files/${item.no}/${name}.pdf`, { body: pdfBytes(`${item.no}`), contentType: 'application/pdf' });
    pages.set(`/_upload/article/files/${item.no}/${name}一览表.xlsx`, {
      body: item.kind === 'personal-data' ? documents.leakingXlsx : item.kind === 'masked-list' ? documents.maskedXlsx : documents.xlsx,
      contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    });
    pages.set(`/_upload/article/files/${item.no}/${name}.docx`, {
      body: wordDocument([`${UNIVERSITY}${name}`, '本文件为信息公开演示网站的示例文件。']),
      contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    });
    pages.set(vsbDownloadPath(1852176512, 9000 + item.no), {
      body: pdfBytes(`${item.no}`),
      contentType: 'application/octet-stream',
      headers: { 'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(`${name}实施细则.pdf`)}` },
    });
  };

  // The second institution's blank columns (its good columns are pages of the first).
  for (const item of SECOND_ITEMS) if (item.kind === 'placeholder') pages.set(item.path!, html(placeholderPage(item)));

  for (const item of FIXTURE_ITEMS) {
    if (item.path === undefined) continue;
    addAttachmentFiles(item);
    const path = item.path;
    switch (item.kind) {
      case 'vsb-list':
      case 'personal-data':
        pages.set(path, html(vsbListPage(item, now)));
        break;
      case 'masked-list':
        pages.set(path, html(maskedListPage(item, now, demoPeople(24, now))));
        break;
      case 'webplus-article':
        pages.set(path, html(webplusArticlePage(item, now)));
        break;
      case 'vsb-article':
        pages.set(path, html(vsbArticlePage(item, now)));
        break;
      case 'gbk':
        pages.set(path, { body: vsbListPage(item, now).replace('charset=utf-8', 'charset=gbk'), gbk: true });
        break;
      case 'pdf':
        pages.set(path, { body: pdfBytes('budget'), contentType: 'application/pdf' });
        break;
      case 'many-attachments': {
        const links: string[] = [];
        for (let i = 1; i <= 55; i++) {
          const file = `/_upload/article/files/${item.no}/zb${i}.pdf`;
          pages.set(file, { body: pdfBytes(`tender ${i}`), contentType: 'application/pdf' });
          links.push(`<li id="line_u9_${i}"><a href="${file}">第${i}号招标公告附件.pdf</a><span>${new Date(now.getTime() - i * 5 * 86_400_000).toISOString().slice(0, 10)}</span></li>`);
        }
        const body = `<div class="list"><h2>${escapeHtml(item.title)}</h2><p>以下为${UNIVERSITY}物资设备采购和基建工程招投标公告附件。</p><ul class="news_list">${links.join('\n')}</ul></div>`;
        pages.set(path, html(layout({ title: '招投标', category: item.category, column: '招投标', body })));
        break;
      }
      case 'slow':
        pages.set(path, html(vsbListPage(item, now), { delayMs: slowMs }));
        break;
      case 'flaky':
        // Every other request fails with 503 + Retry-After: the checker's first attempt fails, its retry succeeds.
        pages.set(path, (count) =>
          count % 2 === 1
            ? { status: 503, headers: { 'retry-after': '1' }, body: '<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>' }
            : html(vsbListPage(item, now)),
        );
        break;
      case 'external-ok':
        pages.set(path, { redirect: new URL('/lqcx/index.htm', offSiteUrl).href });
        break;
      case 'off-site':
        pages.set(path, { redirect: new URL('/yjs/zsjz.htm', offSiteUrl).href });
        break;
      case 'blank':
        pages.set(path, html(blankPage(item)));
        break;
      case 'placeholder':
        pages.set(path, html(placeholderPage(item)));
        break;
      case 'empty-list':
        pages.set(path, html(emptyListPage(item)));
        break;
      case 'soft-404':
        pages.set(path, html(soft404Page()));
        break;
      case 'login':
        pages.set(path, { redirect: '/system/resource/code/auth/caslogin.jsp?data_r=aW5mby8xMDEyLzMwMTIuaHRt' });
        pages.set('/system/resource/code/auth/caslogin.jsp?data_r=aW5mby8xMDEyLzMwMTIuaHRt', {
          redirect: '/authserver/login?service=%2Finfo%2F1012%2F3012.htm',
        });
        pages.set('/authserver/login?service=%2Finfo%2F1012%2F3012.htm', html(casLoginPage()));
        break;
      case 'home':
        pages.set(path, { status: 302, redirect: '/index.htm' });
        break;
      case 'stale':
        pages.set(path, html(vsbListPage(item, now, { ages: [1460, 1830, 2200, 2560] })));
        break;
      case 'pinned-list':
        pages.set(path, html(pinnedListPage(item, now)));
        break;
      case 'no-dates':
        pages.set(path, html(undatedListPage(item)));
        break;
      case 'stale-soon':
        // Newest entry 345 days old: its yearly deadline is 20 days away.
        pages.set(path, html(vsbListPage(item, now, { ages: [345, 520, 700] })));
        break;
      case 'annual-missing':
        pages.set(path, html(annualReportsPage(item, now, item.due)));
        break;
      case 'off-topic':
        pages.set(path, html(offTopicPage(item, now)));
        break;
      case 'broken-attachment': {
        const missing = `/_upload/article/files/${item.no}/2024年决算说明.pdf`;
        const htmlServed = `/_upload/article/files/${item.no}/决算报表.docx`;
        pages.set(htmlServed, html(soft404Page()));
        const extra = `<li>附件【<a href="${missing}">2024年决算说明.pdf</a>】</li>\n<li>附件【<a href="${htmlServed}">决算报表.docx</a>】</li>`;
        pages.set(path, html(vsbArticlePage(item, now, extra)));
        break;
      }
      case 'challenge':
        pages.set(path, { status: 412, body: challengePage(), headers: { 'set-cookie': 'FSSBBIl1UgzbN7N80S=demo; Path=/' } });
        break;
      case 'challenge-202':
        pages.set(path, { status: 202, body: challengePage() });
        break;
      case 'not-found':
        break; // the default 404
      case 'server-error':
        pages.set(path, { status: 500, body: serverErrorPage() });
        break;
      case 'loop':
        pages.set(path, { redirect: path });
        break;
      case 'bad-redirect':
        pages.set(path, { redirect: 'javascript:location.href="/qt/xsfk_new.htm"' });
        break;
      case 'reset':
        pages.set(path, { reset: true });
        break;
      case 'tls':
        pages.set(path, { redirect: new URL(path, tlsUrl).href });
        break;
      case 'hang':
        pages.set(path, { hang: true });
        break;
      default:
        break;
    }
    for (const more of item.morePaths ?? []) {
      pages.set(more, { streamBytes: BIG_PAGE_BYTES, streamHead: `<p class="arti_metas">发布时间：${daysBefore(now, 30)}</p>` });
    }
  }
  return pages;
}

/** Pages of the other host (the university's partner / graduate-school sites). */
function offSitePage(path: string, now: Date): FixturePage | undefined {
  const item9 = FIXTURE_ITEMS.find((i) => i.no === 9)!;
  const item11 = FIXTURE_ITEMS.find((i) => i.no === 11)!;
  if (path === '/lqcx/index.htm') return html(vsbListPage(item9, now, { column: '录取查询' }));
  if (path === '/yjs/zsjz.htm') return html(vsbListPage(item11, now, { column: '研究生招生简章' }));
  return undefined;
}

function requestKey(rawUrl: string): { path: string; withQuery: string } {
  const url = new URL(rawUrl, 'http://fixture.invalid');
  let path = url.pathname;
  try {
    path = decodeURIComponent(path);
  } catch {
    // keep it encoded
  }
  return { path, withQuery: url.search ? `${path}${url.search}` : path };
}

function sendPage(req: http.IncomingMessage, res: http.ServerResponse, page: FixturePage, pending: Set<NodeJS.Timeout>): void {
  const respond = (): void => {
    if (page.reset) {
      req.socket.destroy();
      return;
    }
    if (page.hang) return; // the socket stays open until close()
    const headers: Record<string, string> = { server: 'VSB-Fixture/1.0', ...page.headers };
    if (page.redirect !== undefined) {
      res.writeHead(page.status ?? 302, { ...headers, location: page.redirect });
      res.end();
      return;
    }
    const contentType = page.contentType ?? 'text/html';
    if (page.streamBytes !== undefined) {
      res.writeHead(page.status ?? 200, { ...headers, 'content-type': contentType, 'content-length': String(page.streamBytes) });
      if (req.method === 'HEAD') {
        res.end();
        return;
      }
      const chunk = Buffer.from(`<p>${'毕业生就业指导服务与政策措施说明。'.repeat(400)}</p>\n`, 'utf8');
      const head = Buffer.from(`<!DOCTYPE html><html><head><title>就业政策汇编</title></head><body>${page.streamHead ?? ''}`, 'utf8');
      let left = page.streamBytes - head.length;
      res.write(head);
      const pump = (): void => {
        while (left > 0) {
          const piece = left >= chunk.length ? chunk : chunk.subarray(0, left);
          left -= piece.length;
          if (!res.write(piece)) {
            res.once('drain', pump);
            return;
          }
        }
        res.end();
      };
      pump();
      return;
    }
    const body = typeof page.body === 'string' ? (page.gbk ? iconv.encode(page.body, 'gbk') : Buffer.from(page.body, 'utf8')) : (page.body ?? Buffer.alloc(0));
    res.writeHead(page.status ?? 200, { ...headers, 'content-type': contentType, 'content-length': String(body.length) });
    res.end(req.method === 'HEAD' ? undefined : body);
  };
  if (page.delayMs) {
    const timer = setTimeout(() => {
      pending.delete(timer);
      respond();
    }, page.delayMs);
    pending.add(timer);
  } else respond();
}

function listen(server: http.Server | https.Server, host: string, port = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** Start the fixture site on 127.0.0.1 (and its off-site and HTTPS origins). */
export async function startFixtureSite(options: { port?: number; slowMs?: number; now?: Date } = {}): Promise<FixtureSite> {
  const now = options.now ?? new Date();
  const counts = new Map<string, number>();
  const sockets = new Set<Socket>();
  const pending = new Set<NodeJS.Timeout>();
  let pages = new Map<string, PageSource>();
  const overrides = new Map<string, FixturePage | null>();

  const count = (key: string): number => {
    const n = (counts.get(key) ?? 0) + 1;
    counts.set(key, n);
    return n;
  };

  const mainHandler = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const { path, withQuery } = requestKey(req.url ?? '/');
    const n = count(withQuery);
    if (withQuery !== path) count(path);
    let page: FixturePage | null | undefined;
    if (overrides.has(withQuery)) page = overrides.get(withQuery);
    else if (overrides.has(path)) page = overrides.get(path);
    else {
      const source = pages.get(withQuery) ?? pages.get(path);
      page = typeof source === 'function' ? source(n) : source;
      if (page === undefined) {
        const article = /^\/info\/(\d{4})\/(\d{4})\.htm$/.exec(path);
        if (article) page = html(genericArticlePage(Number(article[1]), Number(article[2]), now));
      }
    }
    sendPage(req, res, page ?? { status: 404, body: notFoundPage() }, pending);
  };

  const main = http.createServer(mainHandler);
  const offSite = http.createServer((req, res) => {
    const { path } = requestKey(req.url ?? '/');
    count(`offsite:${path}`);
    // The partner sites share the university's file store (/_upload/…).
    const shared = path.startsWith('/_upload/') ? pages.get(path) : undefined;
    const page = offSitePage(path, now) ?? (typeof shared === 'function' ? shared(1) : shared);
    sendPage(req, res, page ?? { status: 404, body: notFoundPage() }, pending);
  });
  const offSite6 = http.createServer(offSite.listeners('request')[0] as http.RequestListener);
  const secure = https.createServer({ cert: FIXTURE_TLS_CERT, key: FIXTURE_TLS_KEY }, (req, res) => {
    sendPage(req, res, html(layout({ title: '中外合作办学', category: '对外交流与合作信息', column: '中外合作办学', body: '<p>中外合作办学情况</p>' })), pending);
  });
  for (const server of [main, offSite, offSite6, secure]) {
    server.on('connection', (socket: Socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    // TLS handshakes that the client aborts (a self-signed certificate) are expected, not errors to report.
    server.on('clientError', (_err, socket: Socket) => socket.destroy());
  }

  const port = await listen(main, '127.0.0.1', options.port ?? 0);
  const offPort = await listen(offSite, '127.0.0.1');
  // `localhost` may resolve to ::1 first; answer there too when the machine has IPv6 loopback.
  let offSite6Listening = true;
  await listen(offSite6, '::1', offPort).catch(() => {
    offSite6Listening = false;
  });
  const tlsPort = await listen(secure, '127.0.0.1');
  const url = `http://127.0.0.1:${port}/`;
  const offSiteUrl = `http://localhost:${offPort}/`;
  const tlsUrl = `https://127.0.0.1:${tlsPort}/`;
  pages = buildPages(now, offSiteUrl, tlsUrl, options.slowMs ?? FIXTURE_SLOW_MS, await makeDocuments(now));

  const close = async (): Promise<void> => {
    for (const timer of pending) clearTimeout(timer);
    pending.clear();
    for (const socket of sockets) socket.destroy();
    const servers = offSite6Listening ? [main, offSite, offSite6, secure] : [main, offSite, secure];
    await Promise.all(servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
  };

  // The off-site host must really be reachable by its name, or OFF_SITE_REDIRECT tests would test nothing.
  const reachable = await new Promise<boolean>((resolve) => {
    const req = http.get(new URL('/lqcx/index.htm', offSiteUrl), (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.setTimeout(5000, () => req.destroy());
  });
  if (!reachable) {
    await close();
    throw new Error(`fixture site: the off-site host ${offSiteUrl} does not answer (is "localhost" resolvable?)`);
  }
  counts.delete('offsite:/lqcx/index.htm');

  return {
    url,
    offSiteUrl,
    tlsUrl,
    requests: (path: string) => counts.get(path) ?? 0,
    close,
    setPage: (path: string, page: FixturePage | null) => {
      overrides.set(path, page);
    },
  };
}

/** The page of an item on a running fixture site. */
export function itemUrl(site: FixtureSite, item: FixtureItem): string | undefined {
  return item.path === undefined ? undefined : new URL(item.path.slice(1), site.url).href;
}
