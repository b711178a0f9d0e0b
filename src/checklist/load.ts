// Reading a checklist file (schema 1, YAML): never throws, returns the checklist and/or every problem found.
import { readFile, stat } from 'node:fs/promises';
import { LineCounter, parseDocument, visit, type Document } from 'yaml';
import type { Checklist, ChecklistProblem, Item, Lang } from '../types.js';
import { ChecklistReader } from './schema.js';
import { scanTypos, unclosedQuoteMessage } from './typos.js';
import { errorMessage } from '../errors.js';
import { NOT_TEXT, decodeTextFile, decodedNote } from '../text-file.js';

export interface LoadedChecklist {
  /** Absent when any problem is an error. */
  checklist?: Checklist;
  problems: ChecklistProblem[];
}

export interface ChecklistOptions {
  /** Overrides the file's `site:` (base of relative URLs), e.g. a test server on a random port. */
  site?: string;
  /** Language of problem messages; English when absent. */
  lang?: Lang;
}

/** Files larger than this are refused before they are read. */
export const MAX_CHECKLIST_BYTES = 5 * 1024 * 1024;
/** More alias expansions than this is a "billion laughs" file, not a checklist. */
export const MAX_ALIAS_COUNT = 100;

function whole(file: string, lang: Lang, zh: string, en: string): ChecklistProblem {
  return { severity: 'error', file, line: 0, col: 0, message: lang === 'zh' ? zh : en };
}

/** Parse checklist text. `file` names it in problems and becomes `checklist.file`. */
export function parseChecklist(text: string, file: string, options: ChecklistOptions = {}): LoadedChecklist {
  const lang = options.lang ?? 'en';
  try {
    return parseUnguarded(text, file, options, lang);
  } catch (err) {
    // The yaml library or the schema walk failed on input nobody foresaw (e.g. nesting so deep the stack ends).
    const reason = errorMessage(err);
    return { problems: [whole(file, lang, `无法读取清单：${reason}`, `cannot read the checklist: ${reason}`)] };
  }
}

function parseUnguarded(text: string, file: string, options: ChecklistOptions, lang: Lang): LoadedChecklist {
  if (Buffer.byteLength(text, 'utf8') > MAX_CHECKLIST_BYTES) {
    return { problems: [tooLarge(file, lang)] };
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, logLevel: 'error' }) as Document;
  const problems: ChecklistProblem[] = [];
  const place = (pos: [number, number]): { line: number; col: number } => {
    const { line, col } = lineCounter.linePos(pos[0]);
    return line === 0 ? { line: 1, col: pos[0] + 1 } : { line, col };
  };
  const yamlErrors: ChecklistProblem[] = doc.errors.map((error) => ({ severity: 'error', file, ...place(error.pos), message: yamlMessage(error.code, error.message, lang) }));
  const yamlWarnings: ChecklistProblem[] = doc.warnings.map((warning) => ({ severity: 'warning', file, ...place(warning.pos), message: yamlMessage(warning.code, warning.message, lang) }));
  // Mistakes explained in words (typos.ts) replace the parser's messages for them and its follow-on errors.
  const typos = scanTypos(text, file, lang);
  doc.errors.forEach((error, i) => {
    if (typos.unclosedQuote && /missing closing .?quote/i.test(error.message)) {
      yamlErrors[i] = { severity: 'error', file, line: typos.unclosedQuote.line, col: typos.unclosedQuote.col, message: unclosedQuoteMessage(typos.unclosedQuote.quote, lang) };
    }
  });
  const failing = new Set(yamlErrors.map((e) => e.line));
  const curlyErrors = typos.curly.filter((c) => failing.has(c.line)).map((c) => ({ ...c, severity: 'error' as const }));
  const curlyWarnings = typos.curly.filter((c) => !failing.has(c.line));
  const explained = [...typos.errors, ...curlyErrors];
  const byPlace = (a: ChecklistProblem, b: ChecklistProblem): number => a.line - b.line || a.col - b.col;
  if (explained.length > 0) {
    // The parser's errors before the first explained mistake are real; those after it follow from it.
    const first = Math.min(...explained.map((e) => e.line));
    const before = [...new Map(yamlErrors.filter((e) => e.line < first).map((e) => [`${e.line}:${e.col}:${e.message}`, e])).values()];
    return { problems: [...before, ...explained, ...curlyWarnings, ...typos.comments].sort(byPlace) };
  }
  problems.push(...yamlErrors, ...yamlWarnings, ...curlyWarnings, ...typos.comments);
  // Schema checks on a document the parser could not read would only add confusing follow-on errors.
  if (doc.errors.length > 0) return { problems: problems.sort(byPlace) };

  // Expanding aliases with a cap refuses "billion laughs" files before the schema walk follows any alias. A file
  // without aliases (nearly every checklist) needs no expansion: making its whole JS copy only to drop it would cost
  // time and, for a checklist of thousands of items, tens of MB of garbage.
  try {
    if (hasAlias(doc)) doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT, mapAsMap: true });
  } catch (err) {
    if (err instanceof ReferenceError && /alias/i.test(err.message)) {
      problems.push(
        whole(
          file,
          lang,
          `YAML 别名（*name）展开次数过多（上限 ${MAX_ALIAS_COUNT}），拒绝读取：疑似“别名炸弹”`,
          `too many YAML alias expansions (*name, limit ${MAX_ALIAS_COUNT}): refusing a possible alias bomb`,
        ),
      );
      return { problems };
    }
    throw err;
  }

  const reader = new ChecklistReader(doc, lineCounter, file, lang, options.site);
  const checklist = reader.read();
  problems.push(...reader.problems);
  problems.sort((a, b) => a.line - b.line || a.col - b.col);
  return hasErrors(problems) || checklist === undefined ? { problems } : { checklist, problems };
}

