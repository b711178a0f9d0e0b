// Opening the history database: create it (and its folders) when absent, check that an existing file is an
// xxgk-check history this version can read, migrate it forward, and switch it to WAL.
//
// A file that is not SQLite, is damaged, belongs to another application or was written by a newer xxgk-check is
// refused with a HistoryError naming it, in the user's language, before anything is written to it.
import { mkdirSync, openSync, readSync, closeSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Lang } from '../types.js';
import { t } from '../i18n.js';
import { HistoryError, type HistoryErrorKind } from '../errors.js';

export { HistoryError, type HistoryErrorKind };
import { APPLICATION_ID, MIGRATIONS, REQUIRED_TABLES, SCHEMA_VERSION } from './schema.js';
import { loadSqlite, SqliteUnavailableError, type SqliteDatabase, type SqlValue } from './sqlite.js';

/** Where `--db` writes when it is given no file. */
export const DEFAULT_HISTORY_PATH = '.xxgk-check/history.sqlite';

/** The message of each kind of HistoryError, in both languages. */
export function historyErrorMessage(kind: HistoryErrorKind, file: string, lang: Lang, detail = ''): string {
  switch (kind) {
    case 'foreign':
      return t(
        lang,
        `${file} 不是 xxgk-check 的历史数据库（它属于别的程序${detail ? `：${detail}` : ''}），未作任何改动；请用 --db 指定另一个文件`,
        `${file} is not an xxgk-check history database (it belongs to another application${detail ? `: ${detail}` : ''}); it was left untouched: give --db another file`,
      );
    case 'newer':
      return t(
        lang,
        `${file} 由更新版本的 xxgk-check 写入（数据库版本 ${detail}，本版本最高支持 ${SCHEMA_VERSION}），未作任何改动；请升级 xxgk-check`,
        `${file} was written by a newer xxgk-check (schema version ${detail}; this version knows up to ${SCHEMA_VERSION}); it was left untouched: upgrade xxgk-check`,
      );
    case 'corrupt':
      return t(
        lang,
        `${file} 已损坏或不是 SQLite 数据库（${detail}），未作任何改动；请从备份恢复，或用 --db 指定另一个文件`,
        `${file} is damaged or not an SQLite database (${detail}); it was left untouched: restore it from a backup or give --db another file`,
      );
    case 'missing':
      return t(lang, `历史数据库 ${file} 不存在`, `the history database ${file} does not exist`);
    case 'unavailable':
      return t(
        lang,
        `历史数据库（${file}）需要 Node.js 22.13 或更高版本（当前为 ${detail}）`,
        `the history database (${file}) needs Node.js 22.13 or later (this is Node ${detail})`,
      );
    case 'failed':
      return t(lang, `无法使用历史数据库 ${file}：${detail}`, `cannot use the history database ${file}: ${detail}`);
  }
}

function historyError(kind: HistoryErrorKind, file: string, lang: Lang, detail = ''): HistoryError {
  return new HistoryError(kind, historyErrorMessage(kind, file, lang, detail), file);
}

/** SQLite's result codes that mean the file is damaged or not a database. */
const SQLITE_CORRUPT = 11;
const SQLITE_NOTADB = 26;

/** An error thrown by node:sqlite as a HistoryError naming the file. */
export function fromSqliteError(err: unknown, file: string, lang: Lang): HistoryError {
  if (err instanceof HistoryError) return err;
  const errcode = typeof err === 'object' && err !== null && 'errcode' in err ? Number(err.errcode) : undefined;
  const detail = err instanceof Error ? err.message.split('\n')[0] ?? '' : String(err);
  // Extended result codes keep the primary code in the low byte (SQLITE_CORRUPT_INDEX = 779, …).
  const primary = errcode === undefined ? undefined : errcode & 0xff;
  if (primary === SQLITE_CORRUPT || primary === SQLITE_NOTADB) return historyError('corrupt', file, lang, detail);
  return historyError('failed', file, lang, detail);
}

export interface OpenHistoryOptions {
  lang?: Lang;
  /** Read only: never create, migrate or write (for `merge` and `--baseline last`). */
  readOnly?: boolean;
  /** The file as the user gave it, for messages (default: the path). */
  shownAs?: string;
}

