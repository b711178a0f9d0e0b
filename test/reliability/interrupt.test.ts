// Ctrl-C and SIGTERM against the REAL CLI process (bin/xxgk-check.js, built into dist/ by test/global-setup.ts):
// it stops new requests, writes every requested report with what was gathered, marked incomplete, and exits 130.
import { afterEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startHttpServer, startTcpServer, type TestServer } from '../helpers/servers.js';
import { param } from '../helpers/findings.js';
import { goodPage } from './hostile-site.js';
import { cli, repoRoot } from '../helpers/cli.js';
import { zipEntries } from '../helpers/zip.js';
import { createFetcher } from '../../src/fetch/index.js';
import { parseChecklist } from '../../src/checklist/index.js';
import { DEFAULT_RUN_OPTIONS, runChecks } from '../../src/run/run.js';
import { fetchOptionsFrom } from '../../src/commands/run.js';
import type { RunOptions } from '../../src/types.js';

const ITEMS = 30;
/** Requests the CLI may have in flight: --concurrency and --per-host are set to this. */
const IN_FLIGHT = 2;

interface SlowSite extends TestServer {
  /** Requests received so far. */
  received(): number;
  /** Item numbers requested so far, in order. */
  requestedItems(): number[];
  /** Resolves once the server has answered `n` requests. */
  answered(n: number): Promise<void>;
  /** Requests answered so far. */
  answeredCount(): number;
}

async function startSlowSite(delayMs: number): Promise<SlowSite> {
  let received = 0;
  let answered = 0;
  const requested: number[] = [];
  const waiters: { n: number; resolve: () => void }[] = [];
  const server = await startHttpServer((req, res) => {
    received += 1;
    const no = Number(/\/item\/(\d+)/.exec(req.url ?? '')?.[1] ?? 0);
    requested.push(no);
    setTimeout(() => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(goodPage(`事项${no}`), () => {
        answered += 1;
        for (const w of waiters.filter((x) => answered >= x.n)) w.resolve();
      });
    }, delayMs);
  });
  return {
    ...server,
    received: () => received,
    requestedItems: () => [...requested],
    answered: (n) => new Promise((resolve) => (answered >= n ? resolve() : waiters.push({ n, resolve }))),
    answeredCount: () => answered,
  };
}

function checklist(site: TestServer): string {
  const items = Array.from({ length: ITEMS }, (_, i) => `      - { no: ${i + 1}, title: 事项${i + 1}, url: "${site.url(`/item/${i + 1}`)}" }`);
  return `schema: 1
institution: 示例大学
period: { from: 2023-09-01, to: 2024-08-31 }
categories:
  - name: 基本信息
    items:
${items.join('\n')}
`;
}

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

let site: SlowSite | undefined;
afterEach(async () => {
  await site?.close();
  site = undefined;
});

