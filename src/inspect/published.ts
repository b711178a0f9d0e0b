// When a page was last updated, as a monitor reads it: the newest entry of a list (entries pinned to the top out of
// date order set aside), else the date the page gives itself (发布时间：…, <meta name="PubDate">), else any date in
// its own text. Footer lines (©2019-2024, ICP numbers) are never publication dates.
import type { ParsedPage } from './types.js';
import { chinaDay, extractDates, hasYearlessDate, splitDate, type PageDate } from './dates.js';

export interface PublicationEvidence {
  /** The newest publication date found, not after today (China time). */
  latest?: PageDate;
  /** Where it came from. */
  source?: 'list' | 'label' | 'text';
  /** The list's entries carry dates without a year (`05-09`): the page has dates, but they cannot be placed. */
  yearless: boolean;
}

/** A date label: 发布时间：, 发布日期:, 更新时间：, 日期：… */
const DATE_LABEL = /(?:(?:发布|发表|公布|更新|上传|发文|印发|成文|录入|添加|创建|生成)(?:时间|日期)|(?:^|[\s|｜【[（(])(?:日期|时间))\s*[:：]?\s*/g;
/** A block that is a copyright or registration line: its years are not publication dates. */
const FOOTER_LINE = /©|&copy;|版权所有|copyright|ICP\s*[备证]|公网安备|技术支持[:：]/i;
/** Entries marked pinned in their text. */
const PINNED_TEXT = /置顶|【顶】|\[顶\]/;

/** The latest date of `dates` that is not after `today`; a month-only date counts if its month has begun. */
function latestUpTo(dates: PageDate[], today: string): PageDate | undefined {
  let latest: PageDate | undefined;
  for (const date of dates) {
    let candidate = date;
    if (date.iso > today) {
      if (!date.monthOnly || `${date.iso.slice(0, 7)}-01` > today) continue; // a future date is an event, not a publication
      candidate = { ...date, iso: today };
    }
    if (latest === undefined || candidate.iso > latest.iso) latest = candidate;
  }
  return latest;
}

function entryDate(text: string, today: string): PageDate | undefined {
  const dates = extractDates(text);
  if (dates.length === 0) {
    const split = splitDate(text);
    if (split) dates.push(split);
  }
  return latestUpTo(dates, today);
}

function labelledDates(blocks: readonly string[]): PageDate[] {
  const found: PageDate[] = [];
  for (const block of blocks) {
    if (block.length > 2000 || FOOTER_LINE.test(block)) continue;
    DATE_LABEL.lastIndex = 0;
    let match: RegExpExecArray | null;
    while ((match = DATE_LABEL.exec(block)) !== null) {
      const after = block.slice(match.index + match[0].length, match.index + match[0].length + 24);
      const date = extractDates(after)[0];
      if (date !== undefined && after.indexOf(date.text) <= 1) found.push(date);
      if (match[0].length === 0) DATE_LABEL.lastIndex++;
    }
  }
  return found;
}

/** The page's newest publication date, judged as described at the top of this file. */
export function publicationEvidence(page: ParsedPage, now: Date): PublicationEvidence {
  const today = chinaDay(now);
  // 1. A list: the newest entry decides. Entries marked 置顶 are set aside unless every dated entry is pinned; an
  //    old pinned entry over fresh ones changes nothing either way, since the newest date is taken.
  let newestUnpinned: PageDate | undefined;
  let newestPinned: PageDate | undefined;
  let yearless = false;
  for (const entry of page.entries) {
    const date = entryDate(entry.text, today);
    if (date === undefined) {
      if (!yearless && hasYearlessDate(entry.text)) yearless = true;
      continue;
    }
    if (entry.pinned || PINNED_TEXT.test(entry.text)) {
      if (newestPinned === undefined || date.iso > newestPinned.iso) newestPinned = date;
    } else if (newestUnpinned === undefined || date.iso > newestUnpinned.iso) newestUnpinned = date;
  }
  const listed = newestUnpinned ?? newestPinned;
  if (listed !== undefined) return { latest: listed, source: 'list', yearless };
  // 2. The page's own date: a labelled date in its text, or its metadata.
  const labelled = labelledDates(page.mainBlocks);
  if (page.metaDate !== undefined) labelled.push(...extractDates(page.metaDate).slice(0, 1));
  const own = latestUpTo(labelled, today);
  if (own !== undefined) return { latest: own, source: 'label', yearless };
  // 3. Any date in the title or the page's own text, footer lines aside.
  const text = [page.title, ...page.mainBlocks.filter((block) => !FOOTER_LINE.test(block))].join(' ');
  const any = latestUpTo(extractDates(text), today);
  if (any !== undefined) return { latest: any, source: 'text', yearless };
  return { yearless };
}
