// Waiting on a shared AbortSignal at O(1) per waiter.
//
// A run passes one Ctrl-C signal to every fetch, and starts every URL at once (the scheduler holds them), so the
// signal may have tens of thousands of waiters. Node's EventTarget add/removeEventListener walk the listener list,
// which made a 20,000-URL run spend 70 s in them (bench/RESULTS.md). Here each signal gets ONE real listener that
// calls the waiters kept in a Set.

const waiters = new WeakMap<AbortSignal, Set<() => void>>();

/**
 * Call `onAbort` once when `signal` aborts (at once, synchronously, if it already has). Returns a function that
 * stops waiting; calling it after the abort is harmless.
 */
export function whenAborted(signal: AbortSignal, onAbort: () => void): () => void {
  if (signal.aborted) {
    onAbort();
    return () => {};
  }
  let set = waiters.get(signal);
  if (!set) {
    const created = new Set<() => void>();
    set = created;
    waiters.set(signal, created);
    signal.addEventListener(
      'abort',
      () => {
        waiters.delete(signal);
        for (const waiter of created) waiter();
        created.clear();
      },
      { once: true },
    );
  }
  const waiter = (): void => onAbort();
  set.add(waiter);
  const current = set;
  return () => {
    current.delete(waiter);
  };
}
