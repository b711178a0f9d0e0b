// Mistakes a person typing a checklist with a Chinese input method makes, found on the raw text so that they can be
// explained in words instead of the YAML parser's: a full-width colon or comma where YAML needs ":" or ",", curly
// quotes “” ‘’ used as quotes, a tab in the indentation, a quote opened and never closed, and " #" inside a plain
// value (YAML reads the rest of the line as a comment). Each is reported once, at its own line and column.
import type { ChecklistProblem, Lang } from '../types.js';

export interface TypoScan {
  /** Mistakes that make the file wrong whatever the parser says: reported instead of the parser's follow-on errors. */
  errors: ChecklistProblem[];
  /** Curly quotes around a whole value: an error when the parser fails on that line, else a warning. */
  curly: ChecklistProblem[];
  /** ` #` in a plain value: warnings. */
  comments: ChecklistProblem[];
  /** Where a quoted value opens and is not closed on its line (1-based line and column), for "Missing closing quote". */
  unclosedQuote?: { line: number; col: number; quote: string };
}

/** `key:` or `- key:` at the start of a line; group 1 is the indentation and dash, group 2 the key. */
const KEY = /^(\s*(?:-\s+)?)([A-Za-z_][A-Za-z0-9_-]*)/;

/** Column (1-based, in characters) of string index `index` in `line`. */
function colOf(line: string, index: number): number {
  return [...line.slice(0, index)].length + 1;
}

/** Index just past the closing quote of a quoted scalar opening at `start`, or -1 when the line does not close it. */
function closingQuote(line: string, start: number): number {
  const quote = line[start];
  for (let i = start + 1; i < line.length; i++) {
    if (quote === '"' && line[i] === '\\') {
      i++;
      continue;
    }
    if (line[i] === quote) {
      if (quote === "'" && line[i + 1] === "'") {
        i++;
        continue;
      }
      return i + 1;
    }
  }
  return -1;
}

