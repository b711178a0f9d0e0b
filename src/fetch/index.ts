// The fetch stage: a polite, retrying, redirect-recording HTTP client that turns a URL into a FetchResult — facts
// only, no findings — and never rejects. Layers of one shape (layer.ts), outermost first:
//   redirecting (one hop at a time) → retrying (a backoff holds no slot) → throttled (origin slot, then overall
//   slot) → started (gives up if stopped meanwhile) → observed (tells listeners of each attempt: host, time, outcome)
//   → [certificateFallback (--insecure) →] attempting (one request: body read and capped, outcome classified).
import { setMaxListeners } from 'node:events';
import { performance } from 'node:perf_hooks';
import pLimit, { type LimitFunction } from 'p-limit';
import type { Dispatcher } from 'undici';
import type { FetchFailed, FetchFailure, FetchResponse, FetchResult } from '../types.js';
import { attempting, certificateFallback, started, type AttemptOutcome } from './attempt.js';
import { INTERRUPTED, isInterruption } from './classify.js';
import { charsetParam, decodeText, isTextType, looksLikeHtml, mediaType } from './decode.js';
import { createDispatcher } from './dispatcher.js';
import { newTrace, type Fetch, type FetchTrace, type LayerRequest } from './layer.js';
import { attemptObservers } from './observe.js';
import { redirecting } from './redirect.js';
import { retrying } from './retry.js';
import { createScheduler, throttled } from './scheduler.js';
import { whenAborted } from './abort.js';
import type { FetchEvents, FetchOptions, FetchRequest, Fetcher } from './types.js';
import { errorMessage } from '../errors.js';

export type { FetchEvents, FetchOptions, Fetcher } from './types.js';
export { wouldRetry } from './classify.js';

export { DEFAULT_FETCH_OPTIONS } from './defaults.js';

export function createFetcher(options: FetchOptions, events: FetchEvents = {}): Fetcher {
  const owned = options.dispatcher === undefined;
  const { timeoutMs, ca } = options;
  const headers = requestHeaders(options.userAgent);
  const verified: Dispatcher = options.dispatcher ?? createDispatcher({ verify: true, timeoutMs, ca });
  /** The unverified dispatcher for --insecure, made on the first certificate error. */
  let unverified: Dispatcher | undefined;
  const client = attempting({ dispatcher: verified, timeoutMs, headers });
  const unverifiedClient = (): Fetch =>
    attempting({ dispatcher: (unverified = createDispatcher({ verify: false, timeoutMs, ca })), timeoutMs, headers });
  const observers = attemptObservers();
  const fetchHops = redirecting(
    retrying(
      throttled(
        started(observers.layer(options.insecure && owned ? certificateFallback(client, unverifiedClient) : client), events.onStart),
        createScheduler(options),
      ),
      options,
      events,
    ),
    options.maxRedirects,
  );
  const admit = admission(options.perHost);
  /** Signals already told that many fetches may listen to them. */
  const sharedSignals = new WeakSet<AbortSignal>();

  return {
    fetch(request: FetchRequest): Promise<FetchResult> {
      for (const shared of [request.signal, request.stop]) {
        if (shared !== undefined && !sharedSignals.has(shared)) {
          // One Ctrl-C signal is shared by every fetch of a run: many listeners are expected, not a leak.
          setMaxListeners(0, shared);
          sharedSignals.add(shared);
        }
      }
      const trace = newTrace(request.url);
      const start = startUrl(request.url);
      let work: Promise<FetchResult>;
      if (start instanceof URL) {
        const first: LayerRequest = {
          url: start,
          method: request.method ?? 'GET',
          maxBytes: request.maxBytes ?? options.maxBytes,
          signal: request.signal,
          stop: request.stop,
          retry: 0,
          trace,
        };
        work = admit(start.origin)(async () => resultOf(trace, await fetchHops(first), first.maxBytes)).catch((err: unknown) =>
          // Nothing above should throw; if it does, the URL still gets a classified answer.
          failedResult(request.url, { code: 'CONNECTION_ERROR', params: { reason: errorMessage(err) } }),
        );
      } else {
        work = Promise.resolve(failedResult(request.url, start));
      }
      return settleOnAbort(work, request, trace).then((result) => {
        events.onDone?.(result);
        return result;
      });
    },
    observe: observers.observe,
    async close(): Promise<void> {
      if (!owned) return;
      await Promise.all([verified.close(), unverified?.close()]);
    },
  };
}

