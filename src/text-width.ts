// Text in terminal columns: display width (CJK characters take two columns), cutting and padding.
// One implementation for every table a person reads in a terminal (`list`, the `run` matrix and summary).
import stringWidth from 'string-width';

// A big run prints tens of thousands of rows, and string-width is slow on CJK text (a grapheme split and an emoji
// RegExp per character: 0.12 ms per matrix row). Printable ASCII and the common CJK ranges are counted directly;
// anything else goes to string-width once per distinct string (titles and messages repeat row after row).
const widths = new Map<string, number>();
const WIDTH_CACHE_LIMIT = 50_000;
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * Code point ranges string-width counts two columns wide, for the common text of a report: CJK ideographs (BMP
 * and extension A), CJK punctuation 、。《》【】 and the like, fullwidth forms （），：.
 * test/report/terminal-width.test.ts checks every code point of these ranges against string-width.
 */
export const WIDE_RANGES: readonly (readonly [number, number])[] = [
  [0x3001, 0x3029],
  [0x3030, 0x303e],
  [0x3400, 0x4dbf],
  [0x4e00, 0x9fff],
  [0xff01, 0xff60],
  [0xffe0, 0xffe6],
];

/** Columns of one UTF-16 code unit that is printable ASCII (1) or in WIDE_RANGES (2); -1 for anything else. */
function simpleCharWidth(code: number): number {
  if (code >= 0x20 && code <= 0x7e) return 1;
  if (
    (code >= 0x4e00 && code <= 0x9fff) ||
    (code >= 0x3400 && code <= 0x4dbf) ||
    (code >= 0xff01 && code <= 0xff60) ||
    (code >= 0x3001 && code <= 0x303e && (code <= 0x3029 || code >= 0x3030)) ||
    (code >= 0xffe0 && code <= 0xffe6)
  ) {
    return 2;
  }
  return -1;
}

/** Width of text made only of printable ASCII and WIDE_RANGES characters; -1 for anything else. */
export function simpleWidth(text: string): number {
  let width = 0;
  for (let i = 0; i < text.length; i++) {
    const w = simpleCharWidth(text.charCodeAt(i));
    if (w < 0) return -1;
    width += w;
  }
  return width;
}

/** Display width in terminal columns (CJK characters count 2), as string-width measures it. */
export function displayWidth(text: string): number {
  if (PRINTABLE_ASCII.test(text)) return text.length;
  const simple = simpleWidth(text);
  if (simple >= 0) return simple;
  let width = widths.get(text);
  if (width === undefined) {
    width = stringWidth(text);
    if (widths.size >= WIDTH_CACHE_LIMIT) widths.clear();
    widths.set(text, width);
  }
  return width;
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * The mark of cut text. ASCII on purpose: `…` is an East Asian "ambiguous width" character that CJK terminals and
 * fonts draw two columns wide while string-width counts one, which would shift every column after it.
 */
export const ELLIPSIS = '...';

/** Cut `text` to at most `width` columns, ending with `...` when cut. Control characters become spaces. */
export function truncateToWidth(text: string, width: number): string {
  if (!CONTROL.test(text) && displayWidth(text) <= width) return text; // the usual case: it fits
  const clean = text.replace(/[\u0000-\u001f\u007f]/g, ' ');
  if (displayWidth(clean) <= width) return clean;
  if (width <= 0) return '';
  if (width <= ELLIPSIS.length) return '.'.repeat(width);
  const room = width - ELLIPSIS.length;
  // Text of printable ASCII and WIDE_RANGES characters (nearly every title): each character is a grapheme of known
  // width, so it is cut without a segmenter. Each Intl.Segmenter pass clones an ICU break iterator outside the JS
  // heap, freed only when the garbage collector gets to it: a grapheme walk with string-width per grapheme made
  // ~50 of them per row, which took seconds and left tens of MB of fragmented malloc memory for a 100,000-row matrix.
  let used = 0;
  if (simpleWidth(clean) >= 0) {
    let end = 0;
    for (; end < clean.length; end++) {
      const w = simpleCharWidth(clean.charCodeAt(end));
      if (used + w > room) break;
      used += w;
    }
    return `${clean.slice(0, end)}${ELLIPSIS}`;
  }
  let out = '';
  for (const { segment } of graphemes.segment(clean)) {
    const w = displayWidth(segment);
    if (used + w > room) break;
    out += segment;
    used += w;
  }
  return `${out}${ELLIPSIS}`;
}

/** Pad `text` with spaces to `width` columns (left-aligned, or right-aligned with `right`). */
export function padToWidth(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  const pad = ' '.repeat(Math.max(0, width - displayWidth(text)));
  return align === 'left' ? text + pad : pad + text;
}
