// The two checklists shipped in checklists/: counts, warnings, and the WUST transcription against its source.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { allItems, formatProblem, hasErrors, loadChecklist } from '../src/checklist/index.js';
import type { Checklist } from '../src/types.js';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const seedPath = path.resolve(repoRoot, '../shared/seeds/000_6f186a39fbb2fb4d.txt');

const CATEGORY_NAMES = ['基本信息', '招生考试信息', '财务、资产及收费信息', '人事师资信息', '教学质量信息', '学生管理服务信息', '学风建设信息', '学位、学科信息', '对外交流与合作信息', '其他'];

async function load(name: string): Promise<{ checklist: Checklist; warnings: string[] }> {
  const file = path.join(repoRoot, 'checklists', name);
  const loaded = await loadChecklist(file);
  expect(hasErrors(loaded.problems), loaded.problems.map(formatProblem).join('\n')).toBe(false);
  return { checklist: loaded.checklist!, warnings: loaded.problems.map((p) => `${p.line}: ${p.message}`) };
}

describe('checklists/moe-2014.yaml (the ministry template)', () => {
  it('has 10 categories and 50 items with the ministry counts, numbered 1-50, no links', async () => {
    const { checklist, warnings } = await load('moe-2014.yaml');
    expect(warnings).toEqual([]);
    expect(checklist.categories.map((c) => c.name)).toEqual(CATEGORY_NAMES);
    expect(checklist.categories.map((c) => c.items.length)).toEqual([6, 8, 7, 5, 9, 4, 3, 4, 2, 2]);
    expect(checklist.categories.map((c) => c.declared)).toEqual([6, 8, 7, 5, 9, 4, 3, 4, 2, 2]);
    const items = allItems(checklist);
    expect(items.map((i) => i.no)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(items.every((i) => i.urls.length === 0)).toBe(true);
    expect(checklist.institution).toBe('（学校名称）');
  });

  it('uses the ministry wording for items 35 and 50 and has no provincial item', async () => {
    const items = allItems((await load('moe-2014.yaml')).checklist);
    const title = (no: number): string => items.find((i) => i.no === no)!.title;
    expect(title(1)).toBe('办学规模、校级领导班子简介及分工、学校机构设置、学科情况、专业情况、各类在校生情况、教师和专业技术人员数量等办学基本情况');
    expect(title(15)).toBe('财务、资产管理制度');
    expect(title(33)).toBe('高校毕业生就业质量年度报告');
    expect(title(35)).toBe('本科教学质量报告');
    expect(title(50)).toBe('自然灾害等突发事件的应急处理预案、预警信息和处置情况，涉及学校的重大事件的调查和处理情况');
    expect(items.some((i) => i.title.includes('省级'))).toBe(false);
  });

  it('gives every item 1-4 keywords and marks the annual reports annual', async () => {
    const items = allItems((await load('moe-2014.yaml')).checklist);
    for (const item of items) {
      expect(item.keywords?.length, `item ${item.no}`).toBeGreaterThanOrEqual(1);
      expect(item.keywords!.length, `item ${item.no}`).toBeLessThanOrEqual(4);
    }
    const annual = new Set(items.filter((i) => i.update === 'annual').map((i) => i.title));
    for (const title of ['信息公开年度报告', '高校毕业生就业质量年度报告', '本科教学质量报告', '艺术教育发展年度报告']) {
      expect(annual.has(title), title).toBe(true);
    }
    expect(annual.has('学籍管理办法')).toBe(false);
  });

  it('gives every shipped item an update deadline: reports annual, regulations none, the annual report due 10-31', async () => {
    for (const file of ['moe-2014.yaml', 'wust-2023-2024.yaml', 'demo-university.yaml']) {
      const items = allItems((await load(file)).checklist);
      for (const item of items) expect(item.update, `${file} item ${item.no}`).toBeDefined();
      const byTitle = (title: string) => items.find((i) => i.title === title)!;
      expect(byTitle('信息公开年度报告'), file).toMatchObject({ update: 'annual', due: '10-31' });
      expect(byTitle('学校章程及制定的各项规章制度').update, file).toBe('none');
      expect(byTitle('学籍管理办法').update, file).toBe('none');
      expect(byTitle('拟录取研究生名单').update, file).toBe('annual');
      expect(items.filter((i) => i.due !== undefined)).toHaveLength(1);
    }
  });
});

describe('checklists/wust-2023-2024.yaml (武汉科技大学 2023-2024)', () => {
  it('has the report’s header facts', async () => {
    const { checklist } = await load('wust-2023-2024.yaml');
    expect(checklist).toMatchObject({
      institution: '武汉科技大学',
      period: { from: '2023-09-01', to: '2024-08-31' },
      site: 'https://xxgk.wust.edu.cn/',
    });
  });

  it('lists 51 items; the declared counts add up to 50 and category 3 is warned about', async () => {
    const { checklist, warnings } = await load('wust-2023-2024.yaml');
    expect(checklist.categories.map((c) => c.name)).toEqual(CATEGORY_NAMES);
    expect(checklist.categories.map((c) => c.declared)).toEqual([6, 8, 7, 5, 9, 4, 3, 4, 2, 2]);
    expect(checklist.categories.map((c) => c.items.length)).toEqual([6, 8, 8, 5, 9, 4, 3, 4, 2, 2]);
    const items = allItems(checklist);
    expect(items.map((i) => i.no)).toEqual(Array.from({ length: 51 }, (_, i) => i + 1));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/category "财务、资产及收费信息" declares 7 items but lists 8/);
  });

  it('item 34 has no link, every other item one https URL on xxgk.wust.edu.cn', async () => {
    const items = allItems((await load('wust-2023-2024.yaml')).checklist);
    const gaps = items.filter((i) => i.urls.length === 0);
    expect(gaps.map((i) => [i.no, i.title])).toEqual([[34, '高校毕业生就业质量年度报告']]);
    for (const item of items.filter((i) => i.no !== 34)) {
      expect(item.urls).toHaveLength(1);
      expect(item.urls[0]).toMatch(/^https:\/\/xxgk\.wust\.edu\.cn\/kjfw\/[a-z_]+\/[a-z_]+\.htm$/);
    }
  });

  it('matches the appendix of the source report row by row', async (context) => {
    if (!existsSync(seedPath)) {
      console.warn(`SKIPPED: source report not found at ${seedPath}; the transcription was not compared with it.`);
      context.skip();
      return;
    }
    // Rows of the appendix table: "<tab><tab>(n) title<tab>url", the first row of a category prefixed "k<tab>name".
    const rows = readFileSync(seedPath, 'utf8')
      .split('\n')
      .map((line) => line.split('\t'))
      .filter((cells) => cells.length === 4 && /^[（(]\d+[）)]/.test(cells[2]!.trim()))
      .map((cells) => {
        const match = /^[（(](\d+)[）)]\s*(.*)$/.exec(cells[2]!.trim())!;
        return { no: Number(match[1]), title: match[2]!, link: cells[3]!.trim() };
      });
    expect(rows).toHaveLength(51);
    const items = allItems((await load('wust-2023-2024.yaml')).checklist);
    expect(items.map((i) => ({ no: i.no, title: i.title, link: i.urls[0] ?? '无' }))).toEqual(rows);
  });
});
