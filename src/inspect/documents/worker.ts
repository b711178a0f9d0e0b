// The entry of a document-pool worker thread: read one document at a time and answer with the masked summary
// only. Full numbers never leave this thread.
import { setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import { loadReader, readDocument, type ReadResult } from './read.js';
import type { ReadableFormat } from './format.js';

export interface ReadTask {
  id: number;
  bytes: Uint8Array;
  format: ReadableFormat;
  /** Time of the run (ms since the epoch): birth dates after it are not birth dates. */
  now: number;
}

export type ReadReply =
  /** The parser is loaded and reading begins: the time cap counts from here. */
  | { id: number; started: true }
  | { id: number; ok: true; result: ReadResult }
  | { id: number; ok: false; error: string };

/** The first line of an error, at most 200 characters, with any long digit run masked (it might be a number). */
export function safeErrorMessage(err: unknown): string {
  const line = ((err instanceof Error ? err.message : String(err)).split('\n')[0] ?? '').slice(0, 200);
  return line.replace(/\d{11,}[\dXx]?/g, (run) => `${run.slice(0, 4)}${'*'.repeat(run.length - 6)}${run.slice(-2)}`);
}

const port = parentPort;
if (port) {
  // Below the main thread: on a busy machine the fetches go first and the reading waits (on Linux the nice value
  // is per thread; elsewhere this may fail, and the reading simply runs at normal priority).
  try {
    setPriority(10);
  } catch {
    // not allowed here: keep the default priority
  }
  port.on('message', (task: ReadTask) => {
    loadReader(task.format)
      .then(() => {
        port.postMessage({ id: task.id, started: true } satisfies ReadReply);
        return readDocument(task.bytes, task.format, new Date(task.now));
      })
      .then(
        (result) => port.postMessage({ id: task.id, ok: true, result } satisfies ReadReply),
        (err: unknown) => port.postMessage({ id: task.id, ok: false, error: safeErrorMessage(err) } satisfies ReadReply),
      );
  });
}
