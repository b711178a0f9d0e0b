// Starting a run's URLs a few at a time, fairly across sites, instead of all at once.
//
// Every started URL holds state until it is done (its fetch, then its page while it is inspected), and V8 sizes its
// heap after what is live: starting all 20,000 URLs of a run up front kept ~180 MB live before the first page came
// back (bench/RESULTS.md). Here at most `total` URLs are under way, at most `perOrigin` of them on one site, and the
// next URL to start is taken round-robin over the sites that have work, so one slow site cannot fill the window
// while the others wait. The fetcher's own overall and per-host limits still decide what is on the wire.

export interface WindowLimits {
  /** URLs under way at most, over all sites. */
  total: number;
  /** URLs under way at most on one site (origin). */
  perOrigin: number;
  /** When either aborts, nothing more is started and every URL not yet started resolves to `undefined`. */
  signals?: (AbortSignal | undefined)[];
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url; // an unparsable URL is its own "site": the fetcher classifies it at once
  }
}

/** The promise of each URL's outcome; `start` runs for at most `limits.total` URLs at a time. */
export function startInWindow<T>(
  urls: Iterable<string>,
  start: (url: string) => Promise<T>,
  limits: WindowLimits,
): Map<string, Promise<T | undefined>> {
  const promises = new Map<string, Promise<T | undefined>>();
  const settle = new Map<string, (value: T | undefined) => void>();
  const queues = new Map<string, string[]>(); // origin → URLs not started, in order
  for (const url of urls) {
    promises.set(url, new Promise<T | undefined>((resolve) => settle.set(url, resolve)));
    const origin = originOf(url);
    const queue = queues.get(origin);
    if (queue) queue.push(url);
    else queues.set(origin, [url]);
  }
  const running = new Map<string, number>(); // origin → URLs under way
  let underWay = 0;
  let order = [...queues.keys()]; // round-robin ring of origins with URLs left
  let next = 0;
  const stopped = (): boolean => (limits.signals ?? []).some((s) => s?.aborted === true);

  const abandonRest = (): void => {
    for (const queue of queues.values()) {
      for (const url of queue) settle.get(url)?.(undefined);
      queue.length = 0;
    }
    order = [];
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
      if (queue.length === 0) order.splice(next, 1);
      else next += 1;
      running.set(origin, (running.get(origin) ?? 0) + 1);
      underWay += 1;
      const resolve = settle.get(url)!;
      settle.delete(url);
      void start(url).then(
        (value) => finish(origin, () => resolve(value)),
        () => finish(origin, () => resolve(undefined)),
      );
    }
  };

  const finish = (origin: string, deliver: () => void): void => {
    running.set(origin, (running.get(origin) ?? 1) - 1);
    underWay -= 1;
    deliver();
    pump();
  };

  for (const signal of limits.signals ?? []) signal?.addEventListener('abort', pump, { once: true });
  pump();
  return promises;
}
