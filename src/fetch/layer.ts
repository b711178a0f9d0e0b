// The one shape of every fetch layer: a function from a request to an outcome. Each layer wraps the next and is
// composed in index.ts, outermost first, like muffet's checked(redirect(retry(throttled(client)))):
//   redirecting → retrying → throttled (scheduler) → started → observed → [certificateFallback →] attempting.
import type { RedirectHop, RetryWait } from '../types.js';
import type { AttemptOutcome } from './attempt.js';

/** What one fetch learns on its way down the layers, shared by all its hops and attempts; its result is built from it. */
export interface FetchTrace {
  /** The URL as requested (events name it). */
  readonly url: string;
  /** The URL of the last request made (the redirect layer keeps it). */
  finalUrl: string;
  /** Redirect hops followed (the redirect layer adds them). */
  redirects: RedirectHop[];
  /** Attempts made over all hops (the retry layer counts them). */
  attempts: number;
  /** Waits before each retry (the retry layer adds them). */
  retryWaits: RetryWait[];
  /** performance.now() when the first attempt got its slots; undefined until then. */
  firstStart: number | undefined;
  /**
   * Date.now() at that moment (the wall-clock time the page's first request started); undefined until then. Not
   * derived from performance.timeOrigin + firstStart: that clock does not follow the system's adjustments, and a
   * week of `watch` records these times.
   */
  firstStartAt: number | undefined;
  /** Certificate problems fetched through because of --insecure, each once; undefined while there is none. */
  tlsInsecure: string[] | undefined;
}

/** One request as it travels down the layers. The redirect layer makes one per hop; the others pass it on. */
export interface LayerRequest {
  url: URL;
  method: 'GET' | 'HEAD';
  /** Decoded body bytes kept at most. */
  maxBytes: number;
  /** Aborts the attempt on the wire (Ctrl-C). */
  signal: AbortSignal | undefined;
  /** No new attempt, hop or retry once this aborts (see FetchRequest.stop). */
  stop: AbortSignal | undefined;
  /** Which attempt of this hop this is: 0 the first, 1 the first retry… (the retry layer sets it). */
  retry: number;
  trace: FetchTrace;
}

/** A fetch layer. Never rejects on a network problem: failures are outcomes. */
export type Fetch = (request: LayerRequest) => Promise<AttemptOutcome>;

/** A fresh trace for fetching `url`. */
export function newTrace(url: string): FetchTrace {
  return { url, finalUrl: url, redirects: [], attempts: 0, retryWaits: [], firstStart: undefined, firstStartAt: undefined, tlsInsecure: undefined };
}
