// A pool of worker threads that read documents (PDF, XLSX, DOCX, CSV, TXT) off the main event loop, so parsing a
// large PDF never stalls the fetches of other sites. Workers start when first needed, one task each at a time; a
// task that runs over its time cap has its worker terminated (and replaced); a worker that dies (out of memory on
// a zip bomb, a crash in a parser) fails its task only. A worker idle for a while is retired (its heap and its
// parsers given back); the next document starts a new one.
import { availableParallelism } from 'node:os';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ReadableFormat } from './format.js';
import type { ReadResult } from './read.js';
import type { ReadReply, ReadTask } from './worker.js';

export type PoolOutcome =
  | { kind: 'read'; result: ReadResult }
  /** The document could not be parsed (broken file, or the worker died). */
  | { kind: 'failed'; error: string }
  /** Parsing took longer than the time cap. */
  | { kind: 'timeout' };

export interface DocumentPool {
  /** Workers at most. */
  readonly size: number;
  /**
   * Read a document in a worker. `timeoutMs` counts from the moment the worker has its parser loaded and starts
   * reading (not the wait in the queue, nor the worker's start). Never rejects.
   */
  read(bytes: Uint8Array, format: ReadableFormat, options: { timeoutMs: number; now: Date; handOver?: boolean }): Promise<PoolOutcome>;
  /** Workers running now (started and not yet retired). */
  readonly workers: number;
  /** Terminate every worker; tasks still queued or running resolve as failed. */
  close(): Promise<void>;
}

/** One worker per CPU but one (the main thread keeps fetching), at least 1, at most 4 (each may hold a big file). */
export function defaultPoolSize(): number {
  return Math.max(1, Math.min(4, availableParallelism() - 1));
}

/** Heap a worker may use (MB): a workbook that inflates past it kills that worker, not the run. */
const WORKER_HEAP_MB = 768;

/**
 * The young generation of a worker (MB). V8's default for a worker grows the RSS by ~40 MB over a thousand small
 * documents that each leave a little garbage; 8 MB keeps that to ~20 MB. Big documents live in the old generation,
 * which keeps the 768 MB cap; a smaller young generation (4 MB) saved little more and cost more CPU on big
 * workbooks (docs/scale.md, Memory).
 */
const WORKER_YOUNG_MB = 8;

/** How long a worker may stay idle before it is retired (ms): a run with few documents does not keep one all along. */
export const WORKER_IDLE_MS = 15_000;

/**
 * Start one worker. From dist/ it runs worker.js; from the TypeScript sources (vitest, tsx) it registers tsx's
 * loader inside the worker first, since a worker thread does not inherit the parent's loader.
 */
function spawnWorker(): Worker {
  const here = import.meta.url;
  const options = { resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB, maxYoungGenerationSizeMb: WORKER_YOUNG_MB } };
  if (!here.endsWith('.ts')) return new Worker(new URL('./worker.js', here), options);
  const entry = new URL('./worker.ts', here).href;
  // tsx's ESM API, as an `import` would resolve it (require.resolve would give its CommonJS build).
  const tsx = new URL('dist/esm/api/index.mjs', pathToFileURL(createRequire(here).resolve('tsx/package.json'))).href;
  const boot = `import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(entry)}); })`;
  return new Worker(boot, { ...options, eval: true });
}

interface Pending {
  task: ReadTask;
  timeoutMs: number;
  transfer: ArrayBuffer[];
  resolve(outcome: PoolOutcome): void;
}

interface Slot {
  worker: Worker;
  running?: { pending: Pending; timer?: NodeJS.Timeout } | undefined;
  /** Set while the worker waits for a task: retires it when it fires. */
  idleTimer?: NodeJS.Timeout | undefined;
}

/** Longest a worker may take to start and load a parser before its task is given up (ms). */
const START_LIMIT_MS = 120_000;

