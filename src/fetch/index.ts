// The fetch stage: a polite, retrying, redirect-recording HTTP client that turns a URL into a FetchResult
// and never rejects. Layers, outermost first:
//   redirect (one hop at a time) → retry (backoff holds no slot) → scheduler (origin slot, then overall
//   slot) → attempt (one request: TLS fallback for --insecure, body read + decode, classification).
import { setMaxListeners } from 'node:events';
import { performance } from 'node:perf_hooks';
import pLimit, { type LimitFunction } from 'p-limit';
import type { Dispatcher } from 'undici';
import { finding } from '../findings.js';
import type { FetchFailure, FetchResult, Finding, FindingParams } from '../types.js';
import { DEFAULT_RUN_OPTIONS, fetchPart } from '../options.js';
import { attempt, type AttemptOutcome, type AttemptRequest } from './attempt.js';
import { charsetParam, decodeText, isTextType, looksLikeHtml, mediaType } from './decode.js';
import { createDispatcher } from './dispatcher.js';
import { followRedirects, type RedirectChain } from './redirect.js';
import { withRetries, type RetryLog } from './retry.js';
import { createScheduler } from './scheduler.js';
import { whenAborted } from './abort.js';
import type { FetchEvents, FetchOptions, FetchRequest, Fetcher } from './types.js';
import { errorMessage } from '../errors.js';

export type { FetchEvents, FetchOptions, FetchRequest, Fetcher } from './types.js';

/** The fetch options of a run with the CLI's defaults (src/options.ts), and the backoff base. */
export const DEFAULT_FETCH_OPTIONS: FetchOptions = { ...fetchPart(DEFAULT_RUN_OPTIONS), backoffBaseMs: 500 };

const INTERRUPTED: FetchFailure = { code: 'CONNECTION_ERROR', params: { reason: 'interrupted' } };

/** What one fetch learns on the way, besides the retry log. */
interface FetchTrace {
  url: string;
  /** performance.now() when the first attempt started; undefined until then. */
  firstStart?: number;
  /** Certificate problems fetched through because of --insecure. */
  insecureReasons: Set<string>;
}

