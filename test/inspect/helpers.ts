// Helpers for the inspect tests: fetch responses made by hand for unit cases, and a context.
import type { FetchResponse, Item } from '../../src/types.js';
import type { InspectContext } from '../../src/inspect/types.js';
import { defaultPeriod } from '../../src/inspect/index.js';

export function htmlFetch(html: string, overrides: Partial<FetchResponse> = {}): FetchResponse {
  const url = overrides.url ?? 'https://xxgk.demo.edu.cn/info/1011/1234.htm';
  return {
    kind: 'response',
    url,
    finalUrl: url,
    redirects: [],
    status: 200,
    headers: { 'content-type': 'text/html' },
    contentType: 'text/html',
    charset: 'utf-8',
    text: html,
    body: Buffer.from(html),
    bytes: Buffer.byteLength(html),
    truncated: false,
    elapsedMs: 120,
    attempts: 1,
    retryWaits: [],
    maxBytes: 10 * 1024 * 1024,
    ...overrides,
  };
}

export function makeItem(title: string, extra: Partial<Item> = {}): Item {
  return { no: 1, title, category: '基本信息', urls: ['https://xxgk.demo.edu.cn/info/1011/1234.htm'], ...extra };
}

export const NOW = new Date('2025-06-15T08:00:00Z');

export function makeContext(overrides: Partial<InspectContext> = {}): InspectContext {
  return {
    checklist: { site: 'https://xxgk.demo.edu.cn/', institution: '示例大学' },
    period: defaultPeriod(NOW),
    now: NOW,
    slowMs: 8000,
    staleSoonDays: 30,
    ...overrides,
  };
}

/** A page with a real navigation, header and footer around `main`. */
export function pageWith(main: string, title = '示例大学信息公开网'): string {
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${title}</title></head><body>
<div class="header"><h1>示例大学信息公开网</h1></div>
<ul class="nav"><li><a href="/">首页</a></li><li><a href="/jbxx.htm">基本信息</a></li><li><a href="/zsxx.htm">招生考试信息</a></li></ul>
<div class="main">${main}</div>
<div class="footer">版权所有 © 示例大学 地址：示例市大学路1号 Copyright 2025</div>
</body></html>`;
}

export const LONG_ARTICLE = `<div class="v_news_content">${'<p>为进一步规范学校信息公开工作，根据《高等学校信息公开办法》等有关规定，结合学校实际，制定本办法。学校各单位应当按照本办法的要求，主动公开有关信息，接受社会监督。</p>'.repeat(4)}</div>`;

export function codes(findings: { code: string }[]): string[] {
  return findings.map((f) => f.code);
}
