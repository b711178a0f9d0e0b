// Recording a real run of the fixture site and reading it back: the run read from the history is the run that was
// made; every item is committed as it finishes (a second connection sees it at once, while the run writes); the
// analysts' tables hold one row per finding, page, redirect hop and attachment.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createFetcher } from '../../src/fetch/index.js';
import { loadChecklist } from '../../src/checklist/index.js';
import { DEFAULT_RUN_OPTIONS, runChecks } from '../../src/run/run.js';
import { fetchOptionsFrom } from '../../src/commands/run.js';
import { DNS_FAILURE_URL, FIXTURE_ITEMS, itemUrl, startFixtureSite, type FixtureSite } from '../../src/fixture-site/index.js';
import { openHistory, readRun, recordedChecklist, RunRecorder, type HistoryDb } from '../../src/history/index.js';
import type { Checklist, RunOptions, RunResult } from '../../src/types.js';
import { HAS_SQLITE, tempDir } from './helpers.js';

const DEMO = fileURLToPath(new URL('../../checklists/demo-university.yaml', import.meta.url));
const options: RunOptions = { ...DEFAULT_RUN_OPTIONS, timeoutMs: 3000, retries: 1, retryAfterCapMs: 2000, slowMs: 1000, userAgent: 'xxgk-check-test' };

describe.runIf(HAS_SQLITE)('recording a run of the fixture site', () => {
  let site: FixtureSite;
  let dir: string;
  let cleanup: () => void;
  let db: HistoryDb;
  let reader: HistoryDb;
  let result: RunResult;
  let recorder: RunRecorder;
  /** Items a second connection saw committed each time an item finished. */
  const seenByReader: number[] = [];

  beforeAll(async () => {
    ({ dir, cleanup } = tempDir());
    site = await startFixtureSite();
    // The same checklist twice, as two institutions: item numbers repeat across checklists.
    const first = (await loadChecklist(DEMO, { site: site.url })).checklist!;
    const second: Checklist = { ...first, institution: '第二示例大学' };
    const checklists = [first, second];
    const file = path.join(dir, 'history.sqlite');
    db = await openHistory(file);
    reader = await openHistory(file, { readOnly: true });
    const count = reader.sqlite.prepare('SELECT count(*) AS n FROM items');
    recorder = RunRecorder.start(db, checklists, {
      startedAt: new Date().toISOString(),
      options,
      checklists: checklists.map((c) => recordedChecklist(c)),
    });
    const fetcher = createFetcher({ ...fetchOptionsFrom(options), backoffBaseMs: 10 });
    try {
      result = await runChecks(checklists, options, fetcher, {
        onItemDone: (item, checklist) => {
          const index = checklists.indexOf(checklist);
          recorder.recordItem(index, checklist.institution, checklist.file, item);
          seenByReader.push(Number(count.get()?.n));
        },
      });
    } finally {
      await fetcher.close();
    }
    recorder.finish(
      result,
      result.results.flatMap((r, checklistIndex) =>
        r.items.map((item) => ({ checklistIndex, institution: r.checklist.institution, checklistFile: r.checklist.file, item })),
      ),
    );
  }, 90_000);
  afterAll(async () => {
    db?.close();
    reader?.close();
    await site?.close();
    cleanup?.();
  });

  it('reads back the run it recorded, deep-equal', () => {
    expect(result.complete).toBe(true);
    expect(result.results[0]!.items.length).toBe(FIXTURE_ITEMS.length);
    // The cross-page pass changed items after they were recorded (EMPTY_PAGE on the blank page): finish() kept up.
    expect(result.results[0]!.items.some((i) => i.findings.some((f) => f.code === 'EMPTY_PAGE' && f.params.reason === 'no-own-text'))).toBe(true);
    // The per-host figures (RunResult.hosts) are not recorded in the history: everything else comes back.
    const { hosts, ...recorded } = result;
    expect(hosts?.length).toBeGreaterThan(0);
    expect(readRun(db, recorder.runId)).toEqual(recorded);
    // And from another connection, read only.
    expect(readRun(reader, recorder.runId)).toEqual(recorded);
  });

  it('commits each item as it finishes: a reader sees it while the run is still writing', () => {
    const total = 2 * FIXTURE_ITEMS.length;
    expect(seenByReader.length).toBe(total);
    expect(seenByReader).toEqual(Array.from({ length: total }, (_, i) => i + 1));
  });

  it('keeps one row per finding, page, redirect hop and attachment', () => {
    const items = result.results.flatMap((r) => r.items);
    const count = (sql: string): number => Number(db.sqlite.prepare(sql).get()?.n);
    expect(count('SELECT count(*) AS n FROM items')).toBe(items.length);
    expect(count('SELECT count(*) AS n FROM findings')).toBe(items.reduce((n, i) => n + i.findings.length, 0));
    expect(count('SELECT count(*) AS n FROM pages')).toBe(items.reduce((n, i) => n + i.pages.length, 0));
    const pages = items.flatMap((i) => i.pages);
    expect(count('SELECT count(*) AS n FROM redirects')).toBe(pages.reduce((n, p) => n + p.redirects.length, 0));
    expect(count('SELECT count(*) AS n FROM attachments')).toBe(pages.reduce((n, p) => n + p.attachments.length, 0));
    expect(count('SELECT count(*) AS n FROM redirects')).toBeGreaterThan(0);
    expect(count('SELECT count(*) AS n FROM attachments')).toBeGreaterThan(0);
  });

  it('classifies how each page fetch ended', () => {
    const outcome = (url: string): unknown => db.sqlite.prepare('SELECT DISTINCT outcome FROM pages WHERE url = ?').all(url).map((r) => r.outcome);
    expect(outcome(DNS_FAILURE_URL)).toEqual(['dns']);
    const server = FIXTURE_ITEMS.find((i) => i.kind === 'server-error')!;
    expect(outcome(itemUrl(site, server)!)).toEqual(['http']);
    const good = FIXTURE_ITEMS.find((i) => i.kind === 'vsb-list')!;
    expect(outcome(itemUrl(site, good)!)).toEqual(['ok']);
    const row = db.sqlite.prepare("SELECT message_zh, message_en FROM findings WHERE code = 'HTTP_ERROR' LIMIT 1").get();
    expect(row?.message_en).toMatch(/500|HTTP/);
    expect(row?.message_zh).toMatch(/[\u4e00-\u9fff]/);
  });

  it("records when each page's first request started, as the fetch saw it", () => {
    const rows = db.sqlite.prepare('SELECT i.checklist_index, i.no, p.seq, p.started_at FROM pages p JOIN items i ON i.id = p.item_id').all();
    const items = result.results.map((r) => new Map(r.items.map((item) => [item.no, item])));
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      const page = items[Number(row.checklist_index)]!.get(Number(row.no))!.pages[Number(row.seq)]!;
      // Every page of this run was requested (a DNS failure too): the time is the fetch's own, not the fallback.
      expect(page.startedAt).toBeDefined();
      expect(row.started_at).toBe(page.startedAt);
      expect(Date.parse(page.startedAt!)).toBeGreaterThanOrEqual(Date.parse(result.startedAt));
    }
  });

  it('marks the run complete with its times', () => {
    const row = db.sqlite.prepare('SELECT started_at, finished_at, complete FROM runs WHERE id = ?').get(recorder.runId);
    expect(row).toEqual({ started_at: result.startedAt, finished_at: result.finishedAt, complete: 1 });
  });
});

