import { readdirSync } from 'node:fs';
import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { memoryShelf, tempShelf, type PageShelf, type ShelvedPage } from '../src/run/cross-page.js';
import { hashText } from '../src/inspect/hash.js';
import { finding } from '../src/findings.js';

/** A page whose blocks are these texts (each block's length is its text's). */
function page(url: string, texts: string[], options: { finalUrl?: string; judge?: boolean } = {}): ShelvedPage {
  return {
    url,
    finalUrl: options.finalUrl ?? url,
    judge: options.judge ?? true,
    blocks: { hashes: Uint32Array.from(texts.map(hashText)), lengths: Uint32Array.from(texts.map((text) => text.length)) },
  };
}

const NAV = '学校主页 | 信息公开 | 依申请公开 | 意见箱';
const FOOTER = '示例大学信息公开办公室 地址：示例市大学路1号';
const OWN = '2024-2025学年信息公开年度报告已经学校审议通过，现予公布。';

/** Two sites: on each, most pages have text of their own, some only the shared header and footer. */
function pages(): ShelvedPage[] {
  const list: ShelvedPage[] = [];
  for (const site of ['https://a.edu.cn', 'https://b.edu.cn:8443']) {
    for (let i = 0; i < 6; i++) list.push(page(`${site}/p${i}.htm`, [NAV, FOOTER, `${OWN}${site}${i}`]));
    list.push(page(`${site}/empty.htm`, [NAV, FOOTER]));
    // No blocks at all (an HTML page with no text): judged, and its blobs are empty.
    list.push(page(`${site}/blank.htm`, []));
    // Not judged (not an HTML page, or EMPTY_PAGE already): never gets one.
    list.push(page(`${site}/doc.pdf`, [NAV], { judge: false }));
    // Redirected to a page seen before: the same final page counts once.
    list.push(page(`${site}/old.htm`, [NAV, FOOTER], { finalUrl: `${site}/empty.htm` }));
  }
  return list;
}

async function emptyPages(shelf: PageShelf, shelved: ShelvedPage[]): Promise<Map<string, unknown>> {
  // Added out of order (as URLs finish): the pass still sees each origin's pages in `seq` order.
  const order = shelved.map((entry, seq) => ({ entry, seq })).reverse();
  for (const { entry, seq } of order) shelf.add(seq, entry);
  const found = new Map<string, unknown>();
  for (const { url, findings } of shelf.emptyPages()) found.set(url, findings);
  shelf.close();
  return found;
}

describe('page shelves for the cross-page pass', () => {
  it('find the pages with no text of their own, site by site, in memory and in a temporary SQLite file alike', async () => {
    const inMemory = await emptyPages(memoryShelf(), pages());
    const expected = (chars: number): unknown => [finding('EMPTY_PAGE', { reason: 'no-own-text', chars })];
    for (const site of ['https://a.edu.cn', 'https://b.edu.cn:8443']) {
      expect(inMemory.get(`${site}/empty.htm`)).toEqual(expected(0));
      expect(inMemory.get(`${site}/old.htm`)).toEqual(expected(0));
      expect(inMemory.get(`${site}/blank.htm`)).toEqual(expected(0));
      expect(inMemory.has(`${site}/p0.htm`)).toBe(false);
      expect(inMemory.has(`${site}/doc.pdf`)).toBe(false);
    }
    expect(inMemory.size).toBe(6);
    const onDisk = await emptyPages(await tempShelf(), pages());
    expect(new Map([...onDisk].sort())).toEqual(new Map([...inMemory].sort()));
  });

  it('does not set aside text that fewer than three pages of a site share', async () => {
    const two = [page('https://c.edu.cn/1.htm', [NAV]), page('https://c.edu.cn/2.htm', [NAV])];
    for (const shelf of [memoryShelf(), await tempShelf()]) {
      const found = await emptyPages(shelf, two);
      expect(found.size).toBe(0);
    }
  });

  it('removes its temporary file when closed', async () => {
    const before = readdirSync(os.tmpdir()).filter((name) => name.startsWith('xxgk-check-pages-'));
    const shelf = await tempShelf();
    expect(readdirSync(os.tmpdir()).filter((name) => name.startsWith('xxgk-check-pages-')).length).toBe(before.length + 1);
    shelf.add(0, page('https://a.edu.cn/x.htm', [OWN]));
    shelf.close();
    expect(readdirSync(os.tmpdir()).filter((name) => name.startsWith('xxgk-check-pages-'))).toEqual(before);
  });
});

describe('the temporary shelf read back origin by origin', () => {
  it('gives the findings of the memory shelf when an origin has more blocks than its first column holds', async () => {
    // 400 pages of 10–12 blocks on each of two sites (~4,700 words an origin: the columns grow from 1,024 three
    // times), with shared navigation, own text on most pages, and every 7th page with the shared blocks only.
    const shelved: ShelvedPage[] = [];
    for (const site of ['https://big.edu.cn', 'https://other.edu.cn']) {
      for (let i = 0; i < 400; i++) {
        const own = i % 7 === 0 ? [] : [`${OWN}${site}${i}`, `第${i}条 ${site}`];
        const shared = Array.from({ length: 10 }, (_, k) => `${NAV} ${k}`);
        shelved.push(page(`${site}/p${i}.htm`, [...shared, ...own], { judge: i % 11 !== 0 }));
      }
    }
    const inMemory = await emptyPages(memoryShelf(), shelved);
    const onDisk = await emptyPages(await tempShelf(), shelved);
    // Per site: the 58 pages i % 7 = 0, less the 6 of them not judged (i % 77 = 0).
    expect(inMemory.size).toBe(2 * 52);
    expect(new Map([...onDisk].sort())).toEqual(new Map([...inMemory].sort()));
  });
});
