// The file name a server gives in Content-Disposition, as a person would read it.
// Parsing (quoting, RFC 5987 `filename*`) is the `content-disposition` package's; what is added here is the
// repair of raw non-ASCII names: Chinese servers often send the UTF-8 or GBK bytes of the name unencoded, which
// reach us as one Latin-1 character per byte.
import contentDisposition from 'content-disposition';
import iconv from 'iconv-lite';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Turn a name whose characters are really bytes (Latin-1 view of UTF-8 or GBK) back into text. */
export function repairRawName(name: string): string {
  // Only names made of single-byte characters with some high bytes can be byte views.
  if (!/[\u0080-\u00ff]/.test(name) || /[^\u0000-\u00ff]/.test(name)) return name;
  const bytes = Buffer.from(name, 'latin1');
  try {
    return utf8.decode(bytes);
  } catch {
    // Not UTF-8: GB18030 is a superset of GBK and GB2312, the encodings Chinese Windows servers use.
    const decoded = iconv.decode(bytes, 'gb18030');
    return decoded.includes('\ufffd') ? name : decoded;
  }
}

/** A last resort for headers the strict parser refuses (unquoted names with spaces or raw bytes). */
function lenientFileName(header: string): string | undefined {
  const star = /filename\*\s*=\s*([^;]+)/i.exec(header);
  if (star) {
    const value = star[1]!.trim().replace(/^"|"$/g, '');
    const parts = /^([\w-]+)'[^']*'(.*)$/.exec(value);
    if (parts) {
      const charset = parts[1]!.toLowerCase();
      const bytes = Buffer.from(parts[2]!.replace(/%([0-9a-f]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1');
      if (iconv.encodingExists(charset)) return iconv.decode(bytes, charset);
    }
  }
  const plain = /filename\s*=\s*("([^"]*)"|[^;]+)/i.exec(header);
  if (plain) return (plain[2] ?? plain[1]!).trim();
  return undefined;
}

/** The file name in a Content-Disposition header, or undefined when it names none. Never throws. */
export function fileNameFromDisposition(header: string | undefined): string | undefined {
  if (header === undefined || header.trim() === '') return undefined;
  let name: string | undefined;
  try {
    name = contentDisposition.parse(header).parameters.filename;
  } catch {
    name = lenientFileName(header);
  }
  if (name === undefined || name.trim() === '') return undefined;
  let repaired = repairRawName(name.trim());
  // Some servers percent-encode the plain `filename` (what browsers accept).
  if (/%[0-9a-f]{2}/i.test(repaired)) {
    try {
      repaired = decodeURIComponent(repaired);
    } catch {
      // not percent-encoding after all
    }
  }
  // Keep only the last path segment: names like "C:\\fakepath\\a.pdf" appear in the wild.
  const last = repaired.split(/[\\/]/).pop();
  return last === undefined || last === '' ? repaired : last;
}
