import { describe, expect, it } from 'vitest';
import { escapeMarkdown, renderMarkdown } from '../../src/report/markdown.js';
import { HOSTILE, buildRun } from './fixtures.js';

/** Split a table row on unescaped pipes. */
function cells(row: string): string[] {
  return row.split(/(?<!\\)\|/).slice(1, -1);
}

describe('Markdown report', () => {
  it('has a summary table whose rows all have the same number of cells', () => {
    const md = renderMarkdown(buildRun(), { lang: 'zh', color: false, columns: 80 });
    const rows = md.split('\n').filter((l) => l.startsWith('|'));
    expect(rows).toHaveLength(13);
    for (const row of rows) expect(cells(row)).toHaveLength(7);
    expect(md).toContain('| 基本信息 | 5 | 1 | 0 | 0 | 6 | 100.0% |');
    expect(md).toContain('**88.0%**');
  });

  it('lists gaps worst first with every finding', () => {
    const md = renderMarkdown(buildRun(), { lang: 'zh', color: false, columns: 80 });
    const gaps = md.slice(md.indexOf('问题清单'));
    expect(gaps.indexOf('特殊类型招生入选')).toBeLessThan(gaps.indexOf('高校毕业生就业质量'));
    expect(gaps.indexOf('高校毕业生就业质量')).toBeLessThan(gaps.indexOf('学术委员会'));
    expect(gaps).toContain('页面中未出现事项关键词');
    expect(gaps).not.toContain('学籍管理办法');
  });

  it('escapes pipes, markup and HTML in titles so they stay text', () => {
    expect(escapeMarkdown(HOSTILE.pipe)).toBe('收支 \\| 决算 \\*表\\* \\`代码\\` \\[链接\\](http://x)');
    expect(escapeMarkdown(HOSTILE.script)).toBe('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(escapeMarkdown('学籍管理办法')).toBe('学籍管理办法');
    const run = buildRun();
    run.results[0]!.items[19]!.status = 'fail';
    run.results[0]!.items[1]!.title = HOSTILE.script;
    run.results[0]!.items[1]!.status = 'warn';
    const md = renderMarkdown(run, { lang: 'zh', color: false, columns: 80 });
    expect(md).not.toContain('<script>');
    expect(md).toContain('收支 \\| 决算');
    expect(md).toMatch(/\[收支 \\\| 决算 .*\]\(<https:\/\/xxgk\.example\.edu\.cn\/list\.jsp\?a=1&b="2"&c='3'>\)/);
  });

  it('warns on an interrupted run and adds an overview for several institutions', () => {
    const md = renderMarkdown(buildRun({ institutions: 2, complete: false }), { lang: 'en', color: false, columns: 80 });
    expect(md.startsWith('> [!WARNING]')).toBe(true);
    expect(md).toContain('## Overview');
    expect(renderMarkdown(buildRun(), { lang: 'en', color: false, columns: 80 })).not.toContain('WARNING');
  });
});
