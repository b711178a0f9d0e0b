import { describe, expect, it } from 'vitest';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { readBody, releaseBody } from '../../src/fetch/decode.js';

/** Chunks that are views into one shared buffer, as undici hands out the body inside a socket's read buffer. */
function socketChunks(bytes: Buffer, size: number): { chunks: Buffer[]; shared: ArrayBufferLike } {
  const shared = Buffer.concat([Buffer.from('HTTP/1.1 200 OK\r\n\r\n'), bytes, Buffer.from('next response')]);
  const chunks: Buffer[] = [];
  for (let at = 19; at < 19 + bytes.length; at += size) chunks.push(shared.subarray(at, Math.min(at + size, 19 + bytes.length)));
  return { chunks, shared: shared.buffer };
}

describe('readBody: the body owns its memory', () => {
  const page = Buffer.from('<html><body>信息公开目录 '.repeat(2000));

  for (const size of [page.length, 4096]) {
    it(`copies ${size === page.length ? 'a single chunk' : 'several chunks'} out of the socket's buffer into an ArrayBuffer of its own`, async () => {
      const { chunks, shared } = socketChunks(page, size);
      const read = await readBody(Readable.from(chunks), undefined, 10_000_000);
      expect(read.body.equals(page)).toBe(true);
      expect(read.body.buffer).not.toBe(shared);
      expect(read.body.byteOffset).toBe(0);
      expect(read.body.byteLength).toBe(read.body.buffer.byteLength);
      // The socket's buffer is untouched (undici may still read the next response from it).
      expect(Buffer.from(shared).subarray(-13).toString()).toBe('next response');
    });
  }

  it('owns a body decoded from gzip, and one cut at the cap', async () => {
    const zipped = await readBody(Readable.from(socketChunks(gzipSync(page), 1000).chunks), 'gzip', 10_000_000);
    expect(zipped.body.equals(page)).toBe(true);
    expect(zipped.body.byteLength).toBe(zipped.body.buffer.byteLength);
    const cut = await readBody(Readable.from(socketChunks(page, 3000).chunks), undefined, 5000);
    expect(cut.truncated).toBe(true);
    expect(cut.body.equals(page.subarray(0, 5000))).toBe(true);
    expect(cut.body.byteLength).toBe(cut.body.buffer.byteLength);
  });

  it('releaseBody gives the memory back at once, and leaves alone a buffer that shares its memory', async () => {
    const read = await readBody(Readable.from([page]), undefined, 10_000_000);
    const before = process.memoryUsage().arrayBuffers;
    releaseBody(read.body);
    expect(read.body.length).toBe(0);
    expect(process.memoryUsage().arrayBuffers).toBeLessThanOrEqual(before - page.length);
    releaseBody(read.body); // twice is harmless

    const pool = Buffer.from('shared pool bytes');
    const slice = pool.subarray(0, 6);
    releaseBody(slice);
    expect(slice.toString()).toBe('shared');
    expect(pool.toString()).toBe('shared pool bytes');
    releaseBody(undefined);
  });
});
