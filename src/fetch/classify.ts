// Classification: turn what went wrong in one attempt into a FetchFailure, and decide what is worth a retry.
import type { FetchFailure } from '../types.js';

/** A failed attempt, classified, with whether another attempt could help. */
export interface ClassifiedFailure {
  failure: FetchFailure;
  retryable: boolean;
}

/** The failure of a fetch cut short by the caller's abort or stop: not an answer from the site. */
export const INTERRUPTED: FetchFailure = { code: 'CONNECTION_ERROR', params: { reason: 'interrupted' } };

/** Whether a failure is an interruption (see INTERRUPTED) rather than something the site did. */
export function isInterruption(failure: FetchFailure): boolean {
  return failure.code === 'CONNECTION_ERROR' && failure.params.reason === 'interrupted';
}

/** Why an attempt's own AbortController fired, when it did. */
export type AbortCause = 'timeout' | 'interrupted';

/** Node's certificate error codes → the reasons the finding catalogue knows. */
const TLS_REASONS: Record<string, string> = {
  CERT_HAS_EXPIRED: 'expired',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'self-signed',
  ERR_TLS_CERT_ALTNAME_INVALID: 'hostname-mismatch',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'untrusted',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'untrusted',
  UNABLE_TO_GET_ISSUER_CERT: 'untrusted',
  CERT_UNTRUSTED: 'untrusted',
  CERT_NOT_YET_VALID: 'not-yet-valid',
};

/** Connection error codes → reasons in plain words. */
const CONNECTION_REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ECONNABORTED: 'connection aborted',
  EPIPE: 'connection broken',
  EHOSTUNREACH: 'host unreachable',
  EHOSTDOWN: 'host down',
  ENETUNREACH: 'network unreachable',
  ENETDOWN: 'network down',
  EADDRNOTAVAIL: 'address not available',
  UND_ERR_SOCKET: 'connection closed by the server',
  UND_ERR_CLOSED: 'connection closed',
  UND_ERR_DESTROYED: 'connection closed',
  UND_ERR_RES_CONTENT_LENGTH_MISMATCH: 'response shorter than its Content-Length',
};

const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_FAIL', 'EAI_NODATA']);
const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT', 'ETIMEDOUT']);

/** Every `code` found on an error, its causes and the members of an AggregateError, outermost first. */
export function errorCodes(err: unknown): string[] {
  const codes: string[] = [];
  const queue: unknown[] = [err];
  for (let i = 0; i < queue.length && i < 20; i++) {
    const e = queue[i];
    if (typeof e !== 'object' || e === null) continue;
    const { code, cause, errors } = e as { code?: unknown; cause?: unknown; errors?: unknown };
    if (typeof code === 'string') codes.push(code);
    if (cause !== undefined) queue.push(cause);
    if (Array.isArray(errors)) queue.push(...(errors as unknown[]));
  }
  return codes;
}

/** Seconds for a TIMEOUT finding: 15000 → 15, 50 → 0.05. */
export function timeoutSeconds(timeoutMs: number): number {
  return Number((timeoutMs / 1000).toFixed(2));
}

/**
 * Classify an error thrown while requesting or reading a response.
 * `abortCause` says whether our own timer or the caller's signal aborted the attempt (that wins over
 * whatever error undici raised as a consequence).
 */
export function classifyError(err: unknown, host: string, timeoutMs: number, abortCause?: AbortCause): ClassifiedFailure {
  if (abortCause === 'interrupted') return { failure: INTERRUPTED, retryable: false };
  if (abortCause === 'timeout') return timeoutFailure(timeoutMs);
  const codes = errorCodes(err);
  for (const code of codes) {
    if (DNS_CODES.has(code)) return { failure: { code: 'DNS_ERROR', params: { host } }, retryable: false };
    const tls = TLS_REASONS[code];
    if (tls !== undefined) return { failure: { code: 'TLS_ERROR', params: { reason: tls } }, retryable: false };
    if (isOtherTlsCode(code)) return { failure: { code: 'TLS_ERROR', params: { reason: code } }, retryable: false };
  }
  for (const code of codes) {
    if (TIMEOUT_CODES.has(code)) return timeoutFailure(timeoutMs);
    const reason = CONNECTION_REASONS[code];
    if (reason !== undefined) return { failure: { code: 'CONNECTION_ERROR', params: { reason } }, retryable: true };
    if (code === 'UND_ERR_HEADERS_OVERFLOW') {
      // A header block that never ends: undici stops at its header size limit. Asking again would not help.
      return { failure: { code: 'CONNECTION_ERROR', params: { reason: 'response headers too large' } }, retryable: false };
    }
    if (code.startsWith('HPE_')) {
      return { failure: { code: 'CONNECTION_ERROR', params: { reason: 'invalid HTTP response' } }, retryable: false };
    }
  }
  const message = err instanceof Error && err.message ? err.message : String(err);
  if (codes.length === 0 && err instanceof Error && err.name === 'HTTPParserError') {
    // undici 7 raises some parser errors without their HPE_ code. "Invalid EOF state" is the connection
    // ending inside a chunked body (a reset mid-page): a broken transfer, worth another try.
    if (/invalid eof state/i.test(message)) {
      return { failure: { code: 'CONNECTION_ERROR', params: { reason: 'connection closed mid-response' } }, retryable: true };
    }
    return { failure: { code: 'CONNECTION_ERROR', params: { reason: 'invalid HTTP response' } }, retryable: false };
  }
  return { failure: { code: 'CONNECTION_ERROR', params: { reason: codes[0] ?? message } }, retryable: true };
}

function timeoutFailure(timeoutMs: number): ClassifiedFailure {
  return { failure: { code: 'TIMEOUT', params: { seconds: timeoutSeconds(timeoutMs) } }, retryable: true };
}

function isOtherTlsCode(code: string): boolean {
  return code.startsWith('CERT_') || code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_') || code.startsWith('UNABLE_TO_');
}

/**
 * Whether the retry layer asks again after this outcome, retries permitting: a failure classified retryable (a
 * connection error other than a malformed response, a timeout), 429 or a 5xx. The one answer to that question, for an
 * attempt's outcome as for a fetch's result.
 */
export function wouldRetry(outcome: { kind: 'response'; status: number } | { kind: 'failure'; retryable: boolean }): boolean {
  return outcome.kind === 'failure' ? outcome.retryable : isRetryableStatus(outcome.status);
}

/** Statuses worth another attempt: 429 Too Many Requests and every 5xx. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status >= 500;
}

/** Statuses that send us on when they carry a Location. */
export function isRedirectStatus(status: number): boolean {
  return status === 301 || status === 302 || status === 303 || status === 307 || status === 308;
}
