import { afterEach, describe, expect, it } from 'vitest';
import { HEAP_GROWING_PERCENT, keepHeapSmall, resetHeapSetting } from '../src/run/heap.js';

describe('keepHeapSmall', () => {
  afterEach(() => resetHeapSetting());

  it('sets the heap growth once per process', () => {
    const set: string[] = [];
    expect(keepHeapSmall([], (flags) => set.push(flags))).toBe(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
    expect(keepHeapSmall([], (flags) => set.push(flags))).toBeUndefined();
    expect(set).toEqual([`--heap-growing-percent=${HEAP_GROWING_PERCENT}`]);
  });

  it('leaves alone a growth given on the node command line', () => {
    const set: string[] = [];
    for (const arg of ['--heap-growing-percent=300', '--heap_growing_percent=50']) {
      resetHeapSetting();
      expect(keepHeapSmall(['--enable-source-maps', arg], (flags) => set.push(flags))).toBeUndefined();
    }
    expect(set).toEqual([]);
  });

  it('leaves alone a growth given in NODE_OPTIONS', () => {
    const before = process.env.NODE_OPTIONS;
    process.env.NODE_OPTIONS = '--max-old-space-size=4096 --heap-growing-percent=40';
    try {
      const set: string[] = [];
      expect(keepHeapSmall(undefined, (flags) => set.push(flags))).toBeUndefined();
      expect(set).toEqual([]);
    } finally {
      if (before === undefined) delete process.env.NODE_OPTIONS;
      else process.env.NODE_OPTIONS = before;
    }
  });
});
