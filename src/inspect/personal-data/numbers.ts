// Resident ID numbers (公民身份号码, GB 11643-1999) and mainland mobile numbers in text: what counts as one, and how
// one is masked. Pure functions; no number found here is ever kept whole outside the scan that found it.

/**
 * The province-level codes (first two digits) of GB/T 2260, plus 81/82/83 that the residence permits of Hong Kong,
 * Macao and Taiwan residents use. A number with any other prefix is not an ID number.
 */
export const PROVINCE_CODES: ReadonlySet<string> = new Set([
  '11', '12', '13', '14', '15',
  '21', '22', '23',
  '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46',
  '50', '51', '52', '53', '54',
  '61', '62', '63', '64', '65',
  '71', '81', '82', '83',
]);

/** ISO 7064 MOD 11-2 weights of the first 17 digits (2^(17-i) mod 11). */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/** Check character for a weighted sum mod 11. */
const CHECK_CHARS = '10X98765432';

/** The ISO 7064 MOD 11-2 check character ('0'–'9' or 'X') of 17 digits. */
export function idCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

/** Whether `year-month-day` is a real calendar date from 1900-01-01 up to `now`. */
export function isBirthDate(year: number, month: number, day: number, now: Date): boolean {
  if (year < 1900 || month < 1 || month > 12 || day < 1) return false;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return false;
  return date.getTime() <= now.getTime();
}

/**
 * Whether 18 characters are a resident ID number: a real province code, a real birth date (1900 to `now`) in
 * characters 7–14, and the MOD 11-2 check character last ('X' or 'x' for 10).
 */
export function isResidentId(value: string, now: Date): boolean {
  if (!/^\d{17}[\dXx]$/.test(value)) return false;
  if (!PROVINCE_CODES.has(value.slice(0, 2))) return false;
  if (!isBirthDate(Number(value.slice(6, 10)), Number(value.slice(10, 12)), Number(value.slice(12, 14)), now)) return false;
  return idCheckChar(value) === value[17]!.toUpperCase();
}

/**
 * Whether 15 digits have the shape of an old (1984–1999) ID number: a real province code and a real birth date
 * 19YYMMDD in digits 7–12. The old form has no check digit, so the shape alone is weak evidence (15-digit
 * examinee numbers 考生编号 often have it): callers count one only when it is labelled as an ID number.
 */
export function isOldResidentId(value: string): boolean {
  if (!/^\d{15}$/.test(value)) return false;
  if (!PROVINCE_CODES.has(value.slice(0, 2))) return false;
  // Old numbers were issued from 1984 to the end of the 1990s to people born in the 1900s.
  return isBirthDate(1900 + Number(value.slice(6, 8)), Number(value.slice(8, 10)), Number(value.slice(10, 12)), new Date(Date.UTC(1999, 11, 31)));
}

/**
 * A number masked for a report: the first 4 and last 2 characters kept, every other character `*`
 * (420106199001011234 → 4201************34, 13812345678 → 1381*****78).
 */
export function maskNumber(value: string): string {
  if (value.length <= 6) return '*'.repeat(value.length);
  return `${value.slice(0, 4)}${'*'.repeat(value.length - 6)}${value.slice(-2)}`;
}

/** Words that label an ID number in a cell, a column header or the text just before the number. */
export const ID_LABEL = /身份证|证件号|身份号码|公民身份|居民身份/;

export interface NumberHit {
  kind: 'id' | 'mobile';
  /** The number, digits only (and a final X upper-cased). Never kept whole past the scan. */
  value: string;
}

/** Full-width digits and X (０-９, Ｘ, ｘ) as ASCII, one character for one, so positions do not move. */
function asciiDigits(text: string): string {
  return /[\uff10-\uff19\uff38\uff58]/.test(text)
    ? text.replace(/[\uff10-\uff19\uff38\uff58]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0))
    : text;
}

/** 18 or 15 characters that are not part of a longer run of digits or letters. */
const ID_CANDIDATE = /(?<![0-9A-Za-z])(\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])/g;
/** 11 digits (or 3-4-4 with hyphens), optionally after +86, not part of a longer run of digits. */
const MOBILE_CANDIDATE = /(?<![0-9])(?:\+86[- ]?)?(1[3-9]\d{9}|1[3-9]\d-\d{4}-\d{4})(?![0-9])/g;
/** How far before a 15-digit number its label may be (characters). */
const LABEL_REACH = 16;

/**
 * The ID numbers and mobile numbers in a piece of text (a page, a cell, a line). 18-digit ID numbers must pass
 * `isResidentId`; 15-digit ones count only when `labelled` (the cell's column says it holds ID numbers) or a label
 * stands just before them. Masked numbers (4201**********123X, 138****5678) are not numbers and are never found.
 */
export function findNumbers(text: string, now: Date, labelled = false): NumberHit[] {
  const hits: NumberHit[] = [];
  if (!/\d{11}|\d{3}-\d{4}-\d{4}|[\uff10-\uff19]/.test(text)) return hits;
  const source = asciiDigits(text);
  for (const match of source.matchAll(ID_CANDIDATE)) {
    const value = match[1]!;
    if (value.length === 18) {
      if (isResidentId(value, now)) hits.push({ kind: 'id', value: value.toUpperCase() });
    } else if (isOldResidentId(value)) {
      const before = source.slice(Math.max(0, match.index - LABEL_REACH), match.index);
      if (labelled || ID_LABEL.test(before)) hits.push({ kind: 'id', value });
    }
  }
  for (const match of source.matchAll(MOBILE_CANDIDATE)) {
    hits.push({ kind: 'mobile', value: match[1]!.replace(/-/g, '') });
  }
  return hits;
}
