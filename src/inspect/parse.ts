// Parse a fetched page once into what every check needs: title, text blocks with navigation/header/footer set
// aside, links, list facts. One cheerio load (htmlparser2, the fast parser) and one iterative walk of the tree.
import { load } from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import type { FetchResult } from '../types.js';
import type { ParsedPage } from './types.js';
import { fileNameFromDisposition } from './content-disposition.js';
import { limitNesting } from './nesting.js';

/** Text scanned per page at most (characters); enough for any real disclosure page. */
export const MAX_TEXT_CHARS = 200_000;
/** HTML parsed per page at most (characters). */
export const MAX_HTML_CHARS = 2_000_000;

const SKIP_TAGS = new Set(['script', 'style', 'noscript', 'template', 'head', 'select', 'option', 'svg', 'canvas', 'iframe']);
const BOILERPLATE_TAGS = new Set(['nav', 'header', 'footer', 'aside']);
const BLOCK_TAGS = new Set([
  'p', 'div', 'li', 'tr', 'td', 'th', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'dd', 'dt', 'dl', 'section', 'article',
  'ul', 'ol', 'table', 'tbody', 'thead', 'form', 'br', 'blockquote', 'pre', 'main', 'body', 'hr', 'center',
]);
/** class/id words that mark navigation, header, footer and other page furniture. */
const BOILERPLATE_CLASS = /nav|menu|header|footer|banner|breadcrumb|crumb|copyright|sidebar|side-bar|位置|location|col_path|possplit|topbar|toolbar|share|friendlink|flink|links-box|search/i;
const LIST_CLASS = /list|news|wp_news|lists|article/i;
const LIST_CONTAINER_TAGS = new Set(['ul', 'ol', 'tbody', 'table', 'dl', 'div']);

const DOCUMENT_TYPES = /^(application\/(pdf|msword|vnd\.ms-|vnd\.openxmlformats|vnd\.oasis\.opendocument|zip|x-zip|x-rar|vnd\.rar|x-7z|kswps|wps|ofd|octet-stream)|image\/(tiff))/i;

/** Collapse runs of whitespace (incl. no-break and ideographic spaces) to one space and trim. */
export function normaliseText(text: string): string {
  return text.replace(/[\s\u00a0\u3000\u200b\ufeff]+/g, ' ').trim();
}

function isElement(node: AnyNode): node is Element {
  return node.type === 'tag' || node.type === 'script' || node.type === 'style';
}

function classAndId(el: Element): string {
  const cls = el.attribs.class;
  const id = el.attribs.id;
  if (cls === undefined && id === undefined) return '';
  return `${cls ?? ''} ${id ?? ''}`;
}

function resolveUrl(href: string, base: string): string | undefined {
  const trimmed = href.trim();
  if (trimmed === '' || trimmed.startsWith('#') || /^(javascript|mailto|tel|data):/i.test(trimmed)) return undefined;
  try {
    const url = new URL(trimmed, base);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    url.hash = '';
    return url.href;
  } catch {
    return undefined;
  }
}

/** Whether the response is a document (PDF, Word, Excel…) rather than a web page. */
export function isDocumentResponse(fetch: FetchResult): boolean {
  const type = fetch.contentType ?? '';
  if (type.includes('html') || type.startsWith('text/')) return false;
  const disposition = fetch.headers['content-disposition'];
  if (disposition !== undefined && /attachment|filename/i.test(disposition)) return true;
  return DOCUMENT_TYPES.test(type);
}

function documentTitle(fetch: FetchResult): string {
  const fromHeader = fileNameFromDisposition(fetch.headers['content-disposition']);
  if (fromHeader) return fromHeader;
  try {
    const path = new URL(fetch.finalUrl).pathname;
    const last = path.slice(path.lastIndexOf('/') + 1);
    return decodeURIComponent(last) || path;
  } catch {
    return fetch.finalUrl;
  }
}

function emptyPage(fetch: FetchResult, isDocument: boolean, title: string): ParsedPage {
  return {
    fetch,
    title,
    mainText: '',
    fullText: '',
    isDocument,
    mainBlocks: [],
    mainLinks: [],
    listEntries: 0,
    hasEmptyList: false,
    passwordInput: { anywhere: false, inMain: false },
    hasMedia: false,
    mainMedia: [],
  };
}

function looksLikeHtml(fetch: FetchResult): boolean {
  const type = fetch.contentType;
  if (type === undefined) return fetch.text !== undefined;
  return type.includes('html') || type === 'application/xml' || type === 'text/xml';
}

interface Frame {
  node: AnyNode;
  boiler: boolean;
  exit: boolean;
}

