import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseChecklist } from '../../src/checklist/index.js';
import { runInit, URL_COMMENT } from '../../src/commands/init.js';
import { runDiff, type ChecklistDiff } from '../../src/commands/diff.js';
import { capture, repoRoot } from './helpers.js';

const wust = resolve(repoRoot, 'checklists/wust-2023-2024.yaml');
const moe = resolve(repoRoot, 'checklists/moe-2014.yaml');

describe('xxgk-check init', () => {
  it('writes the ministry template with institution and site, every url null with a fill-in comment; it validates', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xxgk-init-'));
    const c = capture(dir);
    expect(await runInit({ institution: '测试大学', site: 'https://xxgk.test.edu.cn/', output: 'mine.yaml' }, c.ctx)).toBe(0);
    const text = readFileSync(join(dir, 'mine.yaml'), 'utf8');
    const parsed = parseChecklist(text, 'mine.yaml');
    expect(parsed.problems.filter((p) => p.severity === 'error')).toEqual([]);
    const checklist = parsed.checklist!;
    expect(checklist.institution).toBe('测试大学');
    expect(checklist.site).toBe('https://xxgk.test.edu.cn/');
    const items = checklist.categories.flatMap((cat) => cat.items);
    expect(checklist.categories).toHaveLength(10);
    expect(items).toHaveLength(50);
    expect(items.every((item) => item.urls.length === 0)).toBe(true); // no URL guessed from --site
    expect(text.split(`url: null #${URL_COMMENT}`).length - 1).toBe(50);
    expect(c.out()).toMatch(/10 categories, 50 items/);
  });

  it('refuses to overwrite an existing file unless --force', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xxgk-init-'));
    writeFileSync(join(dir, 'mine.yaml'), 'keep');
    expect(await runInit({ output: 'mine.yaml' }, capture(dir).ctx)).toBe(2);
    expect(readFileSync(join(dir, 'mine.yaml'), 'utf8')).toBe('keep');
    expect(await runInit({ output: 'mine.yaml', force: true }, capture(dir).ctx)).toBe(0);
    expect(readFileSync(join(dir, 'mine.yaml'), 'utf8')).toMatch(/^# 由 xxgk-check init/);
  });

  it('to stdout without -o; a bad --site is refused', async () => {
    const c = capture();
    expect(await runInit({}, c.ctx)).toBe(0);
    expect(parseChecklist(c.out(), 'stdout').checklist!.institution).toBe('（学校名称）');
    const bad = capture();
    expect(await runInit({ site: 'ftp://x' }, bad.ctx)).toBe(2);
    expect(bad.err()).toMatch(/--site must be an http\(s\) URL/);
    expect(existsSync(join(repoRoot, 'ftp:'))).toBe(false);
  });
});

async function diffJson(a: string, b: string): Promise<{ code: number; diff: ChecklistDiff }> {
  const c = capture();
  const code = await runDiff(a, b, { format: 'json' }, c.ctx);
  return { code, diff: JSON.parse(c.out()) as ChecklistDiff };
}

describe('xxgk-check diff', () => {
  it('identical checklists: exit 0', async () => {
    const c = capture();
    expect(await runDiff(wust, wust, { lang: 'en' }, c.ctx)).toBe(0);
    expect(c.out()).toMatch(/identical/);
  });

  it('the ministry template against wust: the inserted provincial item shifts numbering, matched by title', async () => {
    const { code, diff } = await diffJson(moe, wust);
    expect(code).toBe(1);
    const added = diff.items.filter((d) => d.status === 'added').map((d) => d.after!.no);
    expect(added).toEqual([15]);
    const shifted = diff.items.find((d) => d.before?.no === 15)!;
    expect(shifted.after!.no).toBe(16);
    expect(shifted.matchedBy).toBe('title');
    expect(shifted.changes).toEqual(['renumbered', 'relinked']);
    const extended = diff.items.find((d) => d.before?.no === 35)!;
    expect(extended.after!.no).toBe(36);
    expect(extended.matchedBy).toBe('similar-title');
    expect(extended.changes).toContain('retitled');
    expect(diff.items.find((d) => d.before?.no === 1)!.matchedBy).toBe('number');
    expect(diff.fields.find((f) => f.field === 'institution')).toEqual({ field: 'institution', before: '（学校名称）', after: '武汉科技大学' });
  });

  it('a modified copy: retitled, relinked, removed, added — in zh and en', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xxgk-diff-'));
    const text = readFileSync(wust, 'utf8')
      .replace('title: 学术规范制度', 'title: 学术道德规范制度')
      .replace('https://xxgk.wust.edu.cn/kjfw/qt/xszfkyj_lsfkyjzqk.htm', 'https://xxgk.wust.edu.cn/kjfw/qt/new.htm')
      .replace(/      - no: 49\n        title: 来华留学生管理相关规定\n        url: \S+\n/, '      - no: 49\n        title: 港澳台学生管理办法\n        url: 无\n');
    writeFileSync(join(dir, 'b.yaml'), text);
    const { code, diff } = await diffJson(wust, join(dir, 'b.yaml'));
    expect(code).toBe(1);
    expect(diff.items.find((d) => d.after?.no === 42)!.changes).toEqual(['retitled']);
    expect(diff.items.find((d) => d.after?.no === 50)!.changes).toEqual(['relinked']);
    // A different title at the same number is still the same numbered slot: retitled + relinked, matched by number.
    const swapped = diff.items.find((d) => d.after?.no === 49)!;
    expect(swapped.matchedBy).toBe('number');
    const zh = capture(dir);
    await runDiff(wust, join(dir, 'b.yaml'), { lang: 'zh' }, zh.ctx);
    expect(zh.out()).toMatch(/~ \(42\) 学术道德规范制度 {2}— 改名（按相近名称匹配）/);
    expect(zh.out()).toMatch(/原名: 学术规范制度/);
    const en = capture(dir);
    await runDiff(wust, join(dir, 'b.yaml'), { lang: 'en' }, en.ctx);
    expect(en.out()).toMatch(/link: https:\/\/xxgk.wust.edu.cn\/kjfw\/qt\/xszfkyj_lsfkyjzqk.htm → https:\/\/xxgk.wust.edu.cn\/kjfw\/qt\/new.htm/);
  });

  it('an invalid checklist: exit 2 with its problems', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xxgk-diff-'));
    writeFileSync(join(dir, 'bad.yaml'), 'schema: 1\ninstitution: x\ncategories: [\n');
    const c = capture(dir);
    expect(await runDiff(wust, 'bad.yaml', { lang: 'en' }, c.ctx)).toBe(2);
    expect(c.err()).toMatch(/bad\.yaml:\d+:\d+: error/);
  });
});
