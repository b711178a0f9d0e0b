// Reads the appendix table (清单事项公开情况表) out of rows of cells, whatever format they came from.
// Every reader (plain text, HTML, PDF, DOCX) turns its input into `SourceRow`s; this module finds the header
// (序号 / 类别 / 公开事项 / 相关链接), then places every row: a category start, an item start, or the continuation of
// a wrapped title, URL or category name. Whatever it cannot place is kept with its place, never dropped.
import type { Category, Item } from '../types.js';

/** Where a row came from: a line of text, or a page/row of a PDF, or a table row of HTML/DOCX. */
export interface Place {
  line?: number;
  /** 1-based number of the <table> in an HTML or DOCX document. */
  table?: number;
  page?: number;
  row?: number;
}

export interface SourceRow {
  /**
   * Cells in source order. A row whose column is unknown (a text line without tabs) has one cell and
   * `fragment: true`; the table reader decides whether it continues a title or a URL.
   */
  cells: string[];
  place: Place;
  fragment?: boolean;
}

export interface PlacedText {
  place: Place;
  text: string;
  /** Why the row could not be placed (English; the text is shown as it was). */
  reason?: Reason;
}

export interface Reason {
  zh: string;
  en: string;
}

export interface TableIssue {
  severity: 'error' | 'warning';
  place?: Place;
  message: Reason;
  /** Issues that `review` reports with requirements of its own (CATEGORY_COUNT) or does not need (the institution). */
  kind?: 'declared-count' | 'few-categories' | 'no-institution';
}

export interface AppendixTable {
  /** Where the header row was found; absent when no appendix table was found. */
  header?: Place;
  categories: Category[];
  /** Rows inside the table that could not be placed: each one makes the import fail. */
  unplaced: PlacedText[];
  /** Rows after the last table row (signatures, page footers…): listed, not read. */
  after: PlacedText[];
  /** Header rows repeated on page breaks, skipped. */
  repeatedHeaders: number;
  issues: TableIssue[];
}

export function formatPlace(place: Place | undefined, lang: 'zh' | 'en' = 'en'): string {
  if (!place) return '';
  const parts: string[] = [];
  if (place.table !== undefined) parts.push(lang === 'zh' ? `表${place.table}` : `table ${place.table}`);
  if (place.page !== undefined) parts.push(lang === 'zh' ? `第${place.page}页` : `page ${place.page}`);
  if (place.row !== undefined) parts.push(lang === 'zh' ? `第${place.row}行` : `row ${place.row}`);
  if (place.line !== undefined) parts.push(lang === 'zh' ? `第${place.line}行` : `line ${place.line}`);
  return parts.join(lang === 'zh' ? '' : ' ');
}

/** Full-width digits and brackets to ASCII, NBSP and ideographic space to a space; trims. */
export function normaliseCell(text: string): string {
  return text
    .replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0))
    .replace(/[\u00a0\u3000]/g, ' ')
    .replace(/[ \t\r\n]+/g, ' ')
    .trim();
}

const HEADER_WORDS: { column: Column; pattern: RegExp }[] = [
  { column: 'no', pattern: /^(序\s*号|编\s*号)$/ },
  { column: 'category', pattern: /^(类\s*别|类\s*型|分\s*类|类别名称)$/ },
  { column: 'title', pattern: /(公开事项|清单事项|事项名称|事项)$/ },
  { column: 'link', pattern: /(相关链接|链接|网址|公开网址|公开地址|URL)$/i },
];

type Column = 'no' | 'category' | 'title' | 'link';

/** The columns of a header row by index, when the row is a header (all four columns named). */
export function headerColumns(cells: string[]): Record<Column, number> | undefined {
  const found: Partial<Record<Column, number>> = {};
  cells.forEach((raw, index) => {
    const cell = normaliseCell(raw);
    for (const { column, pattern } of HEADER_WORDS) {
      if (found[column] === undefined && pattern.test(cell)) {
        found[column] = index;
        break;
      }
    }
  });
  if (found.no === undefined || found.category === undefined || found.title === undefined || found.link === undefined) {
    return undefined;
  }
  return found as Record<Column, number>;
}

const CATEGORY = /^(.*?)\s*[（(]\s*(\d+)\s*项\s*[）)]\s*$/;
const ITEM_START = /^[（(]\s*(\d+)\s*[）)]\s*(.*)$/;
const CJK = /[\u3400-\u9fff]/;
const URL_START = /^https?:\/\//i;
/** Characters a URL may contain (RFC 3986 plus %); a wrapped URL's rest is made only of these. */
const URL_CHARS = /^[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]+$/;
const JUNK = /[\ufffd\u0000-\u0008\u000b\u000c\u000e-\u001f]/;
const NO_LINK = /^(无|暂无|—+|-+|\/)$/;

/** Splits a category cell like `招生考试信息（8项）` into its name and declared count. */
export function parseCategoryCell(text: string): { name: string; declared?: number; complete: boolean } {
  const match = CATEGORY.exec(text);
  if (match) return { name: match[1]!.trim(), declared: Number(match[2]), complete: true };
  return { name: text.trim(), complete: false };
}

