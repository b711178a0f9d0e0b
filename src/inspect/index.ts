// The inspect stage: from a fetched page and its item to findings and the facts kept about the page.
import { finding } from '../findings.js';
import type { FetchResponse, Finding, Item } from '../types.js';
import type { InspectContext, PageInspection, ParsedPage, TextBlocks } from './types.js';
import { CHECKS } from './checks/index.js';
import { isHtmlResponse, parsePage } from './parse.js';
import { hashText } from './hash.js';
import { attachmentLinksOf } from './attachments.js';
import { firstLine } from '../errors.js';
import { fetchFindings } from './fetch-facts.js';

export { checkAttachments, isAttachmentUrl } from './attachments.js';
export { defaultPeriod } from './dates.js';
export { deriveKeywords } from './keywords.js';
export { fileNameFromDisposition } from './content-disposition.js';
export { sameSite, siteOf } from './domain.js';
export { parsePage } from './parse.js';
export { fetchFindings } from './fetch-facts.js';
export { CHECKS } from './checks/index.js';
export type { InspectContext, PageInspection, TextBlocks } from './types.js';

/** A page needs at least this much text of its own (characters, after shared blocks are set aside). */
export const MIN_OWN_TEXT = 20;
/** Pictures, frames and documents count as this much own text each. */
const MEDIA_WEIGHT = MIN_OWN_TEXT;

function errorMessage(err: unknown): string {
  // The first line only: a message that carries a stack or a dump stays one short line in every report.
  const message = firstLine(err);
  return message.length > 200 ? `${message.slice(0, 200)}…` : message;
}

function blocksOf(page: ParsedPage, attachmentLinks: PageInspection['attachmentLinks']): TextBlocks {
  const seen = new Set<number>();
  const hashes: number[] = [];
  const lengths: number[] = [];
  const add = (key: string, length: number): void => {
    const hash = hashText(key);
    if (seen.has(hash)) return;
    seen.add(hash);
    hashes.push(hash);
    lengths.push(length);
  };
  for (const text of page.mainBlocks) add(text, text.length);
  for (const source of page.mainMedia) add(`\u0001media:${source}`, MEDIA_WEIGHT);
  for (const link of attachmentLinks) add(`\u0001file:${link.url}`, MEDIA_WEIGHT);
  return { hashes: Uint32Array.from(hashes), lengths: Uint32Array.from(lengths) };
}

export const NO_BLOCKS: TextBlocks = { hashes: new Uint32Array(0), lengths: new Uint32Array(0) };

/**
 * All findings for this page: those its fetch's facts call for (fetch-facts.ts), then the checks'. A bot challenge
 * takes the place of HTTP_ERROR. Called only for a fetch that got a response. Never throws.
 */
export function inspectPage(fetch: FetchResponse, item: Item, ctx: InspectContext): PageInspection {
  let page: ParsedPage;
  try {
    page = parsePage(fetch);
  } catch (err) {
    const findings = fetchFindings(fetch, [finding('INTERNAL_ERROR', { error: `parse: ${errorMessage(err)}` })]);
    return { findings, attachmentLinks: [], blocks: NO_BLOCKS, judgeOwnText: false };
  }
  // Whether the content checks can read the page: an HTML page that answered without an error status.
  const readable = !page.isDocument && isHtmlResponse(fetch) && fetch.status < 400;
  let contentBlocked = !readable;
  let challenged = false;
  const checked: Finding[] = [];
  for (const check of CHECKS) {
    if (check.phase === 'content' && contentBlocked) continue;
    let produced: Finding[];
    try {
      produced = check.run(page, item, ctx);
    } catch (err) {
      produced = [finding('INTERNAL_ERROR', { error: `${check.name}: ${errorMessage(err)}` })];
    }
    for (const f of produced) {
      if (f.code === 'BOT_CHALLENGE') challenged = true;
      if (f.severity === 'fail' || f.code === 'BOT_CHALLENGE') contentBlocked = true;
      checked.push(f);
    }
  }
  // "Could not verify", not "broken": a challenge's status is not the site's answer, so no HTTP_ERROR then.
  const findings = fetchFindings(fetch, checked, challenged);
  const usable = readable && !contentBlocked;
  const attachmentLinks = usable ? attachmentLinksOf(page.mainLinks) : [];
  const inspection: PageInspection = {
    findings,
    attachmentLinks,
    blocks: usable ? blocksOf(page, attachmentLinks) : NO_BLOCKS,
    judgeOwnText: usable,
  };
  if (page.title) inspection.title = page.title;
  return inspection;
}

