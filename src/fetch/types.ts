// The contract of the fetch stage: a Fetcher turns a URL into a FetchResult, politely, and never throws.
import type { Dispatcher } from 'undici';
import type { AttemptFact, FetchResult } from '../types.js';
import type { RunFetchOptions } from '../options.js';

/**
 * The options of the fetch stage: those of a run it takes (concurrency, perHost, delayMs, timeoutMs, retries,
 * retryAfterCapMs, maxBytes, maxRedirects, insecure, userAgent: defined, with their defaults, in src/options.ts),
 * and a few that only code sets.
 */
export interface FetchOptions extends RunFetchOptions {
  /** Base of the exponential backoff, in ms (default 500); tests set it low. */
  backoffBaseMs: number;
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
  signal?: AbortSignal | undefined;
  /**
   * Stop: no new attempt, redirect hop or retry once this aborts; a request that has not started resolves as
   * interrupted at once, while an attempt already on the wire may finish (bounded by `signal` and the timeout).
   * Ctrl-C aborts this first and `signal` a little later, so pages in flight are not thrown away.
   */
  stop?: AbortSignal | undefined;
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
  /**
   * Listen to every attempt that reaches the network from now on (retries and redirect hops included; not the
   * fetches given up before they started); returns how to stop listening. Optional: a Fetcher made by hand (a test's)
   * may not tell.
   */
  observe?(listener: (attempt: AttemptFact) => void): () => void;
  /** Close connections. */
  close(): Promise<void>;
}
