// The observing layer: reports each attempt that reaches the network (its host, time, status or failure) to whoever
// listens, as a fact. It sits below the scheduler, so an attempt's time is its own, not its wait for a slot.
import { performance } from 'node:perf_hooks';
import type { AttemptFact } from '../types.js';
import type { Fetch } from './layer.js';

/** Listeners of the attempts of one fetcher; `observe` adds one and returns how to remove it. */
export interface AttemptObservers {
  observe(listener: (attempt: AttemptFact) => void): () => void;
  /** The layer that reports to the listeners. */
  layer(next: Fetch): Fetch;
}

export function attemptObservers(): AttemptObservers {
  const listeners = new Set<(attempt: AttemptFact) => void>();
  return {
    observe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    layer(next) {
      return async (request) => {
        if (listeners.size === 0) return next(request);
        const start = performance.now();
        const outcome = await next(request);
        const fact: AttemptFact = { host: request.url.host, ms: Math.round(performance.now() - start), retry: request.retry > 0 };
        if (outcome.kind === 'response') fact.status = outcome.status;
        else fact.failure = outcome.failure;
        for (const listener of listeners) listener(fact);
        return outcome;
      };
    },
  };
}
