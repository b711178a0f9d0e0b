// The terminal history report: the window and the rule, the thin-sample note first when the sample is thinner than
// the rule's, then per institution a totals line, its items worst first (unreachable ones marked 不可访问 in red) and
// a summary by category; a table by institution when there are several. Widths are terminal columns (CJK counts
// two); when the terminal is narrow the least needed columns are left out rather than any line wrapping.
import { Chalk, type ChalkInstance } from 'chalk';
import type { Lang } from '../../types.js';
import type { HistoryItem, HistoryReport, HistoryTotals } from '../../history/report-types.js';
import { displayWidth, padToWidth, truncateToWidth, type ReportOptions } from '../common.js';
import { wrapNote } from '../terminal.js';
import { offsetAt } from '../../time.js';
import {
  availabilityText,
  emptyNote,
  HISTORY_COLUMN,
  HISTORY_WORDS,
  itemsWorstFirst,
  outageText,
  ruleText,
  secondsText,
  shortTime,
  thinSampleNote,
  unverifiedNote,
  VERDICT_LABEL,
  verdictOf,
  windowText,
} from './common.js';

const INDENT = '  ';
const GAP = '  ';
const MIN_TITLE = 8;

interface Column {
  key: string;
  header: string;
  align: 'left' | 'right';
  /** The cell of an item (plain text; colour is added after padding). */
  cell: (item: HistoryItem) => string;
  /** Lower numbers are left out first when the terminal is narrow. */
  keep: number;
}

function itemColumns(report: HistoryReport, lang: Lang): Column[] {
  const c = HISTORY_COLUMN;
  return [
    { key: 'no', header: c.no[lang], align: 'right', cell: (i) => String(i.no), keep: 100 },
    { key: 'title', header: c.item[lang], align: 'left', cell: (i) => i.title, keep: 100 },
    { key: 'verdict', header: c.verdict[lang], align: 'left', cell: (i) => (verdictOf(i) === 'reachable' ? '' : VERDICT_LABEL[verdictOf(i)][lang]), keep: 90 },
    { key: 'probes', header: c.probes[lang], align: 'right', cell: (i) => `${i.probes}${!report.sample.thin && i.thinSample && i.probes > 0 ? '*' : ''}`, keep: 70 },
    { key: 'failures', header: c.failures[lang], align: 'right', cell: (i) => String(i.failures), keep: 80 },
    { key: 'availability', header: c.availability[lang], align: 'right', cell: (i) => availabilityText(i.availability, i.probes), keep: 85 },
    { key: 'median', header: c.median[lang], align: 'right', cell: (i) => (secondsText(i.medianMs, i.probes, lang)), keep: 10 },
    { key: 'p95', header: c.p95[lang], align: 'right', cell: (i) => (secondsText(i.p95Ms, i.probes, lang)), keep: 20 },
    { key: 'outage', header: c.longestOutage[lang], align: 'left', cell: (i) => (i.longestOutage ? outageText(i, lang) : ''), keep: 40 },
    { key: 'lastFailure', header: c.lastFailure[lang], align: 'left', cell: (i) => shortTime(i.lastFailure, report.timeZone), keep: 50 },
  ];
}

/** The columns that fit `columns` (least needed left out first) and their widths; the title takes the rest. */
function fitColumns(all: Column[], items: readonly HistoryItem[], columns: number): { column: Column; width: number }[] {
  const widths = new Map(all.map((col) => [col, Math.max(displayWidth(col.header), ...items.map((i) => displayWidth(col.cell(i))))]));
  const shown = [...all];
  const fixedWidth = (): number =>
    INDENT.length + shown.filter((col) => col.key !== 'title').reduce((sum, col) => sum + widths.get(col)! + GAP.length, 0);
  while (fixedWidth() + MIN_TITLE > columns) {
    const least = shown.filter((col) => col.keep < 100).sort((a, b) => a.keep - b.keep)[0];
    if (!least) break;
    shown.splice(shown.indexOf(least), 1);
  }
  const title = shown.find((col) => col.key === 'title')!;
  widths.set(title, Math.max(MIN_TITLE, Math.min(widths.get(title)!, columns - fixedWidth())));
  return shown.map((column) => ({ column, width: widths.get(column)! }));
}

function itemTable(report: HistoryReport, items: readonly HistoryItem[], options: ReportOptions, chalk: ChalkInstance): string[] {
  const { lang } = options;
  const fitted = fitColumns(itemColumns(report, lang), items, options.columns);
  const lines = [chalk.dim(INDENT + fitted.map(({ column, width }) => padToWidth(column.header, width, column.align)).join(GAP).trimEnd())];
  for (const item of itemsWorstFirst(items)) {
    const cells = fitted.map(({ column, width }) => {
      const padded = padToWidth(truncateToWidth(column.cell(item), width), width, column.align);
      if (column.key === 'verdict' && item.unreachable) return chalk.red.bold(padded);
      if (column.key === 'availability' && item.unreachable) return chalk.red(padded);
      if (column.key === 'failures' && item.failures > 0) return chalk.yellow(padded);
      if (column.key === 'verdict' || column.key === 'lastFailure' || column.key === 'outage') return chalk.dim(padded);
      return padded;
    });
    lines.push((INDENT + cells.join(GAP)).trimEnd());
  }
  if (items.some((i) => !report.sample.thin && i.thinSample && i.probes > 0) && fitted.some(({ column }) => column.key === 'probes')) {
    lines.push(chalk.dim(`${INDENT}* ${lang === 'zh' ? '该事项样本不足（少于规则要求的天数或每天次数）' : 'thin sample for this item (fewer days or probes a day than the rule asks for)'}`));
  }
  return lines;
}

