// Documents made at test time: PDFs with a text layer (or without one, like a scan), XLSX workbooks and DOCX
// files. The fixture site makes its documents with the same functions.
export { textPdf, wordDocument, workbook } from '../../src/fixture-site/documents.js';
import { pdfFile } from '../../src/fixture-site/documents.js';
import type { PoolOutcome } from '../../src/inspect/documents/pool.js';
import type { ReadResult } from '../../src/inspect/documents/read.js';

const DIGIT_NAMES = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
/** Rows of the 8×8 one-bit glyph bitmaps (none spells "EI", which would end an inline image early). */
const BITMAP_ROWS = [0x18, 0x24, 0x42, 0x81, 0xff, 0x7e, 0x3c, 0x66, 0x99, 0xc3];

/**
 * A one-page PDF whose `digits` are drawn in a Type 3 font, each glyph an 8×8 image mask (`BI … ID … EI`), under
 * a caption in Helvetica. pdfjs compiles such glyphs into paths with a DOMMatrix even when it only extracts text.
 */
export function type3Pdf(digits: string): Buffer {
  const objects: string[] = [];
  const add = (body: string): number => objects.push(body);
  add('<</Type/Catalog/Pages 2 0 R>>');
  add('<</Type/Pages/Kids[3 0 R]/Count 1>>');
  add(''); // the page, filled below
  const charProcs = DIGIT_NAMES.map((name, digit) => {
    const bitmap = Buffer.from(Array.from({ length: 8 }, (_, row) => BITMAP_ROWS[(digit + row) % BITMAP_ROWS.length]!)).toString('latin1');
    const glyph = `8 0 0 0 8 8 d1 q 8 0 0 8 0 0 cm BI /W 8 /H 8 /IM true /BPC 1 /D [1 0] ID\n${bitmap}\nEI Q`;
    return `/${name} ${add(`<</Length ${glyph.length}>>stream\n${glyph}\nendstream`)} 0 R`;
  });
  const type3 = add(
    `<</Type/Font/Subtype/Type3/FontBBox[0 0 8 8]/FontMatrix[0.125 0 0 0.125 0 0]/CharProcs<<${charProcs.join('')}>>` +
      `/Encoding<</Type/Encoding/Differences[48 ${DIGIT_NAMES.map((n) => `/${n}`).join('')}]>>` +
      `/FirstChar 48/LastChar 57/Widths[${DIGIT_NAMES.map(() => '8').join(' ')}]/Resources<<>>>>`,
  );
  const helvetica = add('<</Type/Font/Subtype/Type1/BaseFont/Helvetica/Encoding/WinAnsiEncoding>>');
  const content = `BT /F2 10 Tf 50 760 Td (Numbers in a Type 3 font:) Tj ET BT /F1 12 Tf 50 740 Td (${digits}) Tj ET`;
  const stream = add(`<</Length ${content.length}>>stream\n${content}\nendstream`);
  objects[2] = `<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Resources<</Font<</F1 ${type3} 0 R/F2 ${helvetica} 0 R>>>>/Contents ${stream} 0 R>>`;
  return pdfFile(objects);
}

/** The summary of a document the pool read and scanned; throws (failing the test) on any other outcome. */
export function scanned(outcome: PoolOutcome): Extract<ReadResult, { kind: 'scanned' }>['summary'] {
  if (outcome.kind !== 'read' || outcome.result.kind !== 'scanned') throw new Error(`not scanned: ${JSON.stringify(outcome)}`);
  return outcome.result.summary;
}
