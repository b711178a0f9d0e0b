// Politeness: at most `concurrency` requests in flight overall and `perHost` per origin, with an optional
// minimum gap between request starts to one origin.
//
// A task first waits for its origin's slot, then for an overall slot, so a host with a long queue never
// holds overall slots that other hosts could use. A queued task is one closure in a p-limit queue: no
// timer, no socket, no buffer until it starts.
import pLimit, { type LimitFunction } from 'p-limit';
import type { Fetch } from './layer.js';
import { sleep } from './retry.js';

export interface SchedulerOptions {
  concurrency: number;
  perHost: number;
  delayMs: number;
}

export interface Scheduler {
  /** Run `task` when both a slot for `origin` and an overall slot are free. */
  run<T>(origin: string, task: () => Promise<T>): Promise<T>;
  /** Tasks running now (holding an overall slot). */
  readonly activeCount: number;
}

interface OriginSlots {
  limit: LimitFunction;
  /** Earliest time (ms since epoch) the next request to this origin may start, when delayMs > 0. */
  nextStart: number;
}

export function createScheduler(options: SchedulerOptions): Scheduler {
  const overall = pLimit(Math.max(1, options.concurrency));
  const perHost = Math.max(1, options.perHost);
  const origins = new Map<string, OriginSlots>();
  return {
    run<T>(origin: string, task: () => Promise<T>): Promise<T> {
      let slots = origins.get(origin);
      if (slots === undefined) {
        slots = { limit: pLimit(perHost), nextStart: 0 };
        origins.set(origin, slots);
      }
      const own = slots;
      return own.limit(async () => {
        if (options.delayMs > 0) {
          const now = Date.now();
          const start = Math.max(now, own.nextStart);
          own.nextStart = start + options.delayMs;
          await sleep(start - now);
        }
        return overall(task);
      });
    },
    get activeCount() {
      return overall.activeCount;
    },
  };
}

/** The scheduler layer: each request to `next` waits for a slot of its origin, then an overall slot. */
export function throttled(next: Fetch, scheduler: Scheduler): Fetch {
  return (request) => scheduler.run(request.url.origin, () => next(request));
}
