// The innermost layers: `attempting`, one HTTP request (no redirects, no retries) with its body read and capped and
// the outcome classified; `started`, the gate an attempt passes once it has its slots; and `certificateFallback`, the
// second try without certificate checks that --insecure allows.
import { performance } from 'node:perf_hooks';
import { request, type Dispatcher } from 'undici';
import type { FetchFailure } from '../types.js';
import { classifyError, INTERRUPTED, isRedirectStatus, type AbortCause } from './classify.js';
import { BodyDecodingError, readBody } from './decode.js';
import { whenAborted } from './abort.js';
import type { Fetch, FetchTrace, LayerRequest } from './layer.js';

/** How the attempts of one fetcher reach the network. */
export interface Client {
  dispatcher: Dispatcher;
  /** Bound on the whole attempt, connect to last body byte. */
  timeoutMs: number;
  /** Request headers (User-Agent, Accept…), shared between attempts; copied for each request. */
  headers: Readonly<Record<string, string>>;
}

/** A response arrived (any status). */
export interface AttemptResponse {
  kind: 'response';
  status: number;
  /** Names lower-cased; repeated headers joined with ", ". */
  headers: Record<string, string>;
  /** Decoded body bytes (GET of a non-redirect only). */
  body?: Buffer;
  bytes: number;
  truncated: boolean;
}

/** No usable response. */
export interface AttemptFailure {
  kind: 'failure';
  failure: FetchFailure;
  retryable: boolean;
}

export type AttemptOutcome = AttemptResponse | AttemptFailure;

/** The innermost layer: each request is one attempt through `client`. */
export function attempting(client: Client): Fetch {
  return (request) => attempt(request, client);
}

/** Run one attempt. Never rejects. */
async function attempt(req: LayerRequest, client: Client): Promise<AttemptOutcome> {
  const controller = new AbortController();
  let abortCause: AbortCause | undefined;
  const timer = setTimeout(() => {
    abortCause ??= 'timeout';
    controller.abort();
  }, client.timeoutMs);
  const onAbort = (): void => {
    abortCause ??= 'interrupted';
    controller.abort();
  };
  const cancelAbort = req.signal === undefined ? undefined : whenAborted(req.signal, onAbort);
  try {
    const response = await request(req.url, {
      method: req.method,
      // A copy: undici's proxy wrapper writes `host` into the headers object it is given.
      headers: { ...client.headers },
      dispatcher: client.dispatcher,
      signal: controller.signal,
      headersTimeout: client.timeoutMs,
      bodyTimeout: client.timeoutMs,
    });
    const status = response.statusCode;
    const headers = flattenHeaders(response.headers);
    if (req.method === 'HEAD' || (isRedirectStatus(status) && headers.location !== undefined)) {
      // Drain (small) so the connection can be reused; a failure here does not matter.
      await response.body.dump().catch(() => undefined);
      return { kind: 'response', status, headers, bytes: 0, truncated: false };
    }
    const read = await readBody(response.body, headers['content-encoding'], req.maxBytes);
    return { kind: 'response', status, headers, body: read.body, bytes: read.bytes, truncated: read.truncated };
  } catch (err) {
    if (err instanceof BodyDecodingError && abortCause === undefined) {
      return { kind: 'failure', failure: { code: 'CONNECTION_ERROR', params: { reason: err.message } }, retryable: false };
    }
    return { kind: 'failure', ...classifyError(err, req.url.hostname, client.timeoutMs, abortCause) };
  } finally {
    clearTimeout(timer);
    cancelAbort?.();
  }
}

const INTERRUPTED_OUTCOME: AttemptFailure = { kind: 'failure', failure: INTERRUPTED, retryable: false };

/**
 * The gate an attempt passes once the scheduler gave it its slots: a fetch aborted or stopped while it waited gives up
 * (interrupted); otherwise the first attempt of the fetch marks its start (`onStart`, and the clock of elapsedMs).
 */
export function started(next: Fetch, onStart?: (url: string, host: string) => void): Fetch {
  return (request) => {
    if (request.signal?.aborted || request.stop?.aborted) return Promise.resolve(INTERRUPTED_OUTCOME);
    const { trace } = request;
    if (trace.firstStart === undefined) {
      trace.firstStart = performance.now();
      trace.firstStartAt = Date.now();
      onStart?.(trace.url, request.url.host);
    }
    return next(request);
  };
}

/**
 * --insecure: a certificate error costs one more handshake through the client `unverified()` makes on first need
 * (healthy sites pay nothing); the origin is then remembered and goes there directly. Every response got that way
 * records its certificate problem in the trace (TLS_INSECURE).
 */
export function certificateFallback(verified: Fetch, unverified: () => Fetch): Fetch {
  /** Origins known to have a certificate problem → its reason. */
  const badCertificates = new Map<string, string>();
  let fallback: Fetch | undefined;
  return async (request) => {
    const origin = request.url.origin;
    const knownProblem = badCertificates.get(origin);
    if (knownProblem !== undefined && fallback !== undefined) return noteInsecure(await fallback(request), request.trace, knownProblem);
    const outcome = await verified(request);
    if (outcome.kind !== 'failure' || outcome.failure.code !== 'TLS_ERROR') return outcome;
    const reason = String(outcome.failure.params.reason);
    badCertificates.set(origin, reason);
    fallback ??= unverified();
    return noteInsecure(await fallback(request), request.trace, reason);
  };
}

function noteInsecure(outcome: AttemptOutcome, trace: FetchTrace, reason: string): AttemptOutcome {
  if (outcome.kind === 'response') {
    if (trace.tlsInsecure === undefined) trace.tlsInsecure = [reason];
    else if (!trace.tlsInsecure.includes(reason)) trace.tlsInsecure.push(reason);
  }
  return outcome;
}

/** undici's headers (string | string[] | undefined) as plain strings. */
function flattenHeaders(raw: Record<string, string | string[] | undefined>): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name in raw) {
    const value = raw[name];
    if (value === undefined) continue;
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}
