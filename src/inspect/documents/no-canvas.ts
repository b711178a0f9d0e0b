// pdfjs without @napi-rs/canvas. When pdfjs-dist's legacy build loads on Node it `require`s "@napi-rs/canvas"
// unconditionally, only to polyfill DOMMatrix, ImageData and Path2D for *rendering*; that native library costs
// ~34 MB of RSS in every document worker. xxgk-check never renders a page, it only extracts text, so the worker
// loads pdfjs with a small stand-in in its place (docs/scale.md, "Start-up and the document worker").
//
// What text extraction uses of it (pdfjs-dist 5.6.205, read in legacy/build/pdf.mjs and pdf.worker.mjs):
// - pdf.mjs builds `new DOMMatrix()` once at module load (a scratch matrix used only when drawing);
// - pdf.worker.mjs, for a Type 3 font whose glyph is an image mask (getTextContent loads Type 3 glyphs too),
//   computes `new DOMMatrix().scaleSelf(1 / width, -1 / height).translateSelf(0, -height)` and reads a…f.
// Everything else (ImageData, Path2D, a canvas, the other DOMMatrix methods) is drawing code: it throws a clear
// error, which the pool reports as that one document's failed read.
import Module, { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

/** The package pdfjs requires for its Node polyfills. */
export const CANVAS_PACKAGE = '@napi-rs/canvas';

/** The message of every stand-in part that would draw. */
export const NO_RENDERING = 'xxgk-check reads the text of PDFs only: drawing a page (canvas) is not supported';

/**
 * The 2-D DOMMatrix [a c e; b d f; 0 0 1] (a = m11, b = m12, c = m21, d = m22, e = m41, f = m42), with the
 * operations pdfjs's text extraction uses. The *Self methods multiply on the right, as the DOM's do:
 * `m.scaleSelf(sx, sy)` is m × scale(sx, sy), `m.translateSelf(tx, ty)` is m × translate(tx, ty).
 */
export class TextOnlyDOMMatrix {
  a = 1;
  b = 0;
  c = 0;
  d = 1;
  e = 0;
  f = 0;

  /** The identity, or the six numbers [a, b, c, d, e, f] (the only constructor forms pdfjs uses). */
  constructor(init?: readonly number[]) {
    if (init === undefined) return;
    if (!Array.isArray(init) || init.length !== 6 || !init.every((n) => typeof n === 'number')) {
      throw new TypeError(`${NO_RENDERING} (DOMMatrix from ${String(init)})`);
    }
    [this.a, this.b, this.c, this.d, this.e, this.f] = init as [number, number, number, number, number, number];
  }

  get is2D(): boolean {
    return true;
  }

  get isIdentity(): boolean {
    return this.a === 1 && this.b === 0 && this.c === 0 && this.d === 1 && this.e === 0 && this.f === 0;
  }

  get m11(): number {
    return this.a;
  }
  get m12(): number {
    return this.b;
  }
  get m21(): number {
    return this.c;
  }
  get m22(): number {
    return this.d;
  }
  get m41(): number {
    return this.e;
  }
  get m42(): number {
    return this.f;
  }

  /** this × scale(scaleX, scaleY); scaleY defaults to scaleX, as in the DOM. */
  scaleSelf(scaleX = 1, scaleY = scaleX): this {
    this.a *= scaleX;
    this.b *= scaleX;
    this.c *= scaleY;
    this.d *= scaleY;
    return this;
  }

  /** this × translate(tx, ty). */
  translateSelf(tx = 0, ty = 0): this {
    this.e += this.a * tx + this.c * ty;
    this.f += this.b * tx + this.d * ty;
    return this;
  }
}

/** ImageData and Path2D exist for pdfjs's polyfill checks; constructing one means drawing. */
class NoImageData {
  constructor() {
    throw new Error(`${NO_RENDERING} (ImageData)`);
  }
}

class NoPath2D {
  constructor() {
    throw new Error(`${NO_RENDERING} (Path2D)`);
  }
}

/** What `require("@napi-rs/canvas")` gives pdfjs in the document worker. */
export const canvasStandIn = Object.freeze({
  DOMMatrix: TextOnlyDOMMatrix,
  ImageData: NoImageData,
  Path2D: NoPath2D,
  createCanvas(): never {
    throw new Error(`${NO_RENDERING} (createCanvas)`);
  },
});

/**
 * The canvas factory given to getDocument, so that no later drawing path ever requires the real library (pdfjs's
 * own Node factory requires it afresh on each canvas). Only page rendering calls it.
 */
export class NoCanvasFactory {
  create(): never {
    throw new Error(`${NO_RENDERING} (canvas)`);
  }
  reset(): never {
    throw new Error(`${NO_RENDERING} (canvas)`);
  }
  destroy(): void {
    // nothing was ever created
  }
}

type PdfjsModule = typeof import('pdfjs-dist/legacy/build/pdf.mjs');

/** Node's CommonJS loader entry (not in @types/node): every `require`, including createRequire's, goes through it. */
type ModuleLoad = (request: string, parent: unknown, isMain: boolean) => unknown;
const loader = Module as unknown as { _load: ModuleLoad };

let pdfjs: Promise<PdfjsModule> | undefined;

/**
 * pdfjs-dist's legacy build, loaded with the stand-in answering its `require("@napi-rs/canvas")`. The hook on
 * Module._load (works on every Node ≥ 22.13; module.registerHooks needs 22.15) serves that one request while
 * pdfjs evaluates and is removed as soon as it has loaded. Loaded once per thread: later calls share the promise,
 * so two documents starting together never stack two hooks.
 */
export function loadPdfjsWithoutCanvas(): Promise<PdfjsModule> {
  pdfjs ??= (async () => {
    const original = loader._load;
    loader._load = function load(this: unknown, request, parent, isMain) {
      if (request === CANVAS_PACKAGE) return canvasStandIn;
      return original.call(this, request, parent, isMain);
    };
    try {
      // The minified build (the same code as pdf.mjs): V8 keeps every module's source text in memory, and pdfjs's
      // sources hold non-Latin-1 characters, so each is a two-byte string — 6.7 MB for pdf.mjs and its fake
      // worker module, 3.6 MB minified, in every document worker (docs/scale.md, Memory). The display layer's
      // default worker module is the unminified one: name the minified one instead.
      const specifier = 'pdfjs-dist/legacy/build/pdf.min.mjs';
      const module = (await import(specifier)) as PdfjsModule;
      module.GlobalWorkerOptions.workerSrc = pathToFileURL(createRequire(import.meta.url).resolve('pdfjs-dist/legacy/build/pdf.worker.min.mjs')).href;
      return module;
    } finally {
      loader._load = original;
    }
  })();
  return pdfjs;
}

/**
 * Open a PDF for its text only: pdfjs without the native canvas library, with the canvas factory that refuses to
 * draw, no eval, no font loading, no warnings. Used by the document worker and by `import` of an annual report.
 */
export async function openTextOnlyPdf(data: Uint8Array): Promise<Awaited<ReturnType<PdfjsModule['getDocument']>['promise']>> {
  const { getDocument } = await loadPdfjsWithoutCanvas();
  return getDocument({ data, isEvalSupported: false, disableFontFace: true, useSystemFonts: false, verbosity: 0, CanvasFactory: NoCanvasFactory })
    .promise;
}
