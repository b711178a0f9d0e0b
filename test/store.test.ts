// Item results out of memory (src/run/store.ts): the temporary store holds a run's items and is removed afterwards,
// even when the process exits without closing it or the run is interrupted; reports made from a stored run are the
// reports made from the same run in memory; the JSON report written piece by piece is the whole-document one.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../src/types.js';
import { createTempStore, isStoredResult, storedResult, withItems, type ItemStore } from '../src/run/store.js';
import { FORMAT_NAMES, REPORT_FORMATS } from '../src/report/formats.js';
import { jsonChunks, jsonReport, renderJson } from '../src/report/json.js';
import { writeReportFile } from '../src/report/write.js';
import { redactRun } from '../src/run/redact.js';
import { compareWithBaseline } from '../src/run/baseline.js';
import { buildRun } from './report/fixtures.js';
import { validateJsonReport } from './helpers/json-schema.js';
import { zipEntries } from './helpers/zip.js';
import { cli, repoRoot } from './helpers/cli.js';
import { startFixtureSite, type FixtureSite } from '../src/fixture-site/index.js';

const OPTIONS = { lang: 'zh' as const, color: false, columns: 120, timeZone: 'Asia/Shanghai' };

/** The same run with its items in a temporary store, read back per institution when a report reads them. */
async function stored(run: RunResult): Promise<{ run: RunResult; store: ItemStore }> {
  const store = await createTempStore();
  const results = run.results.map((result, index) => {
    result.items.forEach((item, position) => store.put(index, position, item));
    const { items: _items, ...fields } = result;
    return storedResult(fields, () => store.items(index));
  });
  return { run: { ...run, results }, store };
}

