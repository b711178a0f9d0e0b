// PDF reports: text items grouped into lines by their y position, and into the header's columns by x.
// A table cell whose text wraps becomes several lines; the table reader joins them (title, URL, category name).
import type { SourceRow } from './table.js';
import { openTextOnlyPdf } from '../inspect/documents/no-canvas.js';
import { headerColumns } from './table.js';

interface Glyphs {
  str: string;
  x: number;
  y: number;
  width: number;
  size: number;
}

interface PdfLine {
  page: number;
  /** 1-based line number on its page, top to bottom. */
  row: number;
  y: number;
  glyphs: Glyphs[];
}

export interface PdfText {
  rows: SourceRow[];
  /** The whole text, one line per PDF line, for reading the institution and period. */
  text: string;
  pages: number;
}

/**
 * Fonts embedded by Chromium and Word often map common ideographs to look-alike Kangxi radicals
 * (⼤ U+2F24 for 大, ⽉ for 月); NFKC maps exactly those back. Only that block is normalised: NFKC elsewhere
 * would turn the report's full-width punctuation （，） into ASCII.
 */
function unifyRadicals(text: string): string {
  return text.replace(/[\u2e80-\u2fdf]/g, (ch) => SUPPLEMENT_RADICALS.get(ch) ?? ch.normalize('NFKC'));
}

/**
 * CJK Radicals Supplement characters that stand for a whole (mostly simplified) ideograph and have no NFKC
 * mapping, from Unicode's EquivalentUnifiedIdeograph.txt (⻓ → 长, ⻔ → 门, ⻛ → 风, ⻅ → 见…).
 */
const SUPPLEMENT_RADICALS = new Map<string, string>(
  [...'⻄西⻅见⻆角⻉贝⻋车⻑長⻓长⻔门⻗雨⻘青⻙韦⻚页⻛风⻜飞⻝食⻢马⻣骨⻤鬼⻥鱼⻦鸟⻧卤⻨麦⻩黄⻪黾⻬齐⻮齿⻰龙⻳龟⺟母⺠民⺩王⺷羊⺼月⻁虎'.matchAll(/(.)(.)/gu)].map((m) => [m[1]!, m[2]!]),
);

/** Joins text pieces of one cell or line left to right, with a space where there is a visible gap. */
function joinGlyphs(glyphs: Glyphs[]): string {
  let text = '';
  let end = -Infinity;
  for (const g of glyphs) {
    if (text && g.x - end > g.size * 0.25) text += ' ';
    text += g.str;
    end = g.x + g.width;
  }
  return text.trim();
}

async function readLines(data: Uint8Array): Promise<{ lines: PdfLine[]; pages: number }> {
  // Text only, as the document worker reads PDFs: pdfjs without its native drawing library (no-canvas.ts).
  const doc = await openTextOnlyPdf(data);
  const lines: PdfLine[] = [];
  try {
    for (let p = 1; p <= doc.numPages; p++) {
      const page = await doc.getPage(p);
      const content = await page.getTextContent();
      const glyphs: Glyphs[] = [];
      for (const item of content.items) {
        if (!('str' in item) || item.str.trim() === '') continue;
        const transform = item.transform as number[];
        glyphs.push({
          str: unifyRadicals(item.str),
          x: transform[4]!,
          y: transform[5]!,
          width: item.width,
          size: Math.hypot(transform[2]!, transform[3]!) || item.height || 10,
        });
      }
      glyphs.sort((a, b) => b.y - a.y || a.x - b.x);
      const pageLines: PdfLine[] = [];
      for (const g of glyphs) {
        const line = pageLines.find((l) => Math.abs(l.y - g.y) <= g.size * 0.3);
        if (line) line.glyphs.push(g);
        else pageLines.push({ page: p, row: 0, y: g.y, glyphs: [g] });
      }
      pageLines.sort((a, b) => b.y - a.y);
      pageLines.forEach((line, index) => {
        line.row = index + 1;
        line.glyphs.sort((a, b) => a.x - b.x);
      });
      lines.push(...pageLines);
      page.cleanup();
    }
    return { lines, pages: doc.numPages };
  } finally {
    await doc.destroy();
  }
}

/** Left edges of the table's columns: the most used text start positions at or left of each header word. */
function columnEdges(body: PdfLine[], headerX: number[]): number[] {
  const starts = new Map<number, number>();
  for (const line of body) {
    let end = -Infinity;
    for (const g of line.glyphs) {
      if (g.x - end > g.size * 0.5) {
        const x = Math.round(g.x);
        starts.set(x, (starts.get(x) ?? 0) + 1);
      }
      end = g.x + g.width;
    }
  }
  const frequent = [...starts.entries()].filter(([, n]) => n >= 2).map(([x]) => x);
  const edges = [-Infinity];
  for (let k = 1; k < headerX.length; k++) {
    const candidates = frequent.filter((x) => x <= headerX[k]! + 1 && x > headerX[k - 1]! + 1);
    edges.push(candidates.length ? Math.max(...candidates) - 1 : headerX[k]! - 1);
  }
  return edges;
}

/** Reads a PDF into rows: lines before the table as fragments, table lines as cells in the header's columns. */
export async function pdfRows(data: Uint8Array): Promise<PdfText> {
  const { lines, pages } = await readLines(data);
  const text = lines.map((l) => joinGlyphs(l.glyphs)).join('\n');
  const rows: SourceRow[] = [];
  let headerIndex = -1;
  let headerX: number[] = [];
  for (let i = 0; i < lines.length && headerIndex < 0; i++) {
    const line = lines[i]!;
    // Header words may be one text item each, or split; try the line's pieces separated by gaps.
    const pieces = splitByGaps(line.glyphs);
    const columns = headerColumns(pieces.map((p) => joinGlyphs(p)));
    if (columns) {
      headerIndex = i;
      headerX = [columns.no, columns.category, columns.title, columns.link].map((k) => pieces[k]![0]!.x);
    }
  }
  if (headerIndex < 0) {
    lines.forEach((l) => rows.push({ cells: [joinGlyphs(l.glyphs)], place: { page: l.page, row: l.row }, fragment: true }));
    return { rows, text, pages };
  }
  const body = lines.slice(headerIndex + 1);
  const edges = columnEdges(body, headerX);
  lines.forEach((line, i) => {
    const place = { page: line.page, row: line.row };
    if (i < headerIndex) {
      rows.push({ cells: [joinGlyphs(line.glyphs)], place, fragment: true });
      return;
    }
    const cells: Glyphs[][] = edges.map(() => []);
    for (const g of line.glyphs) {
      let column = 0;
      for (let k = 0; k < edges.length; k++) if (g.x >= edges[k]!) column = k;
      cells[column]!.push(g);
    }
    rows.push({ cells: cells.map(joinGlyphs), place });
  });
  return { rows, text, pages };
}

/** Splits a line's glyphs where the gap is wider than most of a character (the space between table cells). */
function splitByGaps(glyphs: Glyphs[]): Glyphs[][] {
  const pieces: Glyphs[][] = [];
  let end = -Infinity;
  for (const g of glyphs) {
    if (pieces.length === 0 || g.x - end > g.size * 0.8) pieces.push([g]);
    else pieces.at(-1)!.push(g);
    end = g.x + g.width;
  }
  return pieces;
}