/** Joins a wrapped piece of title onto what came before: no space between CJK, one between Latin words. */
function joinText(before: string, rest: string): string {
  if (!before) return rest;
  if (!rest) return before;
  const a = before.at(-1)!;
  const b = rest[0]!;
  if (/[A-Za-z0-9,;]/.test(a) && /[A-Za-z0-9]/.test(b)) return `${before} ${rest}`;
  return before + rest;
}

interface OpenItem {
  item: Item;
  /** A link cell was seen (a URL or 无): the item is complete. */
  linked: boolean;
  place: Place;
}

/**
 * Reads the appendix table from rows. Finds the first header row; everything before it is ignored.
 */
export function readAppendixTable(rows: SourceRow[]): AppendixTable {
  const table: AppendixTable = { categories: [], unplaced: [], after: [], repeatedHeaders: 0, issues: [] };
  let start = -1;
  let columns: Record<Column, number> | undefined;
  for (let i = 0; i < rows.length; i++) {
    const found = rows[i]!.fragment ? undefined : headerColumns(rows[i]!.cells);
    if (found) {
      start = i;
      columns = found;
      table.header = rows[i]!.place;
      break;
    }
  }
  if (start < 0 || !columns) return table;
  const width = Math.max(...Object.values(columns)) + 1;

  // The table ends at the last row that looks like part of it: a row with several cells, or a URL piece.
  let end = start;
  for (let i = start + 1; i < rows.length; i++) {
    const row = rows[i]!;
    const text = row.cells.map(normaliseCell).filter(Boolean);
    if (text.length === 0) continue;
    const urlPiece = (t: string): boolean => URL_START.test(t) || NO_LINK.test(t) || (URL_CHARS.test(t) && !/^\d+$/.test(t));
    const tableLike = row.fragment
      ? urlPiece(text[0]!)
      : /^\d+$/.test(normaliseCell(row.cells[0] ?? '')) || text.some((t) => ITEM_START.test(t) || urlPiece(t));
    if (tableLike) end = i;
  }

  let category: Category | undefined;
  let categoryOpen = false;
  let open: OpenItem | undefined;
  const lastItemNo = (): number => {
    const items = table.categories.flatMap((c) => c.items);
    return items.length ? items.at(-1)!.no : 0;
  };

  const closeItem = (): void => {
    if (open && !open.linked) {
      table.issues.push({
        severity: 'error',
        place: open.place,
        message: {
          zh: `事项 (${open.item.no}) 没有链接栏（既无网址也无“无”）：表格是否被截断？`,
          en: `item (${open.item.no}) has no link cell (neither a URL nor 无): is the table cut off?`,
        },
      });
    }
    open = undefined;
  };

  const unplaced = (row: SourceRow, reason: Reason): void => {
    table.unplaced.push({ place: row.place, text: row.cells.join('\t').trim(), reason });
  };

  for (let i = start + 1; i < rows.length; i++) {
    const row = rows[i]!;
    const texts = row.cells.map(normaliseCell);
    if (texts.every((t) => t === '')) continue;
    if (i > end) {
      table.after.push({ place: row.place, text: row.cells.join('\t').trim() });
      continue;
    }
    if (!row.fragment && headerColumns(row.cells)) {
      table.repeatedHeaders++;
      continue;
    }
    if (texts.some((t) => JUNK.test(t))) {
      unplaced(row, { zh: '含有乱码或控制字符', en: 'contains garbled or control characters' });
      continue;
    }

    let no = '';
    let categoryText = '';
    let title = '';
    let link = '';
    if (row.fragment) {
      const text = texts.join(' ');
      if (URL_START.test(text) || NO_LINK.test(text)) link = text;
      else if (open?.item.urls.length && URL_CHARS.test(text) && !/^\d+$/.test(text)) link = text;
      else if (open && CJK.test(text) && !ITEM_START.test(text)) title = text;
      else {
        unplaced(row, { zh: '不是表格的行，也不是上一行被折断的标题或网址', en: 'neither a table row nor the wrapped rest of a title or URL' });
        continue;
      }
    } else {
      // Text rows may have fewer cells than the header (a wrapped title followed by its link: `rest<TAB>url`).
      let cells = texts;
      while (cells.length > 1 && cells.at(-1) === '') cells = cells.slice(0, -1);
      if (cells.length > width) {
        unplaced(row, { zh: `有 ${cells.length} 栏，表头只有 ${width} 栏`, en: `has ${cells.length} cells, the header has ${width}` });
        continue;
      }
      if (cells.length < width && row.cells.length < width) {
        // Right-align the cells we have onto title/link (the columns that wrap).
        const padded = Array<string>(width).fill('');
        const targets = cells.length === 2 ? [columns.title, columns.link] : [...Array(cells.length).keys()];
        cells.forEach((cell, k) => (padded[targets[k]!] = cell));
        cells = padded;
      }
      no = cells[columns.no] ?? '';
      categoryText = cells[columns.category] ?? '';
      title = cells[columns.title] ?? '';
      link = cells[columns.link] ?? '';
    }

    if (no && !/^\d+$/.test(no)) {
      unplaced(row, { zh: `序号栏“${no}”不是数字`, en: `the number cell "${no}" is not a number` });
      continue;
    }
    const itemStart = ITEM_START.exec(title);
    if (!no && !categoryText && !itemStart && !open && (title || link)) {
      unplaced(row, { zh: '在任何事项之前', en: 'comes before any item' });
      continue;
    }
    if (!no && categoryText && !categoryOpen) {
      unplaced(row, { zh: '类别栏有文字，但不是新类别（缺序号）', en: 'text in the category column that starts no category (no number)' });
      continue;
    }

    if (no) {
      closeItem();
      const parsed = parseCategoryCell(categoryText);
      category = { name: parsed.name, items: [] };
      if (parsed.declared !== undefined) category.declared = parsed.declared;
      categoryOpen = !parsed.complete;
      const expected = table.categories.length + 1;
      if (Number(no) !== expected) {
        table.issues.push({
          severity: 'warning',
          place: row.place,
          message: { zh: `类别序号为 ${no}，应为 ${expected}`, en: `category number ${no} where ${expected} was expected` },
        });
      }
      table.categories.push(category);
    } else if (categoryText && category) {
      const parsed = parseCategoryCell(joinText(category.name, categoryText));
      category.name = parsed.name;
      if (parsed.declared !== undefined) category.declared = parsed.declared;
      categoryOpen = !parsed.complete;
    }

    if (itemStart) {
      closeItem();
      if (!category) {
        unplaced(row, { zh: '事项出现在任何类别之前', en: 'an item before any category' });
        continue;
      }
      const itemNo = Number(itemStart[1]);
      if (itemNo !== lastItemNo() + 1) {
        table.issues.push({
          severity: 'warning',
          place: row.place,
          message: {
            zh: `事项编号从 (${lastItemNo()}) 跳到 (${itemNo})`,
            en: `item numbers jump from (${lastItemNo()}) to (${itemNo})`,
          },
        });
      }
      const item: Item = { no: itemNo, title: itemStart[2]!.trim(), category: category.name, urls: [] };
      category.items.push(item);
      open = { item, linked: false, place: row.place };
    } else if (title && open) {
      open.item.title = joinText(open.item.title, title);
    }

    if (link && open) {
      if (!addLink(open, link)) {
        unplaced(row, { zh: `链接栏“${link}”不是网址`, en: `the link cell "${link}" is not a URL` });
      }
    }
  }
  closeItem();
  // Items carry the final category names (a wrapped category name is complete only after its last piece).
  for (const c of table.categories) for (const item of c.items) item.category = c.name;
  return table;
}

