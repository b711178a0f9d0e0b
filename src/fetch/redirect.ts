// Redirects, followed one request per hop so every hop's status is recorded. Only http(s) Locations are
// followed; loops and chains longer than maxRedirects stop with TOO_MANY_REDIRECTS.
import type { FetchFailure, RedirectHop } from '../types.js';
import type { AttemptOutcome, AttemptResponse } from './attempt.js';
import { isRedirectStatus } from './classify.js';

export interface RedirectChain {
  redirects: RedirectHop[];
  /** The URL whose answer ends the chain (the last one requested). */
  finalUrl: string;
  /** The final response, when there is one. */
  response?: AttemptResponse;
  failure?: FetchFailure;
}

/** Follow redirects from `start`, running each hop with `runHop` (which applies retries and the scheduler). */
export async function followRedirects(
  start: URL,
  runHop: (url: URL) => Promise<AttemptOutcome>,
  maxRedirects: number,
): Promise<RedirectChain> {
  const redirects: RedirectHop[] = [];
  const seen = new Set<string>([withoutHash(start)]);
  let url = start;
  for (;;) {
    const outcome = await runHop(url);
    if (outcome.kind === 'failure') return { redirects, finalUrl: url.href, failure: outcome.failure };
    const location = outcome.headers.location;
    if (!isRedirectStatus(outcome.status) || location === undefined) {
      return { redirects, finalUrl: url.href, response: outcome };
    }
    redirects.push({ url: url.href, status: outcome.status });
    let next: URL;
    try {
      next = new URL(location, url);
    } catch {
      return { redirects, finalUrl: url.href, failure: { code: 'BAD_REDIRECT', params: { location } } };
    }
    if (next.protocol !== 'http:' && next.protocol !== 'https:') {
      return { redirects, finalUrl: url.href, failure: { code: 'BAD_REDIRECT', params: { location } } };
    }
    const key = withoutHash(next);
    if (seen.has(key)) {
      return { redirects, finalUrl: url.href, failure: { code: 'TOO_MANY_REDIRECTS', params: { hops: redirects.length, reason: 'loop' } } };
    }
    if (redirects.length > maxRedirects) {
      return { redirects, finalUrl: url.href, failure: { code: 'TOO_MANY_REDIRECTS', params: { hops: redirects.length, reason: 'limit' } } };
    }
    seen.add(key);
    url = next;
  }
}

function withoutHash(url: URL): string {
  return url.hash === '' ? url.href : url.href.slice(0, url.href.length - url.hash.length);
}
