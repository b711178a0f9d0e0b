import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeText, utf8Text } from '../../src/fetch/decode.js';

describe('utf8Text (the fast UTF-8 decoder)', () => {
  it('gives the same string as Buffer#toString for ASCII, Chinese, astral characters and a BOM kept in the text', () => {
    for (const text of ['', 'plain ASCII <p>', '信息公开目录 2025年3月1日', '𠀀𪚥 emoji 😀 mixed', '\ufeff中文', 'a\u0000b']) {
      const body = Buffer.from(text, 'utf8');
      expect(utf8Text(body)).toBe(body.toString('utf8'));
    }
  });
  it('keeps toString’s replacement characters for bytes that are not UTF-8 (GBK, cut sequences, lone surrogates)', () => {
    const gbk = Buffer.from([0xd0, 0xc5, 0xcf, 0xa2, 0xb9, 0xab, 0xbf, 0xaa]); // 信息公开 in GBK
    const cut = Buffer.from('公开', 'utf8').subarray(0, 4);
    const surrogate = Buffer.from([0x61, 0xed, 0xa0, 0x80, 0x62]);
    for (const body of [gbk, cut, surrogate]) expect(utf8Text(body)).toBe(body.toString('utf8'));
    expect(utf8Text(gbk)).toContain('\ufffd');
  });
  it('agrees with Buffer#toString on arbitrary strings and arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        const body = Buffer.from(text, 'utf8');
        return utf8Text(body) === body.toString('utf8');
      }),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const body = Buffer.from(bytes);
        return utf8Text(body) === body.toString('utf8');
      }),
      { numRuns: 2000 },
    );
  });
  it('is what decodeText uses for UTF-8 pages, BOM removed', () => {
    const page = '<html><head><meta charset="utf-8"><title>信息公开</title></head><body>招生信息 😀</body></html>';
    expect(decodeText(Buffer.from(page, 'utf8'), undefined)).toEqual({ text: page, charset: 'utf-8' });
    const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(page, 'utf8')]);
    expect(decodeText(withBom, 'utf-8')).toEqual({ text: page, charset: 'utf-8' });
  });
});
