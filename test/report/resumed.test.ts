// A resumed run (run --db --resume) says so, with when each part was checked, in every report that people read,
// and in the JSON report (valid against its schema).
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { buildRun } from './fixtures.js';
import { renderTerminal } from '../../src/report/terminal.js';
import { renderHtml } from '../../src/report/html.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { jsonReport } from '../../src/report/json.js';
import { displayWidth } from '../../src/text-width.js';
import type { RunResult } from '../../src/types.js';

function resumedRun(): RunResult {
  return {
    ...buildRun(),
    resumed: {
      parts: [
        { startedAt: '2026-03-02T01:00:00.000Z', finishedAt: '2026-03-02T01:04:10.000Z', items: 23, complete: false },
        { startedAt: '2026-03-02T02:30:00.000Z', finishedAt: '2026-03-02T02:35:00.000Z', items: 28, complete: true },
      ],
    },
  };
}

describe('a resumed run in the reports', () => {
  it('terminal: a note at the top, wrapped to the width, in both languages', () => {
    for (const columns of [80, 120]) {
      const en = renderTerminal(resumedRun(), { lang: 'en', color: false, columns, timeZone: 'Asia/Shanghai' });
      const text = en.split('\n').slice(0, 6).join(' ');
      expect(text).toContain('This run was interrupted and resumed');
      expect(text).toContain('2026-03-02 09:00 (UTC+8)');
      expect(en).toContain('(interrupted)');
      for (const line of en.split('\n').slice(0, 6)) expect(displayWidth(line)).toBeLessThanOrEqual(columns);
    }
    const zh = renderTerminal(resumedRun(), { lang: 'zh', color: false, columns: 80 });
    expect(zh).toContain('本次检查中断后续查');
    expect(zh).toContain('（被中断）');
    for (const line of zh.split('\n').slice(0, 6)) expect(displayWidth(line)).toBeLessThanOrEqual(80);
    // A run made in one go has no such note.
    expect(renderTerminal(buildRun(), { lang: 'en', color: false, columns: 80 })).not.toContain('resumed');
  });

  it('HTML and Markdown carry the note', () => {
    expect(renderHtml(resumedRun(), { lang: 'zh', color: false, columns: 120 })).toContain('<p class="resumed" role="note">↻ 本次检查中断后续查，分 2 次完成');
    expect(renderMarkdown(resumedRun(), { lang: 'en', color: false, columns: 120 })).toContain('> This run was interrupted and resumed');
  });

  it('JSON: resumed.parts, valid against the schema', () => {
    const schema = JSON.parse(readFileSync(new URL('../../docs/json-report.schema.json', import.meta.url), 'utf8')) as object;
    const ajv = new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true });
    ajv.addFormat('date-time', (value: string) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(value));
    const validate = ajv.compile(schema);
    const report = jsonReport(resumedRun(), 'en');
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    expect(report.resumed?.parts).toHaveLength(2);
    expect(validate({ ...report, resumed: { parts: [{ startedAt: 'x' }] } })).toBe(false);
  });
});
