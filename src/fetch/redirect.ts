// Redirects, followed one request per hop so every hop's status is recorded. Only http(s) Locations are
// followed; loops and chains longer than maxRedirects stop with TOO_MANY_REDIRECTS.
import type { FetchFailure } from '../types.js';
import type { AttemptFailure } from './attempt.js';
import { isRedirectStatus } from './classify.js';
import type { Fetch } from './layer.js';

/**
 * The redirect layer: run each hop with `next` (which applies retries and the scheduler), record the hops and the
 * last URL requested in the trace, and answer with the outcome that ends the chain.
 */
export function redirecting(next: Fetch, maxRedirects: number): Fetch {
  return async (first) => {
    const { trace } = first;
    const redirects = trace.redirects;
    /** URLs requested so far without their fragment, made at the first redirect. */
    let seen: Set<string> | undefined;
    let request = first;
    for (;;) {
      const outcome = await next(request);
      const url = request.url;
      trace.finalUrl = url.href;
      if (outcome.kind === 'failure') return outcome;
      const location = outcome.headers.location;
      if (!isRedirectStatus(outcome.status) || location === undefined) return outcome;
      redirects.push({ url: url.href, status: outcome.status });
      let target: URL;
      try {
        target = new URL(location, url);
      } catch {
        return failed({ code: 'BAD_REDIRECT', params: { location } });
      }
      if (target.protocol !== 'http:' && target.protocol !== 'https:') {
        return failed({ code: 'BAD_REDIRECT', params: { location } });
      }
      seen ??= new Set([withoutHash(first.url)]);
      const key = withoutHash(target);
      // A redirect back to an address already visited is a loop, even once; a chain past the limit is too long.
      if (seen.has(key)) return failed({ code: 'TOO_MANY_REDIRECTS', params: { hops: redirects.length, reason: 'loop' } });
      if (redirects.length > maxRedirects) {
        return failed({ code: 'TOO_MANY_REDIRECTS', params: { hops: redirects.length, reason: 'limit' } });
      }
      seen.add(key);
      request = { ...first, url: target };
    }
  };
}

/** A redirect problem: asking again would not change it. */
function failed(failure: FetchFailure): AttemptFailure {
  return { kind: 'failure', failure, retryable: false };
}

function withoutHash(url: URL): string {
  return url.hash === '' ? url.href : url.href.slice(0, url.href.length - url.hash.length);
}
