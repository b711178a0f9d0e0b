// `xxgk-check validate` and `xxgk-check list` through the real CLI wiring (main() in-process; one real process).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { cli, repoRoot } from './helpers/cli.js';

const fixture = (name: string): string => path.join('test/fixtures/checklists', name);

describe('xxgk-check validate', () => {
  const bad: [string, number | undefined, RegExp][] = [
    ['broken-yaml.yaml', 8, /YAML: Nested mappings/],
    ['unknown-key.yaml', 7, /unknown key `tilte` in an item: did you mean `title`\?/],
    ['duplicate-no.yaml', 9, /duplicate item number 1 \(first at line 6\)/],
    ['ftp-url.yaml', 8, /not ftp/],
    ['relative-no-site.yaml', 8, /needs a `site:`/],
    ['bad-period.yaml', 3, /`period.from` is not a real date: `2024-02-30`/],
    ['alias-bomb.yaml', undefined, /alias bomb/],
  ];
  for (const [name, line, message] of bad) {
    it(`${name}: exit 2 and an error naming the file${line ? ' and line' : ''}`, async () => {
      const { code, stdout } = await cli(['validate', fixture(name)]);
      expect(code).toBe(2);
      const place = line ? `${fixture(name)}:${line}:` : `${fixture(name)}: error:`;
      const errorLine = stdout.split('\n').find((l) => l.includes(place) && l.includes('error:'));
      expect(errorLine, stdout).toBeDefined();
      expect(errorLine).toMatch(message);
      expect(stdout.split('\n')[0]).toMatch(new RegExp(`^✗ ${fixture(name).replace(/[.]/g, '\\.')}: \\d+ errors?; not usable$`));
    });
  }

  it('a missing file: one line naming the path, exit 2', async () => {
    const { code, stdout } = await cli(['validate', 'checklists/nope.yaml']);
    expect(code).toBe(2);
    expect(stdout).toContain('checklists/nope.yaml: error: no such file');
  });

  it('a good file: summary, exit 0', async () => {
    const { code, stdout, stderr } = await cli(['validate', fixture('good.yaml')]);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toBe(`✓ ${fixture('good.yaml')}: 示例大学 — 2 categories, 5 items, 3 without a link\n`);
  });

  it('warnings are printed but exit 0', async () => {
    const { code, stdout } = await cli(['validate', fixture('declared-mismatch.yaml')]);
    expect(code).toBe(0);
    expect(stdout).toContain(`${fixture('declared-mismatch.yaml')}:5:15: warning: category "其他" declares 2 items but lists 1`);
    expect(stdout).toContain('1 warning');
  });

  it('speaks Chinese with --lang zh or a zh LANG', async () => {
    const expected = `✓ ${fixture('good.yaml')}：示例大学 — 2 个类别，5 个事项，3 个无链接\n`;
    expect((await cli(['validate', '--lang', 'zh', fixture('good.yaml')])).stdout).toBe(expected);
    expect((await cli(['validate', fixture('good.yaml')], { LANG: 'zh_CN.UTF-8' })).stdout).toBe(expected);
    const { stdout } = await cli(['validate', fixture('unknown-key.yaml')], { LANG: 'zh_CN.UTF-8' });
    expect(stdout).toContain('未知的键 `tilte`（事项）：是不是 `title`？');
  });

  it('several files: each summarised, exit 2 when any has an error', async () => {
    const { code, stdout } = await cli(['validate', fixture('good.yaml'), fixture('ftp-url.yaml')]);
    expect(code).toBe(2);
    expect(stdout.trimEnd().split('\n').at(-1)).toBe('2 files: 1 valid, 1 with errors.');
  });

  it('the shipped checklists validate (exit 0, one warning for WUST category 3)', async () => {
    const { code, stdout } = await cli(['validate', 'checklists/moe-2014.yaml', 'checklists/wust-2023-2024.yaml']);
    expect(code).toBe(0);
    expect(stdout).toContain('✓ checklists/moe-2014.yaml: （学校名称） — 10 categories, 50 items, 50 without a link');
    expect(stdout).toContain('✓ checklists/wust-2023-2024.yaml: 武汉科技大学 — 10 categories, 51 items, 1 without a link, 1 warning');
    expect(stdout.match(/warning: /g)).toHaveLength(1);
  });

  it('usage errors: commander’s one-line message and exit 2', async () => {
    const unknown = await cli(['validate', '--bogus', fixture('good.yaml')]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^error: unknown option '--bogus'/);
    const missing = await cli(['validate']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^error: missing required argument 'checklist'/);
    const badLang = await cli(['validate', '--lang', 'fr', fixture('good.yaml')]);
    expect(badLang.code).toBe(2);
    expect(badLang.stderr).toMatch(/argument 'fr' is invalid/);
  });

  it('works as a real process on the shipped checklists', () => {
    const run = spawnSync(process.execPath, ['bin/xxgk-check.js', 'validate', 'checklists/moe-2014.yaml', 'checklists/wust-2023-2024.yaml'], {
      cwd: repoRoot,
      encoding: 'utf8',
      env: { ...process.env, LANG: 'C', LC_ALL: '', LC_MESSAGES: '' },
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('2 files: 2 valid, 0 with errors.');
  });
});

describe('xxgk-check list', () => {
  /** Item rows: lines that start with a right-aligned number. */
  const rows = (stdout: string): string[] => stdout.split('\n').filter((line) => /^ *\d+  /.test(line));

  it('puts links in one column, aligned by display width, when they fit', async () => {
    const { code, stdout } = await cli(['list', fixture('good.yaml'), '--width', '120', '--lang', 'zh']);
    expect(code).toBe(0);
    const itemRows = rows(stdout);
    expect(itemRows).toHaveLength(5);
    const linkColumns = itemRows.map((row) => stringWidth(row.slice(0, row.search(/https?:|— 无链接 —/))));
    expect(new Set(linkColumns).size).toBe(1);
    // The header's 链接 sits over the links.
    const header = stdout.split('\n').find((l) => l.startsWith('序号'))!;
    expect(stringWidth(header.slice(0, header.indexOf('链接')))).toBe(linkColumns[0]);
    expect(stdout).toContain('— 无链接 —');
    expect(stdout).toContain('1. 基本信息（3 项）');
    expect(stdout).toContain('共 2 个类别、5 个事项，其中 3 个无链接。');
  });

  it('cuts titles to the width with an ellipsis', async () => {
    const { stdout } = await cli(['list', fixture('good.yaml'), '--width', '80']);
    for (const row of rows(stdout)) expect(stringWidth(row), row).toBeLessThanOrEqual(80);
    expect(stdout).toContain('...'); // ASCII: CJK terminals draw … two columns wide
    expect(stdout).not.toContain('办学规模、校级领导班子简介及分工等办学基本情况');
  });

  it('puts each link under its title when links do not fit beside it', async () => {
    const { stdout } = await cli(['list', fixture('good.yaml'), '--width', '50']);
    const lines = stdout.split('\n');
    const first = lines.findIndex((l) => /^ +1  /.test(l));
    expect(stringWidth(lines[first]!)).toBeLessThanOrEqual(50);
    expect(lines[first + 1]).toBe('     https://xxgk.example.edu.cn/jbxx/bxgm.htm');
    expect(stdout).toContain('No.  Item / link');
  });

  it('--width 0 never cuts; without a TTY the width is COLUMNS or 100', async () => {
    const full = await cli(['list', 'checklists/wust-2023-2024.yaml', '--width', '0']);
    expect(full.stdout).toContain('办学规模、校级领导班子简介及分工、学校机构设置、学科情况、专业情况、各类在校生情况、教师和专业技术人员数量等办学基本情况');
    const piped = await cli(['list', 'checklists/wust-2023-2024.yaml']);
    for (const row of rows(piped.stdout)) expect(stringWidth(row)).toBeLessThanOrEqual(100);
    const narrow = await cli(['list', 'checklists/wust-2023-2024.yaml'], { LANG: 'C', COLUMNS: '60' });
    for (const row of rows(narrow.stdout)) expect(stringWidth(row)).toBeLessThanOrEqual(60);
    expect(piped.stdout).toContain('\n 34  高校毕业生就业质量年度报告\n     — no link —\n');
    expect(piped.stderr).toContain('warning: category "财务、资产及收费信息" declares 7 items but lists 8');
    expect(piped.stdout).toContain('3. 财务、资产及收费信息 (8 items; the report declares 7)');
  });

  it('a checklist with errors: problems on stderr, no table, exit 2', async () => {
    const { code, stdout, stderr } = await cli(['list', fixture('duplicate-no.yaml')]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(`${fixture('duplicate-no.yaml')}:9:13: error: duplicate item number 1`);
  });

  it('usage errors exit 2', async () => {
    expect((await cli(['list'])).code).toBe(2);
    expect((await cli(['list', fixture('good.yaml'), '--width', 'wide'])).code).toBe(2);
    expect((await cli(['list', fixture('good.yaml'), '--colour'])).stderr).toMatch(/^error: unknown option '--colour'/);
  });
});
