// Retries: another attempt after connection errors, timeouts, 5xx and 429, waiting with exponential backoff
// (full jitter) or as a Retry-After header asks (capped). The wait holds no scheduler slot.
import type { AttemptOutcome } from './attempt.js';
import { whenAborted } from './abort.js';
import { isRetryableStatus } from './classify.js';

export interface RetryPolicy {
  /** Extra attempts after the first. */
  retries: number;
  backoffBaseMs: number;
  retryAfterCapMs: number;
}

/** What the retry layer did, accumulated over every hop of one fetch. */
export interface RetryLog {
  attempts: number;
  retryWaits: { ms: number; retryAfter: boolean }[];
}

export interface RetryHooks {
  signal?: AbortSignal;
  /** `attempt` is the number of the attempt about to be made (2 = first retry). */
  onRetry?(attempt: number, waitMs: number, reason: string): void;
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
  if (outcome.kind === 'failure') return outcome.retryable ? outcome.failure.code : undefined;
  return isRetryableStatus(outcome.status) ? `HTTP ${outcome.status}` : undefined;
}

/** The wait before retry number `retryIndex` (0-based). */
export function retryWait(
  outcome: AttemptOutcome,
  retryIndex: number,
  policy: RetryPolicy,
  now: number,
  random: () => number,
): { ms: number; retryAfter: boolean } {
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

/** Run `run` until it gives an outcome not worth retrying or the retries are spent; the last outcome stands. */
export async function withRetries(
  run: () => Promise<AttemptOutcome>,
  policy: RetryPolicy,
  log: RetryLog,
  hooks: RetryHooks = {},
): Promise<AttemptOutcome> {
  const random = hooks.random ?? Math.random;
  const now = hooks.now ?? Date.now;
  for (let retryIndex = 0; ; retryIndex++) {
    const outcome = await run();
    log.attempts++;
    const reason = retryReason(outcome);
    if (reason === undefined || retryIndex >= policy.retries || hooks.signal?.aborted) return outcome;
    const wait = retryWait(outcome, retryIndex, policy, now(), random);
    log.retryWaits.push(wait);
    hooks.onRetry?.(log.attempts + 1, wait.ms, reason);
    if (!(await sleep(wait.ms, hooks.signal))) return outcome;
  }
}
