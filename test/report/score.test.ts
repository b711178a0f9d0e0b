// The score, the one-strike verdicts and the league table in every format people read (src/verdict/score.ts):
// the verdicts lead the institution's section, the league table appears only for several institutions.
import { describe, expect, it } from 'vitest';
import { finding } from '../../src/findings.js';
import { renderHtml } from '../../src/report/html.js';
import { jsonReport } from '../../src/report/json.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { renderTerminal } from '../../src/report/terminal.js';
import type { RunResult } from '../../src/types.js';
import { displayWidth } from '../../src/text-width.js';
import { validateJsonReport } from '../helpers/json-schema.js';
import { buildRun } from './fixtures.js';

/** Two institutions; the first has five STALE items (a one-strike verdict), the second none. */
function struckRun(stale = 5): RunResult {
  const run = buildRun({ institutions: 2 });
  for (const item of run.results[0]!.items.filter((i) => i.status === 'pass').slice(0, stale)) {
    item.status = 'warn';
    item.findings = [finding('STALE', { reason: 'no-date' })];
  }
  // The fixture's own STALE item (no. 4) counts too: keep exactly `stale` of them.
  const fixtureStale = run.results[0]!.items.find((i) => i.no === 4)!;
  fixtureStale.status = 'pass';
  fixtureStale.findings = [];
  return run;
}

const zh = { lang: 'zh' as const, color: false, columns: 120 };
const en = { lang: 'en' as const, color: false, columns: 80 };
const STRIKE_ZH = '单项否决：5 个以上栏目未按期更新（5 个）（《政府网站与政务新媒体检查指标》）';

describe('one-strike verdicts and the league table in the reports', () => {
  it('JSON: every institution has a score, a rank, its strikes and category rates, and validates', () => {
    const report = jsonReport(struckRun(), 'zh');
    expect(validateJsonReport(report), JSON.stringify(validateJsonReport.errors?.slice(0, 3))).toBe(true);
    const [first, second] = report.results;
    expect(first!.strikes).toEqual([{ kind: 'stale', count: 5, threshold: 5, message: STRIKE_ZH }]);
    expect(first!.score).toBe(59);
    expect(first!.scoreUncapped).toBeGreaterThan(59);
    expect(first!.rank).toBe(2);
    expect(second!.strikes).toEqual([]);
    expect(second!.rank).toBe(1);
    expect(second!.categoryRates[0]).toEqual({ name: '基本信息', items: 6, rate: expect.any(Number) });
  });

  it('four STALE items are no verdict', () => {
    const report = jsonReport(struckRun(4), 'en');
    expect(report.results[0]!.strikes).toEqual([]);
    expect(report.results[0]!.score).toBe(report.results[0]!.scoreUncapped);
  });

  it('terminal: the verdict heads the institution, the league table follows, at 80 and 120 columns', () => {
    const text = renderTerminal(struckRun(), zh);
    const section = text.indexOf(struckRun().results[0]!.checklist.institution);
    expect(text.indexOf(STRIKE_ZH.slice(0, 20))).toBeGreaterThan(section);
    expect(text.indexOf(STRIKE_ZH.slice(0, 20))).toBeLessThan(text.indexOf('序号'));
    expect(text).toContain('排名（按得分）');
    expect(text).toMatch(/得分：59\.0 分（单项否决，原 \d+\.\d 分）/);
    const narrow = renderTerminal(struckRun(), en);
    expect(narrow).toContain('League table (by score)');
    expect(narrow).toContain('One-strike verdict: 5 or more columns not updated in time (5)');
    // The lines this feature adds fit 80 columns (the gap list's finding lines were never cut).
    for (const line of narrow.split('\n').filter((l) => /One-strike|Score|League|checking indicators|out of 100/.test(l))) {
      expect(displayWidth(line), line).toBeLessThanOrEqual(80);
    }
    // One institution: a score, no league table.
    const single = renderTerminal(buildRun(), zh);
    expect(single).toMatch(/得分：\d+\.\d 分/);
    expect(single).not.toContain('排名（按得分）');
  });

  it('Markdown: a CAUTION alert with the verdict, and the league table', () => {
    const md = renderMarkdown(struckRun(), zh);
    expect(md).toContain('> [!CAUTION]');
    expect(md).toContain('## 排名（按得分）');
    expect(md).toMatch(/\| 1 \| 示例师范大学/);
    expect(renderMarkdown(struckRun(4), zh)).not.toContain('[!CAUTION]');
  });

  it('HTML: a banner with the verdict in the institution, and the league table', () => {
    const html = renderHtml(struckRun(), en);
    expect(html).toContain('<div class="strikes" role="alert"><p>✖ One-strike verdict: 5 or more columns not updated in time (5)');
    expect(html).toContain('<table class="league">');
    expect(renderHtml(struckRun(4), en)).not.toContain('class="strikes"');
    expect(renderHtml(buildRun(), en)).not.toContain('<table class="league">');
  });
});