/** A summary table: a name column (categories or institutions), then items, probes, failures, availability, unreachable. */
function totalsTable(nameHeader: string, rows: { name: string; totals: HistoryTotals }[], total: HistoryTotals, options: ReportOptions, chalk: ChalkInstance): string[] {
  const { lang } = options;
  const c = HISTORY_COLUMN;
  const headers = [c.items[lang], c.probes[lang], c.failures[lang], c.availability[lang], c.unreachableItems[lang]];
  const body = [...rows, { name: HISTORY_WORDS.overall[lang], totals: total }].map((row) => ({
    name: row.name,
    unreachable: row.totals.unreachableItems,
    cells: [String(row.totals.items), String(row.totals.probes), String(row.totals.failures), availabilityText(row.totals.availability, row.totals.probes), String(row.totals.unreachableItems)],
  }));
  const widths = headers.map((head, i) => Math.max(displayWidth(head), ...body.map((row) => displayWidth(row.cells[i]!))));
  const fixed = INDENT.length + widths.reduce((sum, w) => sum + w + GAP.length, 0);
  const nameWidth = Math.max(4, Math.min(Math.max(displayWidth(nameHeader), ...body.map((row) => displayWidth(row.name))), options.columns - fixed));
  const lines = [chalk.dim(INDENT + [padToWidth(nameHeader, nameWidth), ...headers.map((head, i) => padToWidth(head, widths[i]!, 'right'))].join(GAP))];
  body.forEach((row, index) => {
    const cells = row.cells.map((cell, i) => {
      const padded = padToWidth(cell, widths[i]!, 'right');
      return i === 4 && row.unreachable > 0 ? chalk.red.bold(padded) : padded;
    });
    const line = INDENT + [padToWidth(truncateToWidth(row.name, nameWidth), nameWidth), ...cells].join(GAP);
    lines.push(index === body.length - 1 ? chalk.bold(line) : line);
  });
  return lines;
}

/** `50 项 · 探测 1000 次 · 失败 12 次 · 可访问率 98.80% · 不可访问 2 项`. */
function totalsLine(totals: HistoryTotals, lang: Lang): string {
  const availability = availabilityText(totals.availability, totals.probes);
  return lang === 'zh'
    ? `${totals.items} 项 · 探测 ${totals.probes} 次 · 失败 ${totals.failures} 次 · 可用率 ${availability} · 不可访问 ${totals.unreachableItems} 项`
    : `${totals.items} item${totals.items === 1 ? '' : 's'} · ${totals.probes} probes · ${totals.failures} failed · ${availability} available · ${totals.unreachableItems} unreachable`;
}

/** The whole terminal history report, ending with a newline. */
export function renderHistoryTerminal(report: HistoryReport, options: ReportOptions): string {
  const chalk = new Chalk({ level: options.color ? 1 : 0 });
  const { lang, columns } = options;
  const t = HISTORY_WORDS;
  const sep = lang === 'zh' ? '：' : ': ';
  const lines: string[] = [chalk.bold(truncateToWidth(t.title[lang], columns)), truncateToWidth(`${t.window[lang]}${sep}${windowText(report)}`, columns)];
  if (report.totals.items === 0) {
    lines.push('', ...wrapNote(emptyNote(report, lang), columns));
    return `${lines.join('\n')}\n`;
  }
  const zone = offsetAt(report.window.until, report.timeZone);
  const facts = [
    `${t.database[lang]} ${report.database}`,
    `${t.runs[lang]}${sep}${report.runs}`,
    lang === 'zh' ? `时区 ${report.timeZone} (${zone})` : `times in ${report.timeZone} (${zone})`,
  ];
  lines.push(...wrapNote(facts.join(' · '), columns).map((line) => chalk.dim(line)));
  lines.push(...wrapNote(`${t.rule[lang]}${sep}${ruleText(report.rule, lang)}`, columns).map((line) => chalk.dim(line)));
  const thin = thinSampleNote(report, lang);
  if (thin !== undefined) lines.push('', ...wrapNote(`! ${thin}`, columns).map((line) => chalk.yellow(line)));
  const unverified = unverifiedNote(report, lang);
  if (unverified !== undefined) lines.push(...wrapNote(unverified, columns).map((line) => chalk.gray(line)));

  for (const institution of report.institutions) {
    lines.push('', chalk.bold(truncateToWidth(institution.institution, columns)));
    const summary = INDENT + totalsLine(institution.totals, lang);
    lines.push(institution.totals.unreachableItems > 0 ? chalk.red(truncateToWidth(summary, columns)) : truncateToWidth(summary, columns));
    lines.push('', ...itemTable(report, institution.items, options, chalk));
    lines.push('', chalk.bold(t.byCategory[lang]));
    lines.push(...totalsTable(HISTORY_COLUMN.category[lang], institution.categories.map((c) => ({ name: c.category, totals: c })), institution.totals, options, chalk));
  }
  if (report.institutions.length > 1) {
    lines.push('', chalk.bold(t.byInstitution[lang]));
    lines.push(...totalsTable(HISTORY_COLUMN.institution[lang], report.institutions.map((i) => ({ name: i.institution, totals: i.totals })), report.totals, options, chalk));
  }
  return `${lines.join('\n')}\n`;
}
