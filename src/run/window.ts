// Starting a run's URLs a few at a time, fairly across sites, instead of all at once.
//
// Every started URL holds state until it is done (its fetch, then its page while it is inspected), and V8 sizes its
// heap after what is live: starting all 20,000 URLs of a run up front kept ~180 MB live before the first page came
// back (bench/RESULTS.md). Here at most `total` URLs are under way, at most `perOrigin` of them on one site, and the
// next URL to start is taken round-robin over the sites that have work, so one slow site cannot fill the window
// while the others wait. The fetcher's own overall and per-host limits still decide what is on the wire.

export interface WindowLimits<K = string> {
  /** URLs under way at most, over all sites. */
  total: number;
  /** URLs under way at most on one site (origin). */
  perOrigin: number;
  /** When either aborts, nothing more is started and every URL not yet started resolves to `undefined`. */
  signals?: (AbortSignal | undefined)[];
  /** The site of a key, asked once per key (default: the key is a URL, and its site is its origin). */
  originOf?: (key: K) => string;
}

/** A URL's site: its origin. */
export function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url; // an unparsable URL is its own "site": the fetcher classifies it at once
  }
}

/**
 * Run `start` for every URL, at most `limits.total` at a time, and hand each URL's outcome to `deliver` as it comes
 * (`undefined` when its start rejected, or when a signal aborted before it started). Resolves once every URL has
 * been delivered. A URL is a key: the URL itself, or a number standing for it (`limits.originOf` then gives its
 * site). No promise is made per URL that is waiting: a run of 100,000 URLs keeps one queue entry (the key) per URL
 * not yet started.
 */
export function runInWindow<T, K = string>(
  urls: Iterable<K>,
  start: (url: K) => Promise<T>,
  deliver: (url: K, outcome: T | undefined) => void,
  limits: WindowLimits<K>,
): Promise<void> {
  const siteOf = limits.originOf ?? ((key: K): string => originOf(String(key)));
  const queues = new Map<string, K[]>(); // origin → URLs not started, in order
  let left = 0; // URLs not yet delivered
  for (const url of urls) {
    left += 1;
    const origin = siteOf(url);
    const queue = queues.get(origin);
    if (queue) queue.push(url);
    else queues.set(origin, [url]);
  }
  const running = new Map<string, number>(); // origin → URLs under way
  let underWay = 0;
  let order = [...queues.keys()]; // round-robin ring of origins with URLs left
  let next = 0;
  const stopped = (): boolean => (limits.signals ?? []).some((s) => s?.aborted === true);
  let done!: () => void;
  let fail!: (err: unknown) => void;
  const finished = new Promise<void>((resolve, reject) => {
    done = resolve;
    fail = reject;
  });
  let failed = false;

  // A `deliver` that throws ends the whole window: the promise rejects with its error and nothing more starts (URLs
  // already under way finish unseen).
  const hand = (url: K, outcome: T | undefined): void => {
    if (failed) return;
    left -= 1;
    try {
      deliver(url, outcome);
    } catch (err) {
      failed = true;
      queues.clear();
      order = [];
      fail(err);
      return;
    }
    if (left === 0) done();
  };

  const abandonRest = (): void => {
    const rest = [...queues.values()];
    queues.clear();
    order = [];
    for (const queue of rest) for (const url of queue) hand(url, undefined);
  };

  const pump = (): void => {
    if (stopped()) {
      abandonRest();
      return;
    }
    let skipped = 0;
    while (underWay < limits.total && order.length > 0 && skipped < order.length) {
      if (next >= order.length) next = 0;
      const origin = order[next]!;
      const queue = queues.get(origin)!;
      if ((running.get(origin) ?? 0) >= limits.perOrigin) {
        next += 1;
        skipped += 1;
        continue;
      }
      skipped = 0;
      const url = queue.shift()!;
      if (queue.length === 0) {
        order.splice(next, 1);
        queues.delete(origin);
      } else next += 1;
      running.set(origin, (running.get(origin) ?? 0) + 1);
      underWay += 1;
      void start(url).then(
        (value) => finish(origin, url, value),
        () => finish(origin, url, undefined),
      );
    }
  };

  const finish = (origin: string, url: K, outcome: T | undefined): void => {
    running.set(origin, (running.get(origin) ?? 1) - 1);
    underWay -= 1;
    hand(url, outcome);
    pump();
  };

  if (left === 0) return Promise.resolve();
  for (const signal of limits.signals ?? []) signal?.addEventListener('abort', pump, { once: true });
  pump();
  return finished;
}
