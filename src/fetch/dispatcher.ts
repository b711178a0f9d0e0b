// The default undici dispatcher: keep-alive connection pools per origin, HTTP_PROXY / HTTPS_PROXY / NO_PROXY
// honoured, certificates verified unless told otherwise.
import type { Duplex } from 'node:stream';
import type { IncomingHttpHeaders } from 'node:http';
import { EnvHttpProxyAgent, type Dispatcher } from 'undici';

export interface DispatcherOptions {
  /** Verify server certificates (false only for the --insecure second try). */
  verify: boolean;
  timeoutMs: number;
  ca?: string | string[] | undefined;
}

export function createDispatcher(options: DispatcherOptions): Dispatcher {
  const tls = {
    rejectUnauthorized: options.verify,
    ...(options.ca !== undefined ? { ca: options.ca } : {}),
  };
  return new EnvHttpProxyAgent({
    // Direct connections use `connect`; tunnels through an HTTPS_PROXY use `requestTls` for the target.
    connect: { ...tls, timeout: options.timeoutMs },
    requestTls: tls,
    // http:// through a proxy as a classic forward request (absolute-form), not a CONNECT tunnel: many
    // proxies (squid's default) allow CONNECT only to port 443.
    proxyTunnel: false,
    headersTimeout: options.timeoutMs,
    bodyTimeout: options.timeoutMs,
    keepAliveTimeout: 10_000,
  }).compose(releasingRawHeaders);
}

/**
 * Empties undici's array of raw response headers once the response's headers are parsed.
 *
 * undici's HTTP/1 parser hands the raw headers over as views into the socket's read buffer, collected in an array it
 * made when the connection's previous response ended. On a keep-alive connection that array has usually waited long
 * enough for the next response to be in V8's old generation, and an object there keeps what it points to alive
 * through every minor collection, even once it is garbage itself: the views, and through them the whole read buffer
 * they look into (the headers and the first part of the page), stayed until the next full collection. In a crawl of
 * 20,000 pages these read buffers piled up to 16–26 MB between full collections and made most of the malloc memory
 * at the run's peak (heaptrack). Once the handlers below have the parsed headers (strings), nothing reads the array:
 * emptied, the read buffer dies young. (A `diagnostics_channel` subscriber of `undici:request:headers` that kept the
 * array would see it empty afterwards; xxgk-check has none.)
 */
const releasingRawHeaders: Dispatcher.DispatcherComposeInterceptor = (dispatch) => (options, handler) =>
  dispatch(options, new RawHeadersReleaser(handler));

class RawHeadersReleaser implements Dispatcher.DispatchHandler {
  constructor(private readonly handler: Dispatcher.DispatchHandler) {}

  onRequestStart(controller: Dispatcher.DispatchController, context: unknown): void {
    this.handler.onRequestStart?.(controller, context);
  }

  onRequestUpgrade(controller: Dispatcher.DispatchController, statusCode: number, headers: IncomingHttpHeaders, socket: Duplex): void {
    this.handler.onRequestUpgrade?.(controller, statusCode, headers, socket);
  }

  onResponseStart(controller: Dispatcher.DispatchController, statusCode: number, headers: IncomingHttpHeaders, statusMessage?: string): void {
    try {
      this.handler.onResponseStart?.(controller, statusCode, headers, statusMessage);
    } finally {
      if (Array.isArray(controller.rawHeaders)) controller.rawHeaders.length = 0;
    }
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.handler.onResponseData?.(controller, chunk);
  }

  onResponseEnd(controller: Dispatcher.DispatchController, trailers: IncomingHttpHeaders): void {
    this.handler.onResponseEnd?.(controller, trailers);
  }

  onResponseError(controller: Dispatcher.DispatchController, error: Error): void {
    this.handler.onResponseError?.(controller, error);
  }
}
