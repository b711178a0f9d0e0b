// `run --db`, `--resume`, `--baseline last` and `merge` of history databases, through the real CLI against local
// servers; the resume case kills a real child process with SIGKILL in the middle of a run.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startHttpServer, type TestServer } from '../helpers/servers.js';
import { goodPage } from '../reliability/hostile-site.js';
import { cli, repoRoot } from '../helpers/cli.js';
import { openHistory } from '../../src/history/index.js';
import { fileHash, HAS_SQLITE, rawDatabase, tempDir } from './helpers.js';

const ITEMS = 40;
const TITLES = ['学校章程', '招生章程', '财务制度', '收费项目', '人事招聘'];

function checklistYaml(server: TestServer, count = ITEMS, institution = '示例大学'): string {
  const lines = [`schema: 1`, `institution: ${institution}`, `period: { from: 2023-09-01, to: 2024-08-31 }`, `categories:`, `  - name: 基本信息`, `    items:`];
  for (let no = 1; no <= count; no++) lines.push(`      - { no: ${no}, title: ${TITLES[no % TITLES.length]}, url: "${server.url(`/p${no}`)}" }`);
  return `${lines.join('\n')}\n`;
}

describe.runIf(HAS_SQLITE)('run --db through the CLI', () => {
  let server: TestServer;
  let dir: string;
  let cleanup: () => void;
  /** Requests per path. */
  const requests = new Map<string, number>();
  let delayMs = 0;

  beforeAll(async () => {
    ({ dir, cleanup } = tempDir());
    server = await startHttpServer((req, res) => {
      const url = req.url ?? '/';
      requests.set(url, (requests.get(url) ?? 0) + 1);
      const no = Number(url.replace(/\D/g, '')) || 1;
      setTimeout(() => {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(goodPage(TITLES[no % TITLES.length]!, `<p>第 ${no} 号文件：${"本页正文内容".repeat(no % 7 + 3)}，编号 ${no * 7919}。</p>`));
      }, delayMs);
    });
  });
  afterAll(async () => {
    await server?.close();
    cleanup?.();
  });

  it('records a run; --baseline last compares with it; merge reads the database', async () => {
    const yaml = path.join(dir, 'small.yaml');
    writeFileSync(yaml, checklistYaml(server, 5));
    const db = path.join(dir, 'nested', 'h.sqlite');
    const first = await cli(['run', yaml, '--db', db, '--quiet', '--no-attachments', '--format', 'json']);
    expect(first.code, first.stderr).toBe(0);
    const raw = rawDatabase(db);
    expect(raw.prepare('SELECT id, complete FROM runs').all()).toEqual([{ id: 1, complete: 1 }]);
    expect(raw.prepare('SELECT count(*) AS n FROM items').get()?.n).toBe(5);
    raw.close();

    const second = await cli(['run', yaml, '--db', db, '--baseline', 'last', '--quiet', '--no-attachments', '--format', 'json']);
    expect(second.code, second.stderr).toBe(0);
    const report = JSON.parse(second.stdout) as { baseline: { file: string; changes: { unchanged: number } } };
    expect(report.baseline.file).toBe(`${db} #1`);
    expect(report.baseline.changes.unchanged).toBe(5);

    const merged = await cli(['merge', db, '--format', 'json']);
    expect(merged.code, merged.stderr).toBe(0);
    const run = JSON.parse(merged.stdout) as { results: { items: unknown[] }[]; startedAt: string };
    expect(run.results[0]!.items).toHaveLength(5);
    // The latest complete run: the second one.
    expect(run.startedAt).toBe((JSON.parse(second.stdout) as { startedAt: string }).startedAt);
  });

  it('refuses a database that is not its own, naming it, and leaves it untouched', async () => {
    const yaml = path.join(dir, 'small.yaml');
    const foreign = path.join(dir, 'app.db');
    const raw = rawDatabase(foreign);
    raw.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)');
    raw.close();
    const before = fileHash(foreign);
    const before0 = requests.size;
    const out = await cli(['run', yaml, '--db', foreign, '--quiet'], { LANG: 'zh_CN.UTF-8' });
    expect(out.code).toBe(2);
    expect(out.stderr).toContain(`${foreign} 不是 xxgk-check 的历史数据库`);
    expect(fileHash(foreign)).toBe(before);
    expect(requests.size).toBe(before0);
    const merged = await cli(['merge', foreign]);
    expect(merged.code).toBe(2);
    expect(merged.stderr).toContain(`${foreign} is not an xxgk-check history database`);
  });

  it('--resume and --baseline last need --db', async () => {
    const yaml = path.join(dir, 'small.yaml');
    expect((await cli(['run', yaml, '--resume'])).stderr).toContain('--resume needs --db');
    expect((await cli(['run', yaml, '--baseline', 'last'])).stderr).toContain('--baseline last needs --db');
  });

  it('after kill -9 in the middle, --resume checks only what was not recorded, and the reports cover every item', async () => {
    const yaml = path.join(dir, 'slow.yaml');
    writeFileSync(yaml, checklistYaml(server));
    const db = path.join(dir, 'resume.sqlite');
    requests.clear();
    delayMs = 250;
    const child = spawn(
      process.execPath,
      [path.join(repoRoot, 'bin/xxgk-check.js'), 'run', yaml, '--db', db, '--quiet', '--no-attachments', '-c', '2', '--per-host', '2', '--format', 'json'],
      { cwd: dir, env: { PATH: process.env.PATH, LANG: 'C', NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let childErr = '';
    child.stderr.on('data', (d: Buffer) => (childErr += d.toString()));
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('close', (_code, signal) => resolve(signal)));

    // Wait until some items are recorded (read while the child writes: WAL), then kill it without warning.
    let recorded = 0;
    const deadline = Date.now() + 30_000;
    while (recorded < 8 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 40));
      try {
        const reader = await openHistory(db, { readOnly: true });
        recorded = Number(reader.sqlite.prepare('SELECT count(*) AS n FROM items').get()?.n);
        reader.close();
      } catch {
        // Not created yet.
      }
    }
    child.kill('SIGKILL');
    expect(await exited, childErr).toBe('SIGKILL');
    expect(recorded).toBeGreaterThanOrEqual(8);

    // What the killed run left: an incomplete run, and the URLs of the items it had recorded.
    const raw = rawDatabase(db);
    const firstRun = raw.prepare('SELECT id, complete, finished_at FROM runs').all();
    const done = raw.prepare('SELECT url FROM items WHERE run_id = 1').all().map((row) => new URL(String(row.url)).pathname);
    raw.close();
    expect(firstRun).toEqual([{ id: 1, complete: 0, finished_at: null }]);
    expect(done.length).toBeGreaterThanOrEqual(8);
    expect(done.length).toBeLessThan(ITEMS);

    delayMs = 0;
    const html = path.join(dir, 'resumed.html');
    const resumed = await cli(['run', yaml, '--db', db, '--resume', '--quiet', '--no-attachments', '--format', 'json', '-o', html], { LANG: 'C' }, dir);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toContain(`${done.length} items already checked, not requested again`);
    // Each URL whose item had been recorded was requested exactly once in all.
    for (const pathname of done) expect(requests.get(pathname), pathname).toBe(1);
    // Every URL was requested (the others in the second part).
    for (let no = 1; no <= ITEMS; no++) expect(requests.get(`/p${no}`), `/p${no}`).toBeGreaterThanOrEqual(1);

    const report = JSON.parse(resumed.stdout) as {
      complete: boolean;
      resumed: { parts: { items: number; complete: boolean; startedAt: string }[] };
      results: { items: { no: number; checkedAt: string; status: string }[] }[];
    };
    expect(report.complete).toBe(true);
    expect(report.results[0]!.items.map((i) => i.no)).toEqual(Array.from({ length: ITEMS }, (_, i) => i + 1));
    expect(report.results[0]!.items.every((i) => i.status === 'pass')).toBe(true);
    expect(report.resumed.parts.map((p) => [p.items, p.complete])).toEqual([
      [done.length, false],
      [ITEMS - done.length, true],
    ]);
    const page = readFileSync(html, 'utf8');
    expect(page).toContain('This run was interrupted and resumed; it was checked in 2 parts');

    // The terminal report says so too; a second --resume finds nothing left to resume.
    const again = await cli(['run', yaml, '--db', db, '--resume', '--quiet', '--no-attachments'], { LANG: 'zh_CN.UTF-8' }, dir);
    expect(again.stderr).toContain('没有这些清单的未完成检查可续查');
    const reader = await openHistory(db, { readOnly: true });
    const runs = reader.sqlite.prepare('SELECT id, complete, resumed_from FROM runs ORDER BY id').all();
    reader.close();
    expect(runs).toEqual([
      { id: 1, complete: 0, resumed_from: null },
      { id: 2, complete: 1, resumed_from: 1 },
      { id: 3, complete: 1, resumed_from: null },
    ]);
  }, 60_000);
});
