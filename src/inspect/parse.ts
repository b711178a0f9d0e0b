// Parse a fetched page once into what every check needs: title, text blocks with navigation/header/footer set
// aside, links, list facts. One pass of htmlparser2 over the page, no tree built: a small walker on its events.
import { Parser, type Handler } from 'htmlparser2';
import type { FetchResponse } from '../types.js';
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
const SIMPLE_ROOT_PATH = /^\/[A-Za-z0-9_~-][A-Za-z0-9_~\-/.?=&]*$/;
/** A path relative to the page's folder (`4567.htm`, `info/4567.htm`) with nothing the URL parser would rewrite. */
const SIMPLE_RELATIVE_PATH = /^[A-Za-z0-9_~-][A-Za-z0-9_~\-/.?=&]*$/;

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
export function isDocumentResponse(fetch: FetchResponse): boolean {
  const type = fetch.contentType ?? '';
  if (type.includes('html') || type.startsWith('text/')) return false;
  const disposition = fetch.headers['content-disposition'];
  if (disposition !== undefined && /attachment|filename/i.test(disposition)) return true;
  return DOCUMENT_TYPES.test(type);
}

function documentTitle(fetch: FetchResponse): string {
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

function emptyPage(fetch: FetchResponse, isDocument: boolean, title: string): ParsedPage {
  return {
    fetch,
    title,
    mainText: '',
    isDocument,
    mainBlocks: [],
    mainLinks: [],
    listEntries: 0,
    textChars: 0,
    entries: [],
    hasEmptyList: false,
    passwordInput: { anywhere: false, inMain: false },
    hasMedia: false,
    mainMedia: [],
  };
}

/** Whether the response is parsed as HTML: HTML or XML, or text without a type. */
export function isHtmlResponse(fetch: FetchResponse): boolean {
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
const MEDIA_TAGS = new Set(['img', 'embed', 'object', 'video']);

/** Navigation, header, footer or other furniture, by its tag or its class/id. */
function isBoilerplate(name: string, attribs: Record<string, string>): boolean {
  if (BOILERPLATE_TAGS.has(name)) return true;
  const marks = classAndId(attribs);
  return marks !== '' && BOILERPLATE_CLASS.test(marks);
}

/** A list container (ul, table, a div whose class/id says list…) whose class/id says it holds a list of entries. */
function isListContainer(name: string, attribs: Record<string, string>): boolean {
  if (!LIST_CONTAINER_TAGS.has(name)) return false;
  const marks = classAndId(attribs);
  return marks !== '' && LIST_CLASS.test(marks) && (name !== 'div' || /list/i.test(marks));
}

/**
 * The walk over htmlparser2's events: it is the parser's handler (the parser calls its `on…` methods), keeps the
 * open elements on a stack and gathers what ParsedPage holds. One Frame per element and nothing else per node.
 */
class PageWalker implements Partial<Handler> {
  /** Main-text blocks (boilerplate set aside). */
  readonly mainBlocks: string[] = [];
  readonly mainLinks: { url: string; text: string }[] = [];
  readonly mainMedia: string[] = [];
  readonly passwordInput = { anywhere: false, inMain: false };
  title = '';
  listEntries = 0;
  /** The counted list entries, with their text and whether they are pinned (置顶). */
  readonly entries: { text: string; pinned: boolean }[] = [];
  /** The publication date the page's metadata gives, as written. */
  metaDate: string | undefined;
  hasEmptyList = false;

  private titleFound = false;
  private titleText = '';
  /** Text of the block being gathered, and whether it is boilerplate. */
  private buffer = '';
  private bufferBoiler = false;
  /** Characters of text gathered, boilerplate included. */
  private totalChars = 0;
  get textChars(): number {
    return this.totalChars;
  }
  /** Open links (normally at most one), collecting their text. */
  private readonly openLinks: OpenLink[] = [];
  /** Open list entries (li / tr) and whether they were counted. */
  private readonly openEntries: OpenEntry[] = [];
  /** Open elements, innermost last. */
  private readonly stack: Frame[] = [];
  /** The walk stops once MAX_TEXT_CHARS of text are gathered (only the pending empty-list checks go on). */
  private stopped = false;
  /** The previous event was text: htmlparser2 reports one text node in pieces (entities apart). */
  private inText = false;

  constructor(private readonly links: LinkResolver) {}

  onopentag(name: string, attribs: Record<string, string>): void {
    this.inText = false;
    const parent = this.stack.length > 0 ? this.stack[this.stack.length - 1]! : undefined;
    if (parent !== undefined) parent.blank = false;
    const frame: Frame = { name, attribs, visit: Visit.Skip, boiler: parent?.boiler ?? false, listCandidate: false, blank: true };
    this.stack.push(frame);
    if (this.atTextLimit()) return;
    const parentVisit = parent?.visit ?? Visit.Enter;
    if (parentVisit === Visit.Skip || parentVisit === Visit.Title) return;
    if (name === 'meta') this.noteMeta(attribs);
    if (name === 'title') this.openTitle(frame);
    else if (parentVisit === Visit.Head) return; // <head>: skipped, but for its <title>
    else if (name === 'head') frame.visit = Visit.Head;
    else if (SKIP_TAGS.has(name)) this.openSkipped(frame);
    else this.enter(frame);
  }

  onclosetag(): void {
    this.inText = false;
    const frame = this.stack.pop();
    if (frame === undefined) return;
    if (frame.listCandidate && frame.blank) this.hasEmptyList = true;
    if (frame.visit === Visit.Title) this.title = normaliseText(this.titleText);
    if (this.atTextLimit()) return;
    if (frame.visit === Visit.Enter) this.leave(frame);
  }

  ontext(data: string): void {
    const parent = this.stack.length > 0 ? this.stack[this.stack.length - 1]! : undefined;
    if (parent !== undefined && parent.blank && NOT_BLANK.test(data)) parent.blank = false;
    // The limit is looked at once per text node, as the tree walk did.
    if (!this.inText && this.totalChars >= MAX_TEXT_CHARS) this.stopped = true;
    this.inText = true;
    if (this.stopped) return;
    const visit = parent?.visit ?? Visit.Enter;
    if (visit === Visit.Title) this.titleText += data;
    else if (visit === Visit.Enter) this.addText(data, parent?.boiler ?? false);
  }

  oncomment(): void {
    this.inText = false;
  }

  onprocessinginstruction(): void {
    this.inText = false;
    const parent = this.stack.length > 0 ? this.stack[this.stack.length - 1]! : undefined;
    if (parent !== undefined) parent.blank = false;
  }

  onend(): void {
    this.flush();
  }

  /** Whether MAX_TEXT_CHARS of text are gathered (from then on, the walk only closes elements). */
  private atTextLimit(): boolean {
    if (!this.stopped && this.totalChars >= MAX_TEXT_CHARS) this.stopped = true;
    return this.stopped;
  }

  /** The first <title>, wherever a CMS put it (VSB puts <head> inside <body>); not part of the text. */
  private openTitle(frame: Frame): void {
    if (this.titleFound) return;
    this.titleFound = true;
    frame.visit = Visit.Title;
  }

  /** A script, style, frame…: set aside, but a frame in the main area is content without text. */
  private openSkipped(frame: Frame): void {
    if (frame.name === 'iframe' && !frame.boiler && frame.attribs.src) this.mainMedia.push(frame.attribs.src);
  }

  /** An element of the page's own structure. */
  private enter(frame: Frame): void {
    const { name, attribs } = frame;
    if (!frame.boiler && isBoilerplate(name, attribs)) frame.boiler = true;
    if (name === 'input') {
      this.noteInput(frame);
      return;
    }
    if (!frame.boiler && MEDIA_TAGS.has(name)) {
      const source = attribs.src || attribs.data;
      if (source) this.mainMedia.push(source);
    }
    if (BLOCK_TAGS.has(name)) this.flush();
    if (this.openEntries.length > 0) this.markEntry(this.openEntries[this.openEntries.length - 1]!, name, attribs);
    if (name === 'a') this.openLink(frame);
    else if (name === 'li' || name === 'tr') this.openEntry(frame);
    if (!frame.boiler && isListContainer(name, attribs)) frame.listCandidate = true;
    frame.visit = Visit.Enter;
  }

  private leave(frame: Frame): void {
    if (BLOCK_TAGS.has(frame.name)) this.flush();
    if (frame.link !== undefined && this.openLinks[this.openLinks.length - 1] === frame.link) this.closeLink(frame, frame.link);
    if (frame.entry !== undefined && this.openEntries[this.openEntries.length - 1] === frame.entry) this.closeEntry(frame.entry);
    else if (this.openEntries.length > 0) {
      const entry = this.openEntries[this.openEntries.length - 1]!;
      if (entry.text.length < MAX_ENTRY_TEXT) entry.text += ' ';
    }
  }

  /** `<meta name="PubDate" content="…">` and its kin: the first one gives the page's metadata date. */
  private noteMeta(attribs: Record<string, string>): void {
    if (this.metaDate === undefined && attribs.content && DATE_META.test(attribs.name ?? attribs.property ?? '')) {
      this.metaDate = attribs.content.slice(0, 40);
    }
  }

  /** An element inside a list entry: keeps the entry's elements apart in its text, and notes a pinned (置顶) mark. */
  private markEntry(entry: OpenEntry, name: string, attribs: Record<string, string>): void {
    if (entry.text.length < MAX_ENTRY_TEXT) entry.text += ' ';
    if (entry.pinned) return;
    const marks = classAndId(attribs);
    if ((marks !== '' && PINNED_MARK.test(marks)) || (name === 'img' && PINNED_PICTURE.test(`${attribs.alt ?? ''} ${attribs.title ?? ''} ${attribs.src ?? ''}`))) {
      entry.pinned = true;
    }
  }

  private closeEntry(entry: OpenEntry): void {
    this.openEntries.pop();
    if (entry.counted && entry.text.length < MAX_ENTRY_TEXT) this.entries.push({ text: normaliseText(entry.text), pinned: entry.pinned });
  }

  private noteInput(frame: Frame): void {
    if ((frame.attribs.type ?? '').toLowerCase() !== 'password') return;
    this.passwordInput.anywhere = true;
    if (!frame.boiler) this.passwordInput.inMain = true;
  }

  /** An `<a>`: gathers its text; the first link of a list entry outside navigation counts the entry. */
  private openLink(frame: Frame): void {
    frame.link = { href: frame.attribs.href, text: '' };
    this.openLinks.push(frame.link);
    if (frame.boiler || this.openEntries.length === 0) return;
    const entry = this.openEntries[this.openEntries.length - 1]!;
    if (!entry.counted) {
      entry.counted = true;
      this.listEntries++;
    }
  }

  private closeLink(frame: Frame, link: OpenLink): void {
    this.openLinks.pop();
    const url = link.href === undefined || frame.boiler ? undefined : this.links.resolve(link.href);
    if (url !== undefined) this.mainLinks.push({ url, text: normaliseText(link.text || frame.attribs.title || '') });
  }

  private openEntry(frame: Frame): void {
    const marks = classAndId(frame.attribs);
    frame.entry = { counted: false, text: '', pinned: marks !== '' && PINNED_MARK.test(marks) };
    this.openEntries.push(frame.entry);
  }

  private addText(data: string, boiler: boolean): void {
    if (this.buffer !== '' && this.bufferBoiler !== boiler) this.flush();
    this.bufferBoiler = boiler;
    this.buffer += data;
    for (const link of this.openLinks) link.text += data;
    if (this.openEntries.length > 0) {
      const entry = this.openEntries[this.openEntries.length - 1]!;
      if (entry.text.length < MAX_ENTRY_TEXT) entry.text += data;
    }
  }

  /** Ends the block being gathered: its normalised text is a main block unless it is boilerplate. */
  private flush(): void {
    if (this.buffer === '') return;
    const text = normaliseText(this.buffer);
    this.buffer = '';
    if (text === '') return;
    this.totalChars += text.length;
    if (!this.bufferBoiler) this.mainBlocks.push(text);
  }
}

/**
 * Parse a fetched page once. Never throws for odd HTML (htmlparser2 is forgiving).
 *
 * The walk runs on htmlparser2's events (the same events from which a DOM tree would be built, so the same
 * structure, implied end tags included), without building the tree: building it was a third of the parse cost and
 * most of its garbage.
 */
export function parsePage(fetch: FetchResponse): ParsedPage {
  if (isDocumentResponse(fetch)) return emptyPage(fetch, true, documentTitle(fetch));
  if (!isHtmlResponse(fetch)) {
    const text = normaliseText((fetch.text ?? '').slice(0, MAX_TEXT_CHARS));
    const page = emptyPage(fetch, false, '');
    page.mainText = text;
    page.textChars = text.length;
    if (text) page.mainBlocks = [text];
    return page;
  }
  const walker = new PageWalker(new LinkResolver(fetch.finalUrl));
  new Parser(walker, { xmlMode: false, decodeEntities: true }).end(limitNesting((fetch.text ?? '').slice(0, MAX_HTML_CHARS)));
  return {
    ...(walker.metaDate !== undefined ? { metaDate: walker.metaDate } : {}),
    fetch,
    title: walker.title,
    mainText: walker.mainBlocks.join(' '),
    isDocument: false,
    mainBlocks: walker.mainBlocks,
    mainLinks: walker.mainLinks,
    listEntries: walker.listEntries,
    textChars: walker.textChars,
    entries: walker.entries,
    hasEmptyList: walker.hasEmptyList,
    passwordInput: walker.passwordInput,
    hasMedia: walker.mainMedia.length > 0,
    mainMedia: walker.mainMedia,
  };
}
