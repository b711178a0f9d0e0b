// Opening the history database: creation, WAL, migration from an older file, and the files it must refuse
// (another application's, a newer schema, random bytes, a truncated file) without touching them.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { APPLICATION_ID, HistoryError, MIGRATIONS, openHistory, SCHEMA_VERSION } from '../../src/history/index.js';
import { fileHash, HAS_SQLITE, rawDatabase, tempDir } from './helpers.js';
import { repoRoot } from '../helpers/cli.js';

async function refusal(file: string, options: Parameters<typeof openHistory>[1] = {}): Promise<HistoryError> {
  try {
    const db = await openHistory(file, options);
    db.close();
  } catch (err) {
    expect(err).toBeInstanceOf(HistoryError);
    return err as HistoryError;
  }
  throw new Error(`${file} was opened`);
}

describe.runIf(!HAS_SQLITE)('history on a Node without node:sqlite', () => {
  it('says which Node it needs, naming the file, and creates nothing', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const file = path.join(dir, 'never-created', 'history.sqlite');
      const err = await refusal(file);
      expect(err.kind).toBe('unavailable');
      expect(err.message).toContain('22.13');
      expect(err.message).toContain(file);
      expect(existsSync(path.dirname(file))).toBe(false);
    } finally {
      cleanup();
    }
  });
});

describe.runIf(HAS_SQLITE)('history database: open and create', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = tempDir()));
  afterEach(() => cleanup());

  it('creates the file and its folders, marks it as xxgk-check, at the current schema, in WAL mode', async () => {
    const file = path.join(dir, 'a', 'b', 'history.sqlite');
    const db = await openHistory(file);
    db.close();
    expect(existsSync(file)).toBe(true);
    const raw = rawDatabase(file);
    expect(raw.prepare('PRAGMA application_id').get()?.application_id).toBe(APPLICATION_ID);
    expect(raw.prepare('PRAGMA user_version').get()?.user_version).toBe(SCHEMA_VERSION);
    expect(raw.prepare('PRAGMA journal_mode').get()?.journal_mode).toBe('wal');
    const tables = raw.prepare("SELECT name FROM sqlite_schema WHERE type IN ('table', 'view') ORDER BY name").all().map((r) => r.name);
    expect(tables).toEqual(['attachments', 'findings', 'items', 'pages', 'probes', 'redirects', 'runs']);
    raw.close();
  });

  it('opens its own file again without change to its schema', async () => {
    const file = path.join(dir, 'history.sqlite');
    (await openHistory(file)).close();
    const db = await openHistory(file);
    expect(db.schemaVersion).toBe(SCHEMA_VERSION);
    db.close();
  });

  it('migrates a version 1 file forward, keeping its runs', async () => {
    const file = path.join(dir, 'old.sqlite');
    // A file as the first schema left it, made here from step 1 alone.
    const raw = rawDatabase(file);
    raw.exec(MIGRATIONS[0]!.sql);
    raw.exec(`PRAGMA application_id = ${APPLICATION_ID}`);
    raw.exec('PRAGMA user_version = 1');
    raw.exec(`INSERT INTO runs (id, started_at, tool_name, tool_version, options, checklists, checklists_key, complete)
              VALUES (7, '2024-05-01T08:00:00.000Z', 'xxgk-check', '0.0.9', '{}', '[]', '[]', 1)`);
    raw.exec(`INSERT INTO items (id, run_id, checklist_index, position, institution, no, title, category, url, urls, status, checked_at, elapsed_ms, result)
              VALUES (1, 7, 0, 0, '示例大学', 1, '办学规模', '基本信息', 'http://a/', '["http://a/"]', 'pass', '2024-05-01T08:00:01.000Z', 120, '{}')`);
    raw.exec(`INSERT INTO pages (item_id, seq, url, final_url, http_status, outcome, started_at, load_ms, bytes, attempts)
              VALUES (1, 0, 'http://a/', 'http://a/', 200, 'ok', '2024-05-01T08:00:00.880Z', 120, 5000, 1)`);
    raw.close();
    expect(SCHEMA_VERSION).toBeGreaterThan(1);

    const db = await openHistory(file);
    expect(db.schemaVersion).toBe(SCHEMA_VERSION);
    db.close();
    const after = rawDatabase(file);
    expect(after.prepare('PRAGMA user_version').get()?.user_version).toBe(SCHEMA_VERSION);
    expect(after.prepare('SELECT tool_version FROM runs WHERE id = 7').get()?.tool_version).toBe('0.0.9');
    // Version 2's view works on the rows version 1 wrote.
    expect(after.prepare('SELECT institution, no, outcome, load_ms FROM probes').all()).toEqual([
      { institution: '示例大学', no: 1, outcome: 'ok', load_ms: 120 },
    ]);
    after.close();
  });
});

