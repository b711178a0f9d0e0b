import { describe, expect, it } from 'vitest';
import { detach } from '../src/strings.js';

describe('detach (a kept string copied out of what it was cut from)', () => {
  it('keeps the text exactly, lone surrogates included (a copy through UTF-8 alone would turn them into U+FFFD)', () => {
    const page = `<title>学校章程及制定的各项规章制度（第1批）</title>${'x'.repeat(60_000)}`;
    const title = page.slice(7, 7 + 21);
    for (const text of ['', 'abc', title, '通知😀', '学校\ud800x', 'x\udc00', '\udfff\ud800']) expect(detach(text)).toBe(text);
  });
});
