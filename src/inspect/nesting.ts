// A guard against absurdly deep HTML before it reaches the parser. htmlparser2 keeps its stack of open elements
// with unshift/shift, so each tag costs time in proportion to the depth: 100,000 nested <div>s take many seconds
// of blocked event loop (every other fetch of the run times out meanwhile). Browsers cap the depth of the tree
// their parser builds (Blink: 512); this does the same by dropping the tags that would open deeper than the
// limit, keeping all the text. Pages that never go that deep are returned unchanged, byte for byte.

/** Deepest element nesting kept, as in Blink's HTML parser. */
export const MAX_NESTING_DEPTH = 512;

const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'keygen', 'link', 'meta', 'param', 'source', 'track', 'wbr']);
/** Elements whose content is text up to their end tag. */
const RAW_TEXT = new Set(['script', 'style', 'textarea', 'title', 'xmp', 'iframe', 'noembed', 'noframes', 'plaintext']);
const CLOSES_P = ['address', 'article', 'aside', 'blockquote', 'div', 'dl', 'fieldset', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'nav', 'ol', 'p', 'pre', 'section', 'table', 'ul'];
/** An opening tag closes these open elements first (the common implied end tags, as htmlparser2 applies them). */
const IMPLIES_CLOSE = new Map<string, Set<string>>([
  ...CLOSES_P.map((name) => [name, new Set(['p'])] as const),
  ['li', new Set(['li'])],
  ['dt', new Set(['dt', 'dd'])],
  ['dd', new Set(['dt', 'dd'])],
  ['tr', new Set(['tr', 'td', 'th'])],
  ['td', new Set(['td', 'th'])],
  ['th', new Set(['td', 'th'])],
  ['option', new Set(['option'])],
  ['optgroup', new Set(['optgroup', 'option'])],
  ['tbody', new Set(['thead', 'tbody', 'tr', 'td', 'th'])],
  ['tfoot', new Set(['thead', 'tbody', 'tr', 'td', 'th'])],
]);
/** How far down the stack an end tag may close (an end tag with no open element near the top is ignored). */
const CLOSE_SEARCH = 32;

const GT = 0x3e; // >
const SLASH = 0x2f; // /
const BANG = 0x21; // !
const DASH = 0x2d; // -

function isAsciiLetter(code: number): boolean {
  return (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a);
}

/** Whitespace as RegExp `\s` has it (tag names end there). */
function isSpace(code: number): boolean {
  if (code <= 0x20) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  if (code < 0xa0) return false;
  return /\s/.test(String.fromCharCode(code));
}

/** Where the end tag `</name` (any case) starts at or after `from`, or -1. `name` is lower-case ASCII. */
function findEndTag(html: string, name: string, from: number): number {
  for (let at = html.indexOf('</', from); at !== -1; at = html.indexOf('</', at + 2)) {
    if (html.slice(at + 2, at + 2 + name.length).toLowerCase() === name) return at;
  }
  return -1;
}

interface Scan {
  maxDepth: number;
  /** The HTML with over-deep tags removed (only built when `rewrite`). */
  html: string;
}

/**
 * Walk the tags of `html` the way htmlparser2 nests them (roughly: void elements, raw-text elements, implied end
 * tags), with a plain indexOf/charCodeAt loop: a tag is `<` + optional `/` + a letter and name characters up to
 * whitespace, `/` or `>`, then anything up to the next `>` (or the end); `<!--` starts a comment up to `-->`.
 */
function scan(html: string, limit: number, rewrite: boolean): Scan {
  const stack: string[] = [];
  /** Open tags dropped per name, so their end tags are dropped too. */
  const dropped = new Map<string, number>();
  const kept: string[] = [];
  let copiedTo = 0;
  let maxDepth = 0;
  const drop = (start: number, end: number): void => {
    kept.push(html.slice(copiedTo, start));
    copiedTo = end;
  };
  const length = html.length;
  let start = html.indexOf('<');
  while (start !== -1) {
    const tagStart = start;
    let at = start + 1;
    let code = html.charCodeAt(at);
    if (code === BANG && html.charCodeAt(at + 1) === DASH && html.charCodeAt(at + 2) === DASH) {
      const close = html.indexOf('-->', start + 4);
      start = close === -1 ? -1 : html.indexOf('<', close + 3);
      continue;
    }
    const closing = code === SLASH;
    if (closing) code = html.charCodeAt(++at);
    if (!isAsciiLetter(code)) {
      start = html.indexOf('<', start + 1);
      continue;
    }
    const nameStart = at;
    let upper = code <= 0x5a;
    for (at++; at < length; at++) {
      code = html.charCodeAt(at);
      if (code === GT || code === SLASH || isSpace(code)) break;
      if ((code >= 0x41 && code <= 0x5a) || code >= 0x80) upper = true;
    }
    const name = upper ? html.slice(nameStart, at).toLowerCase() : html.slice(nameStart, at);
    const gt = html.indexOf('>', at);
    const end = gt === -1 ? length : gt + 1;
    start = end >= length ? -1 : html.indexOf('<', end);
    if (closing) {
      if (stack[stack.length - 1] === name) {
        stack.pop();
        continue;
      }
      const waiting = dropped.get(name) ?? 0;
      if (waiting > 0) {
        dropped.set(name, waiting - 1);
        if (rewrite) drop(tagStart, end);
        continue;
      }
      for (let i = stack.length - 1; i >= Math.max(0, stack.length - CLOSE_SEARCH); i--) {
        if (stack[i] === name) {
          stack.length = i;
          break;
        }
      }
      continue;
    }
    const closes = IMPLIES_CLOSE.get(name);
    if (closes) while (stack.length > 0 && closes.has(stack[stack.length - 1]!)) stack.pop();
    if (RAW_TEXT.has(name)) {
      // Skip to the end tag: what is inside is text, not tags.
      const close = findEndTag(html, name, end);
      start = close === -1 ? -1 : close;
      continue;
    }
    if (VOID.has(name)) continue;
    if (stack.length >= limit) {
      dropped.set(name, (dropped.get(name) ?? 0) + 1);
      maxDepth = Math.max(maxDepth, stack.length + 1);
      if (rewrite) drop(tagStart, end);
      continue;
    }
    stack.push(name);
    if (stack.length > maxDepth) maxDepth = stack.length;
  }
  if (!rewrite) return { maxDepth, html };
  kept.push(html.slice(copiedTo));
  return { maxDepth, html: kept.join('') };
}

/**
 * `html` with every tag that would open deeper than `maxDepth` removed (with its end tag); the text stays.
 * Returns `html` itself when nothing is that deep.
 */
export function limitNesting(html: string, maxDepth = MAX_NESTING_DEPTH): string {
  if (scan(html, maxDepth, false).maxDepth <= maxDepth) return html;
  return scan(html, maxDepth, true).html;
}
