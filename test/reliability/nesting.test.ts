// The nesting guard in front of the HTML parser (src/inspect/nesting.ts): absurd depth is flattened, real pages are
// left byte for byte as they are.
import { describe, expect, it } from 'vitest';
import { load } from 'cheerio';
import { limitNesting, MAX_NESTING_DEPTH } from '../../src/inspect/nesting.js';

function depthOf(html: string): number {
  const $ = load(html, { xml: { xmlMode: false, decodeEntities: true } });
  let deepest = 0;
  const stack: { children?: unknown[]; depth: number }[] = [{ ...($.root()[0] as { children: unknown[] }), depth: 0 }];
  while (stack.length > 0) {
    const node = stack.pop()!;
    deepest = Math.max(deepest, node.depth);
    for (const child of (node.children ?? []) as { type: string; children?: unknown[] }[]) {
      if (child.type === 'tag') stack.push({ children: child.children ?? [], depth: node.depth + 1 });
    }
  }
  return deepest;
}

describe('limitNesting', () => {
  it('flattens 100,000 nested divs to the limit and keeps every piece of text', () => {
    const html = `<html><body>${'<div>'.repeat(100_000)}最深处的文字${'</div>'.repeat(100_000)}<p>后面的段落</p></body></html>`;
    const limited = limitNesting(html);
    expect(limited.length).toBeLessThan(html.length / 10);
    expect(depthOf(limited)).toBeLessThanOrEqual(MAX_NESTING_DEPTH + 1);
    const $ = load(limited);
    expect($('body').text()).toBe('最深处的文字后面的段落');
    expect($('body > p').text()).toBe('后面的段落'); // the paragraph after the deep block is still a sibling, not buried
  });

  it('leaves ordinary pages untouched, including long runs of unclosed <li>, <p>, <td> and scripts full of tags', () => {
    const pages = [
      `<ul>${'<li><a href="/a.htm">通知</a>'.repeat(3000)}</ul>`,
      `<div class="content">${'<p>第一段'.repeat(3000)}</div>`,
      `<table>${'<tr><td>1<td>2'.repeat(3000)}</table>`,
      `<body>${'<script>document.write("<div><div><div>")</script>'.repeat(1000)}<div>正文</div></body>`,
      `<dl>${'<dt>甲<dd>乙'.repeat(2000)}</dl><select>${'<option>x'.repeat(2000)}</select>`,
      `${'<div>'.repeat(MAX_NESTING_DEPTH - 5)}正好不到上限${'</div>'.repeat(MAX_NESTING_DEPTH - 5)}`,
      '<html><head><title>标题</title><!-- <div><div> --></head><body><br><img src=a.png><input type=text></body></html>',
    ];
    for (const page of pages) expect(limitNesting(page)).toBe(page);
  });

  it('survives unterminated tags, comments and raw-text elements', () => {
    for (const page of ['<div', '<!-- never closed <div>', '<script>while(1){}', `${'<div>'.repeat(2000)}<script>`, '</div></div><<>>']) {
      expect(() => limitNesting(page)).not.toThrow();
    }
  });
});