/** Adds a link cell's text to the open item: new URLs, the rest of a wrapped URL, or 无. False when it is not a link. */
function addLink(open: OpenItem, text: string): boolean {
  for (const token of text.split(/[\s；;，,]+/).filter(Boolean)) {
    if (NO_LINK.test(token)) {
      open.linked = true;
    } else if (URL_START.test(token)) {
      open.item.urls.push(token);
      open.linked = true;
    } else if (open.item.urls.length > 0 && URL_CHARS.test(token)) {
      const last = open.item.urls.length - 1;
      open.item.urls[last] = open.item.urls[last]! + token;
    } else {
      return false;
    }
  }
  return true;
}

/** Checks the table as a whole: counts declared vs listed, truncation, every URL parses. */
export function checkAppendixTable(table: AppendixTable, expectedCategories = 10): void {
  if (!table.header) return;
  const items = table.categories.flatMap((c) => c.items);
  if (items.length === 0) {
    table.issues.push({
      severity: 'error',
      place: table.header,
      message: { zh: '表头之后没有读到任何事项', en: 'no item could be read after the header' },
    });
    return;
  }
  for (const category of table.categories) {
    if (category.declared !== undefined && category.declared !== category.items.length) {
      table.issues.push({
        severity: 'warning',
        kind: 'declared-count',
        message: {
          zh: `类别“${category.name}”声明 ${category.declared} 项，实际列出 ${category.items.length} 项`,
          en: `category "${category.name}" declares ${category.declared} items and lists ${category.items.length}`,
        },
      });
    }
    for (const item of category.items) {
      for (const url of item.urls) {
        let ok = false;
        try {
          ok = /^https?:$/.test(new URL(url).protocol);
        } catch {
          ok = false;
        }
        if (!ok) {
          table.issues.push({
            severity: 'error',
            message: { zh: `事项 (${item.no}) 的网址无法解析：${url}`, en: `item (${item.no}): the URL does not parse: ${url}` },
          });
        }
      }
    }
  }
  if (table.categories.length < expectedCategories) {
    table.issues.push({
      severity: 'error',
      kind: 'few-categories',
      message: {
        zh: `表格在第 ${table.categories.length} 类后结束，教育部清单共 ${expectedCategories} 类：输入是否被截断？`,
        en: `the table ends after category ${table.categories.length}; the ministry's list has ${expectedCategories}: is the input cut off?`,
      },
    });
  }
}
