// Bodies: remove Content-Encoding while reading (capped after decoding), then decode text with the right charset.
import { isAscii, isUtf8, transcode } from 'node:buffer';
import type { Readable, Transform } from 'node:stream';
import zlib from 'node:zlib';
import iconv from 'iconv-lite';
import { ResultType, Sniffer } from 'encoding-sniffer/sniffer';

/** The body as read: decoded bytes up to the cap. */
export interface BodyRead {
  body: Buffer;
  /** Bytes kept (after decoding Content-Encoding). */
  bytes: number;
  /** The decoded body went on past the cap and was cut there. */
  truncated: boolean;
}

/** Thrown when the body's Content-Encoding cannot be decoded (corrupt gzip…). */
export class BodyDecodingError extends Error {
  readonly code = 'XXGK_BAD_CONTENT_ENCODING';
  constructor(
    readonly encoding: string,
    cause: unknown,
  ) {
    super(`the ${encoding} body cannot be decoded`, { cause });
  }
}

/** Media type without parameters, lower-cased: `Text/HTML; charset=GBK` → `text/html`. */
export function mediaType(contentType: string | undefined): string | undefined {
  if (contentType === undefined) return undefined;
  const semi = contentType.indexOf(';');
  const type = (semi === -1 ? contentType : contentType.slice(0, semi)).trim().toLowerCase();
  return type === '' ? undefined : type;
}

/** The `charset` parameter of a Content-Type header, if any: `text/html; charset="gbk"` → `gbk`. */
export function charsetParam(contentType: string | undefined): string | undefined {
  if (contentType === undefined) return undefined;
  const match = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(contentType);
  return match?.[1];
}

/** Output chunks of 64 KiB instead of 16 KiB: a typical page decodes in one or two callbacks, not four. */
const ZLIB_OPTIONS = { chunkSize: 64 * 1024 };

/**
 * The decompressor for a Content-Encoding value, or undefined for identity (and for encodings we do not
 * know, whose bytes are then kept as they came). `deflate` is decided on the first byte: zlib-wrapped or raw.
 */
function decompressorFor(encoding: string, firstChunk: Buffer): Transform | undefined {
  switch (encoding) {
    case 'gzip':
    case 'x-gzip':
      return zlib.createGunzip(ZLIB_OPTIONS);
    case 'deflate':
      return looksLikeZlibHeader(firstChunk) ? zlib.createInflate(ZLIB_OPTIONS) : zlib.createInflateRaw(ZLIB_OPTIONS);
    case 'br':
      return zlib.createBrotliDecompress(ZLIB_OPTIONS);
    default:
      return undefined;
  }
}

/**
 * A copy of `bytes` in an ArrayBuffer of its own. A chunk read from a socket is a view into the socket's read buffer
 * (undici parses in place), which the body would keep alive while the page is inspected and which nobody can give
 * back early (Node 24 does not let it be detached). A copy that fills its own ArrayBuffer can be given back as soon as
 * the page is done with (`releaseBody`), instead of waiting for V8's next full collection once it has lived through a
 * few minor ones. (What kept most read buffers alive was undici's raw header array: src/fetch/dispatcher.ts.)
 */
function ownCopy(bytes: Uint8Array): Buffer {
  const copy = Buffer.from(new ArrayBuffer(bytes.length));
  copy.set(bytes);
  return copy;
}

/** The pieces joined into one buffer of its own; the pieces (copies made by `ownCopy`) are given back. */
function joinOwned(pieces: readonly Buffer[], bytes: number): Buffer {
  if (pieces.length === 1) return pieces[0]!;
  const body = Buffer.from(new ArrayBuffer(bytes));
  let at = 0;
  for (const piece of pieces) {
    body.set(piece, at);
    at += piece.length;
    releaseBody(piece);
  }
  return body;
}

/**
 * Give a body's memory back now rather than at V8's next full collection. Only a buffer that fills an ArrayBuffer of
 * its own (as `readBody` makes them) is released, and it is empty afterwards (length 0): call this only when nothing
 * reads the body any more. Any other buffer is left to the garbage collector.
 */
export function releaseBody(body: Uint8Array | undefined): void {
  if (body === undefined || body.byteLength === 0) return;
  const { buffer } = body;
  if (!(buffer instanceof ArrayBuffer) || body.byteOffset !== 0 || body.byteLength !== buffer.byteLength) return;
  try {
    buffer.transfer(0);
  } catch {
    // Not detachable (Node 24 makes the ArrayBuffers of its own Buffers so): the garbage collector frees it.
  }
}

/** RFC 1950: CM = 8 in the low nibble of the first byte, and the first two bytes are a multiple of 31. */
function looksLikeZlibHeader(chunk: Buffer): boolean {
  if (chunk.length < 2) return false;
  const cmf = chunk[0]!;
  const flg = chunk[1]!;
  return (cmf & 0x0f) === 8 && ((cmf << 8) | flg) % 31 === 0;
}

/**
 * Read a response body, removing `contentEncoding` on the fly, keeping at most `maxBytes` decoded bytes. The body
 * fills an ArrayBuffer of its own (`releaseBody` can give it back).
 * At the cap the source and the decompressor are destroyed (a compression bomb costs at most the cap).
 * Rejects with the source's error (reset mid-body…) or a BodyDecodingError.
 */
