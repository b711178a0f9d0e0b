// `import`: reads the appendix table of a published annual report (text, HTML, PDF or DOCX) into a checklist.
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import type { Checklist } from '../types.js';
import { readReportMeta, type ReportMeta } from './meta.js';
import { checkAppendixTable, readAppendixTable, type AppendixTable, type SourceRow, type TableIssue } from './table.js';
import { textRows } from './text.js';
import { errorMessage } from '../errors.js';
import { NOT_TEXT, decodeTextFile, decodedNote, type TextEncoding } from '../text-file.js';

export { formatPlace } from './table.js';
export type { AppendixTable, TableIssue } from './table.js';
export { checklistYaml } from './yaml.js';

export type ReportFormat = 'text' | 'html' | 'pdf' | 'docx';

export interface ImportOptions {
  /** Overrides the institution read from the report. */
  institution?: string;
}

export interface ImportResult {
  file: string;
  format: ReportFormat;
  /** Absent when no appendix table was found or nothing could be read from it. */
  checklist?: Checklist;
  table: AppendixTable;
  meta: ReportMeta;
  /** Problems of the import, with places; any error means the table could not be read (exit 2). */
  issues: TableIssue[];
  /** How a text or HTML file was decoded, when it was not plain UTF-8 (the command says so on stderr). */
  decodedAs?: Readonly<Record<'zh' | 'en', string>>;
  /** The document's whole text, one block per line (what `review` reads headings and dates from). */
  text?: string;
}

/** Decides the format from the first bytes, then the file name. */
export function detectFormat(bytes: Uint8Array, file: string): ReportFormat {
  const head = Buffer.from(bytes.subarray(0, 512)).toString('latin1');
  if (head.startsWith('%PDF-')) return 'pdf';
  if (head.startsWith('PK\u0003\u0004')) return 'docx';
  const ext = extname(file).toLowerCase();
  if (ext === '.pdf') return 'pdf';
  if (ext === '.docx') return 'docx';
  if (ext === '.html' || ext === '.htm' || /^\s*(<!doctype html|<html|<\?xml|<table|<meta|<head|<body)/i.test(head)) {
    return 'html';
  }
  return 'text';
}

/** The common origin of all URLs (with a trailing slash), when they share one. */
export function commonSite(checklist: Checklist): string | undefined {
  const origins = new Set<string>();
  for (const category of checklist.categories) {
    for (const item of category.items) {
      for (const url of item.urls) {
        try {
          origins.add(new URL(url).origin);
        } catch {
          return undefined;
        }
      }
    }
  }
  return origins.size === 1 ? `${[...origins][0]!}/` : undefined;
}

/** Reads rows and full text from the bytes of a report in any supported format. */
async function readRows(
  bytes: Uint8Array,
  format: ReportFormat,
): Promise<{ rows: SourceRow[]; text: string; encoding?: TextEncoding } | { error: TableIssue }> {
  const fail = (zh: string, en: string): { error: TableIssue } => ({ error: { severity: 'error', message: { zh, en } } });
  if (format === 'pdf') {
    try {
      const { pdfRows } = await import('./pdf.js');
      return await pdfRows(new Uint8Array(bytes));
    } catch (err) {
      const reason = errorMessage(err);
      return fail(`无法读取 PDF：${reason}`, `cannot read the PDF: ${reason}`);
    }
  }
  if (format === 'docx') {
    try {
      const mammoth = (await import('mammoth')).default;
      const { value } = await mammoth.convertToHtml({ buffer: Buffer.from(bytes) });
      const { htmlRows, htmlText } = await import('./html.js');
      return { rows: htmlRows(value), text: htmlText(value) };
    } catch (err) {
      const reason = errorMessage(err);
      return fail(`无法读取 Word 文档：${reason}`, `cannot read the Word document: ${reason}`);
    }
  }
  const decoded = decodeTextFile(bytes);
  if (decoded === undefined) return fail(NOT_TEXT.zh, NOT_TEXT.en);
  const { text, encoding } = decoded;
  if (format === 'html') {
    // cheerio (and parse5 under it) loads only for an HTML or Word report: `run` on YAML checklists never needs it.
    const { htmlRows, htmlText } = await import('./html.js');
    return { rows: htmlRows(text), text: htmlText(text), encoding };
  }
  return { rows: textRows(text), text, encoding };
}

/** Reads a report from its bytes. Never throws for a bad input: problems come back as issues. */
export async function importReportBytes(bytes: Uint8Array, file: string, options: ImportOptions = {}): Promise<ImportResult> {
  const format = detectFormat(bytes, file);
  const read = await readRows(bytes, format);
  const empty: AppendixTable = { categories: [], unplaced: [], after: [], repeatedHeaders: 0, issues: [] };
  if ('error' in read) return { file, format, table: empty, meta: {}, issues: [read.error] };

  const table = readAppendixTable(read.rows);
  checkAppendixTable(table);
  const meta = readReportMeta(read.text);
  const issues: TableIssue[] = [];
  if (!table.header) {
    issues.push({
      severity: 'error',
      message: {
        zh: '没有找到清单事项公开情况表（表头“序号 / 类别 / 公开事项 / 相关链接”）',
        en: 'no appendix table found (a header row 序号 / 类别 / 公开事项 / 相关链接)',
      },
    });
  }
  for (const row of table.unplaced) {
    issues.push({
      severity: 'error',
      place: row.place,
      message: {
        zh: `无法归入表格（${row.reason?.zh ?? ''}）：${row.text}`,
        en: `could not place this row (${row.reason?.en ?? ''}): ${row.text}`,
      },
    });
  }
  issues.push(...table.issues);

  const institution = options.institution ?? meta.institution;
  if (!institution) {
    issues.push({
      severity: 'warning',
      kind: 'no-institution',
      message: {
        zh: '报告中没有找到学校名称：请用 --institution 指定，或在生成的文件中填写 institution',
        en: 'the report does not name the institution: pass --institution or fill in `institution` in the output',
      },
    });
  }
  const result: ImportResult = { file, format, table, meta, issues, text: read.text };
  if (read.encoding) {
    const note = decodedNote({ text: '', encoding: read.encoding, bom: read.encoding.startsWith('UTF-16') });
    if (note) result.decodedAs = note;
  }
  if (table.categories.some((c) => c.items.length > 0)) {
    const checklist: Checklist = { schema: 1, institution: institution ?? '', categories: table.categories };
    if (meta.title) checklist.title = meta.title;
    if (meta.period) checklist.period = meta.period;
    const site = commonSite(checklist);
    if (site) checklist.site = site;
    result.checklist = checklist;
  }
  return result;
}

/** Reads a report file. A missing or unreadable file comes back as an error issue naming it. */
export async function importReport(file: string, options: ImportOptions = {}): Promise<ImportResult> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code ?? errorMessage(err);
    const table: AppendixTable = { categories: [], unplaced: [], after: [], repeatedHeaders: 0, issues: [] };
    return {
      file,
      format: 'text',
      table,
      meta: {},
      issues: [{ severity: 'error', message: { zh: `无法读取文件 ${file}（${reason}）`, en: `cannot read ${file} (${reason})` } }],
    };
  }
  return importReportBytes(bytes, file, options);
}
