/// <reference lib="dom" />
// (The callbacks of page.evaluate and $$eval run in the page: they use the DOM types.)
// The history report's HTML page: what a reader sees — the header, the thin-sample note in the monitors' words,
// totals, a 不可访问 badge on the unreachable item, a strip of one coloured cell per day with its tooltip, hostile
// titles and URLs escaped — and, in a real Chromium (playwright-core), a 390-px phone without sideways scrolling,
// the filter, and the printed page. Under CI=true a missing chromium fails the browser tests; elsewhere they are
// skipped with a note.
import { existsSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as cheerio from 'cheerio';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HistoryReport } from '../../src/history/report-types.js';
import { renderHistoryHtml } from '../../src/report/history/html.js';
import { availabilityText, dayTone, durationText } from '../../src/report/history/view.js';
import { HISTORY_HOSTILE, buildHistoryReport } from './history-fixture.js';

const ZH = { lang: 'zh', color: false, columns: 80 } as const;
const EN = { lang: 'en', color: false, columns: 80 } as const;

function load(report: HistoryReport, options: typeof ZH | typeof EN = ZH): cheerio.CheerioAPI {
  return cheerio.load(renderHistoryHtml(report, options));
}

/** The card of item `no` of the `index`-th institution. */
function card($: cheerio.CheerioAPI, index: number, no: number): cheerio.Cheerio<never> {
  return $(`#i${index + 1}-item-${no}`) as cheerio.Cheerio<never>;
}

describe('history HTML: readings', () => {
  it('colours a day by its failures against the rule: 1 in 20 is 5 % (red), 1 in 21 is not (amber)', () => {
    const rule = { maxFailureRate: 0.05 };
    expect(dayTone({ probes: 0, failures: 0 }, rule)).toBe('none');
    expect(dayTone({ probes: 20, failures: 0 }, rule)).toBe('ok');
    expect(dayTone({ probes: 20, failures: 1 }, rule)).toBe('bad');
    expect(dayTone({ probes: 21, failures: 1 }, rule)).toBe('some');
  });

  it('never shows 100 % while a probe failed, and — when nothing was probed', () => {
    expect(availabilityText(2499 / 2500, 2500)).toBe('99.9%');
    expect(availabilityText(1, 10)).toBe('100.0%');
    expect(availabilityText(0.95, 20)).toBe('95.0%');
    expect(availabilityText(1, 0)).toBe('—');
  });

  it('reads a duration in its two largest units', () => {
    expect(durationText(30_000, 'zh')).toBe('< 1 分');
    expect(durationText(3_600_000 + 5 * 60_000, 'zh')).toBe('1 小时 5 分');
    expect(durationText(26 * 3_600_000, 'en')).toBe('1 d 2 h');
    expect(durationText(2 * 86_400_000 + 30 * 60_000, 'en')).toBe('2 d');
  });
});

