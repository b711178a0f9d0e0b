import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPORT_FORMATS, formatForPath, isFormatName, outputExtensions } from '../../src/report/formats.js';
import { ReportWriteError, writeReportFile } from '../../src/report/write.js';
import { buildRun } from './fixtures.js';

const options = { lang: 'zh', color: true, columns: 100 } as const;

describe('format table and report files', () => {
  it('chooses the format by extension', () => {
    expect(formatForPath('out/report.csv')).toBe('csv');
    expect(formatForPath('REPORT.XLSX')).toBe('xlsx');
    expect(formatForPath('r.json')).toBe('json');
    expect(formatForPath('r.html')).toBe('html');
    expect(formatForPath('r.htm')).toBe('html');
    expect(formatForPath('r.md')).toBe('md');
    expect(formatForPath('junit.xml')).toBe('junit');
    expect(formatForPath('r.pdf')).toBeUndefined();
    expect(formatForPath('report')).toBeUndefined();
    expect(isFormatName('junit')).toBe(true);
    expect(isFormatName('toString')).toBe(false);
    for (const [name, format] of Object.entries(REPORT_FORMATS)) expect(format.name).toBe(name);
  });

  it('lists the -o extensions from the format table, for help and messages', () => {
    expect(outputExtensions()).toBe('.json .csv .xlsx .html .md .xml');
    expect(outputExtensions({ or: 'or' })).toBe('.json .csv .xlsx .html .md or .xml');
    expect(outputExtensions({ or: '或' })).toBe('.json .csv .xlsx .html .md 或 .xml');
    expect(outputExtensions({ all: true })).toBe('.json .csv .xlsx .html .htm .md .markdown .xml');
  });

  it('writes each format to its file, terminal text without colour', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'xxgk-report-'));
    for (const file of ['r.csv', 'r.json', 'r.html', 'r.md', 'r.xml', 'r.xlsx', 'r.txt']) {
      await writeReportFile(join(dir, file), buildRun(), options);
    }
    expect((await readdir(dir)).sort()).toEqual(['r.csv', 'r.html', 'r.json', 'r.md', 'r.txt', 'r.xlsx', 'r.xml']);
    expect((await readFile(join(dir, 'r.xlsx'))).subarray(0, 2).toString()).toBe('PK');
    expect(await readFile(join(dir, 'r.txt'), 'utf8')).not.toMatch(/\x1b\[/);
    expect(JSON.parse(await readFile(join(dir, 'r.json'), 'utf8')).schemaVersion).toBe(1);
  });

  it('leaves an existing file intact and no temporary file behind when rendering throws', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'xxgk-report-'));
    const path = join(dir, 'report.json');
    await writeFile(path, 'old report');
    const broken = { ...buildRun() };
    Object.defineProperty(broken, 'results', {
      get() {
        throw new Error('render failed');
      },
    });
    await expect(writeReportFile(path, broken, options)).rejects.toThrow('render failed');
    expect(await readFile(path, 'utf8')).toBe('old report');
    expect(await readdir(dir)).toEqual(['report.json']);
  });

  it('names the file when the format is unknown or the file cannot be written', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'xxgk-report-'));
    await expect(writeReportFile(join(dir, 'report.pdf'), buildRun(), options)).rejects.toThrow(/report\.pdf/);
    const missing = join(dir, 'no-such-dir', 'report.csv');
    const error = await writeReportFile(missing, buildRun(), { ...options, lang: 'en' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReportWriteError);
    expect((error as Error).message).toContain(missing);
    expect(await readdir(dir)).toEqual([]);
  });
});
