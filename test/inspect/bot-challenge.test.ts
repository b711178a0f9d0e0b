// BOT_CHALLENGE on pages shaped like real captures of each firewall (test/fixtures/challenges/README.md says what
// each is shaped on), and silence on the real pages that look like them.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { crossPageFindings, inspectPage } from '../../src/inspect/index.js';
import { finding } from '../../src/findings.js';
import type { FetchResponse } from '../../src/types.js';
import { LONG_ARTICLE, codes, htmlFetch, makeContext, makeItem, pageWith } from './helpers.js';

const DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/challenges');
const ctx = makeContext();
const item = makeItem('教职工争议解决办法', { update: '6m' });

/** A fixture as the fetch stage hands it over: status and headers from its first-line comment. */
function fixtureFetch(file: string): FetchResponse {
  const html = readFileSync(path.join(DIR, file), 'utf8');
  const head = /^<!--\s*status (\d+)((?:;\s*[^;]+?)*)\s*-->/.exec(html);
  if (!head) throw new Error(`${file}: no "<!-- status N; header: value -->" first line`);
  const status = Number(head[1]);
  const headers: Record<string, string> = { 'content-type': 'text/html' };
  for (const part of head[2]!.split(/;\s*(?=[a-z-]+:)/i)) {
    const at = part.indexOf(':');
    if (at > 0) headers[part.slice(0, at).replace(/^;?\s*/, '').toLowerCase()] = part.slice(at + 1).trim();
  }
  return htmlFetch(html, { status, headers });
}

const VENDORS: Record<string, string> = {
  'rivers-412.html': '瑞数 Rivers Security',
  'rivers-202.html': '瑞数 Rivers Security',
  'jiasule-521.html': '加速乐 Jiasule',
  'safedog-200.html': '安全狗 Safedog',
  'safedog-403.html': '安全狗 Safedog',
  'safeline-468.html': '雷池 SafeLine',
  'yunsuo-200.html': '云锁 Yunsuo',
  'cloudflare-403.html': 'Cloudflare',
};

describe('challenges seen in the wild', () => {
  it('has a fixture for every vendor and nothing else in the folder', () => {
    expect(readdirSync(DIR).filter((f) => f.endsWith('.html')).sort()).toEqual(Object.keys(VENDORS).sort());
  });
  for (const [file, vendor] of Object.entries(VENDORS)) {
    it(`${file}: BOT_CHALLENGE (${vendor}) alone, not EMPTY_PAGE nor HTTP_ERROR, not STALE`, () => {
      const inspection = inspectPage(fixtureFetch(file), item, ctx);
      expect(inspection.findings).toEqual([finding('BOT_CHALLENGE', { vendor })]);
      // Not judged on its (missing) content by the cross-page pass either.
      expect(inspection.judgeOwnText).toBe(false);
      expect(crossPageFindings([{ finalUrl: 'https://xxgk.demo.edu.cn/x.htm', inspection }]).size).toBe(0);
    });
  }
});

describe('real pages that look like challenges', () => {
  const real = pageWith(`<h2>教职工争议解决办法</h2><p>发布时间：2025-05-20</p>${LONG_ARTICLE}`);
  it('a real page carrying the 瑞数 boot script beside its content is judged on its content', () => {
    const boot = `<script type="text/javascript">$_ts=window['$_ts'];if(!$_ts)$_ts={};$_ts.nsd=1;</script>`;
    for (const status of [200, 202]) {
      expect(inspectPage(htmlFetch(real.replace('</head>', `${boot}</head>`), { status }), item, ctx).findings).toEqual([]);
    }
    // …and an empty page with the script and the site's layout is empty, not a challenge.
    const empty = pageWith('<div class="list"><h2>教职工争议解决办法</h2><ul class="news_list"></ul></div>').replace('</head>', `${boot}</head>`);
    expect(codes(inspectPage(htmlFetch(empty), item, ctx).findings)).toEqual(['EMPTY_PAGE']);
  });
  it('a real page from a server behind 安全狗 or 云锁 (their cookies and Server header) is a real page', () => {
    const headers = { 'content-type': 'text/html', server: 'Safedog', 'set-cookie': 'safedog-flow-item=ABC; yunsuo_session_verify=abc' };
    expect(inspectPage(htmlFetch(real, { headers }), item, ctx).findings).toEqual([]);
  });
  it('an article that talks about 雷池 or 安全狗 is a real page', () => {
    const article = pageWith(`<h2>教职工争议解决办法（网络安全周特别提示）</h2><p>发布时间：2025-05-20</p><p>学校部署了长亭雷池（SafeLine）和安全狗网站防火墙。</p>${LONG_ARTICLE}`);
    expect(inspectPage(htmlFetch(article), item, ctx).findings).toEqual([]);
  });
  it("a 404 behind a firewall and Cloudflare's 521 (origin down) stay HTTP errors", () => {
    const notFound = htmlFetch('<html><body><h1>404 Not Found</h1><hr><center>nginx</center></body></html>', {
      status: 404,
      headers: { 'content-type': 'text/html', server: 'Safedog', 'set-cookie': 'safedog-flow-item=ABC' },
    });
    expect(codes(inspectPage(notFound, item, ctx).findings)).toEqual(['HTTP_ERROR']);
    const originDown = htmlFetch('<html><head><title>xxgk.example.edu.cn | 521: Web server is down</title></head><body><h1>Web server is down</h1><p>Error code 521</p><p>Performance &amp; security by Cloudflare</p></body></html>', {
      status: 521,
      headers: { 'content-type': 'text/html', server: 'cloudflare' },
    });
    expect(codes(inspectPage(originDown, item, ctx).findings)).toEqual(['HTTP_ERROR']);
  });
});
