import { describe, expect, it } from 'vitest';
import { addCounts, countStatuses, hasGaps, itemStatus, summarize } from '../src/verdict/verdict.js';
import { finding } from '../src/findings.js';
import type { ItemResult, ItemStatus } from '../src/types.js';

function item(no: number, category: string, status: ItemStatus): ItemResult {
  return { no, category, title: `item ${no}`, urls: [], status, pages: [], findings: [], checkedAt: '2024-01-01T00:00:00Z' };
}

describe('itemStatus', () => {
  it('is missing without a link, whatever the findings', () => {
    expect(itemStatus(false, [finding('NO_LINK')])).toBe('missing');
  });
  it('is fail when any finding fails, warn when any warns, else pass', () => {
    expect(itemStatus(true, [finding('STALE', { from: '2024-09-01' }), finding('HTTP_ERROR', { status: 404 })])).toBe('fail');
    expect(itemStatus(true, [finding('STALE', { from: '2024-09-01' }), finding('RETRIED', { retries: 1 })])).toBe('warn');
    expect(itemStatus(true, [finding('RETRIED', { retries: 1 })])).toBe('pass');
    expect(itemStatus(true, [])).toBe('pass');
  });
});

describe('summaries', () => {
  const items = [item(1, 'A', 'pass'), item(2, 'A', 'warn'), item(3, 'B', 'fail'), item(4, 'B', 'missing')];

  it('counts statuses and the compliance rate (pass + warn over all)', () => {
    const counts = countStatuses(items);
    expect(counts).toMatchObject({ pass: 1, warn: 1, fail: 1, missing: 1, total: 4 });
    expect(counts.complianceRate).toBe(0.5);
    expect(countStatuses([]).complianceRate).toBe(0);
  });

  it('summarises per category in checklist order, keeping declared counts and empty categories', () => {
    const summary = summarize([{ name: 'B', declared: 3 }, { name: 'A' }, { name: 'C' }], items);
    expect(summary.categories.map((c) => [c.name, c.total, c.declared])).toEqual([
      ['B', 2, 3],
      ['A', 2, undefined],
      ['C', 0, undefined],
    ]);
    expect(summary.categories[1]!.complianceRate).toBe(1);
    expect(summary.total).toBe(4);
  });

  it('adds counts over checklists', () => {
    const sum = addCounts([countStatuses(items), countStatuses([item(5, 'A', 'pass')])]);
    expect(sum).toMatchObject({ pass: 2, total: 5 });
    expect(sum.complianceRate).toBeCloseTo(3 / 5);
  });

  it('decides gaps by the --fail-on level', () => {
    const warnOnly = countStatuses([item(1, 'A', 'warn')]);
    expect(hasGaps(warnOnly, 'fail')).toBe(false);
    expect(hasGaps(warnOnly, 'warn')).toBe(true);
    expect(hasGaps(countStatuses(items), 'never')).toBe(false);
    expect(hasGaps(countStatuses([item(1, 'A', 'missing')]), 'fail')).toBe(true);
  });
});