/** Parse a fetched page once. Never throws for odd HTML (htmlparser2 is forgiving). */
export function parsePage(fetch: FetchResult): ParsedPage {
  if (isDocumentResponse(fetch)) return emptyPage(fetch, true, documentTitle(fetch));
  if (!looksLikeHtml(fetch)) {
    const text = normaliseText((fetch.text ?? '').slice(0, MAX_TEXT_CHARS));
    const page = emptyPage(fetch, false, '');
    page.mainText = text;
    page.fullText = text;
    if (text) page.mainBlocks = [text];
    return page;
  }
  const html = limitNesting((fetch.text ?? '').slice(0, MAX_HTML_CHARS));
  const $ = load(html, { xml: { xmlMode: false, decodeEntities: true } });
  const base = fetch.finalUrl;

  const mainBlocks: string[] = [];
  const allBlocks: string[] = [];
  const mainLinks: { url: string; text: string }[] = [];
  let title = '';
  let buffer = '';
  let bufferBoiler = false;
  let totalChars = 0;
  let listEntries = 0;
  let hasEmptyList = false;
  const mainMedia: string[] = [];
  const passwordInput = { anywhere: false, inMain: false };
  /** Open links (normally at most one), collecting their text. */
  const openLinks: { el: Element; url?: string; text: string }[] = [];
  /** Open list entries (li / tr) and whether they were counted. */
  const openEntries: { el: Element; counted: boolean }[] = [];

  const flush = (): void => {
    if (buffer === '') return;
    const text = normaliseText(buffer);
    buffer = '';
    if (text === '') return;
    totalChars += text.length;
    allBlocks.push(text);
    if (!bufferBoiler) mainBlocks.push(text);
  };

  let titleFound = false;

  const stack: Frame[] = [];
  const root = $.root()[0];
  if (root && 'children' in root) {
    for (let i = root.children.length - 1; i >= 0; i--) stack.push({ node: root.children[i]!, boiler: false, exit: false });
  }
  while (stack.length > 0 && totalChars < MAX_TEXT_CHARS) {
    const frame = stack.pop()!;
    const node = frame.node;
    if (frame.exit) {
      const el = node as Element;
      if (BLOCK_TAGS.has(el.name)) flush();
      if (el.name === 'a' && openLinks.length > 0 && openLinks[openLinks.length - 1]!.el === el) {
        const link = openLinks.pop()!;
        if (link.url !== undefined && !frame.boiler) {
          mainLinks.push({ url: link.url, text: normaliseText(link.text || el.attribs.title || '') });
        }
      }
      if ((el.name === 'li' || el.name === 'tr') && openEntries.length > 0 && openEntries[openEntries.length - 1]!.el === el) {
        openEntries.pop();
      }
      continue;
    }
    if (node.type === 'text') {
      const data = node.data;
      if (buffer !== '' && bufferBoiler !== frame.boiler) flush();
      bufferBoiler = frame.boiler;
      buffer += data;
      for (const link of openLinks) link.text += data;
      continue;
    }
    if (!isElement(node)) continue; // comments, directives, cdata
    const el = node;
    const name = el.name;
    if (name === 'title') {
      // The first <title>, wherever a CMS put it (VSB puts <head> inside <body>); not part of the text.
      if (!titleFound) {
        titleFound = true;
        title = normaliseText(el.children.map((child) => (child.type === 'text' ? child.data : '')).join(''));
      }
      continue;
    }
    if (name === 'head') {
      // Skip <head> but find its <title>.
      for (let i = el.children.length - 1; i >= 0; i--) {
        const child = el.children[i]!;
        if (isElement(child) && child.name === 'title') stack.push({ node: child, boiler: true, exit: false });
      }
      continue;
    }
    if (SKIP_TAGS.has(name)) {
      if (name === 'iframe' && !frame.boiler && el.attribs.src) mainMedia.push(el.attribs.src);
      continue;
    }
    let boiler = frame.boiler;
    if (!boiler) {
      if (BOILERPLATE_TAGS.has(name)) boiler = true;
      else {
        const marks = classAndId(el);
        if (marks !== '' && BOILERPLATE_CLASS.test(marks)) boiler = true;
      }
    }
    if (name === 'input') {
      if ((el.attribs.type ?? '').toLowerCase() === 'password') {
        passwordInput.anywhere = true;
        if (!boiler) passwordInput.inMain = true;
      }
      continue;
    }
    if (!boiler && (name === 'img' || name === 'embed' || name === 'object' || name === 'video')) {
      const source = el.attribs.src || el.attribs.data;
      if (source) mainMedia.push(source);
    }
    if (BLOCK_TAGS.has(name)) flush();
    if (name === 'a') {
      const href = el.attribs.href;
      openLinks.push({ el, url: href === undefined ? undefined : resolveUrl(href, base), text: '' });
      if (!boiler && openEntries.length > 0) {
        const entry = openEntries[openEntries.length - 1]!;
        if (!entry.counted) {
          entry.counted = true;
          listEntries++;
        }
      }
    } else if (name === 'li' || name === 'tr') {
      openEntries.push({ el, counted: false });
    }
    if (!boiler && LIST_CONTAINER_TAGS.has(name)) {
      const marks = classAndId(el);
      if (marks !== '' && LIST_CLASS.test(marks) && (name !== 'div' || /list/i.test(marks)) && isBlank(el)) {
        hasEmptyList = true;
      }
    }
    stack.push({ node: el, boiler, exit: true });
    const children = el.children;
    for (let i = children.length - 1; i >= 0; i--) stack.push({ node: children[i]!, boiler, exit: false });
  }
  flush();

  const mainText = mainBlocks.join(' ');
  return {
    fetch,
    $,
    title,
    mainText,
    fullText: allBlocks.join(' '),
    isDocument: false,
    mainBlocks,
    mainLinks,
    listEntries,
    hasEmptyList,
    passwordInput,
    hasMedia: mainMedia.length > 0,
    mainMedia,
  };
}

/** An element with no child elements and no text but whitespace. */
function isBlank(el: Element): boolean {
  for (const child of el.children) {
    if (child.type === 'text') {
      if (/\S/.test(child.data)) return false;
    } else if (child.type !== 'comment') {
      return false;
    }
  }
  return true;
}
