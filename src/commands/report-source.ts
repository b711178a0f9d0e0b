// An annual report (DOCX, PDF, HTML or text) where a checklist is expected: `run REPORT` and `review REPORT` read its
// appendix table exactly as `import` does, say what could not be placed, and check the items it lists.
import { open } from 'node:fs/promises';
import path from 'node:path';
import type { CliContext } from './context.js';
import type { Checklist, ChecklistProblem, Lang } from '../types.js';
import { formatProblem, parseChecklist } from '../checklist/index.js';
import { checklistYaml, importReport, type ImportResult } from '../import/index.js';
import { describeImport } from './import.js';

const REPORT_EXTENSIONS = new Set(['.docx', '.pdf', '.html', '.htm', '.txt', '.text']);
const CHECKLIST_EXTENSIONS = new Set(['.yaml', '.yml']);

/**
 * Whether a file given as a checklist is an annual report instead: by its extension (.docx .pdf .html .htm .txt;
 * .yaml and .yml stay checklists), else by its first bytes (a PDF, a ZIP/DOCX, an HTML document).
 */
export async function isReportFile(file: string): Promise<boolean> {
  const extension = path.extname(file).toLowerCase();
  if (CHECKLIST_EXTENSIONS.has(extension)) return false;
  if (REPORT_EXTENSIONS.has(extension)) return true;
  let head = '';
  try {
    const handle = await open(file, 'r');
    try {
      const buffer = Buffer.alloc(512);
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
      head = buffer.subarray(0, bytesRead).toString('latin1');
    } finally {
      await handle.close();
    }
  } catch {
    return false; // the checklist loader names the file and the reason
  }
  return head.startsWith('%PDF-') || head.startsWith('PK\u0003\u0004') || /^\s*(<!doctype html|<html)/i.test(head);
}

export interface ReportChecklist {
  /** What import read; `file` is the path as given. */
  imported: ImportResult;
  /** The items to check, as `run` would load them from the YAML `import` writes; absent when no item was read. */
  checklist?: Checklist;
  /** Problems the checklist loader found in that YAML (as `import` prints them after “validation”). */
  problems: ChecklistProblem[];
}

/**
 * Reads a report's table as `import` does. The checklist goes through the YAML `import` would write and the
 * checklist loader, so that `run REPORT` checks exactly what `run` on the imported checklist checks.
 */
export async function readReportChecklist(file: string, ctx: CliContext, lang: Lang, institution?: string): Promise<ReportChecklist> {
  const imported = await importReport(path.resolve(ctx.cwd, file), institution ? { institution } : {});
  imported.file = file;
  if (!imported.checklist) return { imported, problems: [] };
  const named = { ...imported.checklist, institution: imported.checklist.institution || path.basename(file) };
  const loaded = parseChecklist(checklistYaml(named, { missingUrl: '无' }), file, { lang });
  if (!loaded.checklist) return { imported, problems: loaded.problems };
  return { imported, checklist: { ...loaded.checklist, file }, problems: loaded.problems };
}

/** What import says about a report: to stderr, as `import` prints it. */
export function sayImport(imported: ImportResult, ctx: CliContext, lang: Lang): void {
  for (const line of describeImport(imported, lang)) ctx.stderr.write(`${line}\n`);
}

/**
 * `run REPORT`: the report's items as a checklist, after saying what import found (and what it could not place) on
 * stderr. Undefined, with the reason said, when no item could be read.
 */
export async function checklistFromReport(file: string, ctx: CliContext, lang: Lang): Promise<Checklist | undefined> {
  const { imported, checklist, problems } = await readReportChecklist(file, ctx, lang);
  sayImport(imported, ctx, lang);
  for (const problem of problems) ctx.stderr.write(`  ${formatProblem(problem)}\n`);
  if (!checklist) {
    ctx.stderr.write(
      lang === 'zh'
        ? `xxgk-check: ${file}：没有读到可检查的事项\n`
        : `xxgk-check: ${file}: no item could be read to check\n`,
    );
  }
  return checklist;
}