async function interruptRun(
  signal: NodeJS.Signals,
  extraArgs: string[] = [],
  reuse?: { dir: string },
): Promise<{ exit: Exit; dir: string; atSignal: number; inFlightAtSignal: number[]; answeredBefore: number }> {
  site ??= await startSlowSite(300);
  const dir = reuse?.dir ?? (await mkdtemp(path.join(tmpdir(), 'xxgk-interrupt-')));
  if (!reuse) await writeFile(path.join(dir, 'c.yaml'), checklist(site));
  const child = spawn(
    process.execPath,
    [
      path.join(repoRoot, 'bin/xxgk-check.js'),
      'run',
      'c.yaml',
      '-o', 'r.json', '-o', 'r.html', '-o', 'r.csv', '-o', 'r.xlsx', '-o', 'r.md', '-o', 'r.xml',
      '--concurrency', String(IN_FLIGHT), '--per-host', String(IN_FLIGHT),
      '--retries', '0', '--timeout', '20000', '--no-attachments', '--quiet',
      ...extraArgs,
    ],
    { cwd: dir, env: { PATH: process.env.PATH, LANG: 'C', NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<Exit>((resolve) => child.on('close', (code, sig) => resolve({ code, signal: sig, stdout, stderr })));
  const answeredBefore = 4;
  await site.answered(site.answeredCount() + answeredBefore);
  const atSignal = site.received();
  const inFlightAtSignal = site.requestedItems();
  child.kill(signal);
  return { exit: await exited, dir, atSignal, inFlightAtSignal, answeredBefore };
}

describe('interrupting the real CLI', () => {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`${signal}: no new requests, pages in flight finish, every report written with what was gathered and marked incomplete, exit 130`, async () => {
      const { exit, dir, atSignal, inFlightAtSignal, answeredBefore } = await interruptRun(signal);
      expect(exit.code, exit.stderr).toBe(130);
      expect(exit.stderr).toContain(': no new requests');
      // Issue 15, point 13: "Ctrl-C again" only to someone who pressed Ctrl-C.
      if (signal === 'SIGTERM') {
        expect(exit.stderr).toContain('Terminated (SIGTERM): no new requests');
        expect(exit.stderr).not.toContain('Ctrl-C');
      } else {
        expect(exit.stderr).toContain('Interrupted: no new requests');
        expect(exit.stderr).toContain('(Ctrl-C again to quit now)');
      }
      // Requests the client had already sent when the signal came may still arrive; nothing beyond that.
      expect(site!.received() - atSignal).toBeLessThanOrEqual(IN_FLIGHT);
      expect(site!.received()).toBeLessThan(ITEMS);

      const json = JSON.parse(await readFile(path.join(dir, 'r.json'), 'utf8')) as {
        complete: boolean;
        summary: { pass: number; unchecked: number; total: number; complianceRate: number };
        results: { items: { no: number; status: string; findings: unknown[] }[]; score?: number; rank?: number; scoreWithheld?: { reason: string } }[];
      };
      expect(json.complete).toBe(false);
      // Issue 15, point 10: every item is listed, those not reached as `unchecked`, in checklist order.
      const items = json.results[0]!.items;
      expect(items.map((i) => i.no)).toEqual(Array.from({ length: ITEMS }, (_, i) => i + 1));
      const checked = items.filter((i) => i.status !== 'unchecked');
      const unchecked = items.filter((i) => i.status === 'unchecked');
      expect(checked.length).toBeGreaterThanOrEqual(answeredBefore - IN_FLIGHT);
      expect(checked.length).toBeLessThan(ITEMS);
      for (const item of checked) expect(item.status, `item ${item.no}`).toBe('pass'); // only finished items, none half-done
      for (const item of unchecked) expect(item.findings).toEqual([]);
      // Pages on the wire when the signal came (each answers in 300 ms, within the 2 s grace) are kept, not dropped.
      const checkedNos = checked.map((i) => i.no);
      for (const no of inFlightAtSignal) expect(checkedNos, `item ${no} was requested before the signal`).toContain(no);
      // Counted apart from the rate: every item checked passed, so the rate is 100 %, not checked/30.
      expect(json.summary).toMatchObject({ pass: checked.length, unchecked: unchecked.length, total: ITEMS, complianceRate: 1 });
      // No score that looks final.
      expect(json.results[0]!.score).toBeUndefined();
      expect(json.results[0]!.rank).toBeUndefined();
      expect(json.results[0]!.scoreWithheld?.reason).toBe('incomplete');
      const n = unchecked.length;
      const lead = `The run was interrupted: ${n} items were not checked`;

      const html = await readFile(path.join(dir, 'r.html'), 'utf8');
      expect(html).toContain('class="banner" role="alert"');
      expect(html).toContain(lead);
      expect(html).toContain('--resume');
      expect(html.match(/<tr class="item unchecked"/g)).toHaveLength(n);
      const csv = await readFile(path.join(dir, 'r.csv'), 'utf8');
      expect(csv).toContain(lead);
      expect(csv.match(/,not checked,/g)).toHaveLength(n);
      const md = await readFile(path.join(dir, 'r.md'), 'utf8');
      expect(md).toContain(lead);
      expect(md).toContain(`### Not checked (${n})`);
      const junit = await readFile(path.join(dir, 'r.xml'), 'utf8');
      expect(junit).toContain(`skipped="${n}"`);
      expect(junit.match(/<skipped message="not checked">/g)).toHaveLength(n);
      const sheets = [...zipEntries(await readFile(path.join(dir, 'r.xlsx')))].filter(([name]) => name.startsWith('xl/')).map(([, b]) => b.toString('utf8')).join('\n');
      expect(sheets).toContain(lead);
      expect(sheets).toContain('>Not checked<');
      expect(exit.stdout).toContain(lead);
      expect(exit.stdout).toMatch(new RegExp(`${n} items? not checked \\(the run was interrupted`));
      for (const file of ['r.json', 'r.html', 'r.csv', 'r.xlsx', 'r.md', 'r.xml']) expect(exit.stderr).toContain(`wrote ${file}`);
    });
  }
});

describe('unchecked items and --resume', () => {
  it('SIGINT with --db: unchecked items are not recorded; --resume checks exactly them, interrupted again it lists what is left, then finishes', async () => {
    interface Report {
      complete: boolean;
      summary: { unchecked: number; total: number };
      results: { items: { no: number; status: string }[]; score?: number }[];
    }
    const statuses = (report: Report): Map<number, string> => new Map(report.results[0]!.items.map((i) => [i.no, i.status]));
    const first = await interruptRun('SIGINT', ['--db', 'h.sqlite']);
    expect(first.exit.code, first.exit.stderr).toBe(130);
    const firstReport = JSON.parse(await readFile(path.join(first.dir, 'r.json'), 'utf8')) as Report;
    const notReached = [...statuses(firstReport)].filter(([, s]) => s === 'unchecked').map(([no]) => no);
    expect(notReached.length).toBeGreaterThan(0);
    expect(first.exit.stdout).toContain('--resume');

    // Resumed and interrupted again: the items of neither part are listed as unchecked (from the checklist, since
    // the history holds only the items checked).
    const before = site!.requestedItems().length;
    const second = await interruptRun('SIGINT', ['--db', 'h.sqlite', '--resume'], { dir: first.dir });
    expect(second.exit.code, second.exit.stderr).toBe(130);
    const secondReport = JSON.parse(await readFile(path.join(first.dir, 'r.json'), 'utf8')) as Report;
    const secondStatuses = statuses(secondReport);
    expect([...secondStatuses.keys()]).toEqual(Array.from({ length: ITEMS }, (_, i) => i + 1));
    const requestedAgain = site!.requestedItems().slice(before);
    // Only items the first part did not reach were requested again.
    for (const no of requestedAgain) expect(notReached, `item ${no} requested again`).toContain(no);
    const stillLeft = [...secondStatuses].filter(([, s]) => s === 'unchecked').map(([no]) => no);
    expect(stillLeft.length).toBeGreaterThan(0);
    expect(secondReport.summary.unchecked).toBe(stillLeft.length);
    for (const no of stillLeft) expect(requestedAgain).not.toContain(no);

    // Resumed to the end: the rest is checked, every item has its real status, and the run has a score.
    const last = await cli(['run', 'c.yaml', '--db', 'h.sqlite', '--resume', '--quiet', '--no-attachments', '--retries', '0', '-o', 'r.json'], { LANG: 'C' }, first.dir);
    expect(last.code, last.stderr).toBe(0);
    const lastReport = JSON.parse(await readFile(path.join(first.dir, 'r.json'), 'utf8')) as Report;
    expect(lastReport.complete).toBe(true);
    expect(lastReport.summary.unchecked).toBe(0);
    expect([...statuses(lastReport).values()].every((s) => s === 'pass')).toBe(true);
    expect(lastReport.results[0]!.score).toBe(100);
    const requestedLast = site!.requestedItems().slice(before + requestedAgain.length);
    expect(requestedLast.sort((a, b) => a - b)).toEqual(stillLeft);
  }, 120_000);
});

describe('a gentle stop inside runChecks', () => {
  it('keeps a page that finished with a final answer, drops one whose retry the stop prevented (no false HTTP_ERROR)', async () => {
    let answered503 = (): void => undefined;
    const first503 = new Promise<void>((resolve) => (answered503 = resolve));
    const server = await startHttpServer((req, res) => {
      if (req.url === '/busy') {
        res.writeHead(503, { 'retry-after': '1' });
        res.end('busy', () => answered503());
        return;
      }
      setTimeout(() => {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(goodPage('学校章程'));
      }, 400);
    });
    const options: RunOptions = { ...DEFAULT_RUN_OPTIONS, concurrency: 4, timeoutMs: 10_000, retryAfterCapMs: 5000, maxBytes: 1 << 20, maxAttachments: 5, slowMs: 60_000, userAgent: 'xxgk-check-test' };
    const checklist = parseChecklist(
      `schema: 1\ninstitution: 示例大学\nperiod: { from: 2023-09-01, to: 2024-08-31 }\ncategories:\n  - name: 基本信息\n    items:\n` +
        `      - { no: 1, title: 学校章程, url: "${server.url('/busy')}" }\n      - { no: 2, title: 学校章程, url: "${server.url('/slow')}" }\n`,
      'c.yaml',
    ).checklist!;
    const fetcher = createFetcher({ ...fetchOptionsFrom(options), backoffBaseMs: 10 });
    const stopper = new AbortController();
    try {
      const pending = runChecks([checklist], options, fetcher, { stop: stopper.signal });
      await first503; // item 1 now waits 1 s before its retry; item 2's page is on the wire for 400 ms
      stopper.abort();
      const run = await pending;
      expect(run.complete).toBe(false);
      expect(run.results[0]!.items.map((i) => [i.no, i.status])).toEqual([[1, 'unchecked'], [2, 'pass']]);
    } finally {
      await fetcher.close();
      await server.close();
    }
  });

  it('keeps a malformed response that arrives after the stop: no retry would have followed it', async () => {
    let requested = (): void => undefined;
    const onWire = new Promise<void>((resolve) => (requested = resolve));
    const server = await startTcpServer((socket) => {
      socket.once('data', () => {
        requested();
        setTimeout(() => socket.end('NOT HTTP AT ALL\r\n\r\n'), 300);
      });
    });
    const options: RunOptions = { ...DEFAULT_RUN_OPTIONS, timeoutMs: 10_000, maxAttachments: 5, slowMs: 60_000, userAgent: 'xxgk-check-test' };
    const checklist = parseChecklist(
      `schema: 1\ninstitution: 示例大学\ncategories:\n  - name: 基本信息\n    items:\n      - { no: 1, title: 学校章程, url: "${server.url('/garbled')}" }\n`,
      'c.yaml',
    ).checklist!;
    const fetcher = createFetcher({ ...fetchOptionsFrom(options), backoffBaseMs: 10 });
    const stopper = new AbortController();
    try {
      const pending = runChecks([checklist], options, fetcher, { stop: stopper.signal });
      await onWire;
      stopper.abort();
      const run = await pending;
      expect(run.complete).toBe(false);
      expect(run.results[0]!.items.map((i) => [i.no, i.status, i.findings.map((f) => [f.code, param(f, 'reason')])])).toEqual([
        [1, 'fail', [['CONNECTION_ERROR', 'invalid HTTP response']]],
      ]);
    } finally {
      await fetcher.close();
      await server.close();
    }
  });
});