/** An open history database. */
export class HistoryDb {
  constructor(
    readonly sqlite: SqliteDatabase,
    /** The file as the user gave it, for messages. */
    readonly shownAs: string,
    readonly lang: Lang,
    /** The schema version of the file (after migration when opened for writing). */
    readonly schemaVersion: number,
    readonly readOnly: boolean,
  ) {}

  /** Run `work` in one transaction (BEGIN IMMEDIATE … COMMIT; ROLLBACK when it throws). */
  transaction<T>(work: () => T): T {
    try {
      this.sqlite.exec('BEGIN IMMEDIATE');
    } catch (err) {
      throw fromSqliteError(err, this.shownAs, this.lang);
    }
    try {
      const result = work();
      this.sqlite.exec('COMMIT');
      return result;
    } catch (err) {
      try {
        this.sqlite.exec('ROLLBACK');
      } catch {
        // The transaction may already be gone (SQLite rolls back by itself on some errors).
      }
      throw fromSqliteError(err, this.shownAs, this.lang);
    }
  }

  /** Run a query, turning SQLite's errors into HistoryErrors that name the file. */
  query<T>(work: (sqlite: SqliteDatabase) => T): T {
    try {
      return work(this.sqlite);
    } catch (err) {
      throw fromSqliteError(err, this.shownAs, this.lang);
    }
  }

  close(): void {
    try {
      this.sqlite.close();
    } catch {
      // Closing twice, or after a failed open: nothing to release.
    }
  }
}

/**
 * Look at the 100-byte SQLite header before SQLite does: a file that is not SQLite at all, or shorter than its
 * header says (truncated), is damaged. Returns a description of the damage, or undefined when the header is sound.
 */
function headerDamage(file: string, size: number, lang: Lang): string | undefined {
  if (size === 0) return undefined; // SQLite treats an empty file as an empty database
  const header = Buffer.alloc(100);
  const fd = openSync(file, 'r');
  let read: number;
  try {
    read = readSync(fd, header, 0, 100, 0);
  } finally {
    closeSync(fd);
  }
  if (read < 100 || header.toString('latin1', 0, 16) !== 'SQLite format 3\u0000') {
    return t(lang, '文件开头不是 SQLite 文件头', 'the file does not start with an SQLite header');
  }
  const rawPageSize = header.readUInt16BE(16);
  const pageSize = rawPageSize === 1 ? 65536 : rawPageSize;
  if (pageSize < 512 || (pageSize & (pageSize - 1)) !== 0) {
    return t(lang, `页大小 ${rawPageSize} 无效`, `invalid page size ${rawPageSize}`);
  }
  const changeCounter = header.readUInt32BE(24);
  const pageCount = header.readUInt32BE(28);
  const validFor = header.readUInt32BE(92);
  // The page count in the header is only meaningful when it was written by SQLite 3.7.0 or later.
  if (changeCounter === validFor && pageCount > 0 && size < pageCount * pageSize) {
    return t(lang, `文件被截断：应有 ${pageCount * pageSize} 字节，实有 ${size} 字节`, `the file is truncated: ${size} bytes of ${pageCount * pageSize}`);
  }
  if (size % pageSize !== 0) {
    return t(lang, `文件长度 ${size} 不是页大小 ${pageSize} 的整数倍（被截断）`, `the file length ${size} is not a whole number of ${pageSize}-byte pages (truncated)`);
  }
  return undefined;
}

function integerOf(value: SqlValue | undefined): number {
  return typeof value === 'number' ? value : typeof value === 'bigint' ? Number(value) : 0;
}

/**
 * Open (or create) the history database at `file`. Rejects with a HistoryError naming the file when it cannot be
 * used; such a file is never written to.
 */
