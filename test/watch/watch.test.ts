// `xxgk-check watch` through the CLI in-process, against local servers: rounds recorded in the history, one attempt
// per probe, the load limit, the -o reports rewritten after each round, rounds made while this machine is offline,
// --for, bad input. (Signals and a reader of the database while a watch writes: watch-process.test.ts.)
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { startHttpServer, type TestServer } from '../helpers/servers.js';
import { goodPage } from '../reliability/hostile-site.js';
import { HAS_SQLITE, rawDatabase, tempDir } from '../history/helpers.js';
import { itemAvailability, latestCompleteRun, openHistory } from '../../src/history/index.js';
import { EXIT } from '../../src/errors.js';

/** The fast settings of every watch here: no attachments, no control probe unless a test gives one, no colour. */
const QUIET = ['--no-attachments', '--quiet', '--lang', 'en', '--tz', 'UTC'];

function checklistYaml(urls: readonly string[]): string {
  const items = urls.map((url, i) => `      - { no: ${i + 1}, title: 学校章程, url: "${url}" }`);
  return `schema: 1\ninstitution: 示例大学\ncategories:\n  - name: 基本信息\n    items:\n${items.join('\n')}\n`;
}

/** The round lines of a watch's output. */
function roundLines(stdout: string): string[] {
  return stdout.split('\n').filter((line) => / round \d+: /.test(line));
}

