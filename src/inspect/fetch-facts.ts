// The fetch stage's facts judged: no usable response, an error status, a cut body, an answer that took retries and a
// certificate fetched through become findings here (the fetch stage makes none).
import { finding } from '../findings.js';
import type { FetchResult, Finding, FindingParams } from '../types.js';

/**
 * The findings a fetch's facts call for, followed by `rest`, which is returned as it is when the facts call for none
 * (a healthy page costs no array). In this order:
 * - the failure (DNS_ERROR, CONNECTION_ERROR, TIMEOUT, TLS_ERROR, TOO_MANY_REDIRECTS, BAD_REDIRECT) when no response came;
 * - TLS_INSECURE for each certificate problem fetched through (--insecure);
 * - HTTP_ERROR for a status of 400 or more, unless `challenged`: a bot challenge's status is not the site's answer;
 * - BODY_TRUNCATED when the body was cut at the cap;
 * - RETRIED when a good answer came only after retries.
 */
export function fetchFindings(fetch: FetchResult, rest: Finding[] = [], challenged = false): Finding[] {
  let findings: Finding[] | undefined;
  if (fetch.kind === 'failure') (findings ??= []).push(finding(fetch.failure.code, fetch.failure.params));
  if (fetch.tlsInsecure !== undefined) {
    for (const reason of fetch.tlsInsecure) (findings ??= []).push(finding('TLS_INSECURE', { reason }));
  }
  if (fetch.kind === 'response') {
    if (fetch.status >= 400 && !challenged) (findings ??= []).push(finding('HTTP_ERROR', { status: fetch.status }));
    if (fetch.truncated) (findings ??= []).push(finding('BODY_TRUNCATED', { limit: fetch.maxBytes }));
    if (fetch.status < 400 && fetch.retryWaits.length > 0) (findings ??= []).push(retried(fetch.retryWaits));
  }
  if (findings === undefined) return rest;
  for (const f of rest) findings.push(f);
  return findings;
}

function retried(waits: FetchResult['retryWaits']): Finding {
  const params: FindingParams<'RETRIED'> = { retries: waits.length };
  if (waits.some((w) => w.retryAfter)) {
    const retryAfterMs = waits.reduce((sum, w) => (w.retryAfter ? sum + w.ms : sum), 0);
    params.retryAfter = Math.round(retryAfterMs / 100) / 10;
  }
  return finding('RETRIED', params);
}
