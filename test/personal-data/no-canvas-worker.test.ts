// The document worker reads PDFs without the native canvas library pdfjs would load (@napi-rs/canvas, ~34 MB of
// RSS per worker): text comes out as before, a Type 3 font drawn with image masks included, and the process never
// maps the library. This file runs in its own process (vitest's forks pool), so nothing else here loads it.
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { createDocumentPool } from '../../src/inspect/documents/pool.js';
import { maskNumber } from '../../src/inspect/personal-data/numbers.js';
import { residentIds } from '../helpers/personal-data.js';
import { scanned, textPdf, type3Pdf } from '../helpers/documents.js';

const NOW = new Date();
const pool = createDocumentPool(1);
afterAll(() => pool.close());

/** Whether this process has the native canvas library mapped (Linux; a loaded .node library stays mapped). */
function canvasMapped(): boolean {
  return readFileSync('/proc/self/maps', 'utf8').includes('@napi-rs/canvas');
}

const [id] = residentIds(1);

describe.runIf(process.platform === 'linux')('the document worker without @napi-rs/canvas', { timeout: 90_000 }, () => {
  it('reads PDFs, one with a Type 3 font of image-mask glyphs, and never loads the native canvas library', async () => {
    expect(canvasMapped()).toBe(false);
    const plain = scanned(await pool.read(textPdf([['Admission list', `1  Student 1  ${id}`]]), 'pdf', { timeoutMs: 60_000, now: NOW }));
    expect(plain.ids).toMatchObject({ count: 1, pages: '1', samples: [maskNumber(id!)] });
    // pdfjs compiles each image-mask glyph with a DOMMatrix (the stand-in's) while it extracts the text.
    const type3 = scanned(await pool.read(type3Pdf(id!), 'pdf', { timeoutMs: 60_000, now: NOW }));
    expect(type3.ids).toMatchObject({ count: 1, pages: '1', samples: [maskNumber(id!)] });
    expect(canvasMapped()).toBe(false);
  });
});
