// Which kind of document a download is, from its name, its media type and its first bytes; and whether xxgk-check
// can read its text (PDF text layer, XLSX, DOCX, CSV, TXT) or must say it was not scanned.

/** Formats whose text is read. */
export type ReadableFormat = 'pdf' | 'xlsx' | 'docx' | 'csv' | 'txt';
/** Documents that are not read: old binary Office/WPS files, presentations, OFD, archives. */
export type UnreadableFormat = 'old-office' | 'presentation' | 'ofd' | 'archive';
export type DocumentFormat = ReadableFormat | UnreadableFormat;

const READABLE: ReadonlySet<string> = new Set(['pdf', 'xlsx', 'docx', 'csv', 'txt']);

export function isReadable(format: DocumentFormat): format is ReadableFormat {
  return READABLE.has(format);
}

const EXTENSIONS: Record<string, DocumentFormat> = {
  pdf: 'pdf',
  xlsx: 'xlsx',
  xlsm: 'xlsx',
  docx: 'docx',
  csv: 'csv',
  txt: 'txt',
  doc: 'old-office',
  xls: 'old-office',
  wps: 'old-office',
  et: 'old-office',
  ppt: 'presentation',
  pptx: 'presentation',
  dps: 'presentation',
  ofd: 'ofd',
  zip: 'archive',
  rar: 'archive',
  '7z': 'archive',
};

/** The format a file name's extension says, if it names one. */
export function formatOfName(name: string | undefined): DocumentFormat | undefined {
  const match = /\.([a-z0-9]{1,5})$/i.exec((name ?? '').trim());
  return match ? EXTENSIONS[match[1]!.toLowerCase()] : undefined;
}

/** The format a media type says, if it is a specific one. */
export function formatOfType(type: string | undefined): DocumentFormat | undefined {
  const t = (type ?? '').toLowerCase();
  if (t === 'application/pdf') return 'pdf';
  if (t.includes('spreadsheetml')) return 'xlsx';
  if (t.includes('wordprocessingml')) return 'docx';
  if (t.includes('presentationml') || t.includes('ms-powerpoint')) return 'presentation';
  if (t === 'application/msword' || t === 'application/vnd.ms-excel' || t.includes('kswps') || t === 'application/wps-office.doc') return 'old-office';
  if (t === 'text/csv') return 'csv';
  if (t === 'text/plain') return 'txt';
  if (t.includes('ofd')) return 'ofd';
  if (/zip|rar|7z/.test(t)) return 'archive';
  return undefined;
}

function startsWith(bytes: Uint8Array, ...values: number[]): boolean {
  return values.every((v, i) => bytes[i] === v);
}

/** Whether `needle` occurs in the first `limit` bytes (ZIP entry names are stored as plain text in local headers). */
function includesAscii(bytes: Uint8Array, needle: string, limit = bytes.length): boolean {
  return Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(limit, bytes.length)).includes(needle, 0, 'latin1');
}

/**
 * The format of a downloaded document: its signature decides (a .xlsx that is an HTML page is not a workbook),
 * then its name, then its media type. Undefined when nothing says it is a document xxgk-check knows.
 */
export function sniffFormat(bytes: Uint8Array, name: string | undefined, type: string | undefined): DocumentFormat | undefined {
  const byName = formatOfName(name);
  const byType = formatOfType(type);
  if (startsWith(bytes, 0x25, 0x50, 0x44, 0x46)) return 'pdf'; // %PDF
  if (startsWith(bytes, 0xd0, 0xcf, 0x11, 0xe0)) return byName === 'presentation' ? 'presentation' : 'old-office'; // OLE
  if (startsWith(bytes, 0x52, 0x61, 0x72, 0x21) || startsWith(bytes, 0x37, 0x7a, 0xbc, 0xaf)) return 'archive'; // Rar! 7z
  if (startsWith(bytes, 0x50, 0x4b)) {
    // ZIP: an Office Open XML file names its parts in the local headers; look at the start and the central directory.
    const has = (part: string): boolean => includesAscii(bytes, part);
    if (has('word/')) return 'docx';
    if (has('xl/')) return 'xlsx';
    if (has('ppt/')) return 'presentation';
    if (has('Doc_0/') || has('OFD.xml')) return 'ofd';
    return byName === 'xlsx' || byName === 'docx' ? byName : 'archive';
  }
  if (byName === 'csv' || byName === 'txt') return byName;
  if (byType === 'csv' || byType === 'txt') return byType;
  return undefined;
}
