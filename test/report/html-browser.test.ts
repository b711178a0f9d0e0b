/// <reference lib="dom" />
// (The callbacks of page.evaluate and $$eval run in the page: they use the DOM types.)
// The HTML report in a real browser (Debian's chromium driven by playwright-core): the filters hide and show the
// right rows when clicked, and a 390-px phone shows the report without sideways scrolling. Under CI=true a missing
// chromium fails these tests (.ci/run installs it); elsewhere they are skipped with a note.
import { existsSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderHtml } from '../../src/report/html.js';
import type { ItemStatus } from '../../src/types.js';
import { buildRun } from './fixtures.js';

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
const required = process.env.CI === 'true';
if (!CHROMIUM && !required) {
  process.stderr.write('html-browser.test.ts: chromium not found, SKIPPING the real-browser tests of the HTML report\n');
}

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

describe.runIf(CHROMIUM !== undefined || required)('HTML report in a real browser', () => {
  let browser: Browser;
  let url: string;
  const run = buildRun();
  const items = run.results[0]!.items;

  beforeAll(async () => {
    if (!CHROMIUM) throw new Error('chromium is required under CI=true (.ci/run installs it): not found at /usr/bin/chromium');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
    const dir = await mkdtemp(join(tmpdir(), 'xxgk-html-browser-'));
    const file = join(dir, 'report.html');
    await writeFile(file, renderHtml(run, { lang: 'zh', color: false, columns: 80 }));
    url = pathToFileURL(file).href;
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
  });

  /** The numbers of the item rows the page shows. */
  async function visibleItems(page: Page): Promise<number[]> {
    return page.$$eval('table.matrix tr.item', (rows) =>
      rows.filter((row) => (row as HTMLElement).offsetParent !== null).map((row) => Number(row.querySelector('td.no')!.textContent)),
    );
  }

  const numbersWhere = (keep: (status: ItemStatus, category: string) => boolean): number[] =>
    items.filter((i) => keep(i.status, i.category)).map((i) => i.no);

  it('shows every row, then hides and shows each status as its box is clicked, and filters by category', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(url);
    expect(await visibleItems(page)).toEqual(items.map((i) => i.no));
    await expect.poll(() => page.textContent('form.filters .count')).toBe('显示 50 项');
    for (const status of ['fail', 'missing', 'warn', 'pass'] as const) {
      const box = page.locator(`form.filters input[name=status][value=${status}]`);
      await box.click();
      const shown = await visibleItems(page);
      expect(shown, `after unticking ${status}`).toEqual(numbersWhere((s) => s !== status));
      expect(await page.textContent('form.filters .count')).toBe(`显示 ${shown.length} 项`);
      await box.click();
      expect(await visibleItems(page)).toHaveLength(items.length);
    }
    // Only the failures: untick the three others.
    for (const status of ['missing', 'warn', 'pass']) await page.locator(`form.filters input[value=${status}]`).click();
    expect(await visibleItems(page)).toEqual(numbersWhere((s) => s === 'fail'));
    for (const status of ['missing', 'warn', 'pass']) await page.locator(`form.filters input[value=${status}]`).click();

    await page.selectOption('form.filters select[name=category]', '招生考试信息');
    expect(await visibleItems(page)).toEqual(numbersWhere((_, c) => c === '招生考试信息'));
    // The other categories' headings are hidden with their rows.
    const headings = await page.$$eval('table.matrix tbody', (groups) =>
      groups.filter((g) => (g as HTMLElement).offsetParent !== null).map((g) => g.getAttribute('data-category')),
    );
    expect(headings).toEqual(['招生考试信息']);
    // Category and status together.
    await page.locator('form.filters input[value=pass]').click();
    expect(await visibleItems(page)).toEqual(numbersWhere((s, c) => c === '招生考试信息' && s !== 'pass'));
    await page.close();
  }, 120_000);

  it('says so when the filters match nothing, and one click clears them (issue 15, point 13)', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(url);
    const noMatch = page.locator('p.no-match[data-table="matrix-1"]');
    expect(await noMatch.isVisible()).toBe(false);
    // Untick every status: no row is left, and the table area says so instead of showing an empty table.
    for (const box of await page.locator('form.filters input[name=status]').all()) await box.click();
    expect(await visibleItems(page)).toEqual([]);
    expect(await page.textContent('form.filters .count')).toBe('显示 0 项');
    expect(await noMatch.isVisible()).toBe(true);
    expect(await noMatch.textContent()).toContain('没有符合筛选条件的事项');
    // One click on the message's button clears them.
    await noMatch.locator('button').click();
    expect(await noMatch.isVisible()).toBe(false);
    expect(await visibleItems(page)).toEqual(items.map((i) => i.no));
    expect(await page.textContent('form.filters .count')).toBe('显示 50 项');
    // A category with none of the statuses left ticked: the same message.
    const category = '招生考试信息';
    for (const status of new Set(items.filter((i) => i.category === category).map((i) => i.status))) {
      await page.locator(`form.filters input[name=status][value=${status}]`).click();
    }
    await page.selectOption('form.filters select[name=category]', category);
    expect(await visibleItems(page)).toEqual([]);
    expect(await noMatch.isVisible()).toBe(true);
    // Clearing puts back every status box and the category.
    await page.getByRole('button', { name: '清除筛选' }).click();
    expect(await visibleItems(page)).toEqual(items.map((i) => i.no));
    expect(await page.inputValue('form.filters select[name=category]')).toBe('');
    expect(await page.locator('form.filters input[name=status]:not(:checked)').count()).toBe(0);
    expect(await noMatch.isVisible()).toBe(false);
    await page.close();
  }, 120_000);

  it('fits a 390-px phone: no sideways scrolling, title, status, HTTP and reason of each item on screen', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    const page = await context.newPage();
    await page.goto(url);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const outside = await page.$$eval('table.matrix tr.item', (rows) =>
      rows.flatMap((row) =>
        ['td.title summary', 'td.status .badge', 'td.http', 'td.notes']
          .map((selector) => [selector, row.querySelector(selector)?.getBoundingClientRect()] as const)
          .filter(([, box]) => box && box.width > 0 && (box.left < 0 || box.right > 390))
          .map(([selector]) => `${row.id} ${selector}`),
      ),
    );
    expect(outside).toEqual([]);
    // An item title is not squeezed to a few characters a line: it gets most of the width.
    const titleWidth = await page.$eval('table.matrix tr.item td.title', (cell) => cell.getBoundingClientRect().width);
    expect(titleWidth).toBeGreaterThan(250);
    await context.close();
  }, 120_000);
  it('prints as one table on few A4 pages: filters hidden, header repeated, details of passing items collapsed', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(url);
    await page.emulateMedia({ media: 'print' });
    await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
    expect(await page.isVisible('form.filters')).toBe(false);
    expect(await page.$$eval('table.matrix', (tables) => tables.map((t) => getComputedStyle(t.querySelector('thead')!).display))).toEqual([
      'table-header-group',
    ]);
    const open = await page.$$eval('table.matrix tr.item', (rows) =>
      rows.map((row) => [row.getAttribute('data-status'), (row.querySelector('details') as HTMLDetailsElement).open] as const),
    );
    for (const [status, isOpen] of open) expect(isOpen, `${status} item`).toBe(status !== 'pass');
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    const pages = pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g)?.length ?? 0;
    // 50 items (16 needing action, their findings shown) on a handful of pages, not 20.
    expect(pages).toBeGreaterThan(0);
    expect(pages).toBeLessThanOrEqual(7);
    await page.close();
  }, 120_000);
});
