// Where a run's item results go as they finish, so that memory does not grow with the number of items
// (docs/scale.md "Memory"). A run keeps only small aggregates; the items themselves are in a store:
//
// - `memoryStore()`: in memory, for runs that embed xxgk-check (tests, `review`) — what runChecks uses by default;
// - `createTempStore()`: a temporary SQLite file in os.tmpdir(), removed at the end (also after an error, Ctrl-C or
//   process.exit), for `run` without `--db`;
// - the history database (src/history/session.ts), for `run --db`.
//
// A checklist result whose items live in a store is a *stored result*: its `items` is a getter that reads the
// institution's items from the store each time it is read (one institution at a time, at most a few thousand
// items), and keeps nothing. Read `result.items` once per pass; never spread a stored result (`{ ...result }` reads
// every item into the copy): use `withItems` to derive one.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ChecklistResult, ItemResult } from '../types.js';
import { loadSqlite, type SqliteDatabase, type SqliteStatement } from '../history/sqlite.js';

/** The item results of a run, by checklist (its place in the run) and item position (its place in the checklist). */
export interface ItemStore {
  /** Record an item; recording the same place again replaces it. */
  put(checklistIndex: number, position: number, item: ItemResult): void;
  /** The item recorded at this place, if any. */
  get(checklistIndex: number, position: number): ItemResult | undefined;
  /** The items of one checklist, in checklist order. */
  items(checklistIndex: number): ItemResult[];
  /** Whether `items` reads from outside memory (the results it makes are stored results). */
  readonly external: boolean;
  /** Release the store (a temporary store deletes its file). Idempotent. */
  close(): void;
}

/** Items kept in memory (small runs, tests): the results are plain arrays. */
export function memoryStore(): ItemStore {
  const byChecklist = new Map<number, Map<number, ItemResult>>();
  return {
    external: false,
    put(checklistIndex, position, item) {
      let items = byChecklist.get(checklistIndex);
      if (!items) byChecklist.set(checklistIndex, (items = new Map<number, ItemResult>()));
      items.set(position, item);
    },
    get: (checklistIndex, position) => byChecklist.get(checklistIndex)?.get(position),
    items: (checklistIndex) =>
      [...(byChecklist.get(checklistIndex) ?? new Map<number, ItemResult>())].sort((a, b) => a[0] - b[0]).map(([, item]) => item),
    close() {},
  };
}

/** Items written to commit at once in a temporary store (it needs no durability: it dies with the run). */
const TEMP_BATCH = 256;

/** A SQLite file of the run's own, in a fresh temporary folder of os.tmpdir(). */
export interface TempDatabase {
  readonly sqlite: SqliteDatabase;
  readonly file: string;
  /** Close the database and remove its folder. Idempotent. */
  close(): void;
}

/**
 * A temporary SQLite database (no journal, no sync: it dies with the run) created with `schema`; its folder is
 * removed by `close()`, or at exit at the latest (process.exit on a second Ctrl-C, a crash).
 */
export async function openTempDatabase(prefix: string, schema: string): Promise<TempDatabase> {
  const { DatabaseSync } = await loadSqlite();
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  const file = path.join(dir, 'run.sqlite');
  let removed = false;
  const remove = (): void => {
    if (removed) return;
    removed = true;
    rmSync(dir, { recursive: true, force: true });
  };
  let sqlite: SqliteDatabase | undefined;
  const onExit = (): void => {
    try {
      sqlite?.close();
    } catch {
      // already closed
    }
    remove();
  };
  process.once('exit', onExit);
  try {
    sqlite = new DatabaseSync(file);
    sqlite.exec(`PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA temp_store = MEMORY; ${schema}`);
  } catch (err) {
    process.off('exit', onExit);
    onExit();
    throw err;
  }
  const opened = sqlite;
  let closed = false;
  return {
    sqlite: opened,
    file,
    close() {
      if (closed) return;
      closed = true;
      process.off('exit', onExit);
      try {
        opened.close();
      } finally {
        remove();
      }
    },
  };
}

