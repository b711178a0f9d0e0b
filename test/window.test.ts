import { describe, expect, it } from 'vitest';
import { runInWindow, type WindowLimits } from '../src/run/window.js';

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

/** runInWindow with every delivered outcome collected by URL, and the order of delivery. */
function collect<T>(all: string[], start: (url: string) => Promise<T>, limits: WindowLimits) {
  const outcomes = new Map<string, T | undefined>();
  const delivered: string[] = [];
  const finished = runInWindow(all, start, (url, outcome) => {
    outcomes.set(url, outcome);
    delivered.push(url);
  }, limits);
  return { outcomes, delivered, finished };
}

describe('runInWindow', () => {
  it('keeps to the total and per-site limits and delivers every outcome', async () => {
    const c = controlled();
    const all = [...urls('a.edu.cn', 30), ...urls('b.edu.cn', 30), ...urls('c.edu.cn', 30)];
    const { outcomes, delivered, finished } = collect(all, c.start, { total: 10, perOrigin: 4 });
    while (c.pending.size > 0) {
      c.finishWhere(() => true);
      await tick();
    }
    await finished;
    expect(all.map((u) => outcomes.get(u))).toEqual(all.map((u) => `done ${u}`));
    expect(delivered).toHaveLength(all.length);
    expect(c.stats().maxUnderWay).toBeLessThanOrEqual(10);
    for (const max of c.stats().maxPerOrigin.values()) expect(max).toBeLessThanOrEqual(4);
  });

  it('takes sites in turn, so a slow site does not hold back the others', async () => {
    const c = controlled();
    const all = [...urls('slow.edu.cn', 50), ...urls('fast1.edu.cn', 20), ...urls('fast2.edu.cn', 20)];
    const { outcomes, finished } = collect(all, c.start, { total: 8, perOrigin: 3 });
    // The first URLs started come from every site, not the first 8 of the slow one.
    expect(new Set(c.started.slice(0, 3).map((u) => new URL(u).host))).toEqual(new Set(['slow.edu.cn', 'fast1.edu.cn', 'fast2.edu.cn']));
    // The slow site never answers; the fast sites still finish entirely.
    for (let round = 0; round < 50; round++) {
      c.finishWhere((u) => !u.includes('slow'));
      await tick();
    }
    const fast = all.filter((u) => !u.includes('slow'));
    expect(fast.map((u) => outcomes.get(u))).toEqual(fast.map((u) => `done ${u}`));
    expect(c.started.filter((u) => u.includes('slow'))).toHaveLength(3);
    // Not finished while the slow site's URLs are outstanding; finished once they are.
    let settled = false;
    void finished.then(() => (settled = true));
    await tick();
    expect(settled).toBe(false);
    for (let round = 0; round < 50 && c.pending.size > 0; round++) {
      c.finishWhere(() => true);
      await tick();
    }
    await finished;
    expect(outcomes.size).toBe(all.length);
  });

  it('starts nothing more once a signal aborts, and resolves what was not started to undefined', async () => {
    const c = controlled();
    const controller = new AbortController();
    const all = urls('a.edu.cn', 20);
    const { outcomes, finished } = collect(all, c.start, { total: 4, perOrigin: 4, signals: [undefined, controller.signal] });
    expect(c.started).toHaveLength(4);
    controller.abort();
    c.finishWhere(() => true);
    await finished;
    expect(c.started).toHaveLength(4);
    const results = all.map((u) => outcomes.get(u));
    expect(outcomes.size).toBe(20);
    expect(results.slice(0, 4)).toEqual(all.slice(0, 4).map((u) => `done ${u}`));
    expect(results.slice(4).every((r) => r === undefined)).toBe(true);
  });

  it('gives undefined for a URL whose start rejects, and goes on', async () => {
    const { outcomes, finished } = collect(['http://a/1', 'http://a/2'], (url) => (url.endsWith('1') ? Promise.reject(new Error('x')) : Promise.resolve(url)), {
      total: 1,
      perOrigin: 1,
    });
    await finished;
    expect(outcomes.has('http://a/1')).toBe(true);
    expect(outcomes.get('http://a/1')).toBeUndefined();
    expect(outcomes.get('http://a/2')).toBe('http://a/2');
  });

  it('takes numbers standing for URLs, with their sites from originOf', async () => {
    // Keys 0-5 on site a, 6-7 on site b: b is not left waiting behind a.
    const started: number[] = [];
    const finishers: (() => void)[] = [];
    const outcomes = new Map<number, string | undefined>();
    const finished = runInWindow<string, number>(
      [0, 1, 2, 3, 4, 5, 6, 7],
      (key) => {
        started.push(key);
        return new Promise((resolve) => finishers.push(() => resolve(`done ${key}`)));
      },
      (key, outcome) => outcomes.set(key, outcome),
      { total: 3, perOrigin: 2, originOf: (key) => (key < 6 ? 'http://a' : 'http://b') },
    );
    expect(started).toEqual([0, 6, 1]);
    while (finishers.length > 0) {
      finishers.shift()!();
      await tick();
    }
    await finished;
    expect([...outcomes.keys()].sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(outcomes.get(7)).toBe('done 7');
  });

  it('resolves at once for no URLs', async () => {
    await expect(runInWindow([], () => Promise.resolve(1), () => undefined, { total: 4, perOrigin: 2 })).resolves.toBeUndefined();
  });

  it('rejects with the error of a deliver that throws, and starts nothing more', async () => {
    const c = controlled();
    const all = urls('a.edu.cn', 10);
    const finished = runInWindow(all, c.start, (url) => {
      if (url.endsWith('p1.htm')) throw new Error('disk full');
    }, { total: 2, perOrigin: 2 });
    c.finishWhere(() => true);
    await expect(finished).rejects.toThrow('disk full');
    await tick();
    c.finishWhere(() => true);
    await tick();
    expect(c.started.length).toBeLessThanOrEqual(4);
  });
});
