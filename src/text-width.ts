// Text in terminal columns: display width (CJK characters take two columns), cutting and padding.
// One implementation for every table a person reads in a terminal (`list`, the `run` matrix and summary).
import stringWidth from 'string-width';

/** Display width in terminal columns (CJK characters count 2). */
export function displayWidth(text: string): number {
  return stringWidth(text);
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * The mark of cut text. ASCII on purpose: `…` is an East Asian "ambiguous width" character that CJK terminals and
 * fonts draw two columns wide while string-width counts one, which would shift every column after it.
 */
export const ELLIPSIS = '...';

/** Cut `text` to at most `width` columns, ending with `...` when cut. Control characters become spaces. */
export function truncateToWidth(text: string, width: number): string {
  const clean = text.replace(/[\u0000-\u001f\u007f]/g, ' ');
  if (stringWidth(clean) <= width) return clean;
  if (width <= 0) return '';
  if (width <= ELLIPSIS.length) return '.'.repeat(width);
  let out = '';
  let used = 0;
  for (const { segment } of graphemes.segment(clean)) {
    const w = stringWidth(segment);
    if (used + w > width - ELLIPSIS.length) break;
    out += segment;
    used += w;
  }
  return `${out}${ELLIPSIS}`;
}

/** Pad `text` with spaces to `width` columns (left-aligned, or right-aligned with `right`). */
export function padToWidth(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  const pad = ' '.repeat(Math.max(0, width - stringWidth(text)));
  return align === 'left' ? text + pad : pad + text;
}
