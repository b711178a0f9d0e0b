// The appendix table against the Ministry's list (checklists/moe-2014.yaml): which Ministry item each listed item
// is, matched by title (src/review/similarity.ts), best pairs first, so that every listed item and every Ministry
// item is used at most once. What is left over is a Ministry item missing from the table, or an extra item.
import type { Checklist, Item } from '../types.js';
import { titleSimilarity } from './similarity.js';

/** Pairs scoring below this are not the same item. docs/review.md shows the scores this was chosen from. */
export const MATCH_THRESHOLD = 0.5;

export interface ItemMatch {
  listed: Item;
  mandated: Item;
  score: number;
}

export interface ItemComparison {
  matches: ItemMatch[];
  /** Ministry items no listed item matches. */
  missing: Item[];
  /** Listed items that match no Ministry item (provincial additions, or items too reworded to recognise). */
  extra: Item[];
}

export function allItemsOf(checklist: Checklist): Item[] {
  return checklist.categories.flatMap((c) => c.items);
}

/** Matches the listed items to the mandated ones, greedily by similarity (ties: the closer number first). */
export function compareItems(listed: readonly Item[], mandated: readonly Item[]): ItemComparison {
  const pairs: { l: number; m: number; score: number }[] = [];
  listed.forEach((a, l) => {
    mandated.forEach((b, m) => {
      const score = titleSimilarity(a.title, b.title);
      if (score >= MATCH_THRESHOLD) pairs.push({ l, m, score });
    });
  });
  pairs.sort((x, y) => y.score - x.score || Math.abs(x.l - x.m) - Math.abs(y.l - y.m));
  const usedListed = new Set<number>();
  const usedMandated = new Set<number>();
  const matches: ItemMatch[] = [];
  for (const pair of pairs) {
    if (usedListed.has(pair.l) || usedMandated.has(pair.m)) continue;
    usedListed.add(pair.l);
    usedMandated.add(pair.m);
    matches.push({ listed: listed[pair.l]!, mandated: mandated[pair.m]!, score: pair.score });
  }
  matches.sort((a, b) => a.mandated.no - b.mandated.no);
  return {
    matches,
    missing: mandated.filter((_, m) => !usedMandated.has(m)),
    extra: listed.filter((_, l) => !usedListed.has(l)),
  };
}