export function createFetcher(options: FetchOptions, events: FetchEvents = {}): Fetcher {
  const owned = options.dispatcher === undefined;
  const verified: Dispatcher =
    options.dispatcher ?? createDispatcher({ verify: true, timeoutMs: options.timeoutMs, ca: options.ca });
  /** The unverified dispatcher for --insecure, made on the first certificate error. */
  let unverified: Dispatcher | undefined;
  /** Origins known to have a certificate problem → its reason (--insecure only). */
  const badCertificates = new Map<string, string>();
  const scheduler = createScheduler(options);
  /**
   * Admission per requested origin: at most 2 × perHost fetches of one origin hold their state (URL,
   * redirect and retry bookkeeping); the rest wait as one small closure each, so queuing many thousands of
   * URLs costs little memory. Per origin, so a long queue for one host never delays another.
   */
  const admissions = new Map<string, LimitFunction>();
  const admissionLimit = Math.max(1, options.perHost) * 2;
  const admit = (url: string): LimitFunction | undefined => {
    let origin: string;
    try {
      origin = new URL(url).origin;
    } catch {
      return undefined; // fetchOne classifies the bad URL at once
    }
    let limit = admissions.get(origin);
    if (limit === undefined) {
      limit = pLimit(admissionLimit);
      admissions.set(origin, limit);
    }
    return limit;
  };
  /** Signals already told that many fetches may listen to them. */
  const sharedSignals = new WeakSet<AbortSignal>();
  const headers: Readonly<Record<string, string>> = {
    'user-agent': options.userAgent,
    accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
    'accept-encoding': 'gzip, deflate, br',
    'accept-language': 'zh-CN,zh;q=0.9,en;q=0.5',
  };

  /**
   * One attempt, in its slots. With --insecure a certificate error costs one more handshake without
   * verification (healthy sites pay nothing); the origin is then remembered and goes unverified directly.
   */
  async function runAttempt(
    request: Omit<AttemptRequest, 'dispatcher'>,
    trace: FetchTrace,
    stop: AbortSignal | undefined,
  ): Promise<AttemptOutcome> {
    if (request.signal?.aborted || stop?.aborted) return { kind: 'failure', failure: INTERRUPTED, retryable: false };
    if (trace.firstStart === undefined) {
      trace.firstStart = performance.now();
      events.onStart?.(trace.url, request.url.host);
    }
    const origin = request.url.origin;
    const knownProblem = badCertificates.get(origin);
    if (knownProblem !== undefined && unverified !== undefined) {
      const outcome = await attempt({ ...request, dispatcher: unverified });
      if (outcome.kind === 'response') trace.insecureReasons.add(knownProblem);
      return outcome;
    }
    const outcome = await attempt({ ...request, dispatcher: verified });
    if (!(options.insecure && owned && outcome.kind === 'failure' && outcome.failure.code === 'TLS_ERROR')) return outcome;
    const reason = String(outcome.failure.params.reason);
    badCertificates.set(origin, reason);
    unverified ??= createDispatcher({ verify: false, timeoutMs: options.timeoutMs, ca: options.ca });
    const second = await attempt({ ...request, dispatcher: unverified });
    if (second.kind === 'response') trace.insecureReasons.add(reason);
    return second;
  }

  async function fetchOne(request: FetchRequest, trace: FetchTrace): Promise<FetchResult> {
    const log: RetryLog = { attempts: 0, retryWaits: [] };
    let start: URL;
    try {
      start = new URL(request.url);
    } catch {
      return failedResult(request.url, { code: 'CONNECTION_ERROR', params: { reason: 'invalid URL' } });
    }
    if (start.protocol !== 'http:' && start.protocol !== 'https:') {
      return failedResult(request.url, { code: 'CONNECTION_ERROR', params: { reason: `unsupported scheme ${start.protocol}` } });
    }
    const method = request.method ?? 'GET';
    const maxBytes = request.maxBytes ?? options.maxBytes;
    const { signal, stop } = request;
    // Retry waits end on the stop (a stopped run starts no retry; callers abort `stop` no later than `signal`, and
    // an aborted `signal` settles the fetch at once anyway). No AbortSignal.any: that would be one more per URL.
    const halt = stop ?? signal;
    const runHop = (url: URL): Promise<AttemptOutcome> =>
      withRetries(
        () =>
          scheduler.run(url.origin, () =>
            runAttempt({ url, method, maxBytes, timeoutMs: options.timeoutMs, headers, signal }, trace, stop),
          ),
        options,
        log,
        { signal: halt, onRetry: (n, waitMs, reason) => events.onRetry?.(request.url, n, waitMs, reason) },
      );
    const chain = await followRedirects(start, runHop, options.maxRedirects);
    return buildResult(request.url, chain, log, trace, maxBytes);
  }

  return {
    fetch(request: FetchRequest): Promise<FetchResult> {
      const { signal, stop } = request;
      for (const shared of [signal, stop]) {
        if (shared !== undefined && !sharedSignals.has(shared)) {
          // One Ctrl-C signal is shared by every fetch of a run: many listeners are expected, not a leak.
          setMaxListeners(0, shared);
          sharedSignals.add(shared);
        }
      }
      const trace: FetchTrace = { url: request.url, insecureReasons: new Set() };
      const limit = admit(request.url);
      const started = limit === undefined ? fetchOne(request, trace) : limit(() => fetchOne(request, trace));
      const work = started.catch((err: unknown) =>
        // Nothing above should throw; if it does, the URL still gets a classified answer.
        failedResult(request.url, { code: 'CONNECTION_ERROR', params: { reason: errorMessage(err) } }),
      );
      const settled =
        signal === undefined && stop === undefined
          ? work
          : new Promise<FetchResult>((resolve) => {
              const onAbort = (): void => resolve(failedResult(request.url, INTERRUPTED));
              // On stop, only a fetch that has not reached the wire gives up at once; one in flight may finish.
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
      return settled.then((result) => {
        events.onDone?.(result);
        return result;
      });
    },
    async close(): Promise<void> {
      if (!owned) return;
      await Promise.all([verified.close(), unverified?.close()]);
    },
  };
}

/** A result with no response at all. */
function failedResult(url: string, failure: FetchFailure): FetchResult {
  return {
    url,
    finalUrl: url,
    redirects: [],
    headers: {},
    bytes: 0,
    truncated: false,
    elapsedMs: 0,
    attempts: 0,
    retryWaits: [],
    failure,
    findings: [],
  };
}

function buildResult(url: string, chain: RedirectChain, log: RetryLog, trace: FetchTrace, maxBytes: number): FetchResult {
  const elapsedMs = trace.firstStart === undefined ? 0 : Math.round(performance.now() - trace.firstStart);
  const result: FetchResult = {
    url,
    finalUrl: chain.finalUrl,
    redirects: chain.redirects,
    headers: {},
    bytes: 0,
    truncated: false,
    elapsedMs,
    attempts: log.attempts,
    retryWaits: log.retryWaits,
    findings: [],
  };
  const findings: Finding[] = result.findings;
  for (const reason of trace.insecureReasons) findings.push(finding('TLS_INSECURE', { reason }));
  const response = chain.response;
  if (response === undefined) {
    result.failure = chain.failure ?? { code: 'CONNECTION_ERROR', params: { reason: 'no response' } };
    return result;
  }
  result.status = response.status;
  result.headers = response.headers;
  result.bytes = response.bytes;
  result.truncated = response.truncated;
  const contentTypeHeader = response.headers['content-type'];
  const type = mediaType(contentTypeHeader);
  if (type !== undefined) result.contentType = type;
  const body = response.body;
  if (body !== undefined) {
    result.body = body;
    if (isTextType(type) || (type === undefined && looksLikeHtml(body))) {
      const decoded = decodeText(body, charsetParam(contentTypeHeader));
      result.text = decoded.text;
      result.charset = decoded.charset;
    }
  }
  if (response.status >= 400) findings.push(finding('HTTP_ERROR', { status: response.status }));
  if (response.truncated) findings.push(finding('BODY_TRUNCATED', { limit: maxBytes }));
  if (response.status < 400 && log.retryWaits.length > 0) {
    const params: FindingParams<'RETRIED'> = { retries: log.retryWaits.length };
    const retryAfterMs = log.retryWaits.reduce((sum, w) => (w.retryAfter ? sum + w.ms : sum), 0);
    if (log.retryWaits.some((w) => w.retryAfter)) params.retryAfter = Math.round(retryAfterMs / 100) / 10;
    findings.push(finding('RETRIED', params));
  }
  return result;
}
