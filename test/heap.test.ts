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
});
