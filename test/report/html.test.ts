import { spawnSync } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as cheerio from 'cheerio';
import { describe, expect, it } from 'vitest';
import { escapeHtml, renderHtml } from '../../src/report/html.js';
import { HOSTILE, buildRun } from './fixtures.js';

function findChromium(): string | undefined {
  for (const name of ['chromium', 'chromium-browser', 'google-chrome']) {
    const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
    if (found.status === 0 && found.stdout.trim()) return found.stdout.trim();
  }
  return undefined;
}

const chromium = findChromium();
const runBrowser = Boolean(chromium) || process.env.CI === 'true';
if (!runBrowser) {
  process.stderr.write('html.test.ts: chromium not found, SKIPPING the headless-browser test of the HTML report\n');
}

/** Load the file in headless Chromium (scripts run) and return the DOM it ends with. */
function dumpDom(path: string): string {
  const result = spawnSync(
    chromium ?? 'chromium',
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--user-data-dir=${join(tmpdir(), `xxgk-chromium-${process.pid}`)}`,
      '--dump-dom',
      pathToFileURL(path).href,
    ],
    { encoding: 'utf8', timeout: 60_000 },
  );
  expect(result.error).toBeUndefined();
  return result.stdout;
}

describe('HTML report', () => {
  it('escapes every string from the checklist or a page', () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&`)).toBe('&#60;a href=&#34;x&#34; onclick=&#39;y&#39;&#62;&#38;');
    const run = buildRun();
    run.results[0]!.items[0]!.title = HOSTILE.script;
    run.results[0]!.checklist.institution = `${HOSTILE.script}大学`;
    run.results[0]!.items[0]!.category = `"><script>alert(2)</script>`;
    const html = renderHtml(run, { lang: 'zh', color: false, columns: 80 });
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('"><script>');
    expect(html.match(/<script>/g)).toHaveLength(1); // the report's own inline script
  });

  it('is self-contained: no external script, style, font or image', () => {
    const html = renderHtml(buildRun({ institutions: 2 }), { lang: 'zh', color: false, columns: 80 });
    const $ = cheerio.load(html);
    expect($('script[src], link[rel=stylesheet], img[src], iframe').length).toBe(0);
    expect(html).not.toMatch(/@import|url\(/);
    expect($('meta[http-equiv=Content-Security-Policy]').attr('content')).toContain("default-src 'none'");
    expect($('style').text()).toContain('"Noto Sans CJK SC"');
  });

  it('has header, summary bars, the matrix with expandable items, and filters that work without JS', () => {
    const html = renderHtml(buildRun(), { lang: 'zh', color: false, columns: 80 });
    const $ = cheerio.load(html);
    expect($('h1').text()).toBe('示例科技大学');
    expect($('.meta').text()).toContain('2023-09-01 至 2024-08-31');
    expect($('table.summary tbody tr')).toHaveLength(11);
    expect($('table.summary .bar').first().find('i')).toHaveLength(2);
    expect($('table.matrix tr.item')).toHaveLength(50);
    expect($('table.matrix tr.item[hidden]')).toHaveLength(0);
    expect($('form.filters').attr('hidden')).toBeDefined();
    const redirected = $('tr.item').filter((_, row) => $(row).find('td.no').text() === '11');
    expect(redirected.find('details ol li')).toHaveLength(3);
    const attachments = $('tr.item').filter((_, row) => $(row).find('td.no').text() === '21');
    expect(attachments.find('details').text()).toContain('附表.xlsx');
    expect($('tr.item.fail')).toHaveLength(5);
    expect($('.banner')).toHaveLength(0);
    expect(cheerio.load(renderHtml(buildRun({ complete: false }), { lang: 'en', color: false, columns: 80 }))('.banner').first().text()).toContain(
      'interrupted',
    );
  });

  it('makes no link of a non-http URL', () => {
    const run = buildRun();
    run.results[0]!.items[0]!.urls = ['javascript:alert(1)'];
    const $ = cheerio.load(renderHtml(run, { lang: 'zh', color: false, columns: 80 }));
    expect($('a[href^="javascript"]')).toHaveLength(0);
  });

  it.runIf(runBrowser)('loads in headless Chromium with every row and no injected script', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'xxgk-html-'));
    const run = buildRun({ institutions: 2 });
    run.results[0]!.items[1]!.title = HOSTILE.script;
    const path = join(dir, 'report.html');
    await writeFile(path, renderHtml(run, { lang: 'zh', color: false, columns: 80 }));
    const $ = cheerio.load(dumpDom(path));
    expect($('table.matrix tr.item')).toHaveLength(100);
    expect($('script')).toHaveLength(1);
    expect($('script').text()).not.toContain('alert');
    expect($('td.title summary').filter((_, el) => $(el).text() === HOSTILE.script)).toHaveLength(1);
    // The inline script ran: the filter form is shown and counts the rows.
    expect($('form.filters').first().attr('hidden')).toBeUndefined();
    expect($('form.filters .count').first().text()).toBe('显示 50 项');
    expect($('table.overview tbody tr')).toHaveLength(2);
  });
});
