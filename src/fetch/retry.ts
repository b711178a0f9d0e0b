// Retries: another attempt after connection errors, timeouts, 5xx and 429, waiting with exponential backoff
// (full jitter) or as a Retry-After header asks (capped). The wait holds no scheduler slot.
import type { RetryWait } from '../types.js';
import type { AttemptOutcome } from './attempt.js';
import { whenAborted } from './abort.js';
import { wouldRetry } from './classify.js';
import type { Fetch } from './layer.js';

export interface RetryPolicy {
  /** Extra attempts after the first. */
  retries: number;
  backoffBaseMs: number;
  retryAfterCapMs: number;
}

export interface RetryHooks {
  /** `url` is the URL as requested; `attempt` the number of the attempt about to be made (2 = first retry). */
  onRetry?(url: string, attempt: number, waitMs: number, reason: string): void;
  /** Source of jitter in [0, 1); tests may fix it. */
  random?: () => number;
  now?: () => number;
}

/**
 * Parse a Retry-After value: delta-seconds (`120`) or an HTTP date. Returns the wait in ms (0 for a date in
 * the past), or undefined when the value is neither.
 */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/** Why this outcome deserves another attempt, or undefined when it does not. */
export function retryReason(outcome: AttemptOutcome): string | undefined {
  if (!wouldRetry(outcome)) return undefined;
  return outcome.kind === 'failure' ? outcome.failure.code : `HTTP ${outcome.status}`;
}

/** The wait before retry number `retryIndex` (0-based). */
export function retryWait(
  outcome: AttemptOutcome,
  retryIndex: number,
  policy: RetryPolicy,
  now: number,
  random: () => number,
): RetryWait {
  if (outcome.kind === 'response') {
    const asked = parseRetryAfter(outcome.headers['retry-after'], now);
    if (asked !== undefined) return { ms: Math.min(asked, policy.retryAfterCapMs), retryAfter: true };
  }
  return { ms: Math.round(random() * policy.backoffBaseMs * 2 ** retryIndex), retryAfter: false };
}

/** Resolve true after `ms`, or false as soon as `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(false);
  if (ms <= 0) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      cancel?.();
      resolve(true);
    }, ms);
    const cancel =
      signal === undefined
        ? undefined
        : whenAborted(signal, () => {
            clearTimeout(timer);
            resolve(false);
          });
  });
}

/**
 * The retry layer: ask `next` again until it gives an outcome not worth retrying or the retries are spent; the last
 * outcome stands. Counts the attempts and records the waits in the trace, over every hop of the fetch. A wait holds
 * no scheduler slot and ends on the request's stop (else its signal): a stopped fetch starts no retry.
 */
export function retrying(next: Fetch, policy: RetryPolicy, hooks: RetryHooks = {}): Fetch {
  const random = hooks.random ?? Math.random;
  const now = hooks.now ?? Date.now;
  return async (request) => {
    const { trace } = request;
    // No AbortSignal.any over both: that would be one more per URL. Callers abort `stop` no later than `signal`, and an
    // aborted `signal` settles the fetch at once anyway.
    const halt = request.stop ?? request.signal;
    for (let retryIndex = 0; ; retryIndex++) {
      const outcome = await next(retryIndex === 0 ? request : { ...request, retry: retryIndex });
      trace.attempts++;
      const reason = retryReason(outcome);
      if (reason === undefined || retryIndex >= policy.retries || halt?.aborted) return outcome;
      const wait = retryWait(outcome, retryIndex, policy, now(), random);
      trace.retryWaits.push(wait);
      hooks.onRetry?.(trace.url, trace.attempts + 1, wait.ms, reason);
      if (!(await sleep(wait.ms, halt))) return outcome;
    }
  };
}