/** Whether a result was cut short by the caller's abort or stop (no answer from the site at all). */
export function isInterrupted(result: FetchResult): boolean {
  return result.kind === 'failure' && isInterruption(result.failure);
}

function requestHeaders(userAgent: string): Readonly<Record<string, string>> {
  return {
    'user-agent': userAgent,
    accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
    'accept-encoding': 'gzip, deflate, br',
    'accept-language': 'zh-CN,zh;q=0.9,en;q=0.5',
  };
}

/** The URL to start from, or why it cannot be requested. */
function startUrl(url: string): URL | FetchFailure {
  let start: URL;
  try {
    start = new URL(url);
  } catch {
    return { code: 'CONNECTION_ERROR', params: { reason: 'invalid URL' } };
  }
  if (start.protocol !== 'http:' && start.protocol !== 'https:') {
    return { code: 'CONNECTION_ERROR', params: { reason: `unsupported scheme ${start.protocol}` } };
  }
  return start;
}

/**
 * Admission per requested origin: at most 2 × perHost fetches of one origin hold their state (URL, redirect and retry
 * bookkeeping); the rest wait as one small closure each, so queuing many thousands of URLs costs little memory. Per
 * origin, so a long queue for one host never delays another.
 */
function admission(perHost: number): (origin: string) => LimitFunction {
  const admissions = new Map<string, LimitFunction>();
  const limit = Math.max(1, perHost) * 2;
  return (origin) => {
    let admit = admissions.get(origin);
    if (admit === undefined) {
      admit = pLimit(limit);
      admissions.set(origin, admit);
    }
    return admit;
  };
}

/**
 * `work`, or an interrupted result as soon as the request's signal aborts — or its stop does while the fetch has not
 * reached the wire (one in flight may finish, so pages on the wire are not thrown away).
 */
function settleOnAbort(work: Promise<FetchResult>, request: FetchRequest, trace: FetchTrace): Promise<FetchResult> {
  const { signal, stop } = request;
  if (signal === undefined && stop === undefined) return work;
  return new Promise<FetchResult>((resolve) => {
    const onAbort = (): void => resolve(failedResult(request.url, INTERRUPTED));
    const onStop = (): void => {
      if (trace.firstStart === undefined) onAbort();
    };
    // The run's signals are shared by every URL: wait on them at O(1) (see abort.ts).
    const cancelAbort = signal === undefined ? undefined : whenAborted(signal, onAbort);
    const cancelStop = stop === undefined ? undefined : whenAborted(stop, onStop);
    void work.then((result) => {
      cancelAbort?.();
      cancelStop?.();
      resolve(result);
    });
  });
}

/** A result with no attempt made at all. */
function failedResult(url: string, failure: FetchFailure): FetchFailed {
  return { kind: 'failure', url, finalUrl: url, redirects: [], elapsedMs: 0, attempts: 0, retryWaits: [], failure, retryable: false };
}

/** The result of a fetch from its trace and the outcome that ended it. */
function resultOf(trace: FetchTrace, outcome: AttemptOutcome, maxBytes: number): FetchResult {
  const elapsedMs = trace.firstStart === undefined ? 0 : Math.round(performance.now() - trace.firstStart);
  const { url, finalUrl, redirects, attempts, retryWaits } = trace;
  let result: FetchResult;
  if (outcome.kind === 'failure') {
    const { failure, retryable } = outcome;
    result = { kind: 'failure', url, finalUrl, redirects, elapsedMs, attempts, retryWaits, failure, retryable };
  } else {
    const response: FetchResponse = {
      kind: 'response',
      url,
      finalUrl,
      redirects,
      elapsedMs,
      attempts,
      retryWaits,
      status: outcome.status,
      headers: outcome.headers,
      bytes: outcome.bytes,
      truncated: outcome.truncated,
      maxBytes,
    };
    const contentTypeHeader = outcome.headers['content-type'];
    const type = mediaType(contentTypeHeader);
    if (type !== undefined) response.contentType = type;
    const body = outcome.body;
    if (body !== undefined) {
      response.body = body;
      if (isTextType(type) || (type === undefined && looksLikeHtml(body))) {
        const decoded = decodeText(body, charsetParam(contentTypeHeader));
        response.text = decoded.text;
        response.charset = decoded.charset;
      }
    }
    result = response;
  }
  if (trace.firstStartAt !== undefined) result.startedAt = new Date(trace.firstStartAt).toISOString();
  if (trace.tlsInsecure !== undefined) result.tlsInsecure = trace.tlsInsecure;
  return result;
}
