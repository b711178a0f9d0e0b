// Checklists of several fictional institutions on the one fixture site, written as real files for the CLI.
// The pages that take seconds by design (hang, slow, the 10 MiB page) and the 55-attachment page are left out so a
// run takes a fraction of a second; every other kind of page, good and broken, is in.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { FIXTURE_ITEMS, type FixtureItem, type PageKind } from '../../src/fixture-site/index.js';

const SLOW_KINDS: PageKind[] = ['hang', 'slow', 'big', 'many-attachments', 'flaky'];

export const QUICK_ITEMS: FixtureItem[] = FIXTURE_ITEMS.filter((i) => !SLOW_KINDS.includes(i.kind));

/** The fast run options every monitoring test uses (short waits; the fixture pages answer at once). */
export const FAST = ['--timeout', '3000', '--retries', '0', '--slow', '2000', '--quiet', '--no-color', '--lang', 'zh'];

/** A checklist YAML for `institution` on the fixture site at `site`, with the given items. */
export function checklistYaml(institution: string, site: string, items: readonly FixtureItem[]): string {
  const categories: { name: string; items: Record<string, unknown>[] }[] = [];
  for (const item of items) {
    let category = categories.find((c) => c.name === item.category);
    if (!category) {
      category = { name: item.category, items: [] };
      categories.push(category);
    }
    const urls = item.kind === 'none' ? [] : item.kind === 'dns' ? ['http://xxgk.demo-university.invalid/x.htm'] : [item.path!.slice(1), ...(item.morePaths ?? []).map((p) => p.slice(1))];
    const entry: Record<string, unknown> = { no: item.no, title: item.title, url: urls.length === 0 ? '无' : urls.length === 1 ? urls[0] : urls };
    if (item.keywords) entry.keywords = item.keywords;
    if (item.update) entry.update = item.update;
    if (item.due) entry.due = item.due;
    if (item.external) entry.external = true;
    category.items.push(entry);
  }
  return stringify({ schema: 1, institution, site, categories });
}

/** Three institutions: all quick items; the same without two categories; a different subset. */
export function threeInstitutions(): { institution: string; items: FixtureItem[] }[] {
  return [
    { institution: '甲理工大学', items: QUICK_ITEMS },
    { institution: '乙师范大学', items: QUICK_ITEMS.filter((i) => i.category !== '学风建设信息' && i.category !== '其他') },
    { institution: '丙医科大学', items: QUICK_ITEMS.filter((i) => i.no % 3 !== 0) },
  ];
}

export interface TempDir {
  dir: string;
  file(name: string): string;
  write(name: string, text: string): Promise<string>;
  remove(): Promise<void>;
}

export async function tempDir(): Promise<TempDir> {
  const dir = await mkdtemp(path.join(tmpdir(), 'xxgk-monitoring-'));
  return {
    dir,
    file: (name) => path.join(dir, name),
    write: async (name, text) => {
      const file = path.join(dir, name);
      await writeFile(file, text);
      return file;
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}
