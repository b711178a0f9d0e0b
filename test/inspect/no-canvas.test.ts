// The stand-in for @napi-rs/canvas that the document worker gives pdfjs (src/inspect/documents/no-canvas.ts): the
// DOMMatrix arithmetic pdfjs's text extraction relies on, the drawing parts that refuse clearly, and pdfjs loading
// with it in a fresh process without the native library and without a warning.
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { CANVAS_PACKAGE, canvasStandIn, NO_RENDERING, NoCanvasFactory, TextOnlyDOMMatrix } from '../../src/inspect/documents/no-canvas.js';
import { repoRoot } from '../helpers/cli.js';

const fields = (m: { a: number; b: number; c: number; d: number; e: number; f: number }): number[] => [m.a, m.b, m.c, m.d, m.e, m.f];

/** The real library's DOMMatrix, to compare with where it can be loaded (an optional dependency of pdfjs-dist). */
function realDOMMatrix(): (new (init?: number[]) => TextOnlyDOMMatrix) | undefined {
  try {
    const require = createRequire(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
    return (require(CANVAS_PACKAGE) as { DOMMatrix: new (init?: number[]) => TextOnlyDOMMatrix }).DOMMatrix;
  } catch {
    return undefined;
  }
}

describe('the DOMMatrix of the canvas stand-in', () => {
  it('starts as the identity or from six numbers', () => {
    const identity = new TextOnlyDOMMatrix();
    expect(fields(identity)).toEqual([1, 0, 0, 1, 0, 0]);
    expect(identity.isIdentity).toBe(true);
    const m = new TextOnlyDOMMatrix([2, 3, 5, 7, 11, 13]);
    expect(fields(m)).toEqual([2, 3, 5, 7, 11, 13]);
    expect([m.m11, m.m12, m.m21, m.m22, m.m41, m.m42]).toEqual([2, 3, 5, 7, 11, 13]);
    expect(m.is2D).toBe(true);
    expect(m.isIdentity).toBe(false);
    expect(() => new TextOnlyDOMMatrix([1, 2, 3])).toThrow(NO_RENDERING);
  });

  it('scales then translates on the right, as pdfjs maps a Type 3 glyph bitmap (width 8, height 4)', () => {
    // scale(1/8, -1/4) × translate(0, -4): (x, y) → (x/8, 1 - y/4), the glyph's unit square with y flipped.
    const m = new TextOnlyDOMMatrix().scaleSelf(1 / 8, -1 / 4).translateSelf(0, -4);
    expect(fields(m)).toEqual([0.125, 0, -0, -0.25, 0, 1]);
    const map = (x: number, y: number): number[] => [m.a * x + m.c * y + m.e, m.b * x + m.d * y + m.f];
    expect(map(0, 0)).toEqual([0, 1]);
    expect(map(8, 4)).toEqual([1, 0]);
    expect(map(4, 2)).toEqual([0.5, 0.5]);
  });

  it('multiplies a general matrix as a DOMMatrix does', () => {
    const m = new TextOnlyDOMMatrix([2, 3, 5, 7, 11, 13]).scaleSelf(3, 0.5).translateSelf(-2, 10);
    // [2 5 11; 3 7 13] × diag(3, 0.5) = [6 2.5 11; 9 3.5 13]; × translate(-2, 10): e = 6·-2 + 2.5·10 + 11, f = 9·-2 + 3.5·10 + 13
    expect(fields(m)).toEqual([6, 9, 2.5, 3.5, 24, 30]);
    expect(fields(new TextOnlyDOMMatrix().scaleSelf(2))).toEqual([2, 0, 0, 2, 0, 0]); // scaleY defaults to scaleX
    expect(fields(new TextOnlyDOMMatrix().translateSelf())).toEqual([1, 0, 0, 1, 0, 0]);
  });

  const Real = realDOMMatrix();
  it.skipIf(Real === undefined)('gives what @napi-rs/canvas gives for the same operations', () => {
    const cases: [number[] | undefined, number, number, number, number][] = [
      [undefined, 1 / 8, -1 / 8, 0, -8],
      [undefined, 1 / 37, -1 / 3, 0, -3],
      [[2, 3, 5, 7, 11, 13], 3, 0.5, -2, 10],
      [[0.5, -1.25, 4, 0.75, -6, 9.5], -2, 1.5, 7, -3],
    ];
    for (const [init, sx, sy, tx, ty] of cases) {
      const ours = new TextOnlyDOMMatrix(init).scaleSelf(sx, sy).translateSelf(tx, ty);
      const theirs = new Real!(init).scaleSelf(sx, sy).translateSelf(tx, ty);
      fields(ours).forEach((value, i) => expect(value).toBeCloseTo(fields(theirs)[i]!, 12));
    }
  });
});

describe('the drawing parts of the canvas stand-in', () => {
  it('refuse with a clear error', () => {
    expect(() => new canvasStandIn.ImageData()).toThrow(`${NO_RENDERING} (ImageData)`);
    expect(() => new canvasStandIn.Path2D()).toThrow(`${NO_RENDERING} (Path2D)`);
    expect(() => canvasStandIn.createCanvas()).toThrow(`${NO_RENDERING} (createCanvas)`);
    expect(() => new NoCanvasFactory().create()).toThrow(NO_RENDERING);
  });
});

const dist = path.join(repoRoot, 'dist/inspect/documents/no-canvas.js');
const onLinux = process.platform === 'linux' && existsSync('/proc/self/maps');

describe.runIf(onLinux)('pdfjs loaded with the stand-in (a fresh process, built dist/)', () => {
  it('loads no native canvas library, prints nothing, uses the minified fake worker and extracts text', async () => {
    // The process maps a native library (.node) into its memory for good once loaded: /proc/self/maps shows it.
    const script = `
      import { readFileSync } from 'node:fs';
      const { loadPdfjsWithoutCanvas, NoCanvasFactory } = await import(${JSON.stringify(pathToFileURL(dist).href)});
      const { getDocument, GlobalWorkerOptions } = await loadPdfjsWithoutCanvas();
      const minified = GlobalWorkerOptions.workerSrc.endsWith('/pdfjs-dist/legacy/build/pdf.worker.min.mjs');
      const pdf = '%PDF-1.4\\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\\n' +
        '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\\ntrailer<</Root 1 0 R>>\\n%%EOF\\n';
      const doc = await getDocument({ data: new Uint8Array(Buffer.from(pdf, 'latin1')), verbosity: 0, CanvasFactory: NoCanvasFactory }).promise;
      const text = await (await doc.getPage(1)).getTextContent();
      await doc.destroy();
      const maps = readFileSync('/proc/self/maps', 'utf8');
      process.on('exit', () => process.exitCode = maps.includes('@napi-rs/canvas') ? 3 : !minified ? 5 : text.items.length === 0 ? 0 : 4);
    `;
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], { cwd: repoRoot });
    expect(stdout).toBe('');
    expect(stderr).toBe('');
  });
});