describe.runIf(HAS_SQLITE)('the start time of a page in the history', () => {
  it('is kept in UTC, and stands in as the end of the check less the load time when a page does not say', async () => {
    const { dir, cleanup } = tempDir();
    const db = await openHistory(path.join(dir, 'history.sqlite'));
    try {
      const checklist = (await loadChecklist(DEMO, { site: 'http://127.0.0.1:9' })).checklist!;
      const recorder = RunRecorder.start(db, [checklist], { startedAt: new Date().toISOString(), options, checklists: [recordedChecklist(checklist)] });
      const first = checklist.categories[0]!.items[0]!;
      const page = { url: first.urls[0]!, finalUrl: first.urls[0]!, redirects: [], status: 200, bytes: 10, elapsedMs: 1500, attempts: 1, attachments: [] };
      recorder.recordItem(0, checklist.institution, checklist.file, {
        no: first.no,
        category: first.category,
        title: first.title,
        urls: first.urls,
        status: 'pass',
        // Read from a JSON report: the time has the report's offset.
        pages: [{ ...page, startedAt: '2026-11-30T20:00:00.250+08:00' }, { ...page }],
        findings: [],
        checkedAt: '2026-11-30T12:00:03.000Z',
      });
      const startedAt = db.sqlite.prepare('SELECT started_at FROM pages ORDER BY seq').all().map((row) => row.started_at);
      expect(startedAt).toEqual(['2026-11-30T12:00:00.250Z', '2026-11-30T12:00:01.500Z']);
    } finally {
      db.close();
      cleanup();
    }
  });
});
