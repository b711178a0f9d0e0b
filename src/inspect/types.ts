// The contract of the inspect stage: from a fetched page and its item to findings and page facts.
import type { Checklist, FetchResponse, Finding, Item, Period } from '../types.js';

export interface InspectContext {
  checklist: Pick<Checklist, 'site' | 'period' | 'institution'>;
  /** The reporting period that STALE uses: the checklist's, else the 12 months before `now`. */
  period: Period;
  /** Time of the run (for the default period and for "future" dates). */
  now: Date;
  /** Pages slower than this (ms) get SLOW_RESPONSE (default 8000). */
  slowMs: number;
  /** Items whose update deadline falls within this many days get STALE_SOON (0: never). */
  staleSoonDays: number;
  /** Look for personal data in the page's text (absent: `--no-personal-data`). */
  personalData?: { mobileThreshold: number };
}

/**
 * The text blocks of a page (paragraphs, list entries, cells…), reduced to what the cross-page pass needs: block i
 * has the 32-bit hash `hashes[i]` of its normalised text and `lengths[i]` characters. Typed arrays, because a run
 * keeps them for every page until the pass (20,000 pages × ~100 blocks as objects was ~140 MB of heap).
 */
export interface TextBlocks {
  hashes: Uint32Array;
  lengths: Uint32Array;
}

/** What inspecting one page produced. The page body can be dropped after this. */
export interface PageInspection {
  title?: string;
  /** Findings decided from this page alone. */
  findings: Finding[];
  /** Documents linked from the page (absolute URLs, deduplicated, in page order), to be checked for download. */
  attachmentLinks: { url: string; name?: string }[];
  /**
   * Main-text blocks of the page, for the cross-page pass that sets aside text shared by several pages of
   * the same site (navigation, header, footer) before deciding EMPTY_PAGE.
   */
  blocks: TextBlocks;
  /** Whether the page is an HTML page whose content the cross-page EMPTY_PAGE check should judge. */
  judgeOwnText: boolean;
}

/** One check: a small function from the page and its item to findings. */
export type PageCheck = (page: ParsedPage, item: Item, ctx: InspectContext) => Finding[];

/** A fetched page as the checks see it. Built once per page by `parsePage`. */
export interface ParsedPage {
  fetch: FetchResponse;
  title: string;
  /** Visible main text (scripts, styles, nav/header/footer set aside), whitespace-collapsed. */
  mainText: string;
  /** True when the response is a document (PDF, Word, Excel…) rather than a web page. */
  isDocument: boolean;
  /** Main-text blocks (normalised text of paragraphs, list entries, cells…), boilerplate set aside. */
  mainBlocks: string[];
  /** Links found outside navigation/header/footer: absolute URL and link text. */
  mainLinks: { url: string; text: string }[];
  /** Number of list entries (li / tr holding a link) outside navigation/header/footer. */
  listEntries: number;
  /** Characters of visible text anywhere on the page, navigation and footer included (a script-only shell has ~0). */
  textChars: number;
  /**
   * The list entries counted in `listEntries`, each with its text (elements apart, so a date split over several
   * elements reads `09 2024-05`) and whether it is marked pinned to the top (置顶) by a class, id or picture.
   */
  entries: { text: string; pinned: boolean }[];
  /** The publication date the page's metadata gives (`<meta name="PubDate">`…), as written. */
  metaDate?: string;
  /** A list container (class/id says list/news) outside navigation that has no entries at all. */
  hasEmptyList: boolean;
  /** The page has an `<input type="password">`; `inMain` when it is outside navigation/header/footer. */
  passwordInput: { anywhere: boolean; inMain: boolean };
  /** The page embeds a document or picture in its main area (iframe/embed/object/img), i.e. content without text. */
  hasMedia: boolean;
  /** Sources of the pictures, frames and embedded documents in the main area (as written in the page). */
  mainMedia: string[];
}

/** One entry of the check list: a named check and when it runs. */
export interface CheckSpec {
  name: string;
  run: PageCheck;
  /**
   * `always`: runs on every response that has one (redirect, login, challenge, speed checks);
   * `content`: judges what a readable HTML page shows; skipped for error statuses, documents, and once a
   * finding of severity `fail` has been made (one clear reason is better than a pile of consequences).
   */
  phase: 'always' | 'content';
}

export type { Finding, Item };
