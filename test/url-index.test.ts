// The run's URL index (src/run/urls.ts): each distinct URL once, numbered in the order first listed, with the items
// that list it, found again by its text however many URLs the run has.
import { describe, expect, it } from 'vitest';
import { UrlIndex } from '../src/run/urls.js';

/** An index over `lists[job]` (each item's URLs), as runChecks fills it. */
function indexOf(lists: readonly (readonly string[])[]): UrlIndex {
  const index = new UrlIndex((job, k) => lists[job]![k]!);
  lists.forEach((urls, job) => urls.forEach((url, k) => index.add(url, job, k)));
  return index;
}

describe('UrlIndex', () => {
  it('numbers each URL once, in the order the items first list it, with the items that list it', () => {
    const index = indexOf([
      ['https://a.edu.cn/1.htm', 'https://a.edu.cn/2.htm'],
      ['https://b.edu.cn/1.htm'],
      ['https://a.edu.cn/2.htm', 'https://c.edu.cn/'],
      // One item listing a URL twice waits for it twice.
      ['https://c.edu.cn/', 'https://c.edu.cn/'],
    ]);
    expect(index.count).toBe(4);
    expect([0, 1, 2, 3].map((id) => index.url(id))).toEqual(['https://a.edu.cn/1.htm', 'https://a.edu.cn/2.htm', 'https://b.edu.cn/1.htm', 'https://c.edu.cn/']);
    expect(index.listing(index.idOf('https://a.edu.cn/1.htm'))).toEqual([0]);
    expect(index.listing(index.idOf('https://a.edu.cn/2.htm'))).toEqual([0, 2]);
    expect(index.listing(index.idOf('https://c.edu.cn/'))).toEqual([2, 3, 3]);
    expect(index.idOf('https://a.edu.cn/3.htm')).toBe(-1);
    // A URL's place in the run's order: its first item, then which of that item's URLs it is.
    expect(index.seq(index.idOf('https://a.edu.cn/2.htm'))).toBe(0 * 65_536 + 1);
    expect(index.seq(index.idOf('https://c.edu.cn/'))).toBe(2 * 65_536 + 1);
  });

  it('finds every one of 100,000 URLs by its text, and none that is not listed', () => {
    const lists = Array.from({ length: 50_000 }, (_, job) => [`http://127.0.0.1:${8000 + (job % 20)}/info/${job}.htm`, `http://127.0.0.1:${8000 + (job % 20)}/list/${job}.htm`]);
    // Every 100th item also lists the page of the item before it.
    for (let job = 100; job < lists.length; job += 100) lists[job] = [...lists[job]!, lists[job - 1]![0]!];
    const index = indexOf(lists);
    expect(index.count).toBe(100_000);
    for (let job = 0; job < lists.length; job++) {
      const id = index.idOf(lists[job]![0]!);
      expect(index.url(id)).toBe(lists[job]![0]);
      expect(index.listing(id)).toEqual(job % 100 === 99 && job + 1 < lists.length ? [job, job + 1] : [job]);
      expect(index.url(index.idOf(lists[job]![1]!))).toBe(lists[job]![1]);
    }
    expect(index.idOf('http://127.0.0.1:8000/info/50000.htm')).toBe(-1);
    expect(index.idOf('')).toBe(-1);
  });
});
