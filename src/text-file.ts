// The text of a file a person saved (a checklist, a report's appendix as text): UTF-8 as most tools write it, UTF-16
// with a byte-order mark (Windows Notepad's "Unicode"), or GB18030 — the superset of GBK and GB2312, the usual save
// format of Chinese Windows. The caller says which was used when it was not UTF-8, so nobody is surprised.
import type { Lang } from './types.js';

type Label = Readonly<Record<Lang, string>>;

export type TextEncoding = 'UTF-8' | 'UTF-16LE' | 'UTF-16BE' | 'GB18030';

export interface DecodedText {
  text: string;
  encoding: TextEncoding;
  /** Decoded by its byte-order mark. */
  bom: boolean;
}

/** Decodes file bytes, the byte-order mark removed; undefined when they are text in none of the encodings above. */
export function decodeTextFile(bytes: Uint8Array): DecodedText | undefined {
  const decode = (encoding: string, body: Uint8Array): string | undefined => {
    try {
      return new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(body);
    } catch {
      return undefined;
    }
  };
  const [a, b, c] = bytes;
  if (a === 0xef && b === 0xbb && c === 0xbf) {
    const text = decode('utf-8', bytes.subarray(3));
    return text === undefined ? undefined : { text, encoding: 'UTF-8', bom: true };
  }
  if ((a === 0xff && b === 0xfe) || (a === 0xfe && b === 0xff)) {
    const encoding = a === 0xff ? 'UTF-16LE' : 'UTF-16BE';
    const text = decode(encoding.toLowerCase(), bytes.subarray(2));
    return text === undefined ? undefined : { text, encoding, bom: true };
  }
  const utf8 = decode('utf-8', bytes);
  if (utf8 !== undefined) return { text: utf8, encoding: 'UTF-8', bom: false };
  // Not UTF-8: GB18030 reads every GBK and GB2312 file; a NUL means binary or UTF-16 without a BOM, not Chinese text.
  if (bytes.includes(0)) return undefined;
  const gb = decode('gb18030', bytes);
  return gb === undefined ? undefined : { text: gb, encoding: 'GB18030', bom: false };
}

/** The line that says how a file that is not plain UTF-8 was read; undefined for UTF-8. */
export function decodedNote(decoded: DecodedText): Label | undefined {
  if (decoded.encoding === 'UTF-8') return undefined;
  if (decoded.encoding === 'GB18030') {
    return { zh: '文件不是 UTF-8，已按 GB18030 编码读取（GBK/GB2312 的超集）', en: 'the file is not UTF-8: read as GB18030 (a superset of GBK and GB2312)' };
  }
  return { zh: `按 ${decoded.encoding} 编码读取（文件开头有字节顺序标记）`, en: `read as ${decoded.encoding} (the file starts with a byte-order mark)` };
}

/** The problem for bytes that decode as none of the encodings. */
export const NOT_TEXT: Label = {
  zh: '无法识别文件编码（不是 UTF-8、带 BOM 的 UTF-16 或 GB18030/GBK 文本），请另存为 UTF-8 后再试',
  en: 'cannot tell the encoding (not UTF-8, UTF-16 with a byte-order mark, or GB18030/GBK text): save it as UTF-8 and try again',
};
