// Gathering the numbers of one page or document, and the masked summary that is all that leaves the scan:
// how many distinct numbers, where (PDF pages, spreadsheet cells, text lines) and a few masked samples.
import { findNumbers, maskNumber, type NumberHit } from './numbers.js';

/** Where a piece of text sits in its document. */
export interface Place {
  /** 1-based PDF page. */
  page?: number;
  /** Worksheet name (XLSX) and 1-based row and column. CSV rows and columns come without a sheet. */
  sheet?: string;
  row?: number;
  col?: number;
  /** 1-based line of a text file. */
  line?: number;
}

/** What a scan found of one kind of number: safe to keep, log and report (no number in it is whole). */
export interface Exposure {
  /** Distinct numbers found. */
  count: number;
  /** Up to MAX_SAMPLES of them, masked (first 4 and last 2 characters). */
  samples: string[];
  /** PDF pages, e.g. "1–3, 5". */
  pages?: string;
  /** Spreadsheet cells, e.g. "名单!C2:C41" (CSV: "C2:C41"). */
  cells?: string;
  /** Lines of a text file, e.g. "2–41". */
  lines?: string;
}

/** The masked result of scanning one page or document. */
export interface PersonalDataSummary {
  ids: Exposure;
  mobiles: Exposure;
}

export const MAX_SAMPLES = 3;
/** Places listed at most per exposure; more are shown as "…". */
const MAX_PLACES = 3;

/** Collects the numbers of one page or document, then summarises them masked. */
export class NumberCollector {
  private readonly found = { id: new Map<string, Place[]>(), mobile: new Map<string, Place[]>() };

  constructor(private readonly now: Date) {}

  /** Scan one piece of text at `place`. `labelled`: the cell's column header names ID numbers. */
  add(text: string, place: Place = {}, labelled = false): void {
    for (const hit of findNumbers(text, this.now, labelled)) this.record(hit, place);
  }

  private record(hit: NumberHit, place: Place): void {
    const byValue = this.found[hit.kind];
    const places = byValue.get(hit.value);
    if (places === undefined) byValue.set(hit.value, [place]);
    else if (places.length < 4) places.push(place);
  }

  summary(): PersonalDataSummary {
    return { ids: summarise(this.found.id), mobiles: summarise(this.found.mobile) };
  }
}

function summarise(byValue: Map<string, Place[]>): Exposure {
  const exposure: Exposure = { count: byValue.size, samples: [] };
  for (const value of byValue.keys()) {
    if (exposure.samples.length >= MAX_SAMPLES) break;
    exposure.samples.push(maskNumber(value));
  }
  const places = [...byValue.values()].flat();
  const pages = places.flatMap((p) => (p.page !== undefined ? [p.page] : []));
  if (pages.length > 0) exposure.pages = ranges(pages);
  const lines = places.flatMap((p) => (p.line !== undefined ? [p.line] : []));
  if (lines.length > 0) exposure.lines = ranges(lines);
  const cells = cellRanges(places);
  if (cells !== '') exposure.cells = cells;
  return exposure;
}

/** 1, 2, 3, 5 → "1–3, 5" (at most MAX_PLACES ranges, then "…"). */
export function ranges(numbers: number[]): string {
  const sorted = [...new Set(numbers)].sort((a, b) => a - b);
  const parts: string[] = [];
  let start = sorted[0]!;
  let end = start;
  const close = (): void => {
    parts.push(start === end ? String(start) : `${start}–${end}`);
  };
  for (const n of sorted.slice(1)) {
    if (n === end + 1) end = n;
    else {
      close();
      start = end = n;
    }
  }
  close();
  return parts.length > MAX_PLACES ? `${parts.slice(0, MAX_PLACES).join(', ')}, …` : parts.join(', ');
}

/** 3 → "C", 28 → "AB". */
export function columnLetters(col: number): string {
  let letters = '';
  for (let n = col; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

/** A sheet name as Excel writes it in a reference: quoted when it has anything but letters, digits and _. */
function sheetRef(name: string): string {
  return /^[\p{L}\p{N}_]+$/u.test(name) ? name : `'${name.replace(/'/g, "''")}'`;
}

/** Cells grouped by sheet and column, each as the range from its first to its last row: "名单!C2:C41". */
function cellRanges(places: Place[]): string {
  const groups = new Map<string, { sheet: string | undefined; col: number; min: number; max: number }>();
  for (const p of places) {
    if (p.row === undefined || p.col === undefined) continue;
    const key = `${p.sheet ?? ''}\u0000${p.col}`;
    const group = groups.get(key);
    if (group === undefined) groups.set(key, { sheet: p.sheet, col: p.col, min: p.row, max: p.row });
    else {
      group.min = Math.min(group.min, p.row);
      group.max = Math.max(group.max, p.row);
    }
  }
  const refs = [...groups.values()].map(({ sheet, col, min, max }) => {
    const letters = columnLetters(col);
    const range = min === max ? `${letters}${min}` : `${letters}${min}:${letters}${max}`;
    return sheet === undefined ? range : `${sheetRef(sheet)}!${range}`;
  });
  return refs.length > MAX_PLACES ? `${refs.slice(0, MAX_PLACES).join(', ')}, …` : refs.join(', ');
}
