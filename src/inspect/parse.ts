// Parse a fetched page once into what every check needs: title, text blocks with navigation/header/footer set
// aside, links, list facts. One pass of htmlparser2 (the fast parser cheerio uses) over the page, no tree built.
import { load, type CheerioAPI } from 'cheerio';
import { Parser, type Handler } from 'htmlparser2';
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

function classAndId(attribs: Record<string, string>): string {
  const cls = attribs.class;
  const id = attribs.id;
  if (cls === undefined && id === undefined) return '';
  return `${cls ?? ''} ${id ?? ''}`;
}

/** A root-relative path (`/info/1023/4567.htm`) with nothing the URL parser would rewrite. */
const SIMPLE_ROOT_PATH = /^\/[A-Za-z0-9_~\-][A-Za-z0-9_~\-/.?=&]*$/;
/** A path relative to the page's folder (`4567.htm`, `info/4567.htm`) with nothing the URL parser would rewrite. */
const SIMPLE_RELATIVE_PATH = /^[A-Za-z0-9_~\-][A-Za-z0-9_~\-/.?=&]*$/;

/**
 * Resolves the plain relative links of a page (most links of a CMS list page) by string concatenation, the rest
 * with the URL parser. Gives exactly what `new URL(href, base).href` gives: the paths it takes have no `.`/`..`
 * segment (no `/.`), no `%`, `\\`, `:`, `#`, whitespace or other character the parser would encode or drop.
 */
export class LinkResolver {
  private prefixes: { root: string; folder: string } | null | undefined;
  constructor(private readonly base: string) {}

  resolve(href: string): string | undefined {
    const trimmed = href.trim();
    if (trimmed === '' || trimmed.startsWith('#') || /^(javascript|mailto|tel|data):/i.test(trimmed)) return undefined;
    if (!trimmed.includes('/.')) {
      const root = SIMPLE_ROOT_PATH.test(trimmed);
      if (root || SIMPLE_RELATIVE_PATH.test(trimmed)) {
        const prefixes = this.basePrefixes();
        if (prefixes) return (root ? prefixes.root : prefixes.folder) + trimmed;
      }
    }
    return resolveUrl(trimmed, this.base);
  }

  /** `http://host:port` and `http://host:port/folder/` of an http(s) base; null for any other base. */
  private basePrefixes(): { root: string; folder: string } | null {
    if (this.prefixes !== undefined) return this.prefixes;
    try {
      const base = new URL(this.base);
      if (base.protocol !== 'http:' && base.protocol !== 'https:') return (this.prefixes = null);
      const root = new URL('/', base).href;
      this.prefixes = { root: root.slice(0, -1), folder: new URL('./', base).href };
    } catch {
      this.prefixes = null;
    }
    return this.prefixes;
  }
}

export function resolveUrl(href: string, base: string): string | undefined {
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
    entries: [],
    hasEmptyList: false,
    passwordInput: { anywhere: false, inMain: false },
    hasMedia: false,
    mainMedia: [],
  };
}

/** Whether the response is parsed as HTML (and `ParsedPage.$` is there): HTML or XML, or text without a type. */
export function isHtmlResponse(fetch: FetchResult): boolean {
  const type = fetch.contentType;
  if (type === undefined) return fetch.text !== undefined;
  return type.includes('html') || type === 'application/xml' || type === 'text/xml';
}

/** What the walk does with an element's content. */
const enum Visit {
  /** Entered: its text and elements count (the page's own structure). */
  Enter,
  /** Set aside with everything inside (scripts, styles, frames… and anything under them). */
  Skip,
  /** `<head>`: only its direct `<title>` children are looked at. */
  Head,
  /** The page's first `<title>`: its text is the title. */
  Title,
}

/** One open element of the walk. */
interface Frame {
  name: string;
  attribs: Record<string, string>;
  visit: Visit;
  /** Inside navigation, header, footer or other furniture. */
  boiler: boolean;
  /** The open link this element started, if it is an `<a>`. */
  link?: OpenLink;
  /** The open list entry this element started, if it is an `<li>` or `<tr>`. */
  entry?: OpenEntry;
  /** A list container (class/id says list/news) outside navigation: empty unless a child element or text shows up. */
  listCandidate: boolean;
  /** No child element and no text but whitespace so far. */
  blank: boolean;
}

interface OpenLink {
  href: string | undefined;
  text: string;
}

interface OpenEntry {
  counted: boolean;
  /** Its text, elements kept apart by a space (a date split over `<span>09</span><span>2024-05</span>`). */
  text: string;
  /** Marked pinned to the top (置顶) by a class, an id or a picture. */
  pinned: boolean;
}