/**
 * Whether a finding of a page gives way when the cross-page pass finds the page empty: an empty page is not also
 * "not updated" (its STALE no-date would only repeat the EMPTY_PAGE).
 */
export function yieldsToEmptyPage(f: Finding): boolean {
  return f.code === 'STALE' || f.code === 'STALE_SOON';
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}

/** What the cross-page pass needs of one page of a site. */
export interface CrossPage {
  finalUrl: string;
  /** Whether the pass should judge the page's own text (an HTML page that has no EMPTY_PAGE yet). */
  judge: boolean;
  blocks: TextBlocks;
}

/** The cross-page facts of a page's inspection. */
export function crossPageOf(finalUrl: string, inspection: PageInspection): CrossPage {
  return { finalUrl, judge: inspection.judgeOwnText && !inspection.findings.some((f) => f.code === 'EMPTY_PAGE'), blocks: inspection.blocks };
}

/** The origin (scheme, host, port) whose pages are judged together by the cross-page pass. */
export function crossPageOrigin(finalUrl: string): string {
  return originOf(finalUrl);
}

/**
 * The cross-page pass for the pages of one origin, in the run's order: text blocks found on several of its pages are
 * navigation, header or footer; a page whose remaining own text is below MIN_OWN_TEXT gets EMPTY_PAGE. Keyed by the
 * page's index in `pages`. A block counts as shared when at least max(3, 20 % of the origin's distinct pages) distinct
 * pages have it, so two items that legitimately link the same list (or two lists with the same entries) are never
 * emptied. Memory: the hashes of the origin's distinct pages once, sorted (4 bytes a block), in `scratch` when given.
 */
export function emptyPagesOfOrigin(pages: readonly CrossPage[], scratch?: Uint32Array): Map<number, Finding[]> {
  const result = new Map<number, Finding[]>();
  // Distinct final URLs with blocks, the first page of each (a page with no blocks does not count as one).
  const distinct = new Map<string, TextBlocks>();
  let total = 0;
  for (const { finalUrl, blocks } of pages) {
    if (blocks.hashes.length === 0 || distinct.has(finalUrl)) continue;
    distinct.set(finalUrl, blocks);
    total += blocks.hashes.length;
  }
  const threshold = Math.max(3, Math.ceil(distinct.size * 0.2));
  // Each page's hashes are distinct (blocksOf), so a hash's run length in the sorted list is its page count.
  // `scratch`, when it is long enough, holds them instead of a new array (a caller going origin by origin reuses one).
  const all = scratch !== undefined && scratch.length >= total ? scratch.subarray(0, total) : new Uint32Array(total);
  let at = 0;
  for (const { hashes } of distinct.values()) {
    all.set(hashes, at);
    at += hashes.length;
  }
  distinct.clear();
  all.sort();
  const shared = new Set<number>();
  for (let i = 0; i < all.length; ) {
    let j = i + 1;
    while (j < all.length && all[j] === all[i]) j++;
    if (j - i >= threshold) shared.add(all[i]!);
    i = j;
  }
  pages.forEach(({ judge, blocks }, index) => {
    if (!judge) return;
    let own = 0;
    const { hashes, lengths } = blocks;
    for (let i = 0; i < hashes.length; i++) if (!shared.has(hashes[i]!)) own += lengths[i]!;
    if (own < MIN_OWN_TEXT) result.set(index, [finding('EMPTY_PAGE', { reason: 'no-own-text', chars: own })]);
  });
  return result;
}

/**
 * The cross-page pass over pages of any sites (emptyPagesOfOrigin for each origin), keyed by the page's index in
 * `pages`. The run does the same one origin at a time from its page shelf (src/run/cross-page.ts).
 */
export function crossPageFindings(pages: { finalUrl: string; inspection: PageInspection }[]): Map<number, Finding[]> {
  const byOrigin = new Map<string, { index: number; page: CrossPage }[]>();
  pages.forEach(({ finalUrl, inspection }, index) => {
    const origin = originOf(finalUrl);
    const list = byOrigin.get(origin) ?? [];
    list.push({ index, page: crossPageOf(finalUrl, inspection) });
    byOrigin.set(origin, list);
  });
  const result = new Map<number, Finding[]>();
  for (const list of byOrigin.values()) {
    for (const [i, found] of emptyPagesOfOrigin(list.map((entry) => entry.page))) result.set(list[i]!.index, found);
  }
  return new Map([...result].sort((a, b) => a[0] - b[0]));
}
