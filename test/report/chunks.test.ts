// Every report format is made piece by piece (`chunks` in REPORT_FORMATS): one piece per institution, each
// institution's items read when its piece is made, so that a report of a national run is never held whole. The pieces
// joined are the report `render` gives, for a run in memory and for the same run read back from a store.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ChecklistResult, RunResult } from '../../src/types.js';
import { FORMAT_NAMES, REPORT_FORMATS, type FormatName } from '../../src/report/formats.js';
import type { ReportFormat } from '../../src/report/common.js';
import { writeReportFile } from '../../src/report/write.js';
import { storedResult } from '../../src/run/store.js';
import { compareWithBaseline } from '../../src/run/baseline.js';
import { buildRun } from './fixtures.js';

const OPTIONS = { lang: 'zh' as const, color: false, columns: 100, timeZone: 'Asia/Shanghai' };
const TEXT_FORMATS = FORMAT_NAMES.filter((name) => name !== 'xlsx');

/** Every piece of a format's report, in order (bytes as UTF-8 text). */
async function pieces(format: FormatName, run: RunResult, options = OPTIONS): Promise<string[]> {
  const entry: ReportFormat = REPORT_FORMATS[format];
  const out: string[] = [];
  for await (const piece of entry.chunks!(run, options)) out.push(typeof piece === 'string' ? piece : Buffer.from(piece).toString('utf8'));
  return out;
}

/** The run with each institution's items read afresh (new objects, as from the store) every time they are read. */
function storedRun(run: RunResult, reads: number[] = []): RunResult {
  const results = run.results.map((result, index) => {
    const { items, ...fields } = result;
    const text = JSON.stringify(items);
    reads[index] = 0;
    return storedResult(fields, () => {
      reads[index]!++;
      return JSON.parse(text) as ChecklistResult['items'];
    });
  });
  return { ...run, results };
}

/** The runs every format is checked on: one institution, three, an interrupted run, a run compared with a baseline. */
function runs(): [string, RunResult][] {
  const baselineRun = buildRun({ institutions: 2 });
  baselineRun.results[0]!.items[0]!.status = 'fail';
  baselineRun.results[1]!.items[5]!.status = 'pass';
  const withHosts = buildRun({ institutions: 3 });
  withHosts.options = { ...withHosts.options, hostStats: true };
  withHosts.hosts = [];
  return [
    ['one institution', buildRun()],
    ['three institutions', withHosts],
    ['interrupted', buildRun({ institutions: 2, complete: false })],
    ['baseline', compareWithBaseline(buildRun({ institutions: 2 }), { file: 'old.json', run: baselineRun })],
  ];
}

describe('every format comes in pieces', () => {
  it('has chunks in REPORT_FORMATS (the workbook streamed by exceljs too)', () => {
    for (const name of FORMAT_NAMES) expect((REPORT_FORMATS[name] as ReportFormat).chunks, name).toBeTypeOf('function');
  });

  for (const [label, run] of runs()) {
    it.each(TEXT_FORMATS)(`%s: the pieces joined are the report, in memory and from a store (${label})`, async (format) => {
      const rendered = await REPORT_FORMATS[format].render(run, OPTIONS);
      expect((await pieces(format, run)).join('')).toBe(rendered);
      expect((await pieces(format, storedRun(run))).join('')).toBe(rendered);
    });
  }

  it.each(TEXT_FORMATS)('%s: no piece holds the items of two institutions, and each institution is read one piece at a time', async (format) => {
    // Every read of an institution's items, with the number of pieces made by then (no cache: each read counts).
    const log: { institution: number; piecesBefore: number }[] = [];
    let made = 0;
    const built = buildRun({ institutions: 3 });
    const run: RunResult = {
      ...built,
      results: built.results.map((result, institution) => {
        const text = JSON.stringify(result.items);
        const { items: _items, ...fields } = result;
        return Object.defineProperty({ ...fields }, 'items', {
          enumerable: true,
          get: () => {
            log.push({ institution, piecesBefore: made });
            return JSON.parse(text) as ChecklistResult['items'];
          },
        }) as ChecklistResult;
      }),
    };
    // The item addresses of each institution (its own host): a piece holds those of at most one.
    const hosts = run.results.map((r) => `${new URL(r.checklist.site!).host}/kjfw/item`);
    const entry: ReportFormat = REPORT_FORMATS[format];
    const texts: string[] = [];
    for await (const piece of entry.chunks!(run, OPTIONS)) {
      texts.push(String(piece));
      made++;
    }
    const owners = texts.map((text) => hosts.filter((host) => text.includes(host)).length);
    expect(Math.max(...owners), format).toBe(1);
    expect(owners.filter((n) => n === 1), format).toHaveLength(run.results.length);
    const pieceOf = hosts.map((host) => texts.findIndex((text) => text.includes(host)));
    // The scores may read every institution while the first institution's piece is made (assessRun keeps only its
    // numbers); after it, the piece of each institution reads its items once and no other institution's.
    for (let i = 1; i < hosts.length; i++) {
      const during = log.filter((read) => read.piecesBefore === pieceOf[i]);
      expect(during, `${format}: reads while the piece of institution ${i} is made`).toEqual([{ institution: i, piecesBefore: pieceOf[i] }]);
      expect(log.filter((read) => read.institution === i && read.piecesBefore > pieceOf[0]! && read.piecesBefore !== pieceOf[i]), format).toEqual([]);
    }
  });
});

describe('report files are written from the pieces', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'xxgk-chunks-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(TEXT_FORMATS)('%s: the file is the rendered report', async (format) => {
    const run = buildRun({ institutions: 2 });
    const file = path.join(dir, `report-${format}.out`);
    await writeReportFile(file, storedRun(run), OPTIONS, format);
    expect(readFileSync(file, 'utf8')).toBe(String(await REPORT_FORMATS[format].render(run, { ...OPTIONS, color: false })));
  });
});
