// The words that show a page is about its item: the checklist's keywords, else terms cut from the item title.
//
// Derived terms: the title is split on Chinese and ASCII punctuation and on the conjunctions 及、和、与, keeping
// segments of 2+ characters. Long segments ("校级领导班子简介") rarely appear verbatim on a page, so a derived
// segment longer than 4 characters also matches when any 4 consecutive CJK characters of it appear ("领导班子").
// Four characters is a full Chinese word pair: specific enough that an off-topic page rarely contains one, loose
// enough that a page naming its subject in other words still matches. Checklist keywords are matched verbatim.

const SPLIT = /[\s\u3000，,。.、；;：:！!？?（）()【】[\]《》<>〈〉“”"'‘’「」『』·•…—\-_/\\|+*#&%~`^=]+|[及和与]/u;
const NUMBERING = /^\s*[（(]?\s*\d+\s*[)）.、]?\s*/;
const CJK = /^[\u3400-\u9fff]+$/;

/** Keywords derived from an item title (segments of 2+ characters, in title order, deduplicated). */
export function deriveKeywords(title: string): string[] {
  const withoutNumber = title.replace(NUMBERING, '');
  const seen = new Set<string>();
  for (const segment of withoutNumber.split(SPLIT)) {
    const term = segment.trim();
    if ([...term].length >= 2) seen.add(term);
  }
  return [...seen];
}

/** Lower-case and without whitespace: how titles, keywords and page text are compared. */
export function compactText(text: string): string {
  return text.replace(/[\s\u00a0\u3000]+/g, '').toLowerCase();
}

/** The terms to look for: each keyword, plus the 4-character CJK windows of derived keywords longer than 4. */
export function matchTerms(keywords: string[], derived: boolean): string[] {
  const terms = new Set<string>();
  for (const keyword of keywords) {
    const compact = compactText(keyword);
    if (compact.length === 0) continue;
    terms.add(compact);
    if (derived && compact.length > 4) {
      for (let i = 0; i + 4 <= compact.length; i++) {
        const window = compact.slice(i, i + 4);
        if (CJK.test(window)) terms.add(window);
      }
    }
  }
  return [...terms];
}

/** The first term found in `haystack` (already compacted), or undefined. */
export function findTerm(haystack: string, terms: string[]): string | undefined {
  for (const term of terms) if (haystack.includes(term)) return term;
  return undefined;
}
