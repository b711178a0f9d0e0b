// The contract of the fetch stage: a Fetcher turns a URL into a FetchResult, politely, and never throws.
import type { Dispatcher } from 'undici';
import type { FetchResult } from '../types.js';

export interface FetchOptions {
  /** Requests in flight over all hosts (default 16). */
  concurrency: number;
  /** Requests in flight to one origin (default 4). */
  perHost: number;
  /** Minimum gap between the starts of two requests to one origin, in ms (default 0). */
  delayMs: number;
  /** Bound on one attempt, from connect to the last body byte, in ms (default 15000). */
  timeoutMs: number;
  /** Retries after the first attempt on connection errors, timeouts, 5xx and 429 (default 2). */
  retries: number;
  /** Longest wait a Retry-After header may ask for, in ms (default 60000); longer asks are cut to this. */
  retryAfterCapMs: number;
  /** Base of the exponential backoff, in ms (default 500); tests set it low. */
  backoffBaseMs: number;
  /** Body bytes read at most, counted after Content-Encoding is removed (default 10 MiB). */
  maxBytes: number;
  /** Redirect hops followed at most (default 10). */
  maxRedirects: number;
  /** Fetch through certificate errors, reporting them as TLS_INSECURE warnings. */
  insecure: boolean;
  userAgent: string;
  /**
   * The undici dispatcher to send requests through. Default: an EnvHttpProxyAgent (honours HTTP_PROXY,
   * HTTPS_PROXY, NO_PROXY) with keep-alive. Tests pass a MockAgent or an Agent with test CAs.
   */
  dispatcher?: Dispatcher;
  /** Extra CA certificates to trust (PEM), e.g. a test CA. */
  ca?: string | string[];
}

export interface FetchRequest {
  url: string;
  /** GET (default) reads the body; HEAD is used for attachment checks. */
  method?: 'GET' | 'HEAD';
  /** Read at most this many body bytes (default: options.maxBytes). Attachment GET fallbacks read a few KiB. */
  maxBytes?: number;
  /** Abort: stop waiting, classify as interrupted (used on SIGINT). */
  signal?: AbortSignal;
  /**
   * Stop: no new attempt, redirect hop or retry once this aborts; a request that has not started resolves as
   * interrupted at once, while an attempt already on the wire may finish (bounded by `signal` and the timeout).
   * Ctrl-C aborts this first and `signal` a little later, so pages in flight are not thrown away.
   */
  stop?: AbortSignal;
}

/** Observers of the fetch stage (progress bar, logs). */
export interface FetchEvents {
  onStart?(url: string, host: string): void;
  onRetry?(url: string, attempt: number, waitMs: number, reason: string): void;
  onDone?(result: FetchResult): void;
}

export interface Fetcher {
  /** Fetch one URL through the scheduler (overall and per-host limits, delay), retries and redirects. */
  fetch(request: FetchRequest): Promise<FetchResult>;
  /** Close connections. */
  close(): Promise<void>;
}