describe.runIf(HAS_SQLITE)('watch', () => {
  let server: TestServer;
  let dir: string;
  let cleanup: () => void;
  /** Requests per path. */
  const requests = new Map<string, number>();
  /** What the JSON report said (its startedAt) when each round's first request came; undefined: no report yet. */
  const reportAtRound: (string | undefined)[] = [];
  let reportFile = '';

  beforeAll(async () => {
    ({ dir, cleanup } = tempDir());
    server = await startHttpServer((req, res) => {
      const url = req.url ?? '/';
      requests.set(url, (requests.get(url) ?? 0) + 1);
      if (url === '/first') {
        reportAtRound.push(existsSync(reportFile) ? (JSON.parse(readFileSync(reportFile, 'utf8')) as { startedAt: string }).startedAt : undefined);
      }
      if (url === '/fail') {
        res.writeHead(503, { 'content-type': 'text/html; charset=utf-8' }).end('<html><body>Service Unavailable</body></html>');
        return;
      }
      // /slow answers long after the load limit of the test (2.5 s; wide, so that a loaded machine does not make a
      // quick page miss it).
      setTimeout(() => {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(goodPage('学校章程', '<p>学校章程全文，经教育部核准后发布施行。</p>'));
      }, url === '/slow' ? 6000 : 0);
    });
  });
  afterAll(async () => {
    await server?.close();
    cleanup?.();
  });

  it('records each round as a run, probes each page once a round (no retry), counts a page over the load limit as not opened, rewrites -o after each round', async () => {
    const yaml = path.join(dir, 'c.yaml');
    writeFileSync(yaml, checklistYaml([server.url('/first'), server.url('/ok'), server.url('/fail'), server.url('/slow')]));
    const db = path.join(dir, 'h.sqlite');
    reportFile = path.join(dir, 'out', 'r.json');
    const out = await cli(['watch', yaml, '--every', '3s', '--for', '5s', '--load-limit', '2500ms', `--db=${db}`, '-o', reportFile, '--control-url', 'none', ...QUIET]);
    expect(out.code, out.stderr).toBe(EXIT.gaps); // two items did not open in every round: unreachable by the rule
    const lines = roundLines(out.stdout);
    const rounds = lines.length;
    // Round 2 is due at 3 s, before --for ends at 5 s; round 3 would be due at 6 s at the earliest.
    expect(rounds).toBe(2);
    lines.forEach((line, i) => expect(line).toMatch(new RegExp(`round ${i + 1}: 4 items, 2 not opened, [\\d.]+ s (\\S+ )?│ unreachable: 2$`)));
    expect(out.stdout).toContain(`Watch ended: ${rounds} rounds over`);
    expect(out.stdout).toContain('2 items unreachable so far:');
    expect(out.stdout).toMatch(/示例大学 no\. 3 学校章程: not opened in \d of \d probes \(0\.0% available\)/);
    // The warning for rounds closer than 5 minutes, on stderr; no "wrote" line every round.
    expect(out.stderr).toContain('more often than every 5 minutes');
    expect(out.stderr).not.toContain('wrote');

    // Exactly one request per page per round: no retry of the 503, none of the page that timed out.
    for (const page of ['/first', '/ok', '/fail', '/slow']) expect(requests.get(page), page).toBe(rounds);

    const raw = rawDatabase(db);
    try {
      const runs = raw.prepare('SELECT id, started_at, complete, options FROM runs ORDER BY id').all();
      expect(runs).toHaveLength(rounds);
      for (const run of runs) {
        expect(run.complete).toBe(1);
        const options = JSON.parse(String(run.options)) as { retries: number; timeoutMs: number };
        expect(options).toMatchObject({ retries: 0, timeoutMs: 2500 });
      }
      const items = raw.prepare('SELECT run_id, no, status FROM items ORDER BY run_id, no').all();
      expect(items).toHaveLength(4 * rounds);
      const pages = raw.prepare("SELECT p.outcome, p.attempts FROM pages p JOIN items i ON i.id = p.item_id WHERE i.no = 4").all();
      expect(pages.map((p) => [p.outcome, p.attempts])).toEqual(Array(rounds).fill(['timeout', 1]));
      // -o was rewritten after each round: when round k started, the report held round k − 1.
      expect(reportAtRound).toHaveLength(rounds);
      expect(reportAtRound[0]).toBeUndefined();
      for (let k = 1; k < rounds; k++) expect(Date.parse(reportAtRound[k]!)).toBe(Date.parse(String(runs[k - 1]!.started_at)));
      const last = JSON.parse(readFileSync(reportFile, 'utf8')) as { startedAt: string; complete: boolean };
      expect(Date.parse(last.startedAt)).toBe(Date.parse(String(runs[rounds - 1]!.started_at)));
    } finally {
      raw.close();
    }
  });

  it('--retries and --timeout given by the user win over the probe settings', async () => {
    const yaml = path.join(dir, 'fail.yaml');
    writeFileSync(yaml, checklistYaml([server.url('/fail')]));
    const before = requests.get('/fail') ?? 0;
    const out = await cli(['watch', yaml, '--every', '1s', '--for', '500ms', '--retries', '1', '--retry-after-cap', '0', `--db=${path.join(dir, 'r.sqlite')}`, '--control-url', 'none', ...QUIET]);
    expect(roundLines(out.stdout)).toHaveLength(1);
    expect((requests.get('/fail') ?? 0) - before).toBe(2);
  });

  it('a round made while this machine is offline does not stop the watch, says so, and counts nowhere: not a failure of the sites, never the baseline', async () => {
    // Requests 1–2 (round 1) and 5–6 (round 3) are cut off like a dead network; 3–4 (round 2) answer. The control URL
    // is a port nothing listens on.
    let seen = 0;
    const flaky = await startHttpServer((req, res) => {
      seen += 1;
      if (seen <= 2 || (seen >= 5 && seen <= 6)) {
        req.socket.destroy();
        return;
      }
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(goodPage('学校章程', '<p>学校章程全文。</p>'));
    });
    const closed = await startHttpServer((_req, res) => res.end());
    const deadControl = closed.url('/');
    await closed.close();
    try {
      const yaml = path.join(dir, 'offline.yaml');
      writeFileSync(yaml, checklistYaml([flaky.url('/a'), flaky.url('/b')]));
      const db = path.join(dir, 'offline.sqlite');
      const out = await cli(['watch', yaml, '--every', '1s', '--for', '2800ms', `--db=${db}`, '--control-url', deadControl, ...QUIET]);
      const lines = roundLines(out.stdout);
      expect(lines, out.stdout + out.stderr).toHaveLength(3);
      expect(lines[0]).toMatch(/round 1: machine offline, not counted │ unreachable: 0$/);
      expect(lines[1]).toMatch(/round 2: 2 items, 0 not opened, .* │ unreachable: 0$/);
      expect(lines[2]).toMatch(/round 3: machine offline, not counted │ unreachable: 0$/);
      expect(out.stdout).toContain('2 rounds offline, not counted; 0 items unreachable so far');
      expect(out.code, out.stderr).toBe(EXIT.ok);

      const history = await openHistory(db, { readOnly: true });
      try {
        const statuses = history.query((sqlite) => sqlite.prepare('SELECT run_id, status FROM items ORDER BY run_id, no').all());
        expect(statuses.map((row) => `${String(row.run_id)}:${String(row.status)}`)).toEqual(['1:unverified', '1:unverified', '2:pass', '2:pass', '3:unverified', '3:unverified']);
        // The offline rounds are complete runs, yet the last one is not the baseline: round 2 is.
        expect(latestCompleteRun(history)?.id).toBe(2);
        for (const item of itemAvailability(history)) expect(item).toMatchObject({ probes: 1, failures: 0 });
      } finally {
        history.close();
      }
    } finally {
      await flaky.close();
    }
  });

  it('every round offline: exit 4', async () => {
    const closed = await startHttpServer((_req, res) => res.end());
    const dead = closed.url('/');
    await closed.close();
    const yaml = path.join(dir, 'dead.yaml');
    writeFileSync(yaml, checklistYaml([`${dead}a`]));
    const out = await cli(['watch', yaml, '--every', '1s', '--for', '500ms', `--db=${path.join(dir, 'dead.sqlite')}`, '--control-url', dead, ...QUIET, '--lang', 'zh']);
    expect(out.stdout).toMatch(/第 1 轮 本机无法访问网络，不计入 │ 至今不可访问 0 项/);
    expect(out.stdout).toContain('1 轮本机无法访问网络，不计入；至今不可访问 0 项');
    expect(out.code).toBe(EXIT.offline);
  });

  it('stops before round 1 on a bad checklist, a bad duration or a database that is not its own (exit 2)', async () => {
    const good = path.join(dir, 'good.yaml');
    writeFileSync(good, checklistYaml([server.url('/ok')]));
    const bad = path.join(dir, 'bad.yaml');
    writeFileSync(bad, 'schema: 1\ninstitution: 示例大学\ncategories:\n  - name: 基本信息\n    items:\n      - { no: 1, title: , url: 3 }\n');
    const before = requests.get('/ok') ?? 0;
    const db = path.join(dir, 'never.sqlite');

    const checklist = await cli(['watch', good, bad, '--every', '1s', `--db=${db}`, ...QUIET]);
    expect(checklist.code).toBe(EXIT.usage);
    expect(checklist.stderr).toContain('bad.yaml:6');
    expect(checklist.stderr).toContain('the watch did not start');

    const every = await cli(['watch', good, '--every', '30', `--db=${db}`, ...QUIET]);
    expect(every.code).toBe(EXIT.usage);
    expect(every.stderr).toContain('--every must be a number with a unit');
    const tooShort = await cli(['watch', good, '--every', '500ms', `--db=${db}`, ...QUIET]);
    expect(tooShort.stderr).toContain('--every must be at least 1 s');
    const missing = await cli(['watch', good, `--db=${db}`, ...QUIET]);
    expect(missing.code).toBe(EXIT.usage);
    expect(missing.stderr).toContain("required option '--every <duration>' not specified");

    const foreign = path.join(dir, 'app.db');
    const raw = rawDatabase(foreign);
    raw.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY)');
    raw.close();
    const notOurs = await cli(['watch', good, '--every', '1s', `--db=${foreign}`, ...QUIET]);
    expect(notOurs.code).toBe(EXIT.usage);
    expect(notOurs.stderr).toContain(`${foreign} is not an xxgk-check history database`);

    expect(requests.get('/ok') ?? 0).toBe(before);
    expect(existsSync(db)).toBe(false);
  });
});
