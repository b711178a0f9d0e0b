// The one table of report formats: a format is chosen by name (--format) or by a file's extension (--output),
// never by an if-chain.
import { extname } from 'node:path';
import type { RunResult } from '../types.js';
import type { FormatName, ReportFormat, ReportOptions } from './common.js';
import { renderCsv } from './csv.js';
import { renderHtml } from './html.js';
import { renderJson } from './json.js';
import { renderJunit } from './junit.js';
import { renderMarkdown } from './markdown.js';
import { renderTerminal } from './terminal.js';
import { renderXlsx } from './xlsx.js';

export type { FormatName, ReportFormat, ReportOptions } from './common.js';

export const REPORT_FORMATS: Record<FormatName, ReportFormat> = {
  terminal: { name: 'terminal', extensions: ['.txt'], render: renderTerminal },
  json: { name: 'json', extensions: ['.json'], render: renderJson },
  csv: { name: 'csv', extensions: ['.csv'], render: renderCsv },
  xlsx: { name: 'xlsx', extensions: ['.xlsx'], render: renderXlsx },
  html: { name: 'html', extensions: ['.html', '.htm'], render: renderHtml },
  md: { name: 'md', extensions: ['.md', '.markdown'], render: renderMarkdown },
  junit: { name: 'junit', extensions: ['.xml'], render: renderJunit },
};

export const FORMAT_NAMES = Object.keys(REPORT_FORMATS) as FormatName[];

/** The format a file name asks for by its extension (case-insensitive), or undefined. */
export function formatForPath(path: string): FormatName | undefined {
  const extension = extname(path).toLowerCase();
  if (!extension) return undefined;
  return FORMAT_NAMES.find((name) => REPORT_FORMATS[name].extensions.includes(extension));
}

/** Whether `name` is a format name (for validating --format). */
export function isFormatName(name: string): name is FormatName {
  return Object.hasOwn(REPORT_FORMATS, name);
}

/** Render a run in a format (to stdout or elsewhere; writeReportFile does files). */
export async function renderReport(format: FormatName, run: RunResult, options: ReportOptions): Promise<string | Buffer> {
  return REPORT_FORMATS[format].render(run, options);
}
