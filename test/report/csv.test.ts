import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { neutraliseCell } from '../../src/report/common.js';
import { renderCsv } from '../../src/report/csv.js';
import { HOSTILE, buildRun } from './fixtures.js';

function records(csv: string): string[][] {
  return parse(csv, { bom: true, relax_column_count: true });
}

describe('CSV report', () => {
  it('is UTF-8 with a BOM, CRLF line ends and the Chinese headers', () => {
    const csv = renderCsv(buildRun(), { lang: 'zh', color: false, columns: 80 });
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv.replace(/"[^"]*"/g, '')).not.toMatch(/[^\r]\n/);
    const [header, ...rows] = records(csv);
    expect(header).toEqual(['序号', '类别', '公开事项', '链接', '状态', 'HTTP状态', '最终地址', '问题', '检查时间']);
    expect(rows).toHaveLength(50);
  });

  it('has English headers with --lang en', () => {
    const [header] = records(renderCsv(buildRun(), { lang: 'en', color: false, columns: 80 }));
    expect(header).toEqual(['No.', 'Category', 'Item', 'URL', 'Status', 'HTTP status', 'Final URL', 'Findings', 'Checked at']);
  });

  it('neutralises cells that a spreadsheet would run as formulas', () => {
    const rows = records(renderCsv(buildRun(), { lang: 'zh', color: false, columns: 80 })).slice(1);
    const titles = rows.map((r) => r[2]);
    for (const hostile of [HOSTILE.hyperlink, HOSTILE.plus, HOSTILE.minus, HOSTILE.at, HOSTILE.tab, HOSTILE.cr]) {
      expect(titles).toContain(`'${hostile}`);
    }
    for (const row of rows) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    // A good cell is left alone.
    expect(titles).toContain('学籍管理办法');
    expect(neutraliseCell('学籍管理办法')).toBe('学籍管理办法');
    expect(neutraliseCell('2024-1')).toBe('2024-1');
  });

  it('keeps one row per item with its status, HTTP status, final address, findings and several URLs', () => {
    const rows = records(renderCsv(buildRun(), { lang: 'zh', color: false, columns: 80 })).slice(1);
    const byNo = new Map(rows.map((r) => [r[0], r]));
    expect(byNo.get('8')!.slice(4, 6)).toEqual(['不通过', '404']);
    expect(byNo.get('33')![3]).toBe('');
    expect(byNo.get('33')![4]).toBe('缺失');
    expect(byNo.get('34')![7]!.split('\n')).toHaveLength(3);
    expect(byNo.get('37')![3]!.split('\n')).toEqual([
      'https://xxgk.example.edu.cn/xsgl/jxj.htm',
      'https://xxgk.example.edu.cn/xsgl/zxj.htm',
    ]);
    expect(byNo.get('11')![6]).toBe('https://yz.example.edu.cn/info/1012/zsjz.htm');
    expect(byNo.get('20')![3]).toBe(HOSTILE.url);
  });

  it('adds an institution column for several checklists and a note when the run was interrupted', () => {
    const csv = renderCsv(buildRun({ institutions: 2, complete: false }), { lang: 'zh', color: false, columns: 80 });
    const [header, ...rows] = records(csv);
    expect(header![0]).toBe('学校');
    expect(rows.filter((r) => r.length > 1)).toHaveLength(100);
    expect(rows.at(-1)![0]).toContain('检查被中断');
    expect(renderCsv(buildRun(), { lang: 'zh', color: false, columns: 80 })).not.toContain('检查被中断');
  });
});