/** A temporary folder as os.tmpdir() for the duration of `work`. */
async function withTmpdir<T>(work: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'xxgk-store-test-'));
  const before = process.env.TMPDIR;
  process.env.TMPDIR = dir;
  try {
    return await work(dir);
  } finally {
    if (before === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = before;
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('the temporary store', () => {
  it('holds the items of each checklist in order, replaces an item recorded again, and is removed when closed', async () => {
    await withTmpdir(async (tmp) => {
      const run = buildRun({ institutions: 2 });
      const store = await createTempStore();
      expect(path.dirname(path.dirname(store.file))).toBe(tmp);
      expect(existsSync(store.file)).toBe(true);
      // Out of order, as items finish.
      const items = run.results[1]!.items;
      for (const position of [2, 0, 1]) store.put(1, position, items[position]!);
      expect(store.items(1).map((i) => i.no)).toEqual(items.slice(0, 3).map((i) => i.no));
      expect(store.items(0)).toEqual([]);
      store.put(1, 0, { ...items[0]!, status: 'fail' });
      expect(store.get(1, 0)?.status).toBe('fail');
      expect(store.items(1)).toHaveLength(3);
      store.close();
      store.close();
      expect(readdirSync(tmp)).toEqual([]);
    });
  });

  it('is removed when the process exits without closing it', async () => {
    await withTmpdir(async (tmp) => {
      const script = `import { createTempStore } from ${JSON.stringify(path.join(repoRoot, 'dist/run/store.js'))};
        const store = await createTempStore(); store.put(0, 0, { no: 1 }); console.log(store.file); process.exit(0);`;
      const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { env: { ...process.env, TMPDIR: tmp }, encoding: 'utf8' });
      expect(child.status).toBe(0);
      expect(child.stdout.trim().startsWith(tmp)).toBe(true);
      expect(readdirSync(tmp)).toEqual([]);
    });
  });
});

describe('reports from a stored run', () => {
  it('are the reports of the same run held in memory, in every format', async () => {
    const run = buildRun({ institutions: 3 });
    const { run: fromStore, store } = await stored(run);
    try {
      expect(fromStore.results.every(isStoredResult)).toBe(true);
      for (const format of FORMAT_NAMES) {
        const inMemory = await REPORT_FORMATS[format].render(run, OPTIONS);
        const fromDisk = await REPORT_FORMATS[format].render(fromStore, OPTIONS);
        if (format === 'xlsx') {
          // The workbook's own creation time differs; every sheet, style and string is compared.
          const a = zipEntries(inMemory as Buffer);
          const b = zipEntries(fromDisk as Buffer);
          a.delete('docProps/core.xml');
          b.delete('docProps/core.xml');
          expect([...b.keys()]).toEqual([...a.keys()]);
          for (const [name, data] of a) expect(b.get(name)?.toString('utf8'), name).toBe(data.toString('utf8'));
        } else {
          expect(fromDisk, format).toEqual(inMemory);
        }
      }
    } finally {
      store.close();
    }
  });

  it('stay stored through redaction and the baseline comparison, which apply as the items are read', async () => {
    const run = buildRun({ institutions: 2 });
    const { run: fromStore, store } = await stored(run);
    try {
      const baseline = { file: 'old.json', run: buildRun({ institutions: 2 }) };
      baseline.run.results[0]!.items[0]!.status = 'fail';
      const memoryView = compareWithBaseline(redactRun(run), baseline);
      const storedView = compareWithBaseline(redactRun(fromStore), baseline);
      expect(storedView.results.every(isStoredResult)).toBe(true);
      expect(storedView.baseline).toEqual(memoryView.baseline);
      expect(renderJson(storedView, OPTIONS)).toBe(renderJson(memoryView, OPTIONS));
      // Deriving a result never reads the items into it.
      const derived = withItems(fromStore.results[0]!, undefined, { removed: [] });
      expect(isStoredResult(derived)).toBe(true);
    } finally {
      store.close();
    }
  });
});

describe('the JSON report written piece by piece', () => {
  it('is the whole-document JSON, in pieces of at most a few thousand items, and validates against the schema', async () => {
    const run = buildRun({ institutions: 3 });
    const pieces = [...jsonChunks(run, OPTIONS)];
    const text = pieces.join('');
    expect(text).toBe(`${JSON.stringify(jsonReport(run, 'zh', 'Asia/Shanghai'), null, 2)}\n`);
    const parsed: unknown = JSON.parse(text);
    expect(validateJsonReport(parsed), JSON.stringify(validateJsonReport.errors)).toBe(true);
    const empty = { ...run, results: [] };
    expect([...jsonChunks(empty, OPTIONS)].join('')).toBe(`${JSON.stringify(jsonReport(empty, 'zh', 'Asia/Shanghai'), null, 2)}\n`);
    // An institution with no items, and one with thousands: no piece holds all of a big institution's items.
    const big = buildRun({ institutions: 2 });
    big.results[0]!.items = [];
    const many = big.results[1]!.items;
    big.results[1]!.items = Array.from({ length: 3000 }, (_, i) => ({ ...many[i % many.length]!, no: i + 1 }));
    const bigPieces = [...jsonChunks(big, OPTIONS)];
    expect(bigPieces.join('')).toBe(`${JSON.stringify(jsonReport(big, 'zh', 'Asia/Shanghai'), null, 2)}\n`);
    const longest = Math.max(...bigPieces.map((piece) => piece.length));
    expect(longest).toBeLessThan(bigPieces.join('').length / 10);
  });

  it('is what writeReportFile writes for a stored run', async () => {
    const run = buildRun({ institutions: 2 });
    const { run: fromStore, store } = await stored(run);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'xxgk-json-stream-'));
    try {
      await writeReportFile(path.join(dir, 'r.json'), fromStore, OPTIONS);
      expect(readFileSync(path.join(dir, 'r.json'), 'utf8')).toBe(renderJson(run, OPTIONS));
      expect(readdirSync(dir)).toEqual(['r.json']);
    } finally {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('run on the fixture site', () => {
  let site: FixtureSite;
  let work: string;
  let checklist: string;
  beforeAll(async () => {
    site = await startFixtureSite();
    work = mkdtempSync(path.join(os.tmpdir(), 'xxgk-store-run-'));
    // The demo checklist, on this fixture site.
    checklist = path.join(work, 'demo.yaml');
    writeFileSync(checklist, readFileSync(path.join(repoRoot, 'checklists/demo-university.yaml'), 'utf8').replace(/^site: .*$/m, `site: ${site.url}`));
  });
  afterAll(async () => {
    await site.close();
    rmSync(work, { recursive: true, force: true });
  });

  /** The JSON report without what differs from one run to the next (times, durations, per-host timings). */
  const comparable = (file: string): unknown =>
    JSON.parse(readFileSync(file, 'utf8'), (key, value: unknown) =>
      ['startedAt', 'finishedAt', 'checkedAt', 'elapsedMs', 'medianMs', 'p95Ms'].includes(key) ? 0 : value,
    );

  it('with --db and without give the same reports, and leave no temporary file', { timeout: 300_000 }, async () => {
    const args = (out: string): string[] => [
      'run',
      checklist,
      '--timeout',
      '3000',
      '--retries',
      '1',
      '--slow',
      '600000',
      '--control-url',
      'none',
      '--quiet',
      '-o',
      path.join(work, out),
    ];
    await withTmpdir(async (tmp) => {
      // The run's own temporary stores (tools of the test runner may keep files of their own there).
      const stores = (): string[] => readdirSync(tmp).filter((name) => name.startsWith('xxgk-check-run-'));
      const plain = await cli(args('plain.json'));
      expect(plain.stderr).toContain('plain.json');
      expect(stores()).toEqual([]);
      const recorded = await cli([...args('db.json'), '--db', path.join(work, 'h.sqlite')]);
      expect(recorded.code).toBe(plain.code);
      expect(stores()).toEqual([]);
      expect(comparable(path.join(work, 'db.json'))).toEqual(comparable(path.join(work, 'plain.json')));
    });
  });

  it('removes the temporary store after Ctrl-C, and the report has what was gathered', { timeout: 300_000 }, async () => {
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'xxgk-store-sigint-'));
    try {
      const out = path.join(work, 'interrupted.json');
      const child = spawn(
        process.execPath,
        ['bin/xxgk-check.js', 'run', checklist, '--timeout', '3000', '--retries', '1', '--per-host', '1', '--delay', '300', '--control-url', 'none', '--quiet', '-o', out],
        { cwd: repoRoot, env: { ...process.env, TMPDIR: tmp, LANG: 'C' }, stdio: ['ignore', 'ignore', 'pipe'] },
      );
      let stderr = '';
      child.stderr.setEncoding('utf8');
      child.stderr.on('data', (chunk: string) => {
        stderr += chunk;
      });
      // Wait until the run has its store, then interrupt it.
      const stores = (): string[] => readdirSync(tmp).filter((name) => name.startsWith('xxgk-check-run-'));
      for (let i = 0; i < 2400 && stores().length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(stores().length).toBe(1);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      child.kill('SIGINT');
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      expect(code, stderr).toBe(130);
      expect(stores()).toEqual([]);
      const report = JSON.parse(readFileSync(out, 'utf8')) as { complete: boolean; results: { items: unknown[] }[] };
      expect(report.complete).toBe(false);
      expect(report.results[0]!.items.length).toBeGreaterThan(0);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});
