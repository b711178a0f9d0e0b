// Our side or theirs: before a run blames the sites, it makes sure this machine reaches the network.
//
// When every page of a run failed at the network level (`networkFailedRun`), the run probes the control URLs
// (`--control-url`, well-known sites that are up when the network is). If every control fails too, the failures are
// this machine's: the run says so first in every report, its items become `unverified` (counted apart from the
// compliance rate) and it exits 4. If a control answers, the failures are the sites', as without the probe. One host
// down among others that answer is that host's failure: no page answered is the condition, so no probe then.
import type { ControlProbe, FetchFailureCode, ItemResult, NetworkCheck, RunResult } from '../types.js';
import type { Fetcher } from '../fetch/types.js';
import { finding, findingMessage } from '../findings.js';
import { addCounts, summarize } from '../verdict/verdict.js';
import { DEFAULT_CONTROL_URLS } from '../options.js';
import { withItems } from './store.js';

/** The fetch failures that say nothing answered at all: the name did not resolve, no connection, no answer in time. */
export const NETWORK_FAILURES: readonly FetchFailureCode[] = ['DNS_ERROR', 'CONNECTION_ERROR', 'TIMEOUT'];

/**
 * Did no page of the run answer? True when the run is complete, fetched at least one page, and every page it
 * fetched failed with DNS_ERROR, CONNECTION_ERROR or TIMEOUT: no HTTP status, no redirect hop, no TLS handshake
 * failure (a TLS_ERROR means a server answered), no other finding of an answer. Items without a link do not count
 * either way (`missing` is known without the network).
 */
export function networkFailedRun(run: RunResult): boolean {
  if (!run.complete) return false;
  let fetched = 0;
  for (const result of run.results) {
    for (const item of result.items) {
      if (item.urls.length === 0) continue;
      if (!networkFailedItem(item)) return false;
      fetched += 1;
    }
  }
  return fetched > 0;
}

/** Every page of the item failed at the network level (and nothing else was learnt of it). */
function networkFailedItem(item: ItemResult): boolean {
  if (item.pages.length === 0 || item.pages.length < item.urls.length) return false;
  if (item.pages.some((page) => page.status !== undefined || page.redirects.length > 0 || page.attempts === 0)) return false;
  const failures = item.findings.filter((f) => f.severity === 'fail');
  return failures.length > 0 && failures.every((f) => (NETWORK_FAILURES as readonly string[]).includes(f.code));
}

/**
 * Probe every control URL once through the run's fetcher (same proxy, TLS and User-Agent settings), all at once.
 * Any HTTP status is an answer.
 */
export async function probeControls(urls: readonly string[], fetcher: Fetcher, env: NodeJS.ProcessEnv = process.env): Promise<NetworkCheck> {
  guardDefaults(urls, env);
  const controls = await Promise.all(
    urls.map(async (url): Promise<ControlProbe> => {
      const fetched = await fetcher.fetch({ url });
      if (fetched.kind === 'response') return { url, status: fetched.status };
      const failed = finding(fetched.failure.code, fetched.failure.params);
      return { url, error: fetched.failure.code, message: { zh: findingMessage(failed, 'zh'), en: findingMessage(failed, 'en') } };
    }),
  );
  return { offline: controls.every((control) => control.status === undefined), controls };
}

/**
 * The test suite must never reach the default control URLs (real sites on the internet): under vitest (VITEST is
 * set) probing one of them is a bug in the test, which has to pass local control URLs or `none`.
 */
function guardDefaults(urls: readonly string[], env: NodeJS.ProcessEnv): void {
  if ((env.VITEST ?? '') === '' && (env.XXGK_CHECK_NO_DEFAULT_CONTROL ?? '') === '') return;
  const defaults = urls.filter((url) => DEFAULT_CONTROL_URLS.includes(url));
  if (defaults.length > 0) {
    throw new Error(`a test reached the default control URLs (${defaults.join(', ')}): pass --control-url <local server> or --control-url none`);
  }
}

/**
 * The run with what the probe found: `network` recorded, and when offline every item whose pages failed at the
 * network level marked `unverified` (its findings kept, saying how each page failed), its summaries recounted.
 */
export function withNetworkCheck(run: RunResult, network: NetworkCheck): RunResult {
  if (!network.offline) return { ...run, network };
  const results = run.results.map((result) => {
    const mark = (items: ItemResult[]): ItemResult[] =>
      items.map((item): ItemResult => (item.urls.length > 0 && networkFailedItem(item) ? { ...item, status: 'unverified' } : item));
    // A result whose items are in the run's store stays there: they are marked each time they are read.
    const marked = withItems(result, mark);
    return withItems(marked, undefined, { summary: summarize(result.summary.categories, marked.items) });
  });
  return { ...run, network, results, summary: addCounts(results.map((r) => r.summary)) };
}

/**
 * Probe the controls when the run needs it (no page answered, control URLs given) and apply what was found; the run
 * unchanged otherwise.
 */
export async function checkOurSide(run: RunResult, fetcher: Fetcher, env: NodeJS.ProcessEnv = process.env): Promise<RunResult> {
  const urls = run.options.controlUrls;
  if (urls.length === 0 || !networkFailedRun(run)) return run;
  return withNetworkCheck(run, await probeControls(urls, fetcher, env));
}
