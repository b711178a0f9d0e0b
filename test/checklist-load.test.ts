import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  allItems,
  formatProblem,
  hasErrors,
  isRealDate,
  loadChecklist,
  MAX_CHECKLIST_BYTES,
  parseChecklist,
} from '../src/checklist/index.js';
import { nearestKey } from '../src/checklist/suggest.js';
import type { ChecklistProblem } from '../src/types.js';

const fixtures = fileURLToPath(new URL('./fixtures/checklists/', import.meta.url));
const fixture = (name: string): string => path.join(fixtures, name);

/** A checklist with one category whose single item is `itemYaml` (indented as an item's keys). */
function oneItem(itemYaml: string, top = ''): string {
  return `schema: 1
institution: 示例大学
${top}categories:
  - name: 基本信息
    items:
      - no: 1
${itemYaml
  .split('\n')
  .map((line) => `        ${line}`)
  .join('\n')}
`;
}

function errors(problems: ChecklistProblem[]): ChecklistProblem[] {
  return problems.filter((p) => p.severity === 'error');
}

describe('parseChecklist: a valid checklist', () => {
  it('reads an item\'s weight (its share of the score, docs/scoring.md)', () => {
    const loaded = parseChecklist(oneItem('title: 学校章程\nweight: 2.5'), 'c.yaml');
    expect(loaded.problems).toEqual([]);
    expect(allItems(loaded.checklist!)[0]!.weight).toBe(2.5);
  });

  it('reads every key and URL form of schema 1', async () => {
    const loaded = await loadChecklist(fixture('good.yaml'));
    expect(loaded.problems).toEqual([]);
    const checklist = loaded.checklist!;
    expect(checklist).toMatchObject({
      schema: 1,
      file: fixture('good.yaml'),
      institution: '示例大学',
      title: '2023-2024学年度信息公开清单事项',
      period: { from: '2023-09-01', to: '2024-08-31' },
      site: 'https://xxgk.example.edu.cn/',
    });
    expect(checklist.categories.map((c) => [c.name, c.declared, c.items.length])).toEqual([
      ['基本信息', 3, 3],
      ['其他', undefined, 2],
    ]);
    const items = allItems(checklist);
    expect(items.map((i) => i.no)).toEqual([1, 2, 3, 4, 5]);
    expect(items[0]).toMatchObject({ category: '基本信息', urls: ['https://xxgk.example.edu.cn/jbxx/bxgm.htm'], line: 11 });
    // A list of URLs; the relative one resolves against `site`.
    expect(items[1]!.urls).toEqual(['https://xxgk.example.edu.cn/jbxx/xxzc.htm', 'https://www.example.edu.cn/gzzd/']);
    // 无, null and an absent url are all "no link".
    expect(items[2]).toMatchObject({ urls: [], keywords: ['信息公开', '年度报告'], update: 'annual' });
    expect(items[3]).toMatchObject({ urls: [], external: true, category: '其他' });
    expect(items[4]!.urls).toEqual([]);
    expect(items[4]!.keywords).toBeUndefined();
    expect(items[4]!.update).toBeUndefined();
  });

  it('reads `update` (any <n>d|w|m|y, annual, none), `due` and the older `freshness`', () => {
    const read = (lines: string) => {
      const loaded = parseChecklist(oneItem(`title: 信息公开年度报告\n${lines}`), 'c.yaml');
      expect(errors(loaded.problems), JSON.stringify(loaded.problems)).toEqual([]);
      return allItems(loaded.checklist!)[0]!;
    };
    expect(read('update: 2w').update).toBe('2w');
    expect(read('update: 6M').update).toBe('6m');
    expect(read('update: 30d').update).toBe('30d');
    expect(read('update: none').update).toBe('none');
    expect(read('update: annual\ndue: "10-31"')).toMatchObject({ update: 'annual', due: '10-31' });
    expect(read('update: annual\ndue: 10-31')).toMatchObject({ update: 'annual', due: '10-31' });
    expect(read('freshness: annual').update).toBe('annual');
    expect(read('freshness: none').update).toBe('none');
  });

  it('options.site overrides the file’s site for relative URLs', () => {
    const text = oneItem('title: 学校章程\nurl: /jbxx/xxzc.htm', 'site: https://xxgk.example.edu.cn/\n');
    const loaded = parseChecklist(text, 'demo.yaml', { site: 'http://127.0.0.1:4567/' });
    expect(loaded.problems).toEqual([]);
    expect(loaded.checklist!.site).toBe('http://127.0.0.1:4567/');
    expect(allItems(loaded.checklist!)[0]!.urls).toEqual(['http://127.0.0.1:4567/jbxx/xxzc.htm']);
  });

  it('a declared count that differs from the items listed is a warning, not an error', async () => {
    const loaded = await loadChecklist(fixture('declared-mismatch.yaml'));
    expect(hasErrors(loaded.problems)).toBe(false);
    expect(loaded.checklist).toBeDefined();
    expect(loaded.problems).toEqual([
      { severity: 'warning', file: fixture('declared-mismatch.yaml'), line: 5, col: 15, message: 'category "其他" declares 2 items but lists 1' },
    ]);
  });

  it('messages come in Chinese with lang zh', () => {
    const loaded = parseChecklist(oneItem('title: 学校章程\nurl: ftp://x.example.edu.cn/a.pdf'), 'x.yaml', { lang: 'zh' });
    expect(loaded.problems[0]!.message).toBe('网址协议必须是 http 或 https，不能是 ftp：`ftp://x.example.edu.cn/a.pdf`');
  });
});

