// The SQLite binding: Node's built-in `node:sqlite` (DatabaseSync), loaded on first use.
//
// Loaded lazily with a dynamic import, so that commands which never touch the history start on any Node and the
// module graph never fails to load. Node 22 prints "ExperimentalWarning: SQLite is an experimental feature" when the
// module is first loaded: exactly that warning is silenced here (every other warning still prints).
//
// Only the few methods xxgk-check uses are typed here, structurally: the project's @types/node may predate the
// module, and a structural type keeps this file independent of it.

/** A value SQLite stores or returns. */
export type SqlValue = null | number | bigint | string | Uint8Array;

/** A row as node:sqlite returns it: column name → value. */
export type SqlRow = Record<string, SqlValue>;

export interface SqliteStatement {
  run(...params: SqlValue[]): { changes: number | bigint; lastInsertRowid: number | bigint };
  get(...params: SqlValue[]): SqlRow | undefined;
  all(...params: SqlValue[]): SqlRow[];
  iterate(...params: SqlValue[]): IterableIterator<SqlRow>;
}

export interface SqliteDatabase {
  exec(sql: string): void;
  prepare(sql: string): SqliteStatement;
  close(): void;
}

export interface SqliteOpenOptions {
  readOnly?: boolean;
  /** Milliseconds to wait on a lock held by another connection (Node ≥ 22.16; set by PRAGMA otherwise). */
  timeout?: number;
}

interface SqliteModule {
  DatabaseSync: new (path: string, options?: SqliteOpenOptions) => SqliteDatabase;
}

/** node:sqlite is missing (Node older than 22.13). */
export class SqliteUnavailableError extends Error {
  constructor(readonly nodeVersion: string) {
    super(`node:sqlite is not available in Node ${nodeVersion}`);
    this.name = 'SqliteUnavailableError';
  }
}

let loading: Promise<SqliteModule> | undefined;

/** Whether a warning is node:sqlite's "experimental feature" notice (and nothing else). */
export function isSqliteExperimentalWarning(warning: string | Error, typeOrOptions?: unknown): boolean {
  const message = typeof warning === 'string' ? warning : warning.message;
  let type: unknown = typeof warning === 'string' ? undefined : warning.name;
  if (typeof typeOrOptions === 'string') type = typeOrOptions;
  else if (typeof typeOrOptions === 'object' && typeOrOptions !== null && 'type' in typeOrOptions) type = typeOrOptions.type;
  return type === 'ExperimentalWarning' && /^SQLite is an experimental feature/.test(message);
}

/** The node:sqlite module, loaded once; rejects with SqliteUnavailableError on a Node without it. */
export function loadSqlite(): Promise<SqliteModule> {
  loading ??= (async () => {
    const original = process.emitWarning;
    // Node emits the notice synchronously while it evaluates the module, which happens inside the import below.
    const filtered = function (this: unknown, warning: string | Error, ...rest: unknown[]): void {
      if (isSqliteExperimentalWarning(warning, rest[0])) return;
      // The overloads of emitWarning cannot be named one by one here; the arguments are passed on untouched.
      (original as (...args: unknown[]) => void).call(process, warning, ...rest);
    };
    process.emitWarning = filtered;
    try {
      // A computed specifier: TypeScript does not need the module's declarations, and no bundler pulls it in.
      const specifier = 'node:sqlite';
      return (await import(specifier)) as SqliteModule;
    } catch {
      loading = undefined;
      throw new SqliteUnavailableError(process.versions.node);
    } finally {
      if (process.emitWarning === (filtered as typeof process.emitWarning)) process.emitWarning = original;
    }
  })();
  return loading;
}