describe('history HTML: the page', () => {
  const report = buildHistoryReport();

  it('is one self-contained page: no external resource, a CSP that forbids fetching', () => {
    const html = renderHistoryHtml(report, ZH);
    const $ = cheerio.load(html);
    expect($('meta[http-equiv="Content-Security-Policy"]').attr('content')).toContain("default-src 'none'");
    expect($('link[href], script[src], img[src], iframe').length).toBe(0);
    expect(html).not.toMatch(/url\(\s*['"]?https?:/);
  });

  it('has the header a reader expects: title, institutions, window in the report\'s time zone, runs, database, availability', () => {
    const $ = load(report);
    expect($('h1').text()).toBe('信息公开网站可访问性监测报告');
    expect($('header .subtitle').text()).toBe('示例理工大学、示例师范学院');
    const meta = $('header .meta').text();
    expect(meta).toContain('监测时段 2024-11-14 00:00 (UTC+8) – 2024-11-21 00:00 (UTC+8)');
    expect(meta).toContain('7 天');
    expect(meta).toContain('数据库 .xxgk-check/history.sqlite');
    // 38 failures in 1,680 probes.
    expect($('header .score .rate').text()).toBe('97.7%');
    expect($('header .chips').text()).toContain('不可访问 1 项');
    expect($('header .chips').text()).toContain('已探测 10/11 项');
    expect($('p.rule').text()).toContain('15 秒');
    expect($('p.rule').text()).toContain('5%');
  });

  it('says when the sample is thinner than the rule, in the monitors\' words, and not when it is not', () => {
    expect(load(report)('.banner').length).toBe(0);
    const thin = load(buildHistoryReport({ thin: true }));
    const note = thin('.banner').text();
    expect(note).toContain('监测1周，每天间隔性访问20次以上');
    expect(note).toContain('每个事项每天约 4 次');
    expect(note).toContain('仅供参考');
    const en = load(buildHistoryReport({ thin: true }), EN)('.banner').text();
    expect(en).toContain('at least 20 probes a day');
    expect(en).toContain('about 4 per item a day');
  });

  it('totals per institution (with links to each) and per category', () => {
    const $ = load(report);
    const overview = $('table.totals').first();
    const rows = overview.find('tbody tr').toArray().map((tr) => $(tr).find('td').toArray().map((td) => $(td).text()));
    expect(rows).toEqual([
      ['示例理工大学', '8', '7', '1', '1176', '38', '96.7%'],
      ['示例师范学院', '3', '3', '0', '504', '0', '100.0%'],
      ['合计', '11', '10', '1', '1680', '38', '97.7%'],
    ]);
    expect(overview.find('a').first().attr('href')).toBe('#institution-1');
    const categories = $('#institution-1 table.totals tbody tr td:first-child').map((_, td) => $(td).text()).get();
    expect(categories).toEqual(['基本信息', '招生考试信息', '财务、资产及收费信息', '合计']);
  });

  it('shows each item as a card: availability, probes / failures, load times, longest outage, last failure and the 不可访问 badge', () => {
    const $ = load(report);
    expect($('#institution-1 article.item').length).toBe(8);
    expect($('#institution-2 article.item').length).toBe(3);
    const down = card($, 0, 5);
    expect(down.attr('class')).toContain('unreachable');
    expect(down.find('.badge.bad').text()).toBe('不可访问');
    expect(down.find('.avail').text()).toBe('78.5%');
    const stats = down.find('dl.stats').text();
    expect(stats).toContain('168 / 36');
    expect(stats).toContain('6.3 秒 / 34 秒');
    expect(stats).toContain('24 次 · 至今未恢复');
    expect(stats).toContain('末次失败2024-11-21 08:00 (UTC+8)');
    expect(stats).toContain('转为失败');
    // Only the unreachable item carries the badge; the one failing now and then is amber, with its recovery.
    expect($('article.item .badge.bad').length).toBe(1);
    const flaky = card($, 0, 3);
    expect(flaky.attr('data-state')).toBe('failing');
    expect(flaky.find('.avail').text()).toBe('98.8%');
    expect(flaky.find('dl.stats').text()).toContain('2024-11-18 10:00 (UTC+8) 恢复（中断 1 小时）');
    const never = card($, 0, 8);
    expect(never.attr('data-state')).toBe('unprobed');
    expect(never.find('.badge.none').text()).toBe('未探测');
    expect(never.find('.avail').text()).toBe('—');
    expect(never.find('dl.stats').length).toBe(0);
    expect(card($, 1, 1).attr('data-state')).toBe('ok');
    // Items are grouped under their category, in the checklist's order.
    expect($('#items-1 .group .cat').map((_, h) => $(h).text()).get()).toEqual(['基本信息', '招生考试信息', '财务、资产及收费信息']);
  });

  it('draws one cell per day, coloured by that day\'s failures, each with its date, probes and failures as a tooltip', () => {
    const $ = load(report);
    for (const article of $('article.item').toArray()) {
      expect($(article).find('.strip .d').map((_, d) => $(d).attr('data-date')).get()).toEqual(report.days);
    }
    const tones = (no: number): string[] => card($, 0, no).find('.strip .d').map((_, d) => $(d).attr('class')!.replace('d ', '')).get();
    expect(tones(1)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok']);
    // 1 failure in 24 probes is under 5 %: amber.
    expect(tones(3)).toEqual(['ok', 'some', 'ok', 'ok', 'some', 'ok', 'ok']);
    expect(tones(5)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'bad', 'bad']);
    expect(tones(8)).toEqual(['none', 'none', 'none', 'none', 'none', 'none', 'none']);
    const cells = card($, 0, 5).find('.strip .d');
    expect(cells.last().attr('title')).toBe('2024-11-20：探测 24 次，失败 24 次');
    expect(card($, 0, 8).find('.strip .d').first().attr('title')).toBe('2024-11-14：无探测');
    expect(card($, 0, 5).find('.strip').attr('aria-label')).toBe('逐日情况：7 天中 2 天失败占比达到规则、0 天有失败');
    // The legend names every colour.
    expect($('#institution-1 .legend').text()).toContain('失败占比 ≥ 5%');
    const en = load(report, EN);
    expect(card(en, 0, 5).find('.strip .d').last().attr('title')).toBe('2024-11-20: 24 probes, 24 failed');
  });

  it('escapes hostile titles and URLs, and links only http(s) addresses', () => {
    const html = renderHistoryHtml(report, ZH);
    const $ = cheerio.load(html);
    // Nothing from the report becomes an element: the only script is the page's own, no img, no handler.
    expect($('script').length).toBe(1);
    expect($('script').text()).not.toContain('alert');
    expect($('img').length).toBe(0);
    expect($('[onerror]').length).toBe(0);
    expect(card($, 0, 4).find('.title').text()).toContain(HISTORY_HOSTILE.script);
    expect(card($, 0, 7).find('.title').text()).toContain(HISTORY_HOSTILE.attribute);
    expect(card($, 0, 6).find('.title').text()).toContain(HISTORY_HOSTILE.formula);
    const links = card($, 0, 4).find('.urls a');
    expect(links.length).toBe(1);
    expect(links.attr('href')).toBe(HISTORY_HOSTILE.url);
    expect($('a[href^="javascript:"]').length).toBe(0);
    expect(card($, 0, 4).find('.urls').text()).toContain(HISTORY_HOSTILE.javascriptUrl);
    expect(html).not.toContain('<script>alert(1)');
    // Institution names go through the same escaping.
    const hostileName = buildHistoryReport();
    hostileName.institutions[0]!.institution = '<b>大学</b>';
    const named = cheerio.load(renderHistoryHtml(hostileName, ZH));
    expect(named('b').length).toBe(0);
    expect(named('h2.school').first().text()).toBe('<b>大学</b>');
  });

  it('speaks English with lang en', () => {
    const $ = load(report, EN);
    expect($('html').attr('lang')).toBe('en');
    expect($('h1').text()).toBe('Disclosure site availability report');
    expect(card($, 0, 5).find('.badge.bad').text()).toBe('Unreachable');
    expect(card($, 0, 5).find('dl.stats').text()).toContain('still down');
    expect(card($, 0, 8).find('.badge.none').text()).toBe('Not probed');
    expect($('header .chips').text()).toContain('1 unreachable');
  });

  it('says so when the window holds no check', () => {
    const empty: HistoryReport = { ...report, institutions: [], totals: { items: 0, probedItems: 0, unreachableItems: 0, probes: 0, failures: 0, availability: 1 } };
    const $ = load(empty);
    expect($('p.empty').text()).toBe('所选时段内没有检查记录。');
    expect($('header .score .rate').text()).toBe('—');
  });
});

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
const required = process.env.CI === 'true';
if (!CHROMIUM && !required) {
  process.stderr.write('history-html.test.ts: chromium not found, SKIPPING the real-browser tests of the history HTML report\n');
}
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

describe.runIf(CHROMIUM !== undefined || required)('history HTML in a real browser', () => {
  let browser: Browser;
  const urls: Record<'week' | 'long' | 'thin', string> = { week: '', long: '', thin: '' };

  beforeAll(async () => {
    if (!CHROMIUM) throw new Error('chromium is required under CI=true (.ci/run installs it): not found at /usr/bin/chromium');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
    const dir = await mkdtemp(join(tmpdir(), 'xxgk-history-html-'));
    const reports = { week: buildHistoryReport(), long: buildHistoryReport({ days: 60 }), thin: buildHistoryReport({ thin: true }) };
    for (const [name, report] of Object.entries(reports)) {
      const file = join(dir, `${name}.html`);
      await writeFile(file, renderHistoryHtml(report, ZH));
      urls[name as keyof typeof urls] = pathToFileURL(file).href;
    }
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('fits a 390-px phone without sideways scrolling, for a week and for 60 days: every card and every strip cell on screen', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    for (const url of [urls.week, urls.long]) {
      const page = await context.newPage();
      await page.goto(url);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      const outside = await page.$$eval('article.item, article.item .strip .d, article.item .title, article.item .avail, table.totals', (elements) =>
        elements
          .map((element) => element.getBoundingClientRect())
          .filter((box) => box.width > 0 && (box.left < 0 || box.right > 390)).length,
      );
      expect(outside).toBe(0);
      // The cells stay visible: at least 6 px wide and 16 px high on the phone.
      const smallest = await page.$$eval('article.item .strip .d', (cells) => Math.min(...cells.map((c) => c.getBoundingClientRect().width)));
      expect(smallest).toBeGreaterThanOrEqual(6);
      // The title keeps most of the card's width.
      expect(await page.$eval('article.item .title', (t) => t.getBoundingClientRect().width)).toBeGreaterThan(220);
      await page.close();
    }
    await context.close();
  }, 120_000);

  it('colours the cells as the legend says', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(urls.week);
    const colour = (selector: string): Promise<string> => page.$eval(selector, (cell) => getComputedStyle(cell).backgroundColor);
    expect(await colour('#i1-item-5 .strip .d.bad')).toBe('rgb(207, 34, 46)');
    expect(await colour('#i1-item-3 .strip .d.some')).toBe('rgb(212, 167, 44)');
    expect(await colour('#i1-item-1 .strip .d.ok')).toBe('rgb(45, 164, 78)');
    expect(await colour('#i1-item-8 .strip .d.none')).toBe('rgb(208, 215, 222)');
    await page.close();
  }, 120_000);

  it('filters the items: those with failures, the unreachable ones, all', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(urls.thin);
    const shown = (): Promise<string[]> =>
      page.$$eval('#items-1 article.item', (items) => items.filter((i) => (i as HTMLElement).offsetParent !== null).map((i) => i.id));
    await expect.poll(() => page.textContent('#institution-1 form.filter .count')).toBe('显示 8 项');
    await page.selectOption('#institution-1 form.filter select', 'unreachable');
    // Thin: item 3's 2 failures in 28 probes are 7 %: unreachable too.
    expect(await shown()).toEqual(['i1-item-3', 'i1-item-5']);
    expect(await page.textContent('#institution-1 form.filter .count')).toBe('显示 2 项');
    // A category without a match hides its heading.
    expect(await page.isVisible('#items-1 .group:has(#i1-item-7)')).toBe(false);
    await page.selectOption('#institution-1 form.filter select', 'failing');
    expect(await shown()).toEqual(['i1-item-3', 'i1-item-5']);
    await page.selectOption('#institution-1 form.filter select', '');
    expect(await shown()).toHaveLength(8);
    await page.close();
  }, 120_000);

  it('prints on few A4 pages with the strip\'s colours, the filter hidden', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(urls.week);
    await page.emulateMedia({ media: 'print' });
    expect(await page.isVisible('form.filter')).toBe(false);
    expect(await page.$eval('#i1-item-5 .strip .d.bad', (cell) => getComputedStyle(cell).printColorAdjust)).toBe('exact');
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    const pages = pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g)?.length ?? 0;
    expect(pages).toBeGreaterThan(0);
    expect(pages).toBeLessThanOrEqual(4);
    await page.close();
  }, 120_000);
});
