// The REAL CLI (bin/xxgk-check.js, built into dist/ by test/global-setup.ts) running `watch` as a child process:
// the test reads the same history database again and again while the watch writes it (WAL, busy_timeout), polls the
// -o report, then ends the watch with SIGINT or SIGTERM and finds the database intact and every round recorded.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/cli.js';
import { startHttpServer, type TestServer } from '../helpers/servers.js';
import { goodPage } from '../reliability/hostile-site.js';
import { HAS_SQLITE, rawDatabase, tempDir } from '../history/helpers.js';
import { itemAvailability, openHistory, readRun } from '../../src/history/index.js';
import { EXIT } from '../../src/errors.js';

const ITEMS = 12;

interface Exit {
  code: number | null;
  stdout: string;
  stderr: string;
}

describe.runIf(HAS_SQLITE)('watch as a child process', () => {
  let server: TestServer;
  let dir: string;
  let cleanup: () => void;
  let requests = 0;
  /** Children still running (a failed test must not leave a watch behind). */
  const running = new Set<() => void>();

  beforeAll(async () => {
    ({ dir, cleanup } = tempDir());
    server = await startHttpServer((req, res) => {
      requests += 1;
      if (req.url === '/hang') return; // never answers
      const no = Number((req.url ?? '').replace(/\D/g, ''));
      // 60 ms a page, two at a time: a round of 12 items takes ~0.4 s, so reads often meet a round in progress.
      setTimeout(() => {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        // Each page its own text: pages alike would be EMPTY_PAGE by the cross-page pass.
        res.end(goodPage('学校章程', `<p>第 ${no} 号文件：${'学校章程全文，经教育部核准后发布施行。'.repeat(no)}编号 ${no * 7919}。</p>`));
      }, 60);
    });
  });
  afterEach(() => {
    for (const stop of running) stop();
    running.clear();
  });
  afterAll(async () => {
    await server?.close();
    cleanup?.();
  });

  function startWatch(
    db: string,
    report: string,
    paths = Array.from({ length: ITEMS }, (_, i) => `/p${i + 1}`),
  ): { exited: Promise<Exit>; kill: (signal: NodeJS.Signals) => void; stdout: () => string } {
    const yaml = path.join(dir, 'c.yaml');
    const items = paths.map((page, i) => `      - { no: ${i + 1}, title: 学校章程, url: "${server.url(page)}" }`);
    writeFileSync(yaml, `schema: 1\ninstitution: 示例大学\ncategories:\n  - name: 基本信息\n    items:\n${items.join('\n')}\n`);
    const child = spawn(
      process.execPath,
      [
        path.join(repoRoot, 'bin/xxgk-check.js'),
        'watch', 'c.yaml', '--every', '1s', `--db=${db}`, '-o', report,
        '--concurrency', '2', '--per-host', '2', '--no-attachments', '--control-url', 'none', '--lang', 'en',
      ],
      { cwd: dir, env: { PATH: process.env.PATH, LANG: 'C', NO_COLOR: '1', CI: 'true', XXGK_CHECK_NO_DEFAULT_CONTROL: '1' }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<Exit>((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
    const stop = (): void => void child.kill('SIGKILL');
    running.add(stop);
    void exited.then(() => running.delete(stop));
    return { exited, kill: (signal) => child.kill(signal), stdout: () => stdout };
  }

  it('a history read while a watch writes gets consistent answers and never SQLITE_BUSY; SIGINT ends the watch cleanly', { timeout: 60_000 }, async () => {
    const db = path.join(dir, 'h.sqlite');
    const report = path.join(dir, 'r.json');
    const watch = startWatch(db, report);
    // Wait for the first round's line.
    for (let i = 0; i < 200 && !/ round 1: /.test(watch.stdout()); i++) await sleep(100);
    expect(watch.stdout()).toMatch(/ round 1: 12 items, 0 not opened/);

    // One connection held open for the whole time (as a history report would be), and a fresh one for each read.
    const held = await openHistory(db, { readOnly: true });
    let reads = 0;
    let sawRoundInProgress = false;
    let lastProbes = 0;
    const reportStarts = new Set<string>();
    const until = Date.now() + 3000;
    try {
      while (Date.now() < until) {
        for (const history of [held, await openHistory(db, { readOnly: true })]) {
          // One snapshot: every figure below comes from the same committed state of the file.
          history.sqlite.exec('BEGIN');
          try {
            const pages = Number(history.sqlite.prepare('SELECT count(*) AS n FROM pages').get()?.n);
            const availability = itemAvailability(history);
            const probes = availability.reduce((n, item) => n + item.probes, 0);
            expect(probes).toBe(pages);
            for (const item of availability) expect(item).toMatchObject({ failures: 0, availability: 1 });
            // Probes only grow: a reader never sees a round go back.
            expect(probes).toBeGreaterThanOrEqual(lastProbes);
            lastProbes = probes;
            const runs = history.sqlite.prepare('SELECT id, complete FROM runs ORDER BY id').all();
            for (const row of runs) {
              const run = readRun(history, Number(row.id));
              const items = run.results[0]!.items;
              if (row.complete === 1) expect(items).toHaveLength(ITEMS);
              else {
                expect(items.length).toBeLessThanOrEqual(ITEMS);
                if (items.length > 0 && items.length < ITEMS) sawRoundInProgress = true;
              }
              for (const item of items) expect(item.status, `run ${String(row.id)} item ${item.no}`).toBe('pass');
            }
          } finally {
            history.sqlite.exec('COMMIT');
            if (history !== held) history.close();
          }
          reads += 1;
        }
        // The report is replaced atomically: it always parses, and it is always a whole round.
        const json = JSON.parse(readFileSync(report, 'utf8')) as { startedAt: string; complete: boolean; results: { items: unknown[] }[] };
        expect(json.complete).toBe(true);
        expect(json.results[0]!.items).toHaveLength(ITEMS);
        reportStarts.add(json.startedAt);
        await sleep(20);
      }
    } finally {
      held.close();
    }
    expect(reads).toBeGreaterThan(10);
    expect(reportStarts.size).toBeGreaterThanOrEqual(2); // rewritten after each round
    // Not a pass criterion (it depends on the machine's speed), but say when the reads never met a round in progress.
    if (!sawRoundInProgress) console.warn('watch-process: no read met a round in progress');

    watch.kill('SIGINT');
    const exit = await watch.exited;
    expect(exit.code, exit.stderr).toBe(EXIT.interrupted);
    expect(exit.stderr).toContain('Interrupted: ending the watch');
    const rounds = exit.stdout.split('\n').filter((line) => / round \d+: /.test(line)).length;
    expect(exit.stdout).toContain(`Watch interrupted: ${rounds} rounds over`);
    expect(exit.stdout).toContain('0 items unreachable so far');

    // The database is intact, every round a run, every run closed (the last one incomplete if the signal came mid-round).
    const raw = rawDatabase(db);
    try {
      expect(raw.prepare('PRAGMA integrity_check').get()?.integrity_check).toBe('ok');
      const runs = raw.prepare('SELECT id, complete, finished_at FROM runs ORDER BY id').all();
      expect(runs).toHaveLength(rounds);
      for (const run of runs.slice(0, -1)) expect(run.complete).toBe(1);
      for (const run of runs) expect(run.finished_at).not.toBeNull();
      const items = Number(raw.prepare('SELECT count(*) AS n FROM items').get()?.n);
      // Every item recorded was requested once (no retry), and nothing was requested after the watch ended.
      expect(requests).toBe(items);
    } finally {
      raw.close();
    }
  });

  it('SIGTERM in the middle of a round: what was checked is recorded, the run marked incomplete, the report written', { timeout: 60_000 }, async () => {
    const db = path.join(dir, 'term.sqlite');
    const report = path.join(dir, 'term.json');
    const watch = startWatch(db, report);
    // Signal in round 1, once its signal handlers are set (the header is printed) and a few pages were requested.
    for (let i = 0; i < 300 && !watch.stdout().includes('Unreachable:'); i++) await sleep(20);
    const before = requests;
    for (let i = 0; i < 300 && requests - before < 4; i++) await sleep(10);
    watch.kill('SIGTERM');
    const exit = await watch.exited;
    expect(exit.code, exit.stderr).toBe(EXIT.interrupted);
    expect(exit.stderr).toContain('Terminated (SIGTERM): ending the watch');
    expect(exit.stderr).not.toContain('Ctrl-C again');
    expect(exit.stdout).toMatch(/ round 1: stopped at \d+\/12, 0 not opened │ unreachable: 0/);
    expect(exit.stdout).toContain('Watch interrupted: 1 round over');
    const json = JSON.parse(readFileSync(report, 'utf8')) as { complete: boolean; results: { items: { status: string }[] }[] };
    expect(json.complete).toBe(false);
    // The report lists all 12 items, those not reached as `unchecked`; the history records only the ones checked.
    const items = json.results[0]!.items;
    expect(items).toHaveLength(12);
    const checked = items.filter((item) => item.status !== 'unchecked').length;
    expect(checked).toBeLessThan(12);
    const raw = rawDatabase(db);
    try {
      expect(raw.prepare('SELECT complete FROM runs').all()).toEqual([{ complete: 0 }]);
      expect(Number(raw.prepare('SELECT count(*) AS n FROM items').get()?.n)).toBe(checked);
    } finally {
      raw.close();
    }
  });

  it('a second Ctrl-C quits at once, without waiting for the page in flight', { timeout: 60_000 }, async () => {
    const db = path.join(dir, 'twice.sqlite');
    const watch = startWatch(db, path.join(dir, 'twice.json'), ['/hang']);
    const before = requests;
    for (let i = 0; i < 500 && requests === before; i++) await sleep(20);
    watch.kill('SIGINT');
    await sleep(300);
    watch.kill('SIGINT');
    const exit = await watch.exited;
    expect(exit.code).toBe(EXIT.interrupted);
    expect(exit.stderr).toContain('(Ctrl-C again to quit now)');
    // The first Ctrl-C alone would wait 2 s for the page, then end the round and print the summary.
    expect(exit.stdout).not.toContain('Watch interrupted');
    // What was recorded stays readable: the round's run, still open.
    const raw = rawDatabase(db);
    try {
      expect(raw.prepare('SELECT complete, finished_at FROM runs').all()).toEqual([{ complete: 0, finished_at: null }]);
    } finally {
      raw.close();
    }
  });
});
