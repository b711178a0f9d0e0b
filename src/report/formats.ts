// The one table of report formats: a format is chosen by name (--format) or by a file's extension (--output),
// never by an if-chain.
import { extname } from 'node:path';
import type { ReportFormat } from './common.js';
import { csvChunks, renderCsv } from './csv.js';
import { htmlChunks, renderHtml } from './html.js';
import { jsonChunks, renderJson } from './json.js';
import { junitChunks, renderJunit } from './junit.js';
import { markdownChunks, renderMarkdown } from './markdown.js';
import { renderTerminal, terminalChunks } from './terminal.js';
import { renderXlsx, xlsxChunks } from './xlsx.js';

export type { ReportFormat } from './common.js';

/** The formats, by name, in the order help and messages list them. Adding a format is adding an entry here. */
export const REPORT_FORMATS = {
  terminal: { name: 'terminal', extensions: ['.txt'], render: renderTerminal, chunks: terminalChunks },
  json: { name: 'json', extensions: ['.json'], render: renderJson, chunks: jsonChunks },
  csv: { name: 'csv', extensions: ['.csv'], render: renderCsv, chunks: csvChunks },
  xlsx: { name: 'xlsx', extensions: ['.xlsx'], render: renderXlsx, chunks: xlsxChunks },
  html: { name: 'html', extensions: ['.html', '.htm'], render: renderHtml, chunks: htmlChunks },
  md: { name: 'md', extensions: ['.md', '.markdown'], render: renderMarkdown, chunks: markdownChunks },
  junit: { name: 'junit', extensions: ['.xml'], render: renderJunit, chunks: junitChunks },
} satisfies Record<string, ReportFormat>;

/** A report format's name (`--format`): a key of REPORT_FORMATS. */
export type FormatName = keyof typeof REPORT_FORMATS;

export const FORMAT_NAMES = Object.keys(REPORT_FORMATS) as FormatName[];

/** A table of formats by name, each with the file extensions that select it (REPORT_FORMATS, HISTORY_FORMATS). */
type FormatTable<Name extends string> = Record<Name, { extensions: readonly string[] }>;

/** The format of `table` a file name asks for by its extension (case-insensitive), or undefined. */
export function formatInTableForPath<Name extends string>(table: FormatTable<Name>, path: string): Name | undefined {
  const extension = extname(path).toLowerCase();
  if (!extension) return undefined;
  return (Object.keys(table) as Name[]).find((name) => table[name].extensions.includes(extension));
}

/**
 * The file extensions `-o` writes with `table`, for help and messages: the canonical (first) one of each format but
 * the terminal table, `.json .csv .xlsx .html .md .xml`; `all` lists every extension of those formats (`.html .htm`
 * …); `or` is the word before the last one (`or`, `或`).
 */
export function extensionsInTable<Name extends string>(table: FormatTable<Name>, options: { all?: boolean; or?: string } = {}): string {
  const extensions = (Object.keys(table) as Name[])
    .filter((name) => name !== 'terminal')
    .flatMap((name) => {
      const all = table[name].extensions;
      return options.all ? all : all.slice(0, 1);
    });
  const last = extensions.pop() ?? '';
  if (extensions.length === 0) return last;
  return `${extensions.join(' ')} ${options.or ? `${options.or} ` : ''}${last}`;
}

/** The run report's format a file name asks for by its extension (case-insensitive), or undefined. */
export function formatForPath(path: string): FormatName | undefined {
  return formatInTableForPath(REPORT_FORMATS, path);
}

/** The run report's `-o` extensions (extensionsInTable of REPORT_FORMATS). */
export function outputExtensions(options: { all?: boolean; or?: string } = {}): string {
  return extensionsInTable(REPORT_FORMATS, options);
}

/** Whether `name` is a format name (for validating --format). */
export function isFormatName(name: string): name is FormatName {
  return Object.hasOwn(REPORT_FORMATS, name);
}
