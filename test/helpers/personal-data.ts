// Synthetic personal numbers, made at test time: valid in form (region, birth date, check digit), belonging to no
// one in particular. Tests plant them in pages and files and then look for them in every output.
import { idCheckChar } from '../../src/inspect/personal-data/numbers.js';

/** A resident ID number with a valid check character: region (6 digits), birth date YYYYMMDD, sequence (3 digits). */
export function residentId(region: string, birth: string, sequence: string): string {
  const first17 = `${region}${birth}${sequence}`;
  return first17 + idCheckChar(first17);
}

/** The same number with its check character replaced by a wrong one. */
export function withWrongCheck(id: string): string {
  const right = id[17]!;
  const wrong = right === '0' ? '1' : right === 'X' ? '0' : String((Number(right) + 1) % 10);
  return id.slice(0, 17) + wrong;
}

/** `count` distinct synthetic ID numbers (county code 429999, which does not exist; birth dates in 2003–2005). */
export function residentIds(count: number, seed = 1): string[] {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const n = seed * 7919 + i * 104_729;
    const birth = `${2003 + (n % 3)}${String(1 + (n % 12)).padStart(2, '0')}${String(1 + (n % 28)).padStart(2, '0')}`;
    ids.push(residentId('429999', birth, String(100 + ((n >> 3) % 900))));
  }
  return [...new Set(ids)];
}

/** `count` distinct synthetic mobile numbers (the 140 and 141 blocks, not issued as 11-digit phone numbers). */
export function mobiles(count: number, seed = 1): string[] {
  const numbers: string[] = [];
  for (let i = 0; i < count; i++) numbers.push(`${i % 2 === 0 ? '140' : '141'}${String((seed * 1_000_003 + i * 7_654_321) % 100_000_000).padStart(8, '0')}`);
  return [...new Set(numbers)];
}