/** Whether the document uses an alias (`*name`) anywhere. */
function hasAlias(doc: Document): boolean {
  let found = false;
  visit(doc, {
    Alias() {
      found = true;
      return visit.BREAK;
    },
  });
  return found;
}

function yamlMessage(code: string, message: string, lang: Lang): string {
  if (lang === 'en') return `YAML: ${message}`;
  const zh: Record<string, string> = {
    DUPLICATE_KEY: '同一映射中的键重复',
    BAD_INDENT: '缩进错误',
    MISSING_CHAR: '缺少字符（如引号或括号未闭合）',
    MULTILINE_IMPLICIT_KEY: '键不能跨行（可能是缩进或冒号有误）',
    TAB_AS_INDENT: '不能用制表符（Tab）缩进，请用空格',
    UNEXPECTED_TOKEN: '意外的符号',
    BLOCK_AS_IMPLICIT_KEY: '值中的“: ”被当成了嵌套映射，请给值加引号',
    BAD_SCALAR_START: '值的开头字符不合法（可加引号）',
  };
  const hint = zh[code];
  return hint ? `YAML 语法错误：${hint}（${message}）` : `YAML 语法错误：${message}`;
}

function tooLarge(file: string, lang: Lang): ChecklistProblem {
  const mib = MAX_CHECKLIST_BYTES / 1024 / 1024;
  return whole(file, lang, `文件超过 ${mib} MiB，不像是清单，拒绝读取`, `the file is larger than ${mib} MiB: not a checklist, refusing to read it`);
}

/**
 * Read and parse a checklist file: UTF-8, UTF-16 with a BOM or GB18030/GBK (said in a warning). A missing, huge or
 * undecodable file is a problem, never an exception.
 */
export async function loadChecklist(file: string, options: ChecklistOptions = {}): Promise<LoadedChecklist> {
  const lang = options.lang ?? 'en';
  let bytes: Buffer;
  try {
    const info = await stat(file);
    if (info.isDirectory()) {
      return { problems: [whole(file, lang, '这是一个目录，不是清单文件', 'is a directory, not a checklist file')] };
    }
    if (info.size > MAX_CHECKLIST_BYTES) return { problems: [tooLarge(file, lang)] };
    bytes = await readFile(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { problems: [whole(file, lang, '文件不存在', 'no such file')] };
    if (code === 'EACCES' || code === 'EPERM') return { problems: [whole(file, lang, '没有读取权限', 'permission denied')] };
    const reason = errorMessage(err);
    return { problems: [whole(file, lang, `无法读取文件：${reason}`, `cannot read the file: ${reason}`)] };
  }
  if (bytes.length > MAX_CHECKLIST_BYTES) return { problems: [tooLarge(file, lang)] };
  const decoded = decodeTextFile(bytes);
  if (decoded === undefined) return { problems: [whole(file, lang, NOT_TEXT.zh, NOT_TEXT.en)] };
  const loaded = parseChecklist(decoded.text, file, options);
  const note = decodedNote(decoded);
  // Said as a warning (on stderr with the other problems): the file is used, and the person knows how it was read.
  if (note) loaded.problems.unshift({ severity: 'warning', file, line: 0, col: 0, message: note[lang] });
  return loaded;
}

/** `file:line:col: error: message`, or `file: error: message` when the problem has no single place. */
export function formatProblem(p: ChecklistProblem): string {
  const place = p.line > 0 ? `${p.file}:${p.line}:${p.col}` : p.file;
  return `${place}: ${p.severity}: ${p.message}`;
}

export function hasErrors(problems: ChecklistProblem[]): boolean {
  return problems.some((p) => p.severity === 'error');
}

/** Every item of the checklist, in checklist order. */
export function allItems(checklist: Checklist): Item[] {
  return checklist.categories.flatMap((category) => category.items);
}
