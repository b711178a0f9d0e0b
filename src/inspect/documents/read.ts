// Reading the text of a document, piece by piece with its place (PDF page, worksheet cell, text line), into a
// NumberCollector. Runs inside a worker thread of the document pool (pool.ts), never on the main event loop.
import { NumberCollector, type PersonalDataSummary } from '../personal-data/exposure.js';
import { ID_LABEL } from '../personal-data/numbers.js';
import type { ReadableFormat } from './format.js';
import { loadPdfjsWithoutCanvas, openTextOnlyPdf } from './no-canvas.js';

/** What reading one document gave. */
export type ReadResult =
  | { kind: 'scanned'; summary: PersonalDataSummary }
  /** A PDF whose pages have no text layer (a scan): its pictures cannot be read. */
  | { kind: 'no-text'; pages: number };

export async function readDocument(bytes: Uint8Array, format: ReadableFormat, now: Date): Promise<ReadResult> {
  const collector = new NumberCollector(now);
  switch (format) {
    case 'pdf': {
      const { pages, pagesWithText } = await readPdf(bytes, collector);
      if (pagesWithText === 0) return { kind: 'no-text', pages };
      break;
    }
    case 'xlsx':
      await readXlsx(bytes, collector);
      break;
    case 'docx':
      await readDocx(bytes, collector);
      break;
    case 'csv':
    case 'txt':
      readText(bytes, collector, format);
      break;
  }
  return { kind: 'scanned', summary: collector.summary() };
}

/** Load the parser a format needs (the first document of a kind pays for it; the time cap starts after). */
export async function loadReader(format: ReadableFormat): Promise<void> {
  if (format === 'pdf') await loadPdfjsWithoutCanvas();
  else if (format === 'xlsx') await import('exceljs');
  else if (format === 'docx') await import('mammoth');
}

/** A page counts as having text when it shows at least this many non-space characters. */
const MIN_PAGE_TEXT = 10;

async function readPdf(bytes: Uint8Array, collector: NumberCollector): Promise<{ pages: number; pagesWithText: number }> {
  // Text only: nothing here draws, and nothing may load the native canvas library (no-canvas.ts).
  const doc = await openTextOnlyPdf(bytes);
  let pagesWithText = 0;
  try {
    for (let p = 1; p <= doc.numPages; p++) {
      const page = await doc.getPage(p);
      const content = await page.getTextContent();
      // Text pieces in content order; a gap, a new line or an end-of-line mark separates them, so two numbers in
      // neighbouring table cells never run together into one long digit string.
      let text = '';
      let end = -Infinity;
      let y = Number.NaN;
      for (const item of content.items) {
        if (!('str' in item)) continue;
        const transform = item.transform as number[];
        const x = transform[4]!;
        const itemY = transform[5]!;
        const size = Math.hypot(transform[2]!, transform[3]!) || item.height || 10;
        if (text !== '') {
          if (Math.abs(itemY - y) > size * 0.3) text += '\n';
          else if (x - end > size * 0.1 || x < end - size) text += ' ';
        }
        text += item.str;
        if (item.hasEOL) text += '\n';
        end = x + item.width;
        y = itemY;
      }
      if (text.replace(/\s+/g, '').length >= MIN_PAGE_TEXT) pagesWithText++;
      collector.add(text, { page: p });
      page.cleanup();
    }
    return { pages: doc.numPages, pagesWithText };
  } finally {
    await doc.destroy();
  }
}

async function readXlsx(bytes: Uint8Array, collector: NumberCollector): Promise<void> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  // exceljs declares its own Buffer type, older than Node's generic one.
  await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ArrayBuffer);
  for (const sheet of workbook.worksheets) {
    /** Columns whose header names ID numbers (身份证号, 证件号码…). */
    const labelled = new Set<number>();
    sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
      row.eachCell({ includeEmpty: false }, (cell, col) => {
        let text: string;
        try {
          text = cell.text;
        } catch {
          // A cell exceljs cannot render as text: its plain value, if it has one (a rich or formula value is skipped).
          text = typeof cell.value === 'string' || typeof cell.value === 'number' ? String(cell.value) : '';
        }
        if (text === '') return;
        if (ID_LABEL.test(text) && !/\d{6}/.test(text)) labelled.add(col);
        collector.add(text, { sheet: sheet.name, row: rowNumber, col }, labelled.has(col));
      });
    });
  }
}

async function readDocx(bytes: Uint8Array, collector: NumberCollector): Promise<void> {
  const { default: mammoth } = await import('mammoth');
  const { value } = await mammoth.extractRawText({ buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) });
  // Word has no fixed pages or rows in the file: the finding names the document only.
  for (const paragraph of value.split(/\n+/)) collector.add(paragraph);
}

/** Text of a CSV or TXT file: UTF-8 (with or without BOM), UTF-16 with BOM, else GB18030 (Excel's Chinese CSV). */
export function decodeText(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

function readText(bytes: Uint8Array, collector: NumberCollector, format: 'csv' | 'txt'): void {
  const lines = decodeText(bytes).split(/\r\n|\n|\r/);
  lines.forEach((line, index) => {
    if (format === 'txt') {
      collector.add(line, { line: index + 1 });
      return;
    }
    // CSV: cells split on commas outside quotes, so a hit names its cell as Excel shows it (C2).
    splitCsvLine(line).forEach((cell, col) => collector.add(cell, { row: index + 1, col: col + 1 }));
  });
}

/** One CSV line's cells (quotes honoured; a quoted cell spanning lines is read as two pieces, which is harmless). */
function splitCsvLine(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      cells.push(cell);
      cell = '';
    } else cell += ch;
  }
  cells.push(cell);
  return cells;
}
