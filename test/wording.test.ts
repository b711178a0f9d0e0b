// Issue 15, point 13: the small things a user reads (the redirect and slow-page wording is tested in
// test/fetch/layers.test.ts, SIGTERM in test/reliability/interrupt.test.ts).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildRun } from './report/fixtures.js';
import { renderTerminal } from '../src/report/terminal.js';
import { renderJson } from '../src/report/json.js';
import { displayWidth } from '../src/text-width.js';
import { cli } from './helpers/cli.js';

describe('wording and layout', () => {
  it('the summary table of a multi-institution run is headed 学校 / Institution, not 类别', () => {
    const run = buildRun({ institutions: 2 });
    for (const [lang, head] of [['zh', '学校'], ['en', 'Institution']] as const) {
      const lines = renderTerminal(run, { lang, color: false, columns: 120, timeZone: 'UTC' }).trimEnd().split('\n');
      const header = lines.at(-4)!; // header, two institutions, total
      expect(header.trim().startsWith(head), header).toBe(true);
    }
  });

  it('validate takes a folder as run does', async () => {
    const out = await cli(['validate', 'checklists/']);
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('checklists/moe-2014.yaml');
    expect(out.stdout).toContain('checklists/demo-university.yaml');
    expect(out.stdout).toContain('checklists/demo-college.yaml');
    expect(out.stdout).toMatch(/4 files: 4 valid, 0 with errors/);
  });

  it('a printed report honours COLUMNS when the output is a pipe', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'xxgk-columns-'));
    try {
      const file = path.join(dir, 'r.json');
      await writeFile(file, renderJson(buildRun(), { lang: 'zh', color: false, columns: 100, timeZone: 'UTC' }));
      const narrow = await cli(['merge', file, '--fail-on', 'never'], { LANG: 'zh_CN.UTF-8', COLUMNS: '60' });
      const wide = await cli(['merge', file, '--fail-on', 'never'], { LANG: 'zh_CN.UTF-8', COLUMNS: '200' });
      const matrixRows = (text: string): string[] => text.split('\n').filter((l) => /^\s+\d+\s{2}/.test(l));
      expect(matrixRows(narrow.stdout).length).toBeGreaterThan(40);
      for (const line of matrixRows(narrow.stdout)) expect(displayWidth(line), line).toBeLessThanOrEqual(60);
      expect(Math.max(...matrixRows(wide.stdout).map(displayWidth))).toBeGreaterThan(120);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
