// KEYWORDS_MISSING: nothing on the page (title or main text) names the item. See ../keywords.ts for the matching.
import { finding } from '../../findings.js';
import type { PageCheck } from '../types.js';
import { compactText, deriveKeywords, findTerm, matchTerms } from '../keywords.js';

export const keywordsMissing: PageCheck = (page, item) => {
  const given = item.keywords?.filter((k) => k.trim() !== '') ?? [];
  const derived = given.length === 0;
  const keywords = derived ? deriveKeywords(item.title) : given;
  if (keywords.length === 0) return [];
  const terms = matchTerms(keywords, derived);
  const haystack = compactText(`${page.title} ${page.mainText}`);
  if (findTerm(haystack, terms) !== undefined) return [];
  return [finding('KEYWORDS_MISSING', { keywords: keywords.slice(0, 6).join('、') })];
};
