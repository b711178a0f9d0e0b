// The report's text as lines, split where the appendix table starts: headings, the period and the report date are
// read from the body (before the table) and the closing lines (after it), never from the table's cells, whose item
// titles would otherwise look like headings (“(10) 招生咨询及考生申诉渠道，新生复查期间有关举报……”).

export interface TextLine {
  /** 1-based line of the extracted text (a line of a text file; a block of HTML, Word or PDF). */
  line: number;
  text: string;
}

export interface ReportText {
  /** Lines before the appendix table (all lines when there is none). */
  body: TextLine[];
  /** Lines after the last line that looks like a table row. */
  closing: TextLine[];
}

const SPACES = /[\s\u3000\u00a0]+/g;

/** A table row or a piece of one: tab-separated cells, a URL, an item number like (12), a bare 无. */
function tableLike(text: string): boolean {
  return /\t/.test(text) || /https?:\/\//i.test(text) || /^[（(]\s*\d+\s*[)）]/.test(text.trim()) || /^(无|\d+)$/.test(text.trim());
}

/** Splits the text at the table header (a line starting 序号 with 事项 on it or the next three lines). */
export function splitReportText(text: string): ReportText {
  const lines = text.split(/\r\n|\r|\n/).map((t, i) => ({ line: i + 1, text: t }));
  const compact = lines.map((l) => l.text.replace(SPACES, ''));
  let start = -1;
  for (let i = 0; i < lines.length && start < 0; i++) {
    if (!compact[i]!.startsWith('序号')) continue;
    const near = compact.slice(i, i + 4).join('');
    if (/事项/.test(near) && /(链接|网址|地址|URL)/i.test(near)) start = i;
  }
  if (start < 0) return { body: lines.filter((l) => l.text.trim()), closing: [] };
  let end = start;
  for (let i = start + 1; i < lines.length; i++) {
    const t = lines[i]!.text;
    if (!t.trim()) continue;
    if (tableLike(t) || /^序号/.test(compact[i]!) || /^(类别|公开事项|相关链接)$/.test(compact[i]!)) end = i;
  }
  // HTML and Word tables put every cell on its own line: a category cell like 基本信息（6项） or a title without its
  // number is table text too, up to the last line that looks like a row.
  return {
    body: lines.slice(0, start).filter((l) => l.text.trim()),
    closing: lines.slice(end + 1).filter((l) => l.text.trim()),
  };
}

/** A line with its spacing removed, for matching Chinese text typeset with spaces (2024 年 11 月 20 日). */
export function compactText(text: string): string {
  return text.replace(SPACES, '');
}
