// Per-host statistics of a run: every attempt the fetcher reports (src/fetch/observe.ts) is counted against its host —
// requests, retries, failures by kind, and its time in a small histogram for the median and 95th percentile. Only
// counters and the histogram are kept (no reference to any page or item), so a run that lets its item results go
// still has the figures at the end, at a few KB per host.
import { isInterruption } from '../fetch/classify.js';
import { HOST_FAILURE_KINDS, type AttemptFact, type HostFailureKind, type HostStats } from '../types.js';

/**
 * Response times in buckets: 1 ms wide below 100 ms, then each 2 % wider than the one before. Bounded: an hour is
 * bucket ~630, so a host has at most a few hundred buckets whatever its number of requests; a quantile read from it
 * is exact below 100 ms and within 1 % above.
 */
export class TimeHistogram {
  private readonly buckets = new Map<number, number>();
  count = 0;

  add(ms: number): void {
    const index = bucketOf(Math.max(0, ms));
    this.buckets.set(index, (this.buckets.get(index) ?? 0) + 1);
    this.count++;
  }

  /** The q-quantile by nearest rank (as src/history/availability.ts takes it), in ms; undefined when empty. */
  quantile(q: number): number | undefined {
    if (this.count === 0) return undefined;
    const rank = Math.min(this.count, Math.max(1, Math.ceil(q * this.count)));
    let seen = 0;
    for (const index of [...this.buckets.keys()].sort((a, b) => a - b)) {
      seen += this.buckets.get(index)!;
      if (seen >= rank) return valueOf(index);
    }
    return undefined;
  }
}

const LINEAR_UNTIL = 100;
const STEP = Math.log(1.02);

function bucketOf(ms: number): number {
  if (ms < LINEAR_UNTIL) return Math.round(ms);
  return LINEAR_UNTIL + Math.floor(Math.log(ms / LINEAR_UNTIL) / STEP);
}

/** The middle of a bucket (its only value below 100 ms). */
function valueOf(index: number): number {
  if (index < LINEAR_UNTIL) return index;
  return Math.round(LINEAR_UNTIL * Math.exp((index - LINEAR_UNTIL + 0.5) * STEP));
}

/** How a failed attempt counts, or undefined for an attempt that did not fail. */
export function failureKind(attempt: Pick<AttemptFact, 'status' | 'failure'>): HostFailureKind | undefined {
  const { failure, status } = attempt;
  if (failure !== undefined) {
    switch (failure.code) {
      case 'DNS_ERROR':
        return 'dns';
      case 'TLS_ERROR':
        return 'tls';
      case 'TIMEOUT':
        return 'timeout';
      case 'CONNECTION_ERROR':
        return failure.params.reason === 'connection refused' ? 'refused' : 'connection';
      default:
        // Redirect problems are decided above the attempt; an attempt never reports them.
        return 'connection';
    }
  }
  if (status === undefined || status < 400) return undefined;
  if (status === 429) return 'http429';
  return status >= 500 ? 'http5xx' : 'http4xx';
}

interface HostTally {
  requests: number;
  retries: number;
  failures: Record<HostFailureKind, number>;
  times: TimeHistogram;
}

/** Counts the attempts of a run per host. */
export class HostStatsCollector {
  private readonly hosts = new Map<string, HostTally>();

  /** Count one attempt. An attempt cut short by Ctrl-C says nothing about the host and is not counted. */
  readonly add = (attempt: AttemptFact): void => {
    if (attempt.failure !== undefined && isInterruption(attempt.failure)) return;
    let tally = this.hosts.get(attempt.host);
    if (tally === undefined) {
      tally = { requests: 0, retries: 0, failures: noFailures(), times: new TimeHistogram() };
      this.hosts.set(attempt.host, tally);
    }
    tally.requests++;
    if (attempt.retry) tally.retries++;
    const kind = failureKind(attempt);
    if (kind !== undefined) tally.failures[kind]++;
    if (attempt.status !== undefined) tally.times.add(attempt.ms);
  };

  /** The figures of every host, most requests first (then by name). */
  stats(): HostStats[] {
    return [...this.hosts]
      .map(([host, tally]) => {
        const stats: HostStats = { host, requests: tally.requests, retries: tally.retries, failures: { ...tally.failures }, responses: tally.times.count };
        const median = tally.times.quantile(0.5);
        const p95 = tally.times.quantile(0.95);
        if (median !== undefined) stats.medianMs = median;
        if (p95 !== undefined) stats.p95Ms = p95;
        return stats;
      })
      .sort((a, b) => b.requests - a.requests || a.host.localeCompare(b.host));
  }
}

export function noFailures(): Record<HostFailureKind, number> {
  // The cast: fromEntries over every kind makes exactly the record's keys.
  return Object.fromEntries(HOST_FAILURE_KINDS.map((kind) => [kind, 0])) as Record<HostFailureKind, number>;
}

/** All failed attempts of a host. */
export function failureTotal(stats: Pick<HostStats, 'failures'>): number {
  return HOST_FAILURE_KINDS.reduce((sum, kind) => sum + stats.failures[kind], 0);
}

/**
 * The host figures of several runs as one (`merge`): counts added; of the times, the median of the run with the most
 * responses from that host and the largest 95th percentile (the runs' histograms are not in their reports).
 */
export function mergeHostStats(lists: readonly (readonly HostStats[] | undefined)[]): HostStats[] | undefined {
  if (lists.every((list) => list === undefined)) return undefined;
  const merged = new Map<string, { stats: HostStats; mostResponses: number }>();
  for (const entry of lists.flatMap((list) => list ?? [])) {
    const known = merged.get(entry.host);
    if (known === undefined) {
      merged.set(entry.host, { stats: { ...entry, failures: { ...entry.failures } }, mostResponses: entry.responses });
      continue;
    }
    const into = known.stats;
    into.requests += entry.requests;
    into.retries += entry.retries;
    into.responses += entry.responses;
    for (const kind of HOST_FAILURE_KINDS) into.failures[kind] += entry.failures[kind];
    if (entry.medianMs !== undefined && entry.responses > known.mostResponses) {
      into.medianMs = entry.medianMs;
      known.mostResponses = entry.responses;
    }
    if (entry.p95Ms !== undefined) into.p95Ms = Math.max(into.p95Ms ?? 0, entry.p95Ms);
  }
  return [...merged.values()].map((m) => m.stats).sort((a, b) => b.requests - a.requests || a.host.localeCompare(b.host));
}
