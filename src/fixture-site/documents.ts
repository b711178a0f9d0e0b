// Real documents for the fixture site, made when it starts: PDFs with a text layer, DOCX and XLSX files, and the
// two lists of people (one leaking ID and mobile numbers, one masked). The numbers are synthetic: valid in form
// (province code, birth date, check digit) but under county code 429999, which does not exist, and mobile numbers
// 140xxxxxxxx, a block not issued for 11-digit phones; none is anyone's.
import { crc32 } from 'node:zlib';
import ExcelJS from 'exceljs';
import { idCheckChar, maskNumber } from '../inspect/personal-data/numbers.js';

function pdfString(text: string): string {
  return text.replace(/[\\()]/g, (ch) => `\\${ch}`).replace(/[^\x20-\x7e]/g, '?');
}

/** A PDF whose pages show the given lines as a text layer (Helvetica: ASCII; other characters become ?). */
export function textPdf(pages: string[][], options: { noText?: boolean } = {}): Buffer {
  const objects: string[] = [];
  const add = (body: string): number => objects.push(body);
  add('<</Type/Catalog/Pages 2 0 R>>');
  add(''); // the page tree, filled below
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
  return pdfFile(objects);
}

/** A PDF file of these objects (object 1 is the catalog), with its cross-reference table. */
export function pdfFile(objects: readonly string[]): Buffer {
  let pdf = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(pdf, 'latin1'));
    pdf += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xrefAt = Buffer.byteLength(pdf, 'latin1');
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  pdf += `trailer\n<</Size ${objects.length + 1}/Root 1 0 R>>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return Buffer.from(pdf, 'latin1');
}

/** A ZIP archive of the given files, stored without compression (enough for small Office files). */
export function zip(files: Record<string, string | Buffer>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of Object.entries(files)) {
    const data = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    const fileName = Buffer.from(name, 'utf8');
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(fileName.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(fileName.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, fileName, data);
    centrals.push(central, fileName);
    offset += local.length + fileName.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(centrals.length / 2, 8);
  end.writeUInt16LE(centrals.length / 2, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"]/g, (ch) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[ch]!);
}

/** A DOCX document with one paragraph per line. */
export function wordDocument(lines: string[]): Buffer {
  const body = lines.map((line) => `<w:p><w:r><w:t xml:space="preserve">${escapeXml(line)}</w:t></w:r></w:p>`).join('');
  return zip({
    '[Content_Types].xml':
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
    '_rels/.rels':
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
    'word/document.xml': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`,
  });
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

/** A synthetic ID number under the non-existent county 429999, born on `birth` (YYYYMMDD). */
export function syntheticId(birth: string, sequence: number): string {
  const first17 = `429999${birth}${String(sequence % 1000).padStart(3, '0')}`;
  return first17 + idCheckChar(first17);
}

/** A synthetic mobile number in the 140 block. */
export function syntheticMobile(n: number): string {
  return `140${String(n % 100_000_000).padStart(8, '0')}`;
}

const SURNAMES = '王李张刘陈杨黄赵吴周';
const GIVEN = ['子涵', '浩然', '雨桐', '思远', '佳怡', '俊杰', '欣然', '宇航', '梓萱', '博文', '诗琪', '明轩'];
const MAJORS = ['计算机科学与技术', '材料科学与工程', '冶金工程', '机械工程', '管理科学与工程', '应用数学'];

/** The people of the demo's lists: names, majors, synthetic ID and mobile numbers. */
export function demoPeople(count: number, now: Date): { name: string; major: string; id: string; mobile: string; score: number }[] {
  const year = now.getUTCFullYear() - 23;
  return Array.from({ length: count }, (_, i) => ({
    name: `${SURNAMES[i % SURNAMES.length]}${GIVEN[(i * 5) % GIVEN.length]}`,
    major: MAJORS[i % MAJORS.length]!,
    id: syntheticId(`${year}${String(1 + (i % 12)).padStart(2, '0')}${String(1 + ((i * 7) % 28)).padStart(2, '0')}`, 101 + i * 13),
    mobile: syntheticMobile(20_250_000 + i * 7_919),
    score: 380 - i * 3,
  }));
}

/** The leaking list: special-admission test results with full ID and mobile numbers, as offices publish them by mistake. */
export function leakingListXlsx(now: Date): Promise<Buffer> {
  const people = demoPeople(24, now);
  return workbook({
    测试结果: [
      ['序号', '姓名', '报考专业', '测试成绩', '身份证号', '联系电话'],
      ...people.map((p, i) => [i + 1, p.name, p.major, p.score, p.id, p.mobile]),
    ],
  });
}

/** The masked list: the same kind of list done right (first 4 and last 2 characters, or 138****5678). */
export function maskedListXlsx(now: Date): Promise<Buffer> {
  const people = demoPeople(24, now);
  return workbook({
    获奖名单: [
      ['序号', '姓名', '专业', '综合成绩', '身份证号', '联系电话'],
      ...people.map((p, i) => [i + 1, p.name, p.major, p.score, maskNumber(p.id), `${p.mobile.slice(0, 3)}****${p.mobile.slice(7)}`]),
    ],
  });
}