export function readBody(source: Readable, contentEncoding: string | undefined, maxBytes: number): Promise<BodyRead> {
  const encoding = contentEncoding?.trim().toLowerCase() ?? '';
  const needsDecoding = encoding !== '' && encoding !== 'identity';
  return new Promise<BodyRead>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    let settled = false;
    let decoder: Transform | undefined;
    let decoderChosen = !needsDecoding;

    const finish = (truncated: boolean): void => {
      if (settled) return;
      settled = true;
      if (truncated) {
        source.destroy();
        decoder?.destroy();
      }
      resolve({ body: joinOwned(chunks, bytes), bytes, truncated });
    };
    const fail = (err: Error): void => {
      if (settled) return;
      settled = true;
      source.destroy();
      decoder?.destroy();
      reject(err);
    };
    /** Keep decoded bytes, cutting at the cap. */
    const keep = (chunk: Buffer): void => {
      if (settled) return;
      const room = maxBytes - bytes;
      if (chunk.length > room) {
        if (room > 0) {
          chunks.push(ownCopy(chunk.subarray(0, room)));
          bytes += room;
        }
        finish(true);
        return;
      }
      // Exactly at the cap is not truncated yet: only a further chunk (room 0) makes it so.
      chunks.push(ownCopy(chunk));
      bytes += chunk.length;
    };
    const wireDecoder = (d: Transform): void => {
      decoder = d;
      d.on('data', keep);
      d.on('end', () => finish(false));
      d.on('error', (err: unknown) => fail(new BodyDecodingError(encoding, err)));
      d.on('drain', () => source.resume());
    };

    source.on('data', (chunk: Buffer) => {
      if (settled) return;
      if (!decoderChosen) {
        decoderChosen = true;
        const d = decompressorFor(encoding, chunk);
        if (d) wireDecoder(d);
      }
      if (decoder) {
        if (!decoder.write(chunk)) source.pause();
      } else {
        keep(chunk);
      }
    });
    source.on('end', () => {
      if (decoder) decoder.end();
      else finish(false);
    });
    source.on('error', fail);
  });
}

/** Content types whose body is text we decode. */
export function isTextType(type: string | undefined): boolean {
  if (type === undefined) return false;
  return type.startsWith('text/') || type === 'application/xhtml+xml' || type === 'application/xml';
}

const HTML_START = /^\s*(?:<!--[\s\S]*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title|script|link|div|p|table)[\s>/]/i;

/** Do these bytes (of a response without Content-Type) look like HTML? */
export function looksLikeHtml(body: Buffer): boolean {
  let start = 0;
  if (body.length >= 3 && body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) start = 3;
  return HTML_START.test(body.toString('latin1', start, Math.min(body.length, start + 1024)));
}

/** How many bytes the charset sniffer looks at for a BOM, `<meta charset>` or XML declaration. */
const SNIFF_BYTES = 4096;

/**
 * Decode a text body. The charset comes, as browsers do it, from a BOM, the Content-Type header, or a
 * `<meta>` in the first bytes. With none of these (common on 博达 VSB sites that send bare `text/html`),
 * valid UTF-8 is read as UTF-8 and anything else as GB18030 (the superset of GBK/GB2312), the default of a
 * Chinese-locale browser.
 */
export function decodeText(body: Buffer, headerCharset: string | undefined): { text: string; charset: string } {
  const sniffer = new Sniffer(
    headerCharset === undefined ? { maxBytes: SNIFF_BYTES } : { maxBytes: SNIFF_BYTES, transportLayerEncodingLabel: headerCharset },
  );
  sniffer.write(body.length > SNIFF_BYTES ? body.subarray(0, SNIFF_BYTES) : body);
  let charset = sniffer.encoding.toLowerCase();
  if (sniffer.resultType === ResultType.DEFAULT) charset = isUtf8(body) ? 'utf-8' : 'gb18030';
  if (charset === 'utf-8') {
    const hasBom = body.length >= 3 && body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf;
    return { text: utf8Text(hasBom ? body.subarray(3) : body), charset };
  }
  // WHATWG decodes the GBK label with the GB18030 decoder; iconv-lite's gbk table is smaller.
  const decoder = charset === 'gbk' ? 'gb18030' : charset;
  if (iconv.encodingExists(decoder)) return { text: iconv.decode(body, decoder), charset };
  return { text: body.toString('utf8'), charset: 'utf-8' };
}

/**
 * UTF-8 bytes as a string, the same string `body.toString('utf8')` gives, the cheapest way. Node 20's UTF-8 decoder
 * costs ~75 µs for a 33 KB Chinese page; valid UTF-8 goes through ICU's converter to UTF-16 instead (~17 µs), ASCII
 * through latin1 (a copy). Invalid UTF-8 keeps toString's replacement characters.
 */
export function utf8Text(body: Buffer): string {
  if (isAscii(body)) return body.toString('latin1');
  if (isUtf8(body)) {
    try {
      return transcode(body, 'utf8', 'utf16le').toString('utf16le');
    } catch {
      // A Node.js built without ICU: the plain decoder below.
    }
  }
  return body.toString('utf8');
}
