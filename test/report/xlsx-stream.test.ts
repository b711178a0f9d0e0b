// The workbook written as a stream (xlsxChunks: exceljs' streaming writer, rows committed as they are made) reads back
// the same in Excel's terms as the workbook built in memory (renderXlsx): the same sheets in the same order, and in
// each the same cells (values, types, styles), row heights, column widths, frozen pane, filter, merged cells, print
// setup and print titles.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import type { ChecklistResult, RunResult } from '../../src/types.js';
import { renderXlsx, xlsxChunks } from '../../src/report/xlsx.js';
import type { ReportOptions } from '../../src/report/common.js';
import { writeReportFile } from '../../src/report/write.js';
import { compareWithBaseline } from '../../src/run/baseline.js';
import { buildRun } from './fixtures.js';

const OPTIONS = { lang: 'zh' as const, color: false, columns: 100, timeZone: 'Asia/Shanghai' };

async function streamed(run: RunResult, options: ReportOptions = OPTIONS): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const part of xlsxChunks(run, options)) parts.push(part);
  return Buffer.concat(parts);
}

/** What a person sees of a workbook in Excel, as plain data. */
async function seen(bytes: Buffer): Promise<unknown> {
  const workbook = new ExcelJS.Workbook();
  // exceljs declares its own Buffer type, older than Node's generic one.
  await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  return workbook.worksheets.map((sheet) => {
    const rows: unknown[] = [];
    sheet.eachRow({ includeEmpty: true }, (row, number) => {
      const cells: unknown[] = [];
      row.eachCell({ includeEmpty: true }, (cell, column) => {
        // An empty text cell reads back blank from the streamed file (exceljs writes it inline, t="str", not as a
        // shared string): Excel shows both alike, so both are compared as blank.
        const blank = cell.value === '' || cell.value === null;
        cells.push({ column, type: blank ? ExcelJS.ValueType.Null : cell.type, value: blank ? null : cell.value, text: cell.text, style: cell.style });
      });
      rows.push({ number, height: row.height, cells });
    });
    return {
      name: sheet.name,
      rows,
      widths: sheet.columns?.map((column) => column.width) ?? [],
      views: sheet.views,
      autoFilter: sheet.autoFilter,
      merges: sheet.model.merges,
      pageSetup: sheet.pageSetup,
      headerFooter: sheet.headerFooter,
      properties: sheet.properties,
    };
  });
}

function runs(): [string, RunResult][] {
  const baselineRun = buildRun({ institutions: 2 });
  baselineRun.results[0]!.items[0]!.status = 'fail';
  baselineRun.results[1]!.items.pop();
  const offline = buildRun();
  offline.network = { offline: true, controls: [{ url: 'https://www.baidu.com/', error: 'ENOTFOUND' }] };
  return [
    ['one institution', buildRun()],
    ['three institutions', buildRun({ institutions: 3 })],
    ['interrupted', buildRun({ institutions: 2, complete: false })],
    ['baseline', compareWithBaseline(buildRun({ institutions: 2 }), { file: 'old.json', run: baselineRun })],
    ['offline', offline],
  ];
}

describe('the streamed workbook', () => {
  it.each(runs())('reads back as the workbook built in memory: %s', async (_label, run) => {
    const [inMemory, stream] = await Promise.all([renderXlsx(run, OPTIONS), streamed(run)]);
    expect(await seen(stream)).toEqual(await seen(inMemory));
  });

  it('reads back the same in English, with text starting = + - @ kept as text', async () => {
    const run = buildRun({ institutions: 2 });
    const options = { ...OPTIONS, lang: 'en' as const };
    const stream = await streamed(run, options);
    expect(await seen(stream)).toEqual(await seen(await renderXlsx(run, options)));
    expect(stream.toString('latin1')).not.toContain('<f>');
  });

  it('reads each institution’s items a bounded number of times, one institution at a time', async () => {
    const reads: number[] = [];
    const built = buildRun({ institutions: 3 });
    const run: RunResult = {
      ...built,
      results: built.results.map((result, institution) => {
        const text = JSON.stringify(result.items);
        const { items: _items, ...fields } = result;
        reads[institution] = 0;
        return Object.defineProperty({ ...fields }, 'items', {
          enumerable: true,
          get: () => {
            reads[institution]!++;
            return JSON.parse(text) as ChecklistResult['items'];
          },
        }) as ChecklistResult;
      }),
    };
    await streamed(run);
    // The scores, the widths of 全部事项, its rows and the institution's own sheet: a few reads each, never more.
    for (const count of reads) expect(count).toBeLessThanOrEqual(12);
  });

  const dir = mkdtempSync(path.join(os.tmpdir(), 'xxgk-xlsx-stream-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is what writeReportFile writes', async () => {
    const run = buildRun({ institutions: 2 });
    const file = path.join(dir, 'r.xlsx');
    await writeReportFile(file, run, OPTIONS);
    expect(await seen(readFileSync(file))).toEqual(await seen(await renderXlsx(run, OPTIONS)));
  });
});
