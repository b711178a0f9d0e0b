import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { allItems, loadChecklist } from '../src/checklist/index.js';
import { itemAt, itemCount, packChecklist } from '../src/checklist/pack.js';
import type { Checklist, Item } from '../src/types.js';

/** A checklist with every kind of item: extras, no link, several links, titles that are not plain text. */
function checklist(): Checklist {
  const items: Item[] = [
    { no: 1, title: '学校章程及制定的各项规章制度', category: '基本信息', urls: ['https://xxgk.example.edu.cn/jbxx/zc.htm'], line: 9 },
    { no: 2, title: '', category: '基本信息', urls: [], line: 12 },
    {
      no: 3,
      title: '招生章程 😀 e\u0301 \ud800 lone',
      category: '基本信息',
      urls: ['https://a.example.edu.cn/1', 'https://b.example.edu.cn/2?x=1', 'http://c.example.edu.cn/'],
      line: 15,
      keywords: ['招生', '章程'],
      update: { kind: 'annual' },
      due: '03-31',
      external: true,
      weight: 2.5,
    },
    // URLs whose site (scheme://authority) is kept apart, and odd ones that have none or only that.
    { no: 4, title: '短', category: '基本信息', urls: ['https://x.cn/', 'HTTPS://User@X.cn:8443?q=1#f', 'https://x.cn', 'xxgk.example.edu.cn/a', '', 'https://'] },
    { no: 5, title: 'listed under another category', category: '其他', urls: ['https://d.example.edu.cn/a'], line: 20 },
  ] as Item[];
  return {
    schema: 1,
    institution: '测试大学',
    categories: [
      { name: '基本信息', declared: 5, items },
      { name: '空类别', items: [] },
      { name: '学生管理服务信息', items: [{ no: 6, title: '学生学籍管理办法', category: '学生管理服务信息', urls: ['https://xsc.example.edu.cn/xj.htm'], line: 30 }] },
    ],
  };
}

describe('packChecklist (a run keeps its checklists packed)', () => {
  it('gives back every item as it was, field for field, in every category, through items, itemAt and allItems', () => {
    const plain = checklist();
    const packed = packChecklist(checklist());
    expect(packed.categories.map((c) => c.items)).toStrictEqual(plain.categories.map((c) => c.items));
    expect(allItems(packed)).toStrictEqual(allItems(plain));
    plain.categories.forEach((category, c) => {
      expect(itemCount(packed.categories[c]!)).toBe(category.items.length);
      category.items.forEach((item, i) => expect(itemAt(packed.categories[c]!, i)).toStrictEqual(item));
    });
    expect(JSON.stringify(packed)).toBe(JSON.stringify(plain));
    expect({ ...packed.categories[0]! }).toStrictEqual({ ...plain.categories[0]! });
    // The lone surrogate and the combining mark survive as the same code units.
    expect(itemAt(packed.categories[0]!, 2).title).toBe('招生章程 😀 e\u0301 \ud800 lone');
  });

  it('gives back the URLs of a category on hundreds and on tens of thousands of sites', () => {
    for (const spread of [1_000, 70_000]) {
      const items: Item[] = Array.from({ length: 70_000 }, (_, i) => ({ no: i + 1, title: `事项${i}`, category: '基本信息', urls: [`https://s${i % 300}.example.edu.cn/p/${i}.htm`, `http://h${i % spread}.cn`] }));
      const packed = packChecklist<Checklist>({ schema: 1, institution: '测试大学', categories: [{ name: '基本信息', items: [...items] }] });
      expect(packed.categories[0]!.items).toStrictEqual(items);
    }
  });

  it('hands out the same array while it is held, and new items from itemAt each time', () => {
    const packed = packChecklist(checklist());
    const category = packed.categories[0]!;
    const first = category.items;
    expect(category.items).toBe(first);
    expect(itemAt(category, 0)).not.toBe(itemAt(category, 0));
    expect(() => itemAt(category, 5)).toThrow(RangeError);
    expect(() => itemAt(category, -1)).toThrow(RangeError);
  });

  it('does nothing to a packed checklist, and lets `items` be replaced', () => {
    const packed = packChecklist(checklist());
    expect(packChecklist(packed)).toBe(packed);
    expect(allItems(packed)).toHaveLength(6);
    const category = packed.categories[2]!;
    const replacement: Item[] = [{ no: 9, title: '新事项', category: category.name, urls: [] }];
    category.items = replacement;
    expect(category.items).toBe(replacement);
    expect(itemAt(category, 0)).toBe(replacement[0]);
    expect(itemCount(category)).toBe(1);
  });

  it('packs a checklist read from a file into the same items the file gives', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'xxgk-pack-'));
    const file = path.join(dir, 'school.yaml');
    writeFileSync(
      file,
      [
        'schema: 1',
        'institution: 测试大学',
        'categories:',
        '  - name: 基本信息',
        '    items:',
        '      - no: 1',
        '        title: "学校章程（2025年修订）"',
        '        url: https://xxgk.example.edu.cn/jbxx/zc.htm',
        '        keywords: [章程]',
        '        update: 1y',
        '      - no: 2',
        '        title: 学校基本情况',
        '        url: 无',
        '  - name: 招生考试信息',
        '    items:',
        '      - no: 3',
        '        title: 招生章程',
        '        url: [https://zs.example.edu.cn/zc.htm, https://zs.example.edu.cn/zc2.htm]',
        '        external: true',
        '',
      ].join('\n'),
    );
    const loaded = await loadChecklist(file, { lang: 'en' });
    const again = await loadChecklist(file, { lang: 'en' });
    expect(loaded.checklist).toBeDefined();
    const packed = packChecklist(loaded.checklist!);
    expect(allItems(packed)).toStrictEqual(allItems(again.checklist!));
    expect(allItems(packed).map((item) => item.line)).toStrictEqual([6, 11, 16]);
  });
});