describe('parseChecklist: problems, each with file, line and column', () => {
  const cases: { name: string; text: string; line: number; message: RegExp }[] = [
    { name: 'unknown item key, with a suggestion', text: oneItem('tilte: 学校章程\nurl: https://a.example.cn/'), line: 7, message: /unknown key `tilte` in an item: did you mean `title`\?/ },
    { name: 'unknown top key without a close match', text: `foo: 1\n${oneItem('title: 学校章程')}`, line: 1, message: /unknown key `foo` in the checklist; known keys: `schema`/ },
    { name: 'Chinese key', text: oneItem('title: 学校章程\n链接: https://a.example.cn/'), line: 8, message: /did you mean `url`\?/ },
    { name: 'ftp URL', text: oneItem('title: 学校章程\nurl: ftp://a.example.cn/x.pdf'), line: 8, message: /scheme must be http or https, not ftp/ },
    { name: 'relative URL without site', text: oneItem('title: 学校章程\nurl: jbxx/a.htm'), line: 8, message: /relative URL `jbxx\/a.htm` needs a `site:`/ },
    { name: 'host without scheme', text: oneItem('title: 学校章程\nurl: xxgk.example.edu.cn/a.htm'), line: 8, message: /no scheme: did you mean `https:\/\/xxgk.example.edu.cn\/a.htm`/ },
    { name: 'URL that does not parse', text: oneItem('title: 学校章程\nurl: "http://exa mple.cn:99999/"'), line: 8, message: /not a valid URL/ },
    { name: 'missing no', text: oneItem('title: 学校章程').replace('- no: 1\n        title', '- title'), line: 6, message: /has no number `no`/ },
    { name: 'non-integer no', text: oneItem('title: 学校章程').replace('no: 1', 'no: 1.5'), line: 6, message: /must be a positive whole number, not `1.5`/ },
    { name: 'quoted no', text: oneItem('title: 学校章程').replace('no: 1', 'no: "1"'), line: 6, message: /not `1` \(remove the quotes\)/ },
    { name: 'URL list containing 无', text: oneItem('title: 学校章程\nurl: [https://a.example.cn/, 无]'), line: 8, message: /cannot contain "无"/ },
    { name: 'text no', text: oneItem('title: 学校章程').replace('no: 1', 'no: 一'), line: 6, message: /not `一`/ },
    { name: 'missing title', text: oneItem('url: https://a.example.cn/'), line: 6, message: /item 1 has no `title`/ },
    { name: 'empty title', text: oneItem('title: "  "'), line: 7, message: /item 1 has no `title`/ },
    { name: 'bad freshness', text: oneItem('title: 学校章程\nfreshness: yearly'), line: 8, message: /`freshness` must be `annual` or `none`, not `yearly`/ },
    { name: 'bad update', text: oneItem('title: 学校章程\nupdate: weekly'), line: 8, message: /`update` must be a deadline such as `2w`.*not `weekly`/ },
    { name: 'update with a zero count', text: oneItem('title: 学校章程\nupdate: 0d'), line: 8, message: /`update` must be a deadline.*not `0d`/ },
    { name: 'update and freshness both', text: oneItem('title: 学校章程\nupdate: 6m\nfreshness: annual'), line: 9, message: /`freshness` is the older spelling of `update`: write only one/ },
    { name: 'due without annual', text: oneItem('title: 信息公开年度报告\nupdate: 1y\ndue: "10-31"'), line: 9, message: /`due` is for yearly items only: add `update: annual`/ },
    { name: 'due not a day of every year', text: oneItem('title: 信息公开年度报告\nupdate: annual\ndue: "02-29"'), line: 9, message: /`due` must be the yearly due day `MM-DD`.*not `02-29`/ },
    { name: 'due as a full date', text: oneItem('title: 信息公开年度报告\nupdate: annual\ndue: 2024-10-31'), line: 9, message: /not `2024-10-31`/ },
    { name: 'keywords not a list', text: oneItem('title: 学校章程\nkeywords: 章程'), line: 8, message: /`keywords` must be a list/ },
    { name: 'numeric keyword', text: oneItem('title: 学校章程\nkeywords: [章程, 2024]'), line: 8, message: /quote numbers/ },
    { name: 'external not boolean', text: oneItem('title: 学校章程\nexternal: yes'), line: 8, message: /`external` must be `true` or `false`/ },
    { name: 'weight not a number', text: oneItem('title: 学校章程\nweight: heavy'), line: 8, message: /`weight` \(the item's share of the score\) must be a number from 0 to 1000.*not `heavy`/ },
    { name: 'weight negative', text: oneItem('title: 学校章程\nweight: -1'), line: 8, message: /`weight`.*not `-1`/ },
    { name: 'declared not a number', text: oneItem('title: 学校章程').replace('items:', 'declared: 六\n    items:'), line: 5, message: /`declared` must be a whole number/ },
    { name: 'impossible date', text: oneItem('title: 学校章程', 'period: { from: 2023-02-29, to: 2023-08-31 }\n'), line: 3, message: /`period.from` is not a real date: `2023-02-29`/ },
    { name: 'period backwards', text: oneItem('title: 学校章程', 'period: { from: 2024-09-01, to: 2024-08-31 }\n'), line: 3, message: /starts \(2024-09-01\) after it ends \(2024-08-31\)/ },
    { name: 'period missing to', text: oneItem('title: 学校章程', 'period: { from: 2024-09-01 }\n'), line: 3, message: /`period` is missing `to`/ },
    { name: 'schema 2', text: oneItem('title: 学校章程').replace('schema: 1', 'schema: 2'), line: 1, message: /unsupported schema 2/ },
    { name: 'schema missing', text: oneItem('title: 学校章程').replace('schema: 1\n', ''), line: 1, message: /missing `schema: 1`/ },
    { name: 'institution missing', text: oneItem('title: 学校章程').replace('institution: 示例大学\n', ''), line: 1, message: /missing `institution`/ },
    { name: 'bad site', text: oneItem('title: 学校章程', 'site: xxgk.example.edu.cn\n'), line: 3, message: /`site` must be a full http\(s\) URL/ },
  ];
  for (const { name, text, line, message } of cases) {
    it(name, () => {
      const loaded = parseChecklist(text, 'c.yaml');
      expect(loaded.checklist).toBeUndefined();
      const found = errors(loaded.problems);
      expect(found, JSON.stringify(loaded.problems)).toHaveLength(1);
      expect(found[0]!.file).toBe('c.yaml');
      expect(found[0]!.line).toBe(line);
      expect(found[0]!.col).toBeGreaterThan(0);
      expect(found[0]!.message).toMatch(message);
    });
  }

  it('a duplicate number names the line of the first', () => {
    const text = `schema: 1
institution: 示例大学
categories:
  - name: 基本信息
    items:
      - no: 7
        title: 甲
      - no: 7
        title: 乙
`;
    const found = errors(parseChecklist(text, 'd.yaml').problems);
    expect(found.map(formatProblem)).toEqual(['d.yaml:8:13: error: duplicate item number 7 (first at line 6)']);
  });

  it('reports every problem at once, in file order', () => {
    const text = `schema: 1
institution: 示例大学
period: { from: 2024-13-01, to: 2024-08-31 }
categories:
  - name: 基本信息
    items:
      - no: 1
        title: 甲
        url: ftp://a.example.cn/
      - no: 1
        tilte: 乙
      - no: 3
        title: 丙
        freshness: sometimes
`;
    const loaded = parseChecklist(text, 'many.yaml');
    expect(loaded.checklist).toBeUndefined();
    expect(loaded.problems.map((p) => p.line)).toEqual([3, 9, 10, 11, 14]);
  });

  it('all YAML syntax errors are reported with their lines, and nothing else', async () => {
    const loaded = await loadChecklist(fixture('broken-yaml.yaml'));
    expect(loaded.checklist).toBeUndefined();
    expect(loaded.problems.map((p) => [p.severity, p.line])).toEqual([
      ['error', 8],
      ['error', 11],
      ['error', 13],
    ]);
    expect(loaded.problems.every((p) => p.message.startsWith('YAML: '))).toBe(true);
  });

  it('a duplicate key is a YAML error', () => {
    const found = parseChecklist(oneItem('title: 甲\ntitle: 乙'), 'k.yaml').problems;
    expect(found.map((p) => [p.severity, p.line])).toEqual([['error', 8]]);
  });

  it('a UTF-8 byte-order mark and CRLF line ends are fine; positions stay right', () => {
    const text = `\uFEFF${oneItem('title: 学校章程\nurl: ftp://a.example.cn/')}`.replace(/\n/g, '\r\n');
    const found = parseChecklist(text, 'crlf.yaml').problems;
    expect(found.map((p) => [p.line, p.col])).toEqual([[8, 14]]);
  });

  it('an empty file and a file that is not a mapping are errors', () => {
    expect(parseChecklist('', 'e.yaml').problems.map(formatProblem)).toEqual(['e.yaml: error: the checklist file is empty']);
    expect(parseChecklist('- a\n- b\n', 'l.yaml').problems[0]!.message).toMatch(/must be a mapping/);
  });

  it('odd YAML (a collection as a key) is an error, without Node warnings on stderr', async () => {
    const seen: string[] = [];
    const onWarning = (warning: Error): void => void seen.push(warning.message);
    process.on('warning', onWarning);
    try {
      const loaded = parseChecklist('schema: 1\n? [a, b]\n: c\n', 'w.yaml');
      expect(loaded.problems.find((p) => p.line === 2)?.message).toMatch(/keys of the checklist must be plain words/);
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('warning', onWarning);
    }
    expect(seen).toEqual([]);
  });

  it('aliases within the limit are followed', () => {
    const text = `schema: 1
institution: 示例大学
categories:
  - name: 基本信息
    items:
      - no: 1
        title: 甲
        keywords: &common [章程, 制度]
      - no: 2
        title: 乙
        keywords: *common
`;
    const loaded = parseChecklist(text, 'a.yaml');
    expect(loaded.problems).toEqual([]);
    expect(allItems(loaded.checklist!)[1]!.keywords).toEqual(['章程', '制度']);
  });
});

describe('loadChecklist: files it refuses', () => {
  it('a missing file is one problem naming the path', async () => {
    const loaded = await loadChecklist('no/such/checklist.yaml');
    expect(loaded.problems.map(formatProblem)).toEqual(['no/such/checklist.yaml: error: no such file']);
  });

  it('a non-UTF-8 (GBK) file', async () => {
    const loaded = await loadChecklist(fixture('gbk.yaml'), { lang: 'zh' });
    expect(loaded.checklist).toBeUndefined();
    expect(loaded.problems).toHaveLength(1);
    expect(formatProblem(loaded.problems[0]!)).toBe(`${fixture('gbk.yaml')}: error: 文件不是 UTF-8 编码（可能是 GBK），请另存为 UTF-8 后再试`);
  });

  it('an alias bomb', async () => {
    const loaded = await loadChecklist(fixture('alias-bomb.yaml'));
    expect(loaded.checklist).toBeUndefined();
    expect(loaded.problems.map(formatProblem)).toEqual([
      `${fixture('alias-bomb.yaml')}: error: too many YAML alias expansions (*name, limit 100): refusing a possible alias bomb`,
    ]);
  });

  it('a file over 5 MiB, before parsing it', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'xxgk-checklist-'));
    const big = path.join(dir, 'big.yaml');
    await writeFile(big, `# ${'x'.repeat(MAX_CHECKLIST_BYTES)}\n`);
    const loaded = await loadChecklist(big);
    expect(loaded.problems.map(formatProblem)).toEqual([`${big}: error: the file is larger than 5 MiB: not a checklist, refusing to read it`]);
    expect(parseChecklist(`# ${'x'.repeat(MAX_CHECKLIST_BYTES)}`, 't.yaml').problems[0]!.message).toMatch(/larger than 5 MiB/);
  });

  it('a directory', async () => {
    const loaded = await loadChecklist(fixtures);
    expect(loaded.problems[0]!.message).toMatch(/is a directory/);
  });
});