export function scanTypos(text: string, file: string, lang: Lang): TypoScan {
  const scan: TypoScan = { errors: [], curly: [], comments: [] };
  const say = (zh: string, en: string): string => (lang === 'zh' ? zh : en);
  const problem = (severity: ChecklistProblem['severity'], line: number, col: number, message: string): ChecklistProblem => ({
    severity,
    file,
    line,
    col,
    message,
  });
  const lines = text.split(/\r?\n/);
  let blockIndent = -1; // inside a block scalar (| or >) indented deeper than this
  lines.forEach((raw, index) => {
    const lineNo = index + 1;
    const indent = raw.length - raw.trimStart().length;
    if (blockIndent >= 0) {
      if (raw.trim() === '' || indent > blockIndent) return;
      blockIndent = -1;
    }
    if (/^\s*#/.test(raw) || raw.trim() === '') return;

    // A tab in the indentation: once, at the tab.
    const lead = /^[ \t]*/.exec(raw)![0];
    const tab = lead.indexOf('\t');
    if (tab >= 0) {
      scan.errors.push(
        problem(
          'error',
          lineNo,
          tab + 1,
          say(
            '行首缩进里有制表符（Tab）：YAML 只能用空格缩进。请删除 Tab，改用空格，与同级的行对齐',
            'a tab in the indentation: YAML indents with spaces only. Replace the tab with spaces, aligned with the lines at the same level',
          ),
        ),
      );
      return;
    }

    const key = KEY.exec(raw);
    // A full-width colon after a key: `url：https://…`.
    if (key) {
      const after = raw.slice(key[0].length);
      const colon = /^\s*：/.exec(after);
      if (colon) {
        const at = key[0].length + colon[0].length - 1;
        scan.errors.push(
          problem(
            'error',
            lineNo,
            colOf(raw, at),
            say(
              `键“${key[2]}”后面用了全角冒号“：”。请把全角冒号“：”改成半角“:”并在其后加空格（${key[2]}: …）`,
              `a full-width colon “：” after “${key[2]}”: replace it with a half-width “:” followed by a space (${key[2]}: …)`,
            ),
          ),
        );
        return;
      }
    }
    // Where the value starts: after `key:` or after `- `.
    let valueAt = -1;
    if (key && raw[key[0].length] === ':' && (raw.length === key[0].length + 1 || /\s/.test(raw[key[0].length + 1]!))) {
      valueAt = key[0].length + 1;
    } else {
      const dash = /^\s*-\s+/.exec(raw);
      if (dash && !key) valueAt = dash[0].length;
    }
    if (valueAt < 0) return;
    while (valueAt < raw.length && (raw[valueAt] === ' ' || raw[valueAt] === '\t')) valueAt++;
    const value = raw.slice(valueAt);
    if (value === '') return;
    const first = value[0]!;
    if (first === '|' || first === '>') {
      blockIndent = indent;
      return;
    }

    // A quoted value not closed on its line.
    if (first === '"' || first === "'") {
      if (closingQuote(raw, valueAt) < 0 && scan.unclosedQuote === undefined) {
        scan.unclosedQuote = { line: lineNo, col: colOf(raw, valueAt), quote: first };
      }
      return;
    }

    // A flow list or map with a full-width comma between its entries, or two addresses joined by one.
    const comma = value.indexOf('，');
    if (comma >= 0 && (first === '[' || first === '{' || /https?:\/\/\S*，\s*https?:\/\//i.test(value))) {
      scan.errors.push(
        problem(
          'error',
          lineNo,
          colOf(raw, valueAt + comma),
          say(
            '用了全角逗号“，”分隔：把全角逗号“，”改成半角“,”并在其后加空格',
            'entries separated by a full-width comma “，”: replace it with a half-width “,” followed by a space',
          ),
        ),
      );
      return;
    }

    // Curly quotes around the whole value: “…” or ‘…’ are text to YAML, not quotes.
    const curly = /^([“‘])(.*)([”’])\s*(#.*)?$/.exec(value);
    if (curly) {
      scan.curly.push(
        problem(
          'warning',
          lineNo,
          colOf(raw, valueAt),
          say(
            `值两边是中文弯引号${curly[1]}${curly[3]}：YAML 不把它们当作引号，它们会成为文字的一部分。要加引号请用半角引号 "…"（把${curly[1]}${curly[3]}改成 "），不需要就删掉`,
            `the value is wrapped in curly quotes ${curly[1]}${curly[3]}: YAML does not read them as quotes, they become part of the text. Use straight quotes "…" (replace ${curly[1]}${curly[3]} with "), or remove them`,
          ),
        ),
      );
      return;
    }

    // ` #` inside a plain value: YAML starts a comment there and drops the rest of the line. Only when the `#` is
    // followed by a non-space (`#1`, `#二`): `# 说明` is how people write a comment on purpose.
    if (first !== '[' && first !== '{') {
      const hash = /\s#\S/.exec(value);
      if (hash) {
        const kept = value.slice(0, hash.index).trim();
        const dropped = value.slice(hash.index + 1).trim();
        const name = key ? `${key[2]}: ` : '- ';
        scan.comments.push(
          problem(
            'warning',
            lineNo,
            colOf(raw, valueAt + hash.index + 1),
            say(
              `“ #”起 YAML 视为注释：“${dropped}”不会算进值，读到的只是“${kept}”。如果它属于值，请给整个值加引号：${name}"${kept} ${dropped}"`,
              `YAML reads “ #” as the start of a comment: “${dropped}” is dropped and the value is “${kept}”. If it belongs to the value, quote the whole value: ${name}"${kept} ${dropped}"`,
            ),
          ),
        );
      }
    }
  });
  return scan;
}

/** The message for a quote opened at `line` and never closed. */
export function unclosedQuoteMessage(quote: string, lang: Lang): string {
  return lang === 'zh'
    ? `引号未闭合：这一行的值以 ${quote} 开始，却没有结束的 ${quote}（YAML 会把后面所有的行都读进这个值）。请在值的末尾补上 ${quote}`
    : `unclosed quote: the value on this line opens with ${quote} and never closes it (YAML reads every following line into it). Add the closing ${quote} at the end of the value`;
}
