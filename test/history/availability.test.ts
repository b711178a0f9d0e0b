// Availability per item from recorded probes, on exact sequences written through the recorder.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import path from 'node:path';
import { itemAvailability, openHistory, RunRecorder, type HistoryDb } from '../../src/history/index.js';
import { DEFAULT_RUN_OPTIONS } from '../../src/run/run.js';
import { finding } from '../../src/findings.js';
import type { Checklist, ItemResult } from '../../src/types.js';
import { HAS_SQLITE, tempDir } from './helpers.js';

const URL_A = 'http://xxgk.example.edu.cn/a.htm';
const URL_B = 'http://xxgk.example.edu.cn/b.htm';

const checklist: Checklist = {
  schema: 1,
  institution: '示例大学',
  categories: [{ name: '基本信息', items: [{ no: 1, title: '办学规模', category: '基本信息', urls: [URL_A] }, { no: 2, title: '章程', category: '基本信息', urls: [URL_B] }] }],
};

/**
 * A probe: 'ok' (loaded in `ms`), 'timeout', 'dns', 'slow' (loaded after 16 s), or 'offline' (DNS failed while this
 * machine could not reach the network: the item is `unverified`).
 */
type Kind = 'ok' | 'timeout' | 'dns' | 'slow' | 'offline';

function itemResult(no: number, url: string, kind: Kind, checkedAt: string, ms = 300): ItemResult {
  const failed = kind === 'timeout' || kind === 'dns' || kind === 'offline';
  const elapsedMs = kind === 'slow' ? 16_000 : kind === 'timeout' ? 15_000 : ms;
  return {
    no,
    category: '基本信息',
    title: no === 1 ? '办学规模' : '章程',
    urls: [url],
    status: kind === 'offline' ? 'unverified' : failed ? 'fail' : 'pass',
    pages: [{ url, finalUrl: url, redirects: [], ...(failed ? {} : { status: 200 }), bytes: 100, startedAt: checkedAt, elapsedMs, attempts: 1, attachments: [] }],
    findings: kind === 'timeout' ? [finding('TIMEOUT', { seconds: 15 })] : kind === 'dns' || kind === 'offline' ? [finding('DNS_ERROR', { host: 'x' })] : [],
    checkedAt,
  };
}

/** One run per probe, an hour apart from 2026-03-02T00:00Z (each a watch round). */
function record(db: HistoryDb, sequence: readonly Kind[], no = 1, url = URL_A, loadMs: (i: number) => number = () => 300): string[] {
  const times: string[] = [];
  sequence.forEach((kind, i) => {
    const at = new Date(Date.UTC(2026, 2, 2, i)).toISOString();
    times.push(at);
    const recorder = RunRecorder.start(db, [checklist], { startedAt: at, options: DEFAULT_RUN_OPTIONS, checklists: [] });
    recorder.recordItem(0, checklist.institution, undefined, itemResult(no, url, kind, at, loadMs(i)));
  });
  return times;
}

describe.runIf(HAS_SQLITE)('availability per item', () => {
  let dir: string;
  let cleanup: () => void;
  let db: HistoryDb;
  beforeEach(async () => {
    ({ dir, cleanup } = tempDir());
    db = await openHistory(path.join(dir, 'h.sqlite'));
  });
  afterEach(() => {
    db.close();
    cleanup();
  });

  it('1 failure in 20 probes is 95 % available; 1 in 21 is not', () => {
    record(db, [...Array<Kind>(19).fill('ok'), 'timeout']);
    record(db, [...Array<Kind>(20).fill('ok'), 'dns'], 2, URL_B);
    const [a, b] = itemAvailability(db);
    expect(a).toMatchObject({ no: 1, probes: 20, failures: 1, availability: 0.95 });
    expect(b).toMatchObject({ no: 2, probes: 21, failures: 1 });
    expect(b!.availability).toBeCloseTo(20 / 21, 12);
    expect(b!.availability).toBeGreaterThan(0.95);
  });

  it('a page that loads after the 15 s limit did not open', () => {
    record(db, ['ok', 'slow', 'ok']);
    const [a] = itemAvailability(db);
    expect(a).toMatchObject({ probes: 3, failures: 1 });
    expect(itemAvailability(db, { loadLimitMs: 20_000 })[0]).toMatchObject({ failures: 0, availability: 1 });
    // "超过（含）15秒网站仍打不开": a page that took exactly the limit did not open either.
    expect(itemAvailability(db, { loadLimitMs: 16_000 })[0]).toMatchObject({ failures: 1 });
    expect(itemAvailability(db, { loadLimitMs: 16_001 })[0]).toMatchObject({ failures: 0 });
  });

  it('longest outage, first and last failure, last change and how long the fix took', () => {
    //         0     1          2          3     4          5          6          7     8
    const t = record(db, ['ok', 'timeout', 'timeout', 'ok', 'timeout', 'timeout', 'timeout', 'ok', 'ok']);
    const [a] = itemAvailability(db);
    expect(a).toMatchObject({ probes: 9, failures: 5, firstFailure: t[1], lastFailure: t[6] });
    expect(a!.longestOutage).toEqual({ probes: 3, from: t[4], until: t[7], ms: 3 * 3600_000 });
    expect(a!.lastChange).toEqual({ at: t[7], failing: false, afterMs: 3 * 3600_000 });
  });

  it('an outage still going on has no end', () => {
    const t = record(db, ['ok', 'ok', 'dns', 'dns']);
    const [a] = itemAvailability(db);
    expect(a!.longestOutage).toEqual({ probes: 2, from: t[2] });
    expect(a!.lastChange).toEqual({ at: t[2], failing: true, afterMs: 2 * 3600_000 });
  });

  it('median and 95th percentile of the load time by nearest rank', () => {
    // Load times 100, 200, …, 2000 ms: median (rank 10) 1000, p95 (rank 19) 1900.
    record(db, Array<Kind>(20).fill('ok'), 1, URL_A, (i) => 2000 - i * 100);
    const [a] = itemAvailability(db);
    expect(a).toMatchObject({ medianMs: 1000, p95Ms: 1900 });
  });

  it('a round when this machine was offline (unverified items) is no probe of the site', () => {
    record(db, ['ok', 'offline', 'offline', 'ok', 'timeout']);
    const [a] = itemAvailability(db);
    expect(a).toMatchObject({ probes: 3, failures: 1 });
  });

  it('counts only the probes inside the window', () => {
    const t = record(db, ['timeout', 'ok', 'ok', 'timeout', 'ok']);
    const [a] = itemAvailability(db, { since: t[1], until: t[4] });
    expect(a).toMatchObject({ probes: 3, failures: 1, firstFailure: t[3], lastFailure: t[3] });
  });
});
