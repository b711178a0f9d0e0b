// Issue 15, point 2: a category's heading counts the items it lists, and names the declared count when it differs.
import { describe, expect, it } from 'vitest';
import { buildRun } from './fixtures.js';
import { renderTerminal } from '../../src/report/terminal.js';
import { renderHtml } from '../../src/report/html.js';

function runDeclaring(declared: number): ReturnType<typeof buildRun> {
  const run = buildRun();
  const category = run.results[0]!.summary.categories[0]!;
  expect(category.name).toBe('基本信息');
  expect(run.results[0]!.items.filter((i) => i.category === '基本信息')).toHaveLength(6);
  category.declared = declared;
  return run;
}

describe('category headings', () => {
  const zh = { lang: 'zh' as const, color: false, columns: 120, timeZone: 'UTC' };
  const en = { ...zh, lang: 'en' as const };

  it('terminal and HTML show the 6 items listed and the 5 declared', () => {
    const run = runDeclaring(5);
    expect(renderTerminal(run, zh)).toContain('基本信息（6 项，报告声明 5 项）');
    expect(renderHtml(run, zh)).toContain('基本信息（6 项，报告声明 5 项）');
    expect(renderTerminal(run, en)).toContain('基本信息 (6 items; the report declares 5)');
    expect(renderHtml(run, en)).toContain('基本信息 (6 items; the report declares 5)');
  });

  it('only the count when the declared one agrees', () => {
    const run = runDeclaring(6);
    expect(renderTerminal(run, zh)).toContain('基本信息（6 项）');
    expect(renderHtml(run, zh)).toContain('基本信息（6 项）');
    expect(renderTerminal(run, zh)).not.toContain('报告声明');
  });
});

describe('HTML finding severities (issue 15, point 3)', () => {
  it('are 不合格 / 警告 under zh, never FAIL / WARN / INFO', () => {
    const zh = renderHtml(buildRun(), { lang: 'zh', color: false, columns: 120, timeZone: 'UTC' });
    expect(zh).toContain('<span class="sev fail">不合格</span>');
    expect(zh).toContain('<span class="sev warn">警告</span>');
    expect(zh).not.toMatch(/<span class="sev \w+">(fail|warn|info)<\/span>/);
    const en = renderHtml(buildRun(), { lang: 'en', color: false, columns: 120, timeZone: 'UTC' });
    expect(en).toContain('<span class="sev fail">fail</span>');
  });
});
