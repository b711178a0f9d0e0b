// Plain text extracted from a report: one table row per line, cells separated by tabs.
import type { SourceRow } from './table.js';

/** Splits text into rows: a line with tabs is a row of cells; a line without is a fragment (column unknown). */
export function textRows(text: string): SourceRow[] {
  return text.split(/\r\n|\r|\n/).map((line, index) => {
    const place = { line: index + 1 };
    if (line.includes('\t')) return { cells: line.split('\t'), place };
    return { cells: [line], place, fragment: true };
  });
}