describe('robustness', () => {
  it('deeply nested input is a problem, not an exception', () => {
    const depth = 20_000;
    const loaded = parseChecklist(`${'['.repeat(depth)}${']'.repeat(depth)}`, 'deep.yaml');
    expect(hasErrors(loaded.problems)).toBe(true);
  });

  it('never throws on arbitrary text and returns a checklist only without errors', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        const loaded = parseChecklist(text, 'f.yaml');
        if (loaded.checklist) expect(hasErrors(loaded.problems)).toBe(false);
        if (hasErrors(loaded.problems)) expect(loaded.checklist).toBeUndefined();
        for (const p of loaded.problems) expect(p.file).toBe('f.yaml');
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on mutations of a valid checklist', () => {
    const base = oneItem('title: 学校章程\nurl: https://xxgk.example.edu.cn/a.htm\nkeywords: [章程]', 'period: { from: 2023-09-01, to: 2024-08-31 }\n');
    fc.assert(
      fc.property(fc.nat({ max: base.length }), fc.nat({ max: 20 }), fc.string({ maxLength: 8 }), (at, cut, insert) => {
        const text = base.slice(0, at) + insert + base.slice(at + cut);
        const loaded = parseChecklist(text, 'm.yaml');
        if (loaded.checklist) expect(hasErrors(loaded.problems)).toBe(false);
        else expect(hasErrors(loaded.problems)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('helpers', () => {
  it('isRealDate accepts calendar dates only', () => {
    expect(isRealDate('2024-02-29')).toBe(true);
    expect(isRealDate('2023-02-29')).toBe(false);
    expect(isRealDate('2023-9-1')).toBe(false);
    expect(isRealDate('2023-12-32')).toBe(false);
  });

  it('nearestKey suggests close keys only', () => {
    expect(nearestKey('tilte', ['no', 'title', 'url'])).toBe('title');
    expect(nearestKey('urls', ['no', 'title', 'url'])).toBe('url');
    expect(nearestKey('category', ['schema', 'categories'])).toBe('categories');
    expect(nearestKey('color', ['no', 'title', 'url'])).toBeUndefined();
  });

  it('formatProblem', () => {
    expect(formatProblem({ severity: 'warning', file: 'a.yaml', line: 3, col: 5, message: 'm' })).toBe('a.yaml:3:5: warning: m');
    expect(formatProblem({ severity: 'error', file: 'a.yaml', line: 0, col: 0, message: 'm' })).toBe('a.yaml: error: m');
  });
});
