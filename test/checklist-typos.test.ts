// YAML mistakes a person typing Chinese makes, explained in words at their own place (issue 15, point 9).
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { hasErrors, parseChecklist } from '../src/checklist/index.js';
import type { ChecklistProblem } from '../src/types.js';

/** A valid checklist of two items; `second` replaces the second item's lines (indented as item keys). */
function checklist(firstTitle = '学校章程', secondUrl = '        url: https://xxgk.example.edu.cn/2.htm'): string {
  return [
    'schema: 1',
    'institution: 示例大学',
    'categories:',
    '  - name: 基本信息',
    '    items:',
    '      - no: 1',
    `        title: ${firstTitle}`,
    '        url: https://xxgk.example.edu.cn/1.htm',
    '      - no: 2',
    '        title: 规章制度',
    secondUrl,
    '',
  ].join('\n');
}

const at = (p: ChecklistProblem): string => `${p.line}:${p.col} ${p.severity}`;

describe('YAML mistakes explained for people', () => {
  it('a full-width colon after a key: one error at the colon, with the fix, in zh and en', () => {
    const text = checklist(undefined, '        url：https://xxgk.example.edu.cn/2.htm');
    const zh = parseChecklist(text, 'c.yaml', { lang: 'zh' });
    expect(zh.checklist).toBeUndefined();
    expect(zh.problems.map(at)).toEqual(['11:12 error']);
    expect(zh.problems[0]!.message).toContain('把全角冒号“：”改成半角“:”并在其后加空格');
    expect(zh.problems[0]!.message).toContain('url');
    expect(zh.problems[0]!.message).not.toContain('缺少字符');
    const en = parseChecklist(text, 'c.yaml', { lang: 'en' });
    expect(en.problems.map(at)).toEqual(['11:12 error']);
    expect(en.problems[0]!.message).toMatch(/full-width colon “：”.*half-width “:” followed by a space/);
  });

  it('a full-width comma between the entries of a list', () => {
    const text = checklist(undefined, '        urls: [https://xxgk.example.edu.cn/2.htm，https://xxgk.example.edu.cn/3.htm]');
    const zh = parseChecklist(text, 'c.yaml', { lang: 'zh' });
    expect(zh.checklist).toBeUndefined();
    expect(zh.problems.map(at)).toEqual(['11:49 error']);
    expect(zh.problems[0]!.message).toContain('把全角逗号“，”改成半角“,”');
    expect(parseChecklist(text, 'c.yaml', { lang: 'en' }).problems[0]!.message).toContain('full-width comma “，”');
    // A full-width comma inside a title is Chinese punctuation, not a mistake.
    const title = parseChecklist(checklist('招生章程，招生计划'), 'c.yaml', { lang: 'zh' });
    expect(title.problems).toEqual([]);
    expect(title.checklist).toBeDefined();
  });

  it('curly quotes “” named as such: an error where YAML fails on them, a warning where they would stay in the title', () => {
    const failing = parseChecklist(checklist('“学校章程: 2024 年修订”'), 'c.yaml', { lang: 'zh' });
    expect(failing.problems.map(at)).toEqual(['7:16 error']);
    expect(failing.problems[0]!.message).toContain('弯引号“”');
    expect(failing.problems[0]!.message).toContain('半角引号 "…"');
    const kept = parseChecklist(checklist('“学校章程”'), 'c.yaml', { lang: 'en' });
    expect(kept.problems.map(at)).toEqual(['7:16 warning']);
    expect(kept.problems[0]!.message).toContain('curly quotes “”');
    expect(kept.checklist).toBeDefined();
    // Quotes around a word inside the title are the title's own.
    expect(parseChecklist(checklist('“双一流”建设方案'), 'c.yaml', { lang: 'zh' }).problems).toEqual([]);
  });

  it('one tab in the indentation is one error at the tab, not a cascade out of line order', () => {
    const text = checklist(undefined, '\turl: https://xxgk.example.edu.cn/2.htm');
    for (const lang of ['zh', 'en'] as const) {
      const { problems, checklist: read } = parseChecklist(text, 'c.yaml', { lang });
      expect(read).toBeUndefined();
      expect(problems.map(at)).toEqual(['11:1 error']);
      expect(problems[0]!.message).toMatch(lang === 'zh' ? /制表符（Tab）.*空格/ : /tab in the indentation.*spaces/);
    }
    // Mixed spaces and a tab: the tab's own column.
    expect(parseChecklist(checklist(undefined, '      \t  url: https://x.edu.cn/'), 'c.yaml', { lang: 'zh' }).problems.map(at)).toEqual(['11:7 error']);
  });

  it('an unclosed quote is reported at the line where it opens, not at the end of the file', () => {
    const text = checklist('"学校章程');
    for (const lang of ['zh', 'en'] as const) {
      const { problems } = parseChecklist(text, 'c.yaml', { lang });
      expect(problems.map(at)).toEqual(['7:16 error']);
      expect(problems[0]!.message).toContain(lang === 'zh' ? '引号未闭合' : 'unclosed quote');
    }
    expect(parseChecklist(checklist("'学校章程"), 'c.yaml', { lang: 'zh' }).problems.map(at)).toEqual(['7:16 error']);
  });

  it('" #" inside a plain value is warned: YAML drops the rest as a comment', () => {
    const text = checklist('学校章程 #1');
    const zh = parseChecklist(text, 'c.yaml', { lang: 'zh' });
    expect(zh.checklist?.categories[0]!.items[0]!.title).toBe('学校章程');
    expect(zh.problems.map(at)).toEqual(['7:21 warning']);
    expect(zh.problems[0]!.message).toContain('title: "学校章程 #1"');
    expect(parseChecklist(text, 'c.yaml', { lang: 'en' }).problems[0]!.message).toMatch(/comment: “#1” is dropped/);
    // A comment written as one (`# 说明`) and a URL fragment are left alone.
    expect(parseChecklist(checklist('学校章程 # 2024 年修订'), 'c.yaml', { lang: 'zh' }).problems).toEqual([]);
    expect(parseChecklist(checklist(undefined, '        url: https://xxgk.example.edu.cn/2.htm#main'), 'c.yaml', { lang: 'zh' }).problems).toEqual([]);
  });

  it('raises no false alarm on the shipped checklists', async () => {
    const dir = fileURLToPath(new URL('../checklists/', import.meta.url));
    for (const name of (await readdir(dir)).filter((n) => n.endsWith('.yaml'))) {
      const { problems } = parseChecklist(await readFile(path.join(dir, name), 'utf8'), name, { lang: 'zh' });
      expect(hasErrors(problems), name).toBe(false);
      expect(problems.filter((p) => /全角|弯引号|制表符|注释|引号未闭合/.test(p.message)), name).toEqual([]);
    }
  });
});
