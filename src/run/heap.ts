// How far V8 lets the heap grow past what is live before it collects garbage, for the long-running commands.
//
// By default V8 grows the old generation to between 1.1 and 4 times what survived the last full collection,
// further the faster a program allocates; a run allocates fast (every page's text, parse and findings die young
// or soon after), so the heap settled at 2.5–3 times its live set: at N = 20,000 pages, ~50 MB live in a
// 120–145 MB heap (docs/scale.md "Memory"). With a fixed growth of 75 % the heap stays within 1.75 times its live
// set. Measured at N = 20,000 (docs/scale.md): 75 % keeps the CPU of V8's default within noise and ~90 MB less
// peak RSS; 25 % saved ~30 MB more but cost ~15 % more CPU (more full collections). An explicit
// `node --heap-growing-percent=…` (or in NODE_OPTIONS) wins.
import v8 from 'node:v8';

/** The old generation may grow to (1 + HEAP_GROWING_PERCENT / 100) times what is live before a full collection. */
export const HEAP_GROWING_PERCENT = 75;

/**
 * The growth while the reports are written (`heapForPhase('report')`). The report phase allocates fast and keeps
 * little (one institution's items at a time), on top of everything the run keeps: at N = 100,000 its heap swung
 * between ~65 and ~130 MB with 75 %, which put the run's peak RSS there (272–290 MB against a crawl of ~268);
 * with 25 % it stayed at 255–261 MB, under the crawl. It costs CPU: ~6 % at N = 20,000 with --db, where it saves
 * nothing (the crawl is that run's peak) — docs/scale.md, Memory.
 */
export const REPORT_HEAP_GROWING_PERCENT = 25;

let applied = false;
/** How keepHeapSmall set the flag, when it did: heapForPhase changes it the same way (tests pass their own). */
let owned: ((flags: string) => void) | undefined;

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
  owned = setFlags;
  return flag;
}

/**
 * The heap growth for what the process does next: checking pages (`crawl`, HEAP_GROWING_PERCENT) or writing the
 * reports (`report`, REPORT_HEAP_GROWING_PERCENT). Only when keepHeapSmall set the growth: a growth the user gave
 * (or none set, as in a library) is left alone. Returns the flag set, or undefined.
 */
export function heapForPhase(phase: 'crawl' | 'report'): string | undefined {
  if (owned === undefined) return undefined;
  const flag = `--heap-growing-percent=${phase === 'report' ? REPORT_HEAP_GROWING_PERCENT : HEAP_GROWING_PERCENT}`;
  owned(flag);
  return flag;
}

/** For tests: forget that the flag was set. */
export function resetHeapSetting(): void {
  applied = false;
  owned = undefined;
}
