// How alike two item titles are, tolerant of the small wording changes real reports make to the Ministry's titles.
// Titles are normalised first (NFKC, whitespace and punctuation removed — full/half-width brackets, 、，,；; — and the
// function characters 的 和 及 与 dropped), then compared with the Sørensen–Dice coefficient over character bigrams:
// 2·|common bigrams| / (|bigrams of a| + |bigrams of b|), 0..1. A title that contains the other whole (a report that
// appends or drops a clause) scores at least the share of the longer title the shorter one covers, scaled by
// CONTAINED_WEIGHT. docs/review.md documents the measure and the threshold.

/** The function characters dropped before comparing (以及 → 以, harmless). */
const FUNCTION_CHARS = /[的和及与]/g;

/** A title reduced to what its words are: no spacing, punctuation, brackets or function characters. */
export function normaliseTitle(title: string): string {
  return title
    .normalize('NFKC')
    .replace(/[\s\p{P}\p{S}]+/gu, '')
    .replace(FUNCTION_CHARS, '')
    .toLowerCase();
}

function bigrams(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  const chars = [...text];
  if (chars.length === 1) counts.set(chars[0]!, 1);
  for (let i = 0; i + 1 < chars.length; i++) {
    const pair = chars[i]! + chars[i + 1]!;
    counts.set(pair, (counts.get(pair) ?? 0) + 1);
  }
  return counts;
}

/** Sørensen–Dice over character bigrams of two already normalised titles. */
export function dice(a: string, b: string): number {
  if (a === b) return 1;
  const x = bigrams(a);
  const y = bigrams(b);
  let total = 0;
  for (const n of x.values()) total += n;
  for (const n of y.values()) total += n;
  if (total === 0) return 0;
  let common = 0;
  for (const [pair, n] of x) common += Math.min(n, y.get(pair) ?? 0);
  return (2 * common) / total;
}

/** Weight of "one title contains the other" relative to an exact match. */
export const CONTAINED_WEIGHT = 0.95;

/** Similarity of two raw titles, 0..1 (1: the same words). */
export function titleSimilarity(a: string, b: string): number {
  const x = normaliseTitle(a);
  const y = normaliseTitle(b);
  if (!x || !y) return 0;
  const score = dice(x, y);
  const [short, long] = x.length <= y.length ? [x, y] : [y, x];
  if (short.length >= 4 && long.includes(short)) return Math.max(score, CONTAINED_WEIGHT * Math.sqrt(short.length / long.length));
  return score;
}
