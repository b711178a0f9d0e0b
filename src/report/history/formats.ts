// The one table of the `history` report's formats, like REPORT_FORMATS for a run: a format is chosen by name
// (--format) or by a file's extension (-o). Adding a format is adding an entry here.
import type { HistoryReport } from '../../history/report-types.js';
import type { ReportOptions } from '../common.js';
import { unknownFormatError, writeFileAtomically } from '../write.js';
import { extensionsInTable, formatInTableForPath } from '../formats.js';
import { renderHistoryCsv } from './csv.js';
import { renderHistoryHtml } from './html.js';
import { renderHistoryXlsx } from './xlsx.js';
import { renderHistoryJson } from './json.js';
import { renderHistoryMarkdown } from './markdown.js';
import { renderHistoryTerminal } from './terminal.js';

/** One entry of HISTORY_FORMATS. */
export interface HistoryReportFormat {
  name: string;
  /** File extensions (lower case, with the dot) that select this format; the first is the canonical one. */
  extensions: string[];
  render(report: HistoryReport, options: ReportOptions): string | Buffer | Promise<string | Buffer>;
}

const FORMATS = {
  terminal: { name: 'terminal', extensions: ['.txt'], render: renderHistoryTerminal },
  json: { name: 'json', extensions: ['.json'], render: renderHistoryJson },
  csv: { name: 'csv', extensions: ['.csv'], render: renderHistoryCsv },
  xlsx: { name: 'xlsx', extensions: ['.xlsx'], render: renderHistoryXlsx },
  html: { name: 'html', extensions: ['.html', '.htm'], render: renderHistoryHtml },
  md: { name: 'md', extensions: ['.md', '.markdown'], render: renderHistoryMarkdown },
} satisfies Record<string, HistoryReportFormat>;

export type HistoryFormatName = keyof typeof FORMATS;

/** The formats, by name, in the order help and messages list them (a renderer may be asynchronous: xlsx). */
export const HISTORY_FORMATS: Record<HistoryFormatName, HistoryReportFormat> = FORMATS;

export const HISTORY_FORMAT_NAMES = Object.keys(HISTORY_FORMATS) as HistoryFormatName[];

/** The history format a file name asks for by its extension (case-insensitive), or undefined. */
export function historyFormatForPath(path: string): HistoryFormatName | undefined {
  return formatInTableForPath(HISTORY_FORMATS, path);
}

/** The history report's `-o` extensions: `.json .csv .xlsx .html .md`; `or` is the word before the last. */
export function historyOutputExtensions(options: { all?: boolean; or?: string } = {}): string {
  return extensionsInTable(HISTORY_FORMATS, options);
}

/**
 * Render the report in the format the path's extension names and write it to `path` atomically (no colours in a
 * file). Rejects with a ReportWriteError naming the file.
 */
export async function writeHistoryReportFile(path: string, report: HistoryReport, options: ReportOptions): Promise<void> {
  const format = historyFormatForPath(path);
  if (!format) throw unknownFormatError(path, historyOutputExtensions({ all: true }), options.lang);
  const content = await HISTORY_FORMATS[format].render(report, { ...options, color: false });
  await writeFileAtomically(path, content, options.lang);
}
