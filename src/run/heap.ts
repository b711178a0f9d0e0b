// How far V8 lets the heap grow past what is live before it collects garbage, for the long-running commands.
//
// By default V8 grows the old generation to between 1.1 and 4 times what survived the last full collection,
// further the faster a program allocates; a run allocates fast (every page's text, parse and findings die young
// or soon after), so the heap settled at 2.5–3 times its live set: at N = 20,000 pages, ~50 MB live in a
// 120–145 MB heap (docs/scale.md "Memory"). With a fixed growth of 25 % the heap stays within 1.25 times its live
// set, in the crawl and in the reports alike. Measured (docs/scale.md, Memory): at N = 100,000 with --db 25 % took
// V8's heap of the main thread from ~95 to ~69 MB and the document worker's from ~38 to ~31 MB; in paired runs at
// N = 20,000 its CPU stayed within the noise of 75 %'s (the full collections it adds are a small part of a run's
// CPU next to the scavenges of the small young generation). An explicit `node --heap-growing-percent=…` (or in
// NODE_OPTIONS) wins.
import v8 from 'node:v8';

/** The old generation may grow to (1 + HEAP_GROWING_PERCENT / 100) times what is live before a full collection. */
export const HEAP_GROWING_PERCENT = 25;

let applied = false;

/**
 * Keep the heap close to its live set for the rest of the process (run, watch); once per process. Returns the V8
 * flag set, or undefined when none was (already done, or the node command line or NODE_OPTIONS sets it).
 */
export function keepHeapSmall(
  nodeFlags: readonly string[] = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)],
  setFlags: (flags: string) => void = (flags) => v8.setFlagsFromString(flags),
): string | undefined {
  if (applied) return undefined;
  applied = true;
  if (nodeFlags.some((arg) => /^--heap[-_]growing[-_]percent\b/.test(arg))) return undefined;
  const flag = `--heap-growing-percent=${HEAP_GROWING_PERCENT}`;
  setFlags(flag);
  return flag;
}

/** For tests: forget that the flag was set. */
export function resetHeapSetting(): void {
  applied = false;
}
