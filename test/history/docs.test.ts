// docs/history.md's availability query runs as written, with Python's sqlite3 module (what an analyst would use)
// and with node:sqlite, on a history a run of the CLI produced.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startHttpServer, type TestServer } from '../helpers/servers.js';
import { goodPage } from '../reliability/hostile-site.js';
import { cli, repoRoot } from '../helpers/cli.js';
import { HAS_SQLITE, rawDatabase, tempDir } from './helpers.js';

const HAS_PYTHON = spawnSync('python3', ['-c', 'import sqlite3'], { encoding: 'utf8' }).status === 0;

/** The SQL block that follows a `<!-- checked by … : NAME -->` marker in docs/history.md. */
function documentedQuery(name: string): string {
  const doc = readFileSync(path.join(repoRoot, 'docs/history.md'), 'utf8');
  const at = doc.indexOf(`: ${name} -->`);
  expect(at, `marker ${name} in docs/history.md`).toBeGreaterThan(0);
  const block = /```sql\n([\s\S]*?)```/.exec(doc.slice(at));
  return block![1]!;
}

describe.runIf(HAS_SQLITE)('docs/history.md queries', () => {
  let server: TestServer;
  let dir: string;
  let cleanup: () => void;
  let db: string;

  beforeAll(async () => {
    ({ dir, cleanup } = tempDir());
    server = await startHttpServer((req, res) => {
      if (req.url === '/down') {
        res.writeHead(503);
        res.end();
        return;
      }
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(goodPage('学校章程', '<p>本页公开学校章程全文及修订说明，供师生和社会公众查阅。</p>'));
    });
    const yaml = path.join(dir, 'c.yaml');
    writeFileSync(
      yaml,
      `schema: 1\ninstitution: 示例大学\nperiod: { from: 2023-09-01, to: 2024-08-31 }\ncategories:\n  - name: 基本信息\n    items:\n` +
        `      - { no: 1, title: 学校章程, url: "${server.url('/up')}" }\n      - { no: 2, title: 学校章程, url: "${server.url('/down')}" }\n`,
    );
    db = path.join(dir, 'h.sqlite');
    for (let round = 0; round < 2; round++) {
      const out = await cli(['run', yaml, '--db', db, '--quiet', '--retries', '0', '--fail-on', 'never']);
      expect(out.code, out.stderr).toBe(0);
    }
  });
  afterAll(async () => {
    await server?.close();
    cleanup?.();
  });

  const expected = [
    { institution: '示例大学', no: 2, probes: 2, failures: 2, availability: 0 },
    { institution: '示例大学', no: 1, probes: 2, failures: 0, availability: 1 },
  ];

  it('availability over the last 7 days, with node:sqlite', () => {
    const raw = rawDatabase(db);
    const rows = raw.prepare(documentedQuery('availability-7d')).all();
    raw.close();
    expect(rows.map(({ institution, no, probes, failures, availability }) => ({ institution, no, probes, failures, availability }))).toEqual(expected);
  });

  it.runIf(HAS_PYTHON)("availability over the last 7 days, with Python's sqlite3", () => {
    const script = [
      'import json, sqlite3, sys',
      'db = sqlite3.connect("file:" + sys.argv[1] + "?mode=ro", uri=True)',
      'db.row_factory = sqlite3.Row',
      'rows = [dict(r) for r in db.execute(sys.stdin.read())]',
      'print(json.dumps(rows, ensure_ascii=False))',
    ].join('\n');
    const py = spawnSync('python3', ['-c', script, db], { input: documentedQuery('availability-7d'), encoding: 'utf8' });
    expect(py.status, py.stderr).toBe(0);
    const rows = JSON.parse(py.stdout) as Record<string, unknown>[];
    expect(rows.map(({ institution, no, probes, failures, availability }) => ({ institution, no, probes, failures, availability }))).toEqual(expected);
  });
});