describe.runIf(HAS_SQLITE)('history database: files it refuses and leaves untouched', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = tempDir()));
  afterEach(() => cleanup());

  /** Refused with this kind, named in the message, and byte for byte unchanged with no WAL file left beside it. */
  async function expectRefused(file: string, kind: HistoryError['kind'], lang: 'zh' | 'en' = 'en'): Promise<HistoryError> {
    const before = fileHash(file);
    const err = await refusal(file, { lang, shownAs: 'shown/history.sqlite' });
    expect(err.kind).toBe(kind);
    expect(err.message).toContain('shown/history.sqlite');
    expect(err.message).not.toContain('\n');
    expect(fileHash(file)).toBe(before);
    expect(existsSync(`${file}-wal`)).toBe(false);
    return err;
  }

  it("another application's SQLite file (tables of its own)", async () => {
    const file = path.join(dir, 'app.db');
    const raw = rawDatabase(file);
    raw.exec("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO users VALUES (1, 'x')");
    raw.close();
    const err = await expectRefused(file, 'foreign');
    expect(err.message).toContain('not an xxgk-check history database');
    expect(err.message).toContain('users');
    const zh = await expectRefused(file, 'foreign', 'zh');
    expect(zh.message).toContain('不是 xxgk-check 的历史数据库');
  });

  it("another application's SQLite file (its own application_id)", async () => {
    const file = path.join(dir, 'other.db');
    const raw = rawDatabase(file);
    raw.exec('PRAGMA application_id = 1234');
    raw.close();
    const err = await expectRefused(file, 'foreign');
    expect(err.message).toContain('application_id 1234');
  });

  it('a history written by a newer xxgk-check', async () => {
    const file = path.join(dir, 'newer.sqlite');
    (await openHistory(file)).close();
    const raw = rawDatabase(file);
    raw.exec(`PRAGMA user_version = ${SCHEMA_VERSION + 5}`);
    raw.exec('PRAGMA journal_mode = DELETE');
    raw.close();
    const err = await expectRefused(file, 'newer');
    expect(err.message).toContain(`schema version ${SCHEMA_VERSION + 5}`);
    expect(err.message).toContain('upgrade xxgk-check');
    const zh = await expectRefused(file, 'newer', 'zh');
    expect(zh.message).toContain('更新版本');
  });

  it('random bytes', async () => {
    const file = path.join(dir, 'random.sqlite');
    writeFileSync(file, randomBytes(8192));
    const err = await expectRefused(file, 'corrupt');
    expect(err.message).toContain('damaged or not an SQLite database');
    const zh = await expectRefused(file, 'corrupt', 'zh');
    expect(zh.message).toContain('已损坏');
  });

  it('a text file', async () => {
    const file = path.join(dir, 'notes.sqlite');
    writeFileSync(file, 'institution,no\n示例大学,1\n'.repeat(20));
    await expectRefused(file, 'corrupt');
  });

  it('a history truncated in the middle', async () => {
    const file = path.join(dir, 'cut.sqlite');
    const db = await openHistory(file);
    db.sqlite.exec('PRAGMA wal_checkpoint(TRUNCATE)');
    db.close();
    const raw = rawDatabase(file);
    raw.exec('PRAGMA journal_mode = DELETE');
    raw.close();
    const size = statSync(file).size;
    expect(size).toBeGreaterThan(4096);
    truncateSync(file, Math.floor(size / 2) + 100);
    const err = await expectRefused(file, 'corrupt');
    expect(err.message).toContain('truncated');
  });

  it('reading a file that does not exist creates nothing', async () => {
    const file = path.join(dir, 'none', 'history.sqlite');
    const err = await refusal(file, { readOnly: true });
    expect(err.kind).toBe('missing');
    expect(existsSync(path.dirname(file))).toBe(false);
  });
});

describe.runIf(HAS_SQLITE)('node:sqlite warning', () => {
  it('silences only the SQLite ExperimentalWarning', () => {
    // A fresh process, where node:sqlite has not been loaded yet.
    const script = [
      "const { loadSqlite } = await import('./src/history/sqlite.ts');",
      'await loadSqlite();',
      "process.emitWarning('another experiment', 'ExperimentalWarning');",
      'await new Promise((resolve) => setTimeout(resolve, 50));',
    ].join('\n');
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: repoRoot, encoding: 'utf8' });
    expect(child.status).toBe(0);
    expect(child.stderr).toContain('another experiment');
    expect(child.stderr).not.toContain('SQLite is an experimental feature');
  });
});

