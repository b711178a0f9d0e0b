// Documents made at test time: PDFs with a text layer (written by hand: Helvetica, one Tj per line), PDFs without
// one (a drawn box only, like a scan), XLSX workbooks (exceljs) and DOCX files (docx).
import ExcelJS from 'exceljs';
import { Document, Packer, Paragraph, TextRun } from 'docx';

function pdfString(text: string): string {
  return text.replace(/[\\()]/g, (ch) => `\\${ch}`).replace(/[^\x20-\x7e]/g, '?');
}

/** A PDF whose pages show the given lines as text (ASCII; other characters become ?). */
export function textPdf(pages: string[][], options: { noText?: boolean } = {}): Buffer {
  const objects: string[] = [];
  const add = (body: string): number => objects.push(body);
  add('<</Type/Catalog/Pages 2 0 R>>');
  add(''); // pages, filled below
  const font = add('<</Type/Font/Subtype/Type1/BaseFont/Helvetica/Encoding/WinAnsiEncoding>>');
  const kids: number[] = [];
  for (const lines of pages) {
    const content = options.noText
      ? '0.5 g 50 50 495 742 re f'
      : `BT /F1 10 Tf 12 TL 50 800 Td ${lines.map((line) => `(${pdfString(line)}) Tj T*`).join(' ')} ET`;
    const stream = add(`<</Length ${Buffer.byteLength(content, 'latin1')}>>stream\n${content}\nendstream`);
    kids.push(add(`<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Resources<</Font<</F1 ${font} 0 R>>>>/Contents ${stream} 0 R>>`));
  }
  objects[1] = `<</Type/Pages/Kids[${kids.map((k) => `${k} 0 R`).join(' ')}]/Count ${kids.length}>>`;
  const chunks: string[] = ['%PDF-1.4\n'];
  const offsets: number[] = [];
  let length = chunks[0]!.length;
  objects.forEach((body, i) => {
    offsets.push(length);
    const chunk = `${i + 1} 0 obj\n${body}\nendobj\n`;
    chunks.push(chunk);
    length += Buffer.byteLength(chunk, 'latin1');
  });
  const xref = [`xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`, ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`)].join('');
  chunks.push(xref, `trailer\n<</Size ${objects.length + 1}/Root 1 0 R>>\nstartxref\n${length}\n%%EOF\n`);
  return Buffer.from(chunks.join(''), 'latin1');
}

/** An XLSX workbook: sheet name → rows of cells. */
export async function workbook(sheets: Record<string, (string | number)[][]>): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) {
    const sheet = book.addWorksheet(name);
    for (const row of rows) sheet.addRow(row);
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** A DOCX document with one paragraph per line. */
export async function wordDocument(lines: string[]): Promise<Buffer> {
  const doc = new Document({ sections: [{ children: lines.map((line) => new Paragraph({ children: [new TextRun(line)] })) }] });
  return Packer.toBuffer(doc);
}