/** A store in a fresh temporary folder of os.tmpdir(); the folder is removed by `close()`, or at exit at the latest. */
export async function createTempStore(): Promise<ItemStore & { readonly file: string }> {
  const temp = await openTempDatabase(
    'xxgk-check-run-',
    `CREATE TABLE items (checklist_index INTEGER NOT NULL, position INTEGER NOT NULL, result TEXT NOT NULL,
                         PRIMARY KEY (checklist_index, position)) WITHOUT ROWID;`,
  );
  const { sqlite, file } = temp;
  const put: SqliteStatement = sqlite.prepare('INSERT OR REPLACE INTO items (checklist_index, position, result) VALUES (?, ?, ?)');
  const get: SqliteStatement = sqlite.prepare('SELECT result FROM items WHERE checklist_index = ? AND position = ?');
  const all: SqliteStatement = sqlite.prepare('SELECT result FROM items WHERE checklist_index = ? ORDER BY position');
  let pending = 0;
  const commit = (): void => {
    if (pending === 0) return;
    sqlite.exec('COMMIT');
    pending = 0;
  };
  let closed = false;
  return {
    file,
    external: true,
    put(checklistIndex, position, item) {
      if (pending === 0) sqlite.exec('BEGIN');
      put.run(checklistIndex, position, JSON.stringify(item));
      if (++pending >= TEMP_BATCH) commit();
    },
    get(checklistIndex, position) {
      commit();
      const row = get.get(checklistIndex, position);
      return row ? (JSON.parse(String(row.result)) as ItemResult) : undefined;
    },
    items(checklistIndex) {
      commit();
      const items: ItemResult[] = [];
      for (const row of all.iterate(checklistIndex)) items.push(JSON.parse(String(row.result)) as ItemResult);
      return items;
    },
    close() {
      if (closed) return;
      closed = true;
      lastRead = undefined;
      try {
        commit();
      } finally {
        temp.close();
      }
    },
  };
}

const STORED = new WeakSet<ChecklistResult>();

/** Whether the result's items are read from a store on each access. */
export function isStoredResult(result: ChecklistResult): boolean {
  return STORED.has(result);
}

/**
 * The items read last, and whose result they are: a report reads one institution's items several times in a row
 * (its matrix, its gaps, its score), and they are read from the store once for all of these. One institution only.
 */
let lastRead: { result: ChecklistResult; items: ItemResult[] } | undefined;

/** A checklist result whose `items` are `load()`ed when read (see the top of this file). */
export function storedResult(fields: Omit<ChecklistResult, 'items'>, load: () => ItemResult[]): ChecklistResult {
  const result = { ...fields } as ChecklistResult;
  const get = (): ItemResult[] => {
    if (lastRead?.result === result) return lastRead.items;
    const items = load();
    lastRead = { result, items };
    return items;
  };
  Object.defineProperty(result, 'items', { get, enumerable: true, configurable: false });
  STORED.add(result);
  return result;
}

/** The fields of a result but its items, without reading them. */
function fieldsOf(result: ChecklistResult): Omit<ChecklistResult, 'items'> {
  const fields: Partial<ChecklistResult> = {};
  for (const key of Object.keys(result) as (keyof ChecklistResult)[]) {
    if (key !== 'items') (fields as Record<string, unknown>)[key] = result[key];
  }
  return fields as Omit<ChecklistResult, 'items'>;
}

/**
 * A result derived from `result`: its items mapped by `map`, and `changes` to its other fields. A stored result stays
 * stored (the map applies each time its items are read); a plain one is mapped once.
 */
export function withItems(
  result: ChecklistResult,
  map: ((items: ItemResult[]) => ItemResult[]) | undefined,
  changes: Partial<Omit<ChecklistResult, 'items'>> = {},
): ChecklistResult {
  if (!isStoredResult(result)) return { ...result, ...changes, items: map ? map(result.items) : result.items };
  return storedResult({ ...fieldsOf(result), ...changes }, map ? () => map(result.items) : () => result.items);
}
