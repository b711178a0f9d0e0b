import { describe, expect, it } from 'vitest';
import stringWidth from 'string-width';
import { ELLIPSIS, simpleWidth, truncateToWidth, WIDE_RANGES } from '../../src/text-width.js';

describe('the terminal report’s fast width', () => {
  it('counts every code point of its wide ranges as string-width does (2 columns)', () => {
    const wrong: string[] = [];
    for (const [from, to] of WIDE_RANGES) {
      for (let code = from; code <= to; code++) {
        const char = String.fromCharCode(code);
        if (simpleWidth(char) !== stringWidth(char)) wrong.push(code.toString(16));
      }
    }
    expect(wrong).toEqual([]);
  });
  it('counts printable ASCII as string-width does, and mixed titles', () => {
    for (let code = 0x20; code <= 0x7e; code++) expect(simpleWidth(String.fromCharCode(code))).toBe(1);
    for (const text of ['学校章程及制定的各项规章制度（第1批）', '招生考试信息 2025, HTTP 404', '《高等学校信息公开办法》、【通知】']) {
      expect(simpleWidth(text)).toBe(stringWidth(text));
    }
  });
  it('gives up (-1) on what it does not know: emoji, combining marks, control characters, other scripts', () => {
    for (const text of ['通知😀', 'e\u0301', 'a\tb', '〪', 'Ā', '한국어', '\u200b']) expect(simpleWidth(text)).toBe(-1);
  });
  it('cuts text where a grapheme-by-grapheme walk with string-width cuts it, with or without the segmenter', () => {
    // The cut as it was first written: every grapheme measured by string-width.
    const reference = (text: string, width: number): string => {
      const clean = text.replace(/[\u0000-\u001f\u007f]/g, ' ');
      if (stringWidth(clean) <= width) return clean;
      if (width <= 0) return '';
      if (width <= ELLIPSIS.length) return '.'.repeat(width);
      let out = '';
      let used = 0;
      for (const { segment } of new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(clean)) {
        const w = stringWidth(segment);
        if (used + w > width - ELLIPSIS.length) break;
        out += segment;
        used += w;
      }
      return `${out}${ELLIPSIS}`;
    };
    const texts = [
      '学校章程及制定的各项规章制度（第1957批）',
      'Annual report 2025 of the information disclosure office',
      '招生考试信息 2025, HTTP 404 《高等学校信息公开办法》',
      '“双一流”建设——年度进展·报告',
      '通知😀😀 emoji 👨‍👩‍👧 family',
      'Café e\u0301 combining 한국어 text',
      'tab\there 换行\n后',
    ];
    for (const text of texts) {
      for (let width = 0; width <= 50; width++) {
        const cut = truncateToWidth(text, width);
        expect(cut, `${text} @ ${width}`).toBe(reference(text, width));
        expect(stringWidth(cut)).toBeLessThanOrEqual(width);
      }
    }
  });
});