export async function openHistory(file: string, options: OpenHistoryOptions = {}): Promise<HistoryDb> {
  const lang = options.lang ?? 'en';
  const shownAs = options.shownAs ?? file;
  const readOnly = options.readOnly ?? false;

  // First: on a Node without node:sqlite nothing is created (not even the folder).
  let sqliteModule;
  try {
    sqliteModule = await loadSqlite();
  } catch (err) {
    if (err instanceof SqliteUnavailableError) throw historyError('unavailable', shownAs, lang, err.nodeVersion);
    throw err;
  }

  let size: number | undefined;
  try {
    const info = statSync(file);
    if (!info.isFile()) throw historyError('failed', shownAs, lang, t(lang, '不是普通文件', 'not a regular file'));
    size = info.size;
  } catch (err) {
    if (err instanceof HistoryError) throw err;
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw historyError('failed', shownAs, lang, (err as Error).message);
  }
  if (size === undefined && readOnly) throw historyError('missing', shownAs, lang);
  if (size !== undefined) {
    let damage: string | undefined;
    try {
      damage = headerDamage(file, size, lang);
    } catch (err) {
      throw historyError('failed', shownAs, lang, (err as Error).message);
    }
    if (damage !== undefined) throw historyError('corrupt', shownAs, lang, damage);
  } else {
    try {
      mkdirSync(path.dirname(file), { recursive: true });
    } catch (err) {
      throw historyError('failed', shownAs, lang, (err as Error).message);
    }
  }

  let sqlite: SqliteDatabase;
  try {
    sqlite = new sqliteModule.DatabaseSync(file, readOnly ? { readOnly: true } : {});
  } catch (err) {
    throw fromSqliteError(err, shownAs, lang);
  }
  try {
    const db = inspectAndMigrate(sqlite, shownAs, lang, readOnly);
    return db;
  } catch (err) {
    try {
      sqlite.close();
    } catch {
      // already closed
    }
    throw fromSqliteError(err, shownAs, lang);
  }
}

function inspectAndMigrate(sqlite: SqliteDatabase, shownAs: string, lang: Lang, readOnly: boolean): HistoryDb {
  // Wait for another writer (a second run, a watch) instead of failing at once.
  sqlite.exec('PRAGMA busy_timeout = 10000');
  const applicationId = integerOf(sqlite.prepare('PRAGMA application_id').get()?.application_id);
  const userVersion = integerOf(sqlite.prepare('PRAGMA user_version').get()?.user_version);
  const tables = sqlite
    .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    .all()
    .map((row) => String(row.name));

  if (applicationId === 0 && userVersion === 0) {
    if (tables.length > 0) {
      throw historyError('foreign', shownAs, lang, t(lang, `表：${tables.slice(0, 5).join('、')}`, `tables: ${tables.slice(0, 5).join(', ')}`));
    }
    if (readOnly) throw historyError('foreign', shownAs, lang, t(lang, '空数据库', 'an empty database'));
  } else if (applicationId !== APPLICATION_ID) {
    throw historyError('foreign', shownAs, lang, `application_id ${applicationId}`);
  } else if (userVersion > SCHEMA_VERSION) {
    throw historyError('newer', shownAs, lang, String(userVersion));
  } else {
    const missing = REQUIRED_TABLES.filter((name) => !tables.includes(name));
    if (missing.length > 0) {
      throw historyError('corrupt', shownAs, lang, t(lang, `缺少表：${missing.join('、')}`, `missing tables: ${missing.join(', ')}`));
    }
  }

  if (readOnly) return new HistoryDb(sqlite, shownAs, lang, userVersion, true);

  // WAL: readers (a history report, a merge) see the last committed state while a run writes. NORMAL sync: a
  // killed process loses no committed item; a power cut may lose the last few commits but never corrupts the file.
  sqlite.exec('PRAGMA journal_mode = WAL');
  sqlite.exec('PRAGMA synchronous = NORMAL');
  // Migrations run with foreign keys off (a step that rebuilds a table must not cascade its drop), then on.
  sqlite.exec('PRAGMA foreign_keys = OFF');
  const db = new HistoryDb(sqlite, shownAs, lang, SCHEMA_VERSION, false);
  migrate(db);
  sqlite.exec('PRAGMA foreign_keys = ON');
  return db;
}

/** Run every migration step above the file's version, each in its own transaction. */
export function migrate(db: HistoryDb): void {
  for (const step of MIGRATIONS) {
    db.transaction(() => {
      // Read inside the transaction: another process may have migrated the file meanwhile.
      const current = integerOf(db.sqlite.prepare('PRAGMA user_version').get()?.user_version);
      if (current >= step.version) return;
      db.sqlite.exec(step.sql);
      if (current === 0) db.sqlite.exec(`PRAGMA application_id = ${APPLICATION_ID}`);
      db.sqlite.exec(`PRAGMA user_version = ${step.version}`);
    });
  }
}
