// One attempt: a single HTTP request (no redirects, no retries), its body read and capped, the outcome classified.
import { request, type Dispatcher } from 'undici';
import type { FetchFailure } from '../types.js';
import { classifyError, isRedirectStatus, type AbortCause } from './classify.js';
import { BodyDecodingError, readBody } from './decode.js';
import { whenAborted } from './abort.js';

export interface AttemptRequest {
  url: URL;
  method: 'GET' | 'HEAD';
  /** Decoded body bytes kept at most. */
  maxBytes: number;
  /** Bound on the whole attempt, connect to last body byte. */
  timeoutMs: number;
  dispatcher: Dispatcher;
  /** Request headers (User-Agent, Accept…), shared between attempts; copied for each request. */
  headers: Readonly<Record<string, string>>;
  /** The caller's signal: aborts the attempt (Ctrl-C). */
  signal?: AbortSignal;
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

/** Run one attempt. Never rejects. */
export async function attempt(req: AttemptRequest): Promise<AttemptOutcome> {
  const controller = new AbortController();
  let abortCause: AbortCause | undefined;
  const timer = setTimeout(() => {
    abortCause ??= 'timeout';
    controller.abort();
  }, req.timeoutMs);
  const onAbort = (): void => {
    abortCause ??= 'interrupted';
    controller.abort();
  };
  const cancelAbort = req.signal === undefined ? undefined : whenAborted(req.signal, onAbort);
  try {
    const response = await request(req.url, {
      method: req.method,
      // A copy: undici's proxy wrapper writes `host` into the headers object it is given.
      headers: { ...req.headers },
      dispatcher: req.dispatcher,
      signal: controller.signal,
      headersTimeout: req.timeoutMs,
      bodyTimeout: req.timeoutMs,
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
    return { kind: 'failure', ...classifyError(err, req.url.hostname, req.timeoutMs, abortCause) };
  } finally {
    clearTimeout(timer);
    cancelAbort?.();
  }
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
