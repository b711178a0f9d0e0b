// Items an interrupted run did not reach (`unchecked`, 未检查; issue 15, point 10) in the JSON report, read back
// (`merge`, `--baseline`), in the baseline comparison, and in a report written before the status existed.
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { renderJson } from '../../src/report/json.js';
import { parseJsonReport } from '../../src/report/read.js';
import { renderTerminal } from '../../src/report/terminal.js';
import { compareWithBaseline } from '../../src/run/baseline.js';
import { withUncheckedRun, summarize, addCounts } from '../../src/verdict/verdict.js';
import { mergeRuns } from '../../src/commands/merge.js';
import type { ChecklistResult, RunResult } from '../../src/types.js';
import { buildRun } from './fixtures.js';

const schema = JSON.parse(readFileSync(new URL('../../docs/json-report.schema.json', import.meta.url), 'utf8')) as object;
const ajv = new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true });
ajv.addFormat('date-time', (value: string) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(value));
const validate = ajv.compile(schema);

/** The fixture run interrupted after its first `checked` items: the rest left out, as runChecks gathers them. */
function interrupted(checked: number): { run: RunResult; checklists: { categories: { name: string; items: ChecklistResult['items'] }[] }[] } {
  const full = buildRun();
  const checklists = full.results.map((r) => ({
    categories: r.summary.categories.map((c) => ({ name: c.name, items: r.items.filter((i) => i.category === c.name) })),
  }));
  const results = full.results.map((r) => {
    const items = r.items.slice(0, checked);
    return { ...r, items, summary: summarize(r.summary.categories, items) };
  });
  const gathered: RunResult = { ...full, complete: false, results, summary: addCounts(results.map((r) => r.summary)) };
  return { run: withUncheckedRun(gathered, checklists), checklists };
}

describe('unchecked items', () => {
  it('are listed in their category, counted apart from the rate, valid against the schema, and read back as they were', () => {
    const { run } = interrupted(10);
    const items = run.results[0]!.items;
    expect(items).toHaveLength(50);
    expect(items.slice(10).every((i) => i.status === 'unchecked' && i.findings.length === 0 && i.pages.length === 0)).toBe(true);
    expect(run.summary.unchecked).toBe(40);
    // The rate is over the 10 checked items only.
    const checked = items.slice(0, 10);
    expect(run.summary.complianceRate).toBeCloseTo(checked.filter((i) => i.status === 'pass' || i.status === 'warn').length / 10);
    // A category none of whose items was reached counts them in its own column, not "0 0 0 0 0 0.0%".
    const last = run.results[0]!.summary.categories.at(-1)!;
    expect(last).toMatchObject({ pass: 0, warn: 0, fail: 0, missing: 0, unchecked: last.total });
    expect(last.total).toBeGreaterThan(0);
    const terminal = renderTerminal(run, { lang: 'zh', color: false, columns: 120 });
    expect(terminal).toMatch(/通过 +警告 +不通过 +缺失 +未检查 +合计 +合规率/);
    expect(terminal).toMatch(new RegExp(`${last.name} +0 +0 +0 +0 +${last.total} +${last.total} +—`));
    // (The note is wrapped to the terminal's width: read it as one line.)
    expect(terminal.replaceAll('\n', '')).toContain('检查被中断：40 项未检查');
    expect(terminal.replaceAll('\n', '')).toMatch(/--db ?<历史数据库> --resume/);

    const text = renderJson(run, { lang: 'zh', color: false, columns: 80 });
    const report = JSON.parse(text) as Record<string, unknown>;
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    const back = parseJsonReport(text, 'r.json');
    expect(back.complete).toBe(false);
    expect(back.summary).toEqual(run.summary);
    expect(back.results[0]!.items.map((i) => i.status)).toEqual(items.map((i) => i.status));
    // Merged with a complete report: its unchecked items stay unchecked, counted apart.
    const merged = mergeRuns([back, buildRun()]);
    expect(merged.summary.unchecked).toBe(40);
    expect(merged.summary.total).toBe(100);
  });

  it('an old report (before `unchecked` existed) still reads: no count, items as listed', () => {
    const old = JSON.parse(renderJson(buildRun({ complete: false }), { lang: 'en', color: false, columns: 80 })) as {
      summary: Record<string, unknown>;
      results: { summary: Record<string, unknown> & { categories: Record<string, unknown>[] }; items: unknown[] }[];
    };
    // As version 0.1.0 wrote it: no `unchecked` anywhere, the items not reached simply absent.
    delete old.summary.unchecked;
    for (const result of old.results) {
      delete result.summary.unchecked;
      for (const category of result.summary.categories) delete category.unchecked;
      result.items = result.items.slice(0, 20);
    }
    expect(JSON.stringify(old)).not.toContain('unchecked');
    expect(validate(old), JSON.stringify(validate.errors)).toBe(true);
    const back = parseJsonReport(JSON.stringify(old), 'old.json');
    expect(back.summary.unchecked).toBe(0);
    expect(back.summary.total).toBe(20);
    // It says the run was interrupted, without a count it does not know.
    expect(renderTerminal(back, { lang: 'en', color: false, columns: 100 })).toContain('The run was interrupted: some items were not checked');
  });

  it('an item not checked now is never a regression; one the baseline did not reach compares as new', () => {
    const complete = buildRun();
    const { run } = interrupted(10);
    const compared = compareWithBaseline(run, { file: 'b.json', run: complete });
    const changes = compared.results[0]!.items.slice(10).map((i) => i.change);
    expect(new Set(changes)).toEqual(new Set(['unchanged']));
    expect(compared.baseline!.changes.regressed).toBe(0);
    // The other way round: the baseline was interrupted.
    const back = compareWithBaseline(complete, { file: 'b.json', run });
    expect(new Set(back.results[0]!.items.slice(10).map((i) => i.change))).toEqual(new Set(['new']));
    expect(renderTerminal(compared, { lang: 'en', color: false, columns: 120 }).replaceAll('\n', ' ')).toContain('an item not checked is never a regression');
  });
});