export function createDocumentPool(size = defaultPoolSize(), options: { idleMs?: number } = {}): DocumentPool {
  const idleMs = options.idleMs ?? WORKER_IDLE_MS;
  const slots = new Set<Slot>();
  const queue: Pending[] = [];
  let nextId = 1;
  let closed = false;

  const finish = (slot: Slot, outcome: PoolOutcome): void => {
    const running = slot.running;
    if (running === undefined) return;
    clearTimeout(running.timer);
    slot.running = undefined;
    slot.worker.unref(); // an idle worker never keeps the process alive
    running.pending.resolve(outcome);
  };

  const retire = (slot: Slot, outcome: PoolOutcome): void => {
    clearTimeout(slot.idleTimer);
    slots.delete(slot);
    finish(slot, outcome);
    void slot.worker.terminate();
    pump();
  };

  const addSlot = (): Slot => {
    const slot: Slot = { worker: spawnWorker() };
    slot.worker.on('message', (reply: ReadReply) => {
      const running = slot.running;
      if (running?.pending.task.id !== reply.id) return;
      if ('started' in reply) {
        clearTimeout(running.timer);
        running.timer = setTimeout(() => retire(slot, { kind: 'timeout' }), running.pending.timeoutMs);
        return;
      }
      finish(slot, reply.ok ? { kind: 'read', result: reply.result } : { kind: 'failed', error: reply.error });
      pump();
      if (slot.running === undefined && slots.has(slot)) waitIdle(slot);
    });
    slot.worker.on('error', (err) => retire(slot, { kind: 'failed', error: (err.message.split('\n')[0] ?? '').slice(0, 200) }));
    slot.worker.on('exit', () => {
      if (slots.has(slot)) retire(slot, { kind: 'failed', error: 'the reader stopped' });
    });
    slot.worker.unref();
    slots.add(slot);
    return slot;
  };

  /** Retire `slot` once it has been idle for idleMs (a task given to it first cancels this). */
  const waitIdle = (slot: Slot): void => {
    clearTimeout(slot.idleTimer);
    slot.idleTimer = setTimeout(() => {
      if (slot.running !== undefined || !slots.has(slot)) return;
      slots.delete(slot);
      void slot.worker.terminate();
    }, idleMs);
    slot.idleTimer.unref(); // the timer never keeps the process alive either
  };

  const start = (slot: Slot, pending: Pending): void => {
    clearTimeout(slot.idleTimer);
    slot.idleTimer = undefined;
    // Until the worker says it started reading, only a generous start limit applies (a worker that never starts).
    const timer = setTimeout(() => retire(slot, { kind: 'failed', error: 'the reader did not start' }), START_LIMIT_MS);
    slot.running = { pending, timer };
    slot.worker.ref();
    slot.worker.postMessage(pending.task, pending.transfer);
  };

  function pump(): void {
    if (closed) return;
    while (queue.length > 0) {
      let idle: Slot | undefined;
      for (const slot of slots) if (slot.running === undefined) idle = slot;
      if (idle === undefined && slots.size < size) idle = addSlot();
      if (idle === undefined) return;
      start(idle, queue.shift()!);
    }
  }

  return {
    size,
    get workers() {
      return slots.size;
    },
    read(bytes, format, options) {
      if (closed) return Promise.resolve({ kind: 'failed', error: 'the reader is closed' });
      // The bytes move to the worker without a copy when the caller hands them over (`handOver`: it will not read
      // them again) and they fill their own ArrayBuffer; otherwise the worker gets a copy.
      const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer;
      const copy = options.handOver === true && whole ? bytes : new Uint8Array(bytes);
      return new Promise<PoolOutcome>((resolve) => {
        queue.push({
          task: { id: nextId++, bytes: copy, format, now: options.now.getTime() },
          timeoutMs: options.timeoutMs,
          transfer: [copy.buffer as ArrayBuffer],
          resolve,
        });
        pump();
      });
    },
    async close() {
      closed = true;
      for (const pending of queue.splice(0)) pending.resolve({ kind: 'failed', error: 'the reader is closed' });
      const all = [...slots];
      slots.clear();
      for (const slot of all) {
        clearTimeout(slot.idleTimer);
        finish(slot, { kind: 'failed', error: 'the reader is closed' });
      }
      await Promise.all(all.map((slot) => slot.worker.terminate()));
    },
  };
}
