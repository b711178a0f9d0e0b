import stringWidth from 'string-width';
import { stripVTControlCharacters as stripAnsi } from 'node:util';
import { describe, expect, it } from 'vitest';
import { renderTerminal } from '../../src/report/terminal.js';
import { HOSTILE, buildRun } from './fixtures.js';

const ESC = /\x1b\[/;

function matrixRows(text: string): string[] {
  // Item rows: two spaces, right-aligned number, two spaces, title.
  return stripAnsi(text)
    .split('\n')
    .filter((line) => /^ {2,5}\d+ {2}/.test(line));
}

describe('terminal report', () => {
  it('aligns the status column of CJK rows, measured in display columns', () => {
    const out = renderTerminal(buildRun(), { lang: 'zh', color: false, columns: 120 });
    const rows = matrixRows(out);
    expect(rows).toHaveLength(50);
    const statusColumn = (row: string): number => {
      const match = /(通过|警告|不通过|缺失)/.exec(row.slice(10));
      expect(match).not.toBeNull();
      return stringWidth(row.slice(0, 10 + match!.index));
    };
    const columns = new Set(rows.map(statusColumn));
    expect(columns.size).toBe(1);
    // The code-unit index would differ between a Chinese and an ASCII title: the alignment is by width.
    const ascii = rows.find((r) => r.includes('@SUM(A1)'))!;
    const chinese = rows.find((r) => r.includes('学籍管理办法'))!;
    expect(ascii.indexOf('通过')).not.toBe(chinese.indexOf('通过'));
  });

  it.each([60, 80, 100, 140])('keeps every matrix and summary line within %i columns, truncating with an ellipsis', (columns) => {
    const out = stripAnsi(renderTerminal(buildRun(), { lang: 'zh', color: false, columns }));
    const [matrixPart] = out.split('问题清单');
    for (const line of matrixPart!.split('\n')) expect(stringWidth(line), line).toBeLessThanOrEqual(columns);
    const longRow = matrixRows(out).find((r) => r.includes('学校学校'))!;
    expect(longRow).toContain('...');
    expect(longRow).not.toContain(HOSTILE.long);
  });

  it('does not truncate titles that fit', () => {
    const out = stripAnsi(renderTerminal(buildRun(), { lang: 'zh', color: false, columns: 200 }));
    expect(matrixRows(out).find((r) => r.includes('学籍管理办法'))).not.toContain('...');
  });

  it('writes no escape codes when colour is off, and colours statuses when on', () => {
    const plain = renderTerminal(buildRun({ institutions: 2, complete: false }), { lang: 'zh', color: false, columns: 100 });
    expect(plain).not.toMatch(ESC);
    const coloured = renderTerminal(buildRun(), { lang: 'zh', color: true, columns: 100 });
    expect(coloured).toMatch(ESC);
    expect(coloured).toContain('\x1b[31m'); // red for 不通过
    expect(coloured).toContain('\x1b[32m'); // green for 通过
    expect(stripAnsi(coloured)).toBe(renderTerminal(buildRun(), { lang: 'zh', color: false, columns: 100 }));
  });

  it('has Chinese and English headers and labels', () => {
    const zh = renderTerminal(buildRun(), { lang: 'zh', color: false, columns: 120 });
    expect(zh).toMatch(/序号\s+公开事项\s+状态\s+HTTP\s+说明/);
    expect(zh).toContain('不通过');
    expect(zh).toContain('合规率');
    const en = renderTerminal(buildRun(), { lang: 'en', color: false, columns: 120 });
    expect(en).toMatch(/No\.\s+Item\s+Status\s+HTTP\s+Notes/);
    expect(en).toContain('missing');
    expect(en).toContain('Compliance');
    expect(en).not.toContain('不通过');
  });

  it('gives each gap its reason in words, counting further findings', () => {
    const out = renderTerminal(buildRun(), { lang: 'zh', color: false, columns: 160 });
    const row = matrixRows(out).find((r) => r.includes('艺术教育发展年度报告'))!;
    expect(row).toContain('页面显示为错误页');
    expect(row).toMatch(/\+2$/);
    expect(matrixRows(out).find((r) => r.includes('特殊类型招生入选'))).toContain('服务器返回 HTTP 404');
  });

  it('summarises per category and overall, then lists gaps worst first with all findings', () => {
    const out = renderTerminal(buildRun(), { lang: 'zh', color: false, columns: 120 });
    expect(out).toMatch(/基本信息\s+5\s+1\s+0\s+0\s+6\s+100\.0%/);
    expect(out).toMatch(/合计\s+41\s+3\s+5\s+1\s+50\s+88\.0%/);
    const gaps = out.slice(out.indexOf('问题清单'));
    const order = ['8. 特殊类型', '34. 艺术教育', '33. 高校毕业生', '4. 学术委员会'].map((s) => gaps.indexOf(s));
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(gaps).toContain('页面中未出现事项关键词');
    expect(gaps).toContain('页面加载较慢：用时 9.2 秒');
    expect(gaps).not.toContain('学籍管理办法');
  });

  it('says when nothing is wrong', () => {
    const run = buildRun();
    const result = run.results[0]!;
    result.items = result.items.map((i) => ({ ...i, status: 'pass' as const, findings: [] }));
    const out = renderTerminal(run, { lang: 'en', color: false, columns: 100 });
    expect(out).toContain('Every item is published');
  });

  it('shows a banner on an interrupted run and none on a complete one', () => {
    expect(renderTerminal(buildRun({ complete: false }), { lang: 'zh', color: false, columns: 100 })).toContain('检查被中断');
    expect(renderTerminal(buildRun(), { lang: 'zh', color: false, columns: 100 })).not.toContain('检查被中断');
  });

  it('adds an institutions × categories overview for several checklists', () => {
    const out = renderTerminal(buildRun({ institutions: 2 }), { lang: 'zh', color: false, columns: 100 });
    expect(out).toContain('各校概览');
    expect(out).toContain('1 = 基本信息');
    expect(renderTerminal(buildRun(), { lang: 'zh', color: false, columns: 100 })).not.toContain('各校概览');
  });
});
