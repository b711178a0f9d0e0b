// An unexpected exception in one item's processing becomes an INTERNAL_ERROR finding for that item (short message),
// every other item is still checked, and the CLI exits 3.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createFetcher } from '../../src/fetch/index.js';
import type { Fetcher } from '../../src/fetch/types.js';
import { parseChecklist } from '../../src/checklist/index.js';
import { DEFAULT_RUN_OPTIONS, runChecks } from '../../src/run/run.js';
import { fetchOptionsFrom } from '../../src/commands/run.js';
import type { RunOptions } from '../../src/types.js';
import { startHttpServer, type TestServer } from '../helpers/servers.js';
import { goodPage } from './hostile-site.js';
import { cli } from '../helpers/cli.js';

// Fault injection for the CLI case: the real parser, except that it throws on one page. Only this test file sees it.
vi.mock('../../src/inspect/parse.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/inspect/parse.js')>();
  return {
    ...real,
    parsePage: (fetch: Parameters<typeof real.parsePage>[0]) => {
      if (fetch.url.includes('/explode')) throw new RangeError('Maximum call stack size exceeded\n    at deep (parse.js:1:1)');
      return real.parsePage(fetch);
    },
  };
});

// The terminal report throws for one institution (a renderer bug): the report files must still be written.
vi.mock('../../src/report/terminal.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/report/terminal.js')>();
  return {
    ...real,
    // The printed report is written from its pieces.
    terminalChunks: function* (...args: Parameters<typeof real.terminalChunks>) {
      if (args[0].results.some((r) => r.checklist.institution === '打印出错大学')) throw new Error('cannot render\n    at x (y.js:1:1)');
      yield* real.terminalChunks(...args);
    },
  };
});

const options: RunOptions = {
  ...DEFAULT_RUN_OPTIONS,
  concurrency: 8,
  perHost: 8,
  timeoutMs: 5000,
  retries: 0,
  retryAfterCapMs: 100,
  maxBytes: 1024 * 1024,
  maxAttachments: 5,
  slowMs: 60_000,
  userAgent: 'xxgk-check-test',
};

const TITLES = ['学校章程', '招生章程', '财务预算', '收费项目'];

function checklistYaml(server: TestServer, paths: string[]): string {
  return `schema: 1
institution: 示例大学
period: { from: 2023-09-01, to: 2024-08-31 }
categories:
  - name: 基本信息
    items:
${paths.map((p, i) => `      - { no: ${i + 1}, title: ${TITLES[i]}, url: "${server.url(p)}" }`).join('\n')}
`;
}

describe('an exception inside one item', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startHttpServer((req, res) => {
      const title = TITLES[Number(/\/(\d)/.exec(req.url ?? '')?.[1] ?? 0)] ?? '学校章程';
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(goodPage(title));
    });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('a Fetcher that throws for one URL: that item gets INTERNAL_ERROR, the others their verdicts, the run completes', async () => {
    const checklist = parseChecklist(checklistYaml(server, ['/0', '/1/boom', '/2', '/3']), 'c.yaml').checklist!;
    const real = createFetcher(fetchOptionsFrom(options));
    const faulty: Fetcher = {
      fetch: (request) => (request.url.includes('boom') ? Promise.reject(new TypeError('cannot read properties of undefined')) : real.fetch(request)),
      close: () => real.close(),
    };
    try {
      const run = await runChecks([checklist], options, faulty);
      const items = run.results[0]!.items;
      expect(items.map((i) => i.no)).toEqual([1, 2, 3, 4]);
      expect(run.complete).toBe(true);
      expect(items[1]!.status).toBe('fail');
      expect(items[1]!.findings).toEqual([
        { code: 'INTERNAL_ERROR', severity: 'fail', params: { error: 'cannot read properties of undefined' } },
      ]);
      for (const i of [0, 2, 3]) expect(items[i]!.status, `item ${i + 1}`).toBe('pass');
    } finally {
      await real.close();
    }
  });

  it('a Fetcher that throws synchronously is contained the same way', async () => {
    const checklist = parseChecklist(checklistYaml(server, ['/0', '/1/boom']), 'c.yaml').checklist!;
    const real = createFetcher(fetchOptionsFrom(options));
    const faulty: Fetcher = {
      fetch: (request) => {
        if (request.url.includes('boom')) throw new Error('sync failure');
        return real.fetch(request);
      },
      close: () => real.close(),
    };
    try {
      const run = await runChecks([checklist], options, faulty);
      expect(run.results[0]!.items.map((i) => [i.no, i.status, i.findings.map((f) => f.code)])).toEqual([
        [1, 'pass', []],
        [2, 'fail', ['INTERNAL_ERROR']],
      ]);
    } finally {
      await real.close();
    }
  });

  it('through the CLI: the item shows the internal error in one short line, the other items are reported, exit 3', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'xxgk-internal-'));
    const file = path.join(dir, 'c.yaml');
    await writeFile(file, checklistYaml(server, ['/0', '/1/explode', '/2']));
    const out = await cli(['run', file, '--quiet', '--retries', '0', '-o', path.join(dir, 'r.json')]);
    expect(out.code).toBe(3);
    const report = JSON.parse(await readFile(path.join(dir, 'r.json'), 'utf8')) as {
      complete: boolean;
      results: { items: { no: number; status: string; findings: { code: string; message: string }[] }[] }[];
    };
    expect(report.complete).toBe(true);
    const items = report.results[0]!.items;
    expect(items.map((i) => [i.no, i.status])).toEqual([
      [1, 'pass'],
      [2, 'fail'],
      [3, 'pass'],
    ]);
    const internal = items[1]!.findings.find((f) => f.code === 'INTERNAL_ERROR')!;
    expect(internal.message).toBe('internal error while checking this item: parse: Maximum call stack size exceeded');
    expect(out.stdout).toContain('internal error while checking this item');
    expect(out.stdout + out.stderr).not.toMatch(/\n\s+at /); // no stack trace anywhere
  });

  it('a bug in the printed report: one line, every report file still written, exit 3', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'xxgk-print-bug-'));
    const file = path.join(dir, 'c.yaml');
    await writeFile(file, checklistYaml(server, ['/0']).replace('示例大学', '打印出错大学'));
    const out = await cli(['run', file, '--quiet', '-o', path.join(dir, 'r.json'), '-o', path.join(dir, 'r.csv')]);
    expect(out.code).toBe(3);
    expect(out.stderr).toContain('xxgk-check: internal error while printing the report: cannot render\n');
    expect(out.stderr).not.toMatch(/^\s+at /m);
    expect(JSON.parse(await readFile(path.join(dir, 'r.json'), 'utf8')).summary.pass).toBe(1);
    expect(await readFile(path.join(dir, 'r.csv'), 'utf8')).toContain('学校章程');
  });
});