/** List entries longer than this are layout rows, not entries: their text is not kept past it. */
const MAX_ENTRY_TEXT = 400;
/** class/id words and picture names that mark an entry pinned to the top of a list (置顶). */
const PINNED_MARK = /(^|[\s_-])(top|istop|is-top|settop|zd|zhiding|ding|sticky|pinned)([\s_-]|$)/i;
const PINNED_PICTURE = /置顶|zhiding|(^|[/_-])(top|zd|ding)\d?\.(gif|png|jpe?g|svg)$/i;
/** `<meta name>` values that give a page's publication date (VSB writes PubDate). */
const DATE_META = /^(pubdate|publishdate|publish_date|publishtime|article:published_time|dc\.date|dcterms\.issued)$/i;

const NOT_BLANK = /\S/;

/**
 * Parse a fetched page once. Never throws for odd HTML (htmlparser2 is forgiving).
 *
 * The walk runs on htmlparser2's events (the same events from which cheerio's tree is built, so the same
 * structure, implied end tags included), without building the tree: building it was a third of the parse cost and
 * most of its garbage. `$` is built only if a caller reads it.
 */
export function parsePage(fetch: FetchResult): ParsedPage {
  if (isDocumentResponse(fetch)) return emptyPage(fetch, true, documentTitle(fetch));
  if (!isHtmlResponse(fetch)) {
    const text = normaliseText((fetch.text ?? '').slice(0, MAX_TEXT_CHARS));
    const page = emptyPage(fetch, false, '');
    page.mainText = text;
    page.fullText = text;
    if (text) page.mainBlocks = [text];
    return page;
  }
  const html = limitNesting((fetch.text ?? '').slice(0, MAX_HTML_CHARS));
  const links = new LinkResolver(fetch.finalUrl);

  const mainBlocks: string[] = [];
  const allBlocks: string[] = [];
  const mainLinks: { url: string; text: string }[] = [];
  let title = '';
  let titleFound = false;
  let titleText = '';
  let buffer = '';
  let bufferBoiler = false;
  let totalChars = 0;
  let listEntries = 0;
  let hasEmptyList = false;
  const entries: { text: string; pinned: boolean }[] = [];
  let metaDate: string | undefined;
  const mainMedia: string[] = [];
  const passwordInput = { anywhere: false, inMain: false };
  /** Open links (normally at most one), collecting their text. */
  const openLinks: OpenLink[] = [];
  /** Open list entries (li / tr) and whether they were counted. */
  const openEntries: OpenEntry[] = [];
  /** Open elements, innermost last. */
  const stack: Frame[] = [];
  /** The walk stops once MAX_TEXT_CHARS of text are gathered (only the pending empty-list checks go on). */
  let stopped = false;
  /** The previous event was text: htmlparser2 reports one text node in pieces (entities apart). */
  let inText = false;

  const flush = (): void => {
    if (buffer === '') return;
    const text = normaliseText(buffer);
    buffer = '';
    if (text === '') return;
    totalChars += text.length;
    allBlocks.push(text);
    if (!bufferBoiler) mainBlocks.push(text);
  };

  const handler: Partial<Handler> = {
    onopentag(name, attribs) {
      inText = false;
      const parent = stack.length > 0 ? stack[stack.length - 1]! : undefined;
      if (parent !== undefined) parent.blank = false;
      const frame: Frame = { name, attribs, visit: Visit.Skip, boiler: parent?.boiler ?? false, listCandidate: false, blank: true };
      stack.push(frame);
      if (stopped || totalChars >= MAX_TEXT_CHARS) {
        stopped = true;
        return;
      }
      const parentVisit = parent?.visit ?? Visit.Enter;
      if (parentVisit === Visit.Skip || parentVisit === Visit.Title) return;
      if (name === 'meta' && metaDate === undefined && attribs.content && DATE_META.test(attribs.name ?? attribs.property ?? '')) {
        metaDate = attribs.content.slice(0, 40);
      }
      if (name === 'title') {
        // The first <title>, wherever a CMS put it (VSB puts <head> inside <body>); not part of the text.
        if (!titleFound) {
          titleFound = true;
          frame.visit = Visit.Title;
        }
        return;
      }
      if (parentVisit === Visit.Head) return; // <head>: skipped, but for its <title>
      if (name === 'head') {
        frame.visit = Visit.Head;
        return;
      }
      if (SKIP_TAGS.has(name)) {
        if (name === 'iframe' && !frame.boiler && attribs.src) mainMedia.push(attribs.src);
        return;
      }
      let boiler = frame.boiler;
      if (!boiler) {
        if (BOILERPLATE_TAGS.has(name)) boiler = true;
        else {
          const marks = classAndId(attribs);
          if (marks !== '' && BOILERPLATE_CLASS.test(marks)) boiler = true;
        }
      }
      frame.boiler = boiler;
      if (name === 'input') {
        if ((attribs.type ?? '').toLowerCase() === 'password') {
          passwordInput.anywhere = true;
          if (!boiler) passwordInput.inMain = true;
        }
        return;
      }
      if (!boiler && (name === 'img' || name === 'embed' || name === 'object' || name === 'video')) {
        const source = attribs.src || attribs.data;
        if (source) mainMedia.push(source);
      }
      if (BLOCK_TAGS.has(name)) flush();
      if (openEntries.length > 0) {
        const entry = openEntries[openEntries.length - 1]!;
        if (entry.text.length < MAX_ENTRY_TEXT) entry.text += ' ';
        if (!entry.pinned) {
          const marks = classAndId(attribs);
          if ((marks !== '' && PINNED_MARK.test(marks)) || (name === 'img' && PINNED_PICTURE.test(`${attribs.alt ?? ''} ${attribs.title ?? ''} ${attribs.src ?? ''}`))) {
            entry.pinned = true;
          }
        }
      }
      if (name === 'a') {
        frame.link = { href: attribs.href, text: '' };
        openLinks.push(frame.link);
        if (!boiler && openEntries.length > 0) {
          const entry = openEntries[openEntries.length - 1]!;
          if (!entry.counted) {
            entry.counted = true;
            listEntries++;
          }
        }
      } else if (name === 'li' || name === 'tr') {
        const marks = classAndId(attribs);
        frame.entry = { counted: false, text: '', pinned: marks !== '' && PINNED_MARK.test(marks) };
        openEntries.push(frame.entry);
      }
      if (!boiler && LIST_CONTAINER_TAGS.has(name)) {
        const marks = classAndId(attribs);
        if (marks !== '' && LIST_CLASS.test(marks) && (name !== 'div' || /list/i.test(marks))) frame.listCandidate = true;
      }
      frame.visit = Visit.Enter;
    },
    onclosetag() {
      inText = false;
      const frame = stack.pop();
      if (frame === undefined) return;
      if (frame.listCandidate && frame.blank) hasEmptyList = true;
      if (frame.visit === Visit.Title) title = normaliseText(titleText);
      if (stopped || totalChars >= MAX_TEXT_CHARS) {
        stopped = true;
        return;
      }
      if (frame.visit !== Visit.Enter) return;
      if (BLOCK_TAGS.has(frame.name)) flush();
      if (frame.link !== undefined && openLinks[openLinks.length - 1] === frame.link) {
        openLinks.pop();
        const url = frame.link.href === undefined || frame.boiler ? undefined : links.resolve(frame.link.href);
        if (url !== undefined) mainLinks.push({ url, text: normaliseText(frame.link.text || frame.attribs.title || '') });
      }
      if (frame.entry !== undefined && openEntries[openEntries.length - 1] === frame.entry) {
        openEntries.pop();
        const { counted, text, pinned } = frame.entry;
        if (counted && text.length < MAX_ENTRY_TEXT) entries.push({ text: normaliseText(text), pinned });
      } else if (openEntries.length > 0) {
        const entry = openEntries[openEntries.length - 1]!;
        if (entry.text.length < MAX_ENTRY_TEXT) entry.text += ' ';
      }
    },
    ontext(data) {
      const parent = stack.length > 0 ? stack[stack.length - 1]! : undefined;
      if (parent !== undefined && parent.blank && NOT_BLANK.test(data)) parent.blank = false;
      // The limit is looked at once per text node, as the tree walk did.
      if (!inText && totalChars >= MAX_TEXT_CHARS) stopped = true;
      inText = true;
      if (stopped) return;
      const visit = parent?.visit ?? Visit.Enter;
      if (visit === Visit.Title) {
        titleText += data;
        return;
      }
      if (visit !== Visit.Enter) return;
      const boiler = parent?.boiler ?? false;
      if (buffer !== '' && bufferBoiler !== boiler) flush();
      bufferBoiler = boiler;
      buffer += data;
      for (const link of openLinks) link.text += data;
      if (openEntries.length > 0) {
        const entry = openEntries[openEntries.length - 1]!;
        if (entry.text.length < MAX_ENTRY_TEXT) entry.text += data;
      }
    },
    oncomment() {
      inText = false;
    },
    onprocessinginstruction() {
      inText = false;
      const parent = stack.length > 0 ? stack[stack.length - 1]! : undefined;
      if (parent !== undefined) parent.blank = false;
    },
  };
  const parser = new Parser(handler, { xmlMode: false, decodeEntities: true });
  parser.end(html);
  flush();

  const page: ParsedPage = {
    ...(metaDate !== undefined ? { metaDate } : {}),
    fetch,
    title,
    mainText: mainBlocks.join(' '),
    fullText: allBlocks.join(' '),
    isDocument: false,
    mainBlocks,
    mainLinks,
    listEntries,
    entries,
    hasEmptyList,
    passwordInput,
    hasMedia: mainMedia.length > 0,
    mainMedia,
  };
  let document: CheerioAPI | undefined;
  Object.defineProperty(page, '$', {
    enumerable: true,
    configurable: true,
    get: () => (document ??= load(html, { xml: { xmlMode: false, decodeEntities: true } })),
  });
  return page;
}
