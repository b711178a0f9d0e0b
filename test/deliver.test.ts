// Report delivery (src/run/deliver.ts) and the exit-code rule that `run`, `demo` and `merge` share.
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.js';
import { tempDir, type TempDir } from './monitoring/helpers.js';
import { Capture } from './helpers/cli.js';
import { deliverReports, exitCodeFor, type Delivery } from '../src/run/deliver.js';
import { DEFAULT_RUN_OPTIONS } from '../src/options.js';
import { renderJson } from '../src/report/json.js';
import { summarize, addCounts } from '../src/verdict/verdict.js';
import { EXIT, HistoryError, JsonReportError, UsageError, XxgkError } from '../src/errors.js';
import type { Finding, ItemResult, RunResult } from '../src/types.js';

function item(no: number, status: ItemResult['status'], findings: Finding[] = []): ItemResult {
  return { no, category: '基本信息', title: `事项${no}`, urls: [`https://user:secret@xxgk.example.edu.cn/${no}.htm?token=abc`], status, pages: [], findings, checkedAt: '2024-01-01T00:00:00.000Z' };
}

function runOf(items: ItemResult[], complete = true): RunResult {
  const summary = summarize([{ name: '基本信息' }], items);
  return {
    tool: { name: 'xxgk-check', version: '0' },
    startedAt: '2024-01-01T00:00:00.000Z',
    finishedAt: '2024-01-01T00:01:00.000Z',
    complete,
    options: DEFAULT_RUN_OPTIONS,
    results: [{ checklist: { institution: '示例大学' }, items, summary }],
    summary: addCounts([summary]),
  };
}

const INTERNAL: Finding = { code: 'INTERNAL_ERROR', severity: 'fail', params: { error: 'boom' } };
const delivered = (run: RunResult, failures: Partial<Delivery> = {}): Delivery => ({ run, printFailed: false, writeFailed: false, ...failures });

describe('exitCodeFor', () => {
  it('gives 0, 1, 2, 3 and 130 by the README rule', () => {
    const passing = runOf([item(1, 'pass')]);
    const failing = runOf([item(1, 'fail')]);
    const warning = runOf([item(1, 'warn')]);
    expect(exitCodeFor(delivered(passing), 'fail')).toBe(EXIT.ok);
    expect(exitCodeFor(delivered(failing), 'fail')).toBe(EXIT.gaps);
    expect(exitCodeFor(delivered(failing), 'never')).toBe(EXIT.ok);
    expect(exitCodeFor(delivered(warning), 'fail')).toBe(EXIT.ok);
    expect(exitCodeFor(delivered(warning), 'warn')).toBe(EXIT.gaps);
    expect(exitCodeFor(delivered(failing), 'fail', true)).toBe(EXIT.interrupted);
    expect(exitCodeFor(delivered(failing, { writeFailed: true }), 'fail')).toBe(EXIT.usage);
    expect(exitCodeFor(delivered(passing, { printFailed: true }), 'never')).toBe(EXIT.internal);
    expect(exitCodeFor(delivered(runOf([item(1, 'fail', [INTERNAL])]), { writeFailed: true }), 'never')).toBe(EXIT.internal);
  });
});

describe('deliverReports', () => {
  let tmp: TempDir;
  beforeAll(async () => {
    tmp = await tempDir();
  });
  afterAll(async () => {
    await tmp.remove();
  });

  it('redacts, prints, writes every file it can and names the one it cannot', async () => {
    const stdout = new Capture();
    const stderr = new Capture();
    const delivery = await deliverReports(
      runOf([item(1, 'pass')]),
      { stdoutFormat: 'md', files: ['ok.json', 'ok.json/no.csv', 'new-dir/deeper/made.csv'] },
      { stdout, stderr, cwd: tmp.dir, lang: 'en', color: false, columns: 80, timeZone: 'UTC' },
    );
    expect(delivery.writeFailed).toBe(true);
    expect(delivery.printFailed).toBe(false);
    expect(delivery.run.results[0]!.items[0]!.urls[0]).not.toContain('secret');
    expect(stdout.text.length).toBeGreaterThan(0);
    expect(stderr.text).toContain('wrote ok.json\n');
    expect(stderr.text).toMatch(/^xxgk-check: cannot write the report file .*no\.csv/m);
    // A folder that does not exist yet is made (issue 15, point 6).
    expect(stderr.text).toContain('wrote new-dir/deeper/made.csv\n');
    expect(await readFile(tmp.file('new-dir/deeper/made.csv'), 'utf8')).toContain('\uFEFF');
    const written = await readFile(tmp.file('ok.json'), 'utf8');
    expect(written).not.toContain('secret');
    expect(written).not.toContain('token=abc');
  });
});

describe('merge', () => {
  let tmp: TempDir;
  beforeAll(async () => {
    tmp = await tempDir();
  });
  afterAll(async () => {
    await tmp.remove();
  });

  it('exits 3 when a merged part has an INTERNAL_ERROR item, whatever --fail-on says', async () => {
    const part = runOf([item(1, 'pass'), item(2, 'fail', [INTERNAL])]);
    await tmp.write('part.json', renderJson(part, { lang: 'en', color: false, columns: 80 }));
    const merged = await cli(['merge', tmp.file('part.json'), '--fail-on', 'never', '-o', tmp.file('all.csv')]);
    expect(merged.code).toBe(3);
    expect(merged.stderr).toContain('wrote');
  });

  it('reads a part written before an option existed', async () => {
    const document = JSON.parse(renderJson(runOf([item(1, 'pass')]), { lang: 'en', color: false, columns: 80 })) as { options: Record<string, unknown> };
    delete document.options.maxRedirects;
    await tmp.write('old.json', JSON.stringify(document));
    const merged = await cli(['merge', tmp.file('old.json'), '--format', 'json']);
    expect(merged.code).toBe(0);
    expect((JSON.parse(merged.stdout) as { options: { maxRedirects: number } }).options.maxRedirects).toBe(10);
  });
});

describe('the error model', () => {
  it('gives each kind of error a stable code and its exit code', () => {
    const usage = new UsageError('x');
    expect(usage).toBeInstanceOf(XxgkError);
    expect([usage.code, usage.exitCode]).toEqual(['XXGK_ERR_USAGE', 2]);
    const report = new JsonReportError('y', 'y.json');
    expect([report.code, report.exitCode, report.file]).toEqual(['XXGK_ERR_JSON_REPORT', 2, 'y.json']);
    const history = new HistoryError('corrupt', 'z', 'h.sqlite');
    expect(history).toBeInstanceOf(XxgkError);
    expect([history.code, history.exitCode, history.kind, history.file]).toEqual(['XXGK_ERR_HISTORY', 2, 'corrupt', 'h.sqlite']);
  });
});
