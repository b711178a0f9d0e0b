import { describe, expect, it } from 'vitest';
import { startInWindow } from '../src/run/window.js';

/** A start function whose URLs finish when the test says so, counting what is under way. */
function controlled() {
  const pending = new Map<string, () => void>();
  const started: string[] = [];
  let underWay = 0;
  let maxUnderWay = 0;
  const perOrigin = new Map<string, number>();
  const maxPerOrigin = new Map<string, number>();
  const start = (url: string): Promise<string> => {
    const origin = new URL(url).origin;
    started.push(url);
    underWay += 1;
    maxUnderWay = Math.max(maxUnderWay, underWay);
    perOrigin.set(origin, (perOrigin.get(origin) ?? 0) + 1);
    maxPerOrigin.set(origin, Math.max(maxPerOrigin.get(origin) ?? 0, perOrigin.get(origin)!));
    return new Promise((resolve) =>
      pending.set(url, () => {
        underWay -= 1;
        perOrigin.set(origin, perOrigin.get(origin)! - 1);
        pending.delete(url);
        resolve(`done ${url}`);
      }),
    );
  };
  const finishWhere = (test: (url: string) => boolean): void => {
    for (const [url, finish] of [...pending]) if (test(url)) finish();
  };
  return { start, started, pending, finishWhere, stats: () => ({ maxUnderWay, maxPerOrigin }) };
}

const urls = (host: string, n: number): string[] => Array.from({ length: n }, (_, i) => `http://${host}/p${i}.htm`);
const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('startInWindow', () => {
  it('keeps to the total and per-site limits and delivers every outcome', async () => {
    const c = controlled();
    const all = [...urls('a.edu.cn', 30), ...urls('b.edu.cn', 30), ...urls('c.edu.cn', 30)];
    const outcomes = startInWindow(all, c.start, { total: 10, perOrigin: 4 });
    while (c.pending.size > 0) {
      c.finishWhere(() => true);
      await tick();
    }
    expect(await Promise.all(all.map((u) => outcomes.get(u)!))).toEqual(all.map((u) => `done ${u}`));
    expect(c.stats().maxUnderWay).toBeLessThanOrEqual(10);
    for (const max of c.stats().maxPerOrigin.values()) expect(max).toBeLessThanOrEqual(4);
  });

  it('takes sites in turn, so a slow site does not hold back the others', async () => {
    const c = controlled();
    const all = [...urls('slow.edu.cn', 50), ...urls('fast1.edu.cn', 20), ...urls('fast2.edu.cn', 20)];
    const outcomes = startInWindow(all, c.start, { total: 8, perOrigin: 3 });
    // The first URLs started come from every site, not the first 8 of the slow one.
    expect(new Set(c.started.slice(0, 3).map((u) => new URL(u).host))).toEqual(new Set(['slow.edu.cn', 'fast1.edu.cn', 'fast2.edu.cn']));
    // The slow site never answers; the fast sites still finish entirely.
    for (let round = 0; round < 50; round++) {
      c.finishWhere((u) => !u.includes('slow'));
      await tick();
    }
    const fast = all.filter((u) => !u.includes('slow'));
    expect(await Promise.all(fast.map((u) => outcomes.get(u)!))).toEqual(fast.map((u) => `done ${u}`));
    expect(c.started.filter((u) => u.includes('slow'))).toHaveLength(3);
  });

  it('starts nothing more once a signal aborts, and resolves what was not started to undefined', async () => {
    const c = controlled();
    const controller = new AbortController();
    const all = urls('a.edu.cn', 20);
    const outcomes = startInWindow(all, c.start, { total: 4, perOrigin: 4, signals: [undefined, controller.signal] });
    expect(c.started).toHaveLength(4);
    controller.abort();
    c.finishWhere(() => true);
    await tick();
    expect(c.started).toHaveLength(4);
    const results = await Promise.all(all.map((u) => outcomes.get(u)!));
    expect(results.slice(0, 4)).toEqual(all.slice(0, 4).map((u) => `done ${u}`));
    expect(results.slice(4).every((r) => r === undefined)).toBe(true);
  });

  it('gives undefined for a URL whose start rejects, and goes on', async () => {
    const outcomes = startInWindow(['http://a/1', 'http://a/2'], (url) => (url.endsWith('1') ? Promise.reject(new Error('x')) : Promise.resolve(url)), {
      total: 1,
      perOrigin: 1,
    });
    expect(await outcomes.get('http://a/1')).toBeUndefined();
    expect(await outcomes.get('http://a/2')).toBe('http://a/2');
  });
});
