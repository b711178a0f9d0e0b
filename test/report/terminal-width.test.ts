import { describe, expect, it } from 'vitest';
import stringWidth from 'string-width';
import { simpleWidth, WIDE_RANGES } from '../../src/text-width.js';

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
});
