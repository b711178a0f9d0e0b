// The load site's server process: H HTTP origins on 127.0.0.1, every response delayed by L ms.
// Started by bench/run.ts with child_process.fork (its own process, so its CPU is not the checker's), it
// talks over IPC: it sends { type: 'ready', ports } once listening, answers { type: 'stats' } with the
// requests each origin served since the last { type: 'reset' }, and stops itself when the parent goes away,
// after `idleExitMs` without a request or a message, or after `maxLifeMs` whatever happens.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  ATTACHMENT_PDF,
  originOf,
  pageIndexOfAttachment,
  pageIndexOfPath,
  pageHasAttachment,
  pageStatus,
  renderNotFound,
  renderPage,
  renderServerError,
  type SiteParams,
} from './site.js';

export interface ServerConfig extends SiteParams {
  idleExitMs: number;
  maxLifeMs: number;
}

/** Requests served, by origin and by kind, since the last reset. */
export interface ServerStats {
  perOrigin: number[];
  pages: number;
  attachments: number;
  /** robots.txt, favicon, links found on pages… anything that is not an item page or an attachment. */
  other: number;
  /** Responses by status. */
  byStatus: Record<string, number>;
}

export type ServerMessage =
  | { type: 'ready'; ports: number[] }
  | { type: 'stats'; stats: ServerStats };

export type ParentMessage = { type: 'stats' } | { type: 'reset' };

function emptyStats(origins: number): ServerStats {
  return { perOrigin: new Array<number>(origins).fill(0), pages: 0, attachments: 0, other: 0, byStatus: {} };
}

/** Start the origins; resolves to their ports. Exported for tests, which run it in-process. */
export async function startSite(config: SiteParams): Promise<{
  ports: number[];
  stats: () => ServerStats;
  reset: () => void;
  lastActivity: () => number;
  close: () => Promise<void>;
}> {
  let stats = emptyStats(config.origins);
  let last = Date.now();
  const notFound = Buffer.from(renderNotFound());
  const serverError = Buffer.from(renderServerError());
  const servers: http.Server[] = [];

  const handler = (origin: number) => (req: http.IncomingMessage, res: http.ServerResponse) => {
    last = Date.now();
    const path = (req.url ?? '/').split('?')[0]!;
    setTimeout(() => {
      let status = 404;
      let body = notFound;
      let type = 'text/html';
      const page = pageIndexOfPath(path);
      const attachment = pageIndexOfAttachment(path);
      if (page !== undefined && page < config.pages && originOf(page, config.origins) === origin) {
        stats.pages++;
        status = pageStatus(page, config.pages);
        body = status === 200 ? Buffer.from(renderPage(page, config)) : status === 500 ? serverError : notFound;
      } else if (attachment !== undefined && attachment < config.pages && pageHasAttachment(attachment, config.pages)) {
        stats.attachments++;
        status = 200;
        body = ATTACHMENT_PDF;
        type = 'application/pdf';
      } else {
        stats.other++;
      }
      stats.perOrigin[origin]!++;
      stats.byStatus[status] = (stats.byStatus[status] ?? 0) + 1;
      // Like a VSB site: text/html without a charset (the page's <meta> gives it).
      res.writeHead(status, {
        'Content-Type': type,
        'Content-Length': body.length,
        Server: 'VWebServer',
        // LinkChecker waits 0.1–0.6 s between two requests to one host unless the host sends this header (its
        // documented opt-in for site owners); without it LinkChecker could not use the concurrency it is given.
        LinkChecker: 'allow',
      });
      res.end(body);
      last = Date.now();
    }, config.latencyMs);
  };

  for (let o = 0; o < config.origins; o++) {
    const server = http.createServer({ keepAliveTimeout: 30_000 }, handler(o));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    servers.push(server);
  }
  return {
    ports: servers.map((s) => (s.address() as AddressInfo).port),
    stats: () => stats,
    reset: () => {
      stats = emptyStats(config.origins);
      last = Date.now();
    },
    lastActivity: () => last,
    close: async () => {
      await Promise.all(
        servers.map(
          (s) =>
            new Promise<void>((resolve) => {
              s.closeAllConnections();
              s.close(() => resolve());
            }),
        ),
      );
    },
  };
}

async function childMain(): Promise<void> {
  const config = JSON.parse(process.argv[2] ?? '{}') as ServerConfig;
  const site = await startSite(config);
  const send = (message: ServerMessage): void => {
    process.send?.(message);
  };
  process.on('message', (message: ParentMessage) => {
    if (message.type === 'reset') site.reset();
    else if (message.type === 'stats') send({ type: 'stats', stats: site.stats() });
  });
  const stop = (): void => {
    void site.close().finally(() => process.exit(0));
  };
  process.on('disconnect', stop);
  const bornAt = Date.now();
  const watchdog = setInterval(() => {
    if (Date.now() - site.lastActivity() > config.idleExitMs || Date.now() - bornAt > config.maxLifeMs) {
      clearInterval(watchdog);
      process.stderr.write('load site: idle or too old, stopping\n');
      stop();
    }
  }, 1_000);
  send({ type: 'ready', ports: site.ports });
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'))) {
  await childMain();
}
