// Helpers for the history tests: whether this Node has node:sqlite, temporary folders, raw SQLite access.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import type { SqliteDatabase } from '../../src/history/sqlite.js';

const require = createRequire(import.meta.url);

/** node:sqlite (Node ≥ 22.13), or undefined on an older Node. */
function sqliteModule(): { DatabaseSync: new (file: string, options?: object) => SqliteDatabase } | undefined {
  try {
    const emit = process.emitWarning;
    process.emitWarning = (() => undefined);
    try {
      return require('node:sqlite') as { DatabaseSync: new (file: string) => SqliteDatabase };
    } finally {
      process.emitWarning = emit;
    }
  } catch {
    return undefined;
  }
}

export const HAS_SQLITE = sqliteModule() !== undefined;

/** Open an SQLite file directly, as another program (or an older xxgk-check) would. */
export function rawDatabase(file: string): SqliteDatabase {
  const mod = sqliteModule();
  if (!mod) throw new Error('node:sqlite is not available');
  return new mod.DatabaseSync(file);
}

export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'xxgk-history-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A file's SHA-256, to prove a refused file was not modified. */
export function fileHash(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}
