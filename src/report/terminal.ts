// The terminal report: per checklist, the matrix grouped by category (序号 / 公开事项 / 状态 / HTTP / 说明), a summary
// by category with compliance rates, and the gaps worst first with all their findings. Widths are measured in
// terminal columns with string-width, so Chinese text lines up; no line of the matrix is wider than `columns`.
import { Chalk, type ChalkInstance } from 'chalk';
import type { ChecklistResult, HostStats, ItemResult, ItemStatus, Lang, RunResult, StatusCounts } from '../types.js';
import { CHANGE_LABEL, CHANGE_TEXT, COLUMN, HOST_TEXT, SCORE_TEXT, STATUS_LABEL, summaryCountColumns, TEXT, type ChangeKind } from './labels.js';
import { assessRun, leagueScoreText, leagueTable, scoreText, strikeText, type InstitutionScore } from '../verdict/score.js';
import {
  categoryHeading,
  countsRow,
  displayWidth,
  formatPeriod,
  rateText,
  networkNote,
  unverifiedLine,
  uncheckedLine,
  incompleteNote,
  reportTimeZone,
  gapItems,
  httpText,
  itemNote,
  itemsByCategory,
  sortedFindings,
  statusLabel,
  padToWidth,
  truncateToWidth,
  baselineTitleNote,
  changeCountsText,
  changeEntries,
  changeLabel,
  changesHeading,
  transitionText,
  resumedNote,
  joinLineBlocks,
  type ReportOptions,
} from './common.js';
import { formatTime } from '../time.js';
import { reviewOnly, terminalReview } from './requirements.js';
import { failuresText, findingText, groupedItemNote, groupItemNumbers, groupLine, hostFailureGroups, msText, type HostGroups } from './hosts.js';
import { failureTotal } from '../run/hosts.js';

/** The matrix's columns. */
const MATRIX_HEADERS = {
  no: COLUMN.no,
  title: COLUMN.item,
  status: COLUMN.status,
  http: COLUMN.httpShort,
  change: COLUMN.change,
  notes: COLUMN.notes,
} as const;

const INDENT = '  ';
const GAP = '  ';
const MIN_TITLE = 8;
const MIN_NOTES = 8;

function statusPainter(chalk: ChalkInstance): Record<ItemStatus, (text: string) => string> {
  return {
    pass: (t) => chalk.green(t),
    warn: (t) => chalk.yellow(t),
    fail: (t) => chalk.red.bold(t),
    missing: (t) => chalk.magenta.bold(t),
    unverified: (t) => chalk.gray(t),
    unchecked: (t) => chalk.gray(t),
  };
}

interface MatrixWidths {
  no: number;
  title: number;
  status: number;
  http: number;
  /** 0 when the run has no baseline (no change column). */
  change: number;
  notes: number;
}

function changePainter(chalk: ChalkInstance): Record<ChangeKind, (text: string) => string> {
  return {
    regressed: (t) => chalk.red.bold(t),
    fixed: (t) => chalk.green.bold(t),
    improved: (t) => chalk.green(t),
    new: (t) => chalk.cyan(t),
    removed: (t) => chalk.magenta(t),
    unchanged: (t) => chalk.dim(t),
  };
}

/** Fit the columns of one checklist's matrix into `columns`. */
function matrixWidths(items: readonly ItemResult[], lang: Lang, columns: number, groups: HostGroups): MatrixWidths {
  const h = MATRIX_HEADERS;
  const no = Math.max(displayWidth(h.no[lang]), ...items.map((i) => String(i.no).length));
  // `unchecked` widens the column only in a run that has such items (a complete run's matrix keeps its widths).
  const statuses = Object.entries(STATUS_LABEL).filter(([s]) => s !== 'unchecked' || items.some((i) => i.status === 'unchecked'));
  const status = Math.max(displayWidth(h.status[lang]), ...statuses.map(([, l]) => displayWidth(l[lang])));
  const http = Math.max(displayWidth(h.http[lang]), ...items.map((i) => displayWidth(httpText(i))));
  const change = items.some((i) => i.change)
    ? Math.max(displayWidth(h.change[lang]), ...Object.values(CHANGE_LABEL).map((l) => displayWidth(l[lang])))
    : 0;
  const fixed = INDENT.length + no + status + http + GAP.length * 4 + (change > 0 ? change + GAP.length : 0);
  const room = Math.max(MIN_TITLE + MIN_NOTES, columns - fixed);
  const widestTitle = Math.max(displayWidth(h.title[lang]), ...items.map((i) => displayWidth(i.title)));
  const widestNotes = Math.max(displayWidth(h.notes[lang]), ...items.map((i) => noteWidth(i, lang, groups)));
  // Titles get what they need up to half of the room; notes get the rest (titles take back what notes leave).
  let title = Math.min(widestTitle, Math.max(MIN_TITLE, Math.floor(room * 0.5)));
  let notes = Math.min(widestNotes, room - title);
  if (notes < widestNotes) notes = Math.max(Math.min(widestNotes, MIN_NOTES), notes);
  title = Math.min(widestTitle, room - notes);
  return { no, title, status, http, change, notes };
}

function noteSuffix(more: number): string {
  return more > 0 ? ` +${more}` : '';
}

function noteWidth(item: ItemResult, lang: Lang, groups: HostGroups): number {
  const note = groupedItemNote(item, lang, groups);
  return displayWidth(note.text + noteSuffix(note.more));
}

function renderNote(item: ItemResult, lang: Lang, width: number, groups: HostGroups): string {
  const note = groupedItemNote(item, lang, groups);
  if (!note.text) return '';
  const suffix = noteSuffix(note.more);
  const room = width - displayWidth(suffix);
  if (room < 4) return truncateToWidth(note.text + suffix, width);
  return truncateToWidth(note.text, room) + suffix;
}

function matrix(result: ChecklistResult, items: readonly ItemResult[], options: ReportOptions, chalk: ChalkInstance, groups: HostGroups): string[] {
  const { lang } = options;
  const w = matrixWidths(items, lang, options.columns, groups);
  const paint = statusPainter(chalk);
  const paintChange = changePainter(chalk);
  const h = MATRIX_HEADERS;
  const lines: string[] = [];
  const withChange = w.change > 0;
  const header = [
    padToWidth(h.no[lang], w.no, 'right'),
    padToWidth(h.title[lang], w.title),
    padToWidth(h.status[lang], w.status),
    ...(withChange ? [padToWidth(h.change[lang], w.change)] : []),
    padToWidth(h.http[lang], w.http, 'right'),
    h.notes[lang],
  ].join(GAP);
  const declared = new Map(result.summary.categories.map((c) => [c.name, c]));
  for (const group of itemsByCategory(items)) {
    const summary = declared.get(group.name);
    const heading = categoryHeading(group.name, group.items.length, summary?.declared, lang);
    const rate = summary ? `  ${rateText(summary)}` : '';
    lines.push('');
    lines.push(chalk.bold.cyan(truncateToWidth(heading, options.columns - displayWidth(rate))) + chalk.dim(rate));
    lines.push(chalk.dim(INDENT + header.trimEnd()));
    for (const item of group.items) {
      const notes = renderNote(item, lang, w.notes, groups);
      const row = [
        padToWidth(String(item.no), w.no, 'right'),
        padToWidth(truncateToWidth(item.title, w.title), w.title),
        paint[item.status](padToWidth(statusLabel(item.status, lang), w.status)),
        ...(withChange ? [item.change ? paintChange[item.change](padToWidth(changeLabel(item.change, lang), w.change)) : ' '.repeat(w.change)] : []),
        padToWidth(httpText(item), w.http, 'right'),
        item.status === 'pass' ? chalk.dim(notes) : notes,
      ].join(GAP);
      lines.push((INDENT + row).trimEnd());
    }
  }
  return lines;
}

function summaryTable(
  rows: { name: string; counts: StatusCounts }[],
  total: StatusCounts,
  options: ReportOptions,
  chalk: ChalkInstance,
  /** What a row is: a category of one checklist, or an institution (the table of a multi-institution run). */
  rowKind: typeof COLUMN.category | typeof COLUMN.institution = COLUMN.category,
): string[] {
  const { lang } = options;
  const c = { category: rowKind };
  const numberHeaders = summaryCountColumns(total).map((l) => l[lang]);
  const body = [...rows, { name: TEXT.overall[lang], counts: total }].map((r) => ({
    name: r.name,
    cells: countsRow(r.counts, total).map(String),
    counts: r.counts,
  }));
  const numberWidths = numberHeaders.map((head, i) =>
    Math.max(displayWidth(head), ...body.map((r) => displayWidth(r.cells[i]!))),
  );
  const fixed = INDENT.length + numberWidths.reduce((a, b) => a + b + GAP.length, 0);
  const nameWidth = Math.max(
    4,
    Math.min(Math.max(displayWidth(c.category[lang]), ...body.map((r) => displayWidth(r.name))), options.columns - fixed),
  );
  const paint = statusPainter(chalk);
  const headerCells = numberHeaders.map((head, i) => padToWidth(head, numberWidths[i]!, 'right'));
  const lines = [chalk.dim(INDENT + [padToWidth(c.category[lang], nameWidth), ...headerCells].join(GAP))];
  const statusOf: (ItemStatus | undefined)[] = ['pass', 'warn', 'fail', 'missing', ...((total.unchecked ?? 0) > 0 ? ['unchecked' as const] : []), undefined, undefined];
  body.forEach((r, rowIndex) => {
    const cells = r.cells.map((cell, i) => {
      const padded = padToWidth(cell, numberWidths[i]!, 'right');
      const status = statusOf[i];
      return status && status !== 'pass' && Number(cell) > 0 ? paint[status](padded) : padded;
    });
    const name = padToWidth(truncateToWidth(r.name, nameWidth), nameWidth);
    const line = INDENT + [name, ...cells].join(GAP);
    lines.push(rowIndex === body.length - 1 ? chalk.bold(line) : line);
  });
  return lines;
}

function gapList(items: readonly ItemResult[], options: ReportOptions, chalk: ChalkInstance, groups: HostGroups): string[] {
  const { lang } = options;
  const gaps = gapItems(items);
  const heading =
    lang === 'zh' ? `${TEXT.gaps.zh}（${gaps.length} 项，按严重程度排列）` : `${TEXT.gaps.en} (${gaps.length}, worst first)`;
  const lines = ['', chalk.bold(heading)];
  if (gaps.length === 0) {
    lines.push(INDENT + chalk.green(TEXT.noGaps[lang]));
    return lines;
  }
  const paint = statusPainter(chalk);
  const labelWidth = Math.max(...Object.values(STATUS_LABEL).map((l) => displayWidth(l[lang])));
  for (const item of gaps) {
    const label = paint[item.status](padToWidth(statusLabel(item.status, lang), labelWidth));
    const prefix = `${INDENT}${label}${GAP}${item.no}. `;
    const titleRoom = options.columns - displayWidth(INDENT) - labelWidth - GAP.length - String(item.no).length - 2;
    lines.push(prefix + truncateToWidth(item.title, Math.max(MIN_TITLE, titleRoom)));
    const indent = ' '.repeat(INDENT.length + labelWidth + GAP.length);
    for (const f of sortedFindings(item)) {
      const at = f.url ? ` <${f.url}>` : '';
      const grouped = groups.groupOf(f) !== undefined;
      const text = findingText(f, lang, groups).replace(/[\r\n\t]+/g, ' ');
      // A grouped reason is said once above; its reference needs no address (the item's URL follows).
      lines.push(grouped ? chalk.dim(`${indent}- ${text}`) : `${indent}- ${text}${chalk.dim(at)}`);
    }
    const url = item.urls[0];
    if (url) lines.push(chalk.dim(`${indent}  ${url}${item.urls.length > 1 ? ` ${moreUrls(item.urls.length - 1, lang)}` : ''}`));
  }
  return lines;
}

function moreUrls(n: number, lang: Lang): string {
  return lang === 'zh' ? `（另有 ${n} 个链接）` : `(+${n} more links)`;
}

function heading(result: ChecklistResult, run: RunResult, options: ReportOptions, chalk: ChalkInstance): string[] {
  const { lang } = options;
  const { checklist } = result;
  const title = [checklist.institution, checklist.title].filter(Boolean).join(' · ');
  const facts = [
    formatPeriod(checklist.period, lang) && `${TEXT.period[lang]} ${formatPeriod(checklist.period, lang)}`,
    `${TEXT.checkedAt[lang]} ${formatTime(run.startedAt, reportTimeZone(options))}`,
  ].filter(Boolean);
  return [chalk.bold(truncateToWidth(title, options.columns)), chalk.dim(truncateToWidth(facts.join(' · '), options.columns))];
}

function banner(options: ReportOptions, chalk: ChalkInstance): string {
  return chalk.bgYellow.black.bold(` ! ${TEXT.incomplete[options.lang]} `);
}

/** An interrupted run: the banner, then how many items were not checked and how to check them. */
function incompleteLines(run: RunResult, options: ReportOptions, chalk: ChalkInstance): string[] {
  const note = incompleteNote(run, options.lang);
  if (note === undefined) return [];
  return [banner(options, chalk), ...(note === TEXT.incomplete[options.lang] ? [] : wrapNote(note, options.columns).map((line) => chalk.yellow(line))), ''];
}

/** Institutions × categories: compliance rate per cell, categories numbered with a legend below. */
function overview(run: RunResult, options: ReportOptions, chalk: ChalkInstance): string[] {
  const { lang } = options;
  const categories: string[] = [];
  for (const result of run.results) {
    for (const c of result.summary.categories) if (!categories.includes(c.name)) categories.push(c.name);
  }
  const headers = [...categories.map((_, i) => String(i + 1)), TEXT.overall[lang]];
  const rows = run.results.map((result) => {
    const byName = new Map(result.summary.categories.map((c) => [c.name, c]));
    return {
      name: result.checklist.institution,
      cells: [
        ...categories.map((name) => {
          const c = byName.get(name);
          return c && c.total > 0 ? `${Math.round(c.complianceRate * 100)}%` : '—';
        }),
        rateText(result.summary),
      ],
    };
  });
  const widths = headers.map((head, i) => Math.max(displayWidth(head), ...rows.map((r) => displayWidth(r.cells[i]!))));
  const fixed = INDENT.length + widths.reduce((a, b) => a + b + 1, 0);
  const nameWidth = Math.max(6, Math.min(Math.max(...rows.map((r) => displayWidth(r.name))), options.columns - fixed - 1));
  const rateColour = (cell: string, padded: string): string => {
    const value = Number.parseFloat(cell);
    if (Number.isNaN(value)) return chalk.dim(padded);
    return value >= 100 ? chalk.green(padded) : value >= 80 ? chalk.yellow(padded) : chalk.red(padded);
  };
  const lines = ['', chalk.bold(TEXT.overview[lang])];
  lines.push(chalk.dim(INDENT + [padToWidth('', nameWidth), ...headers.map((h, i) => padToWidth(h, widths[i]!, 'right'))].join(' ')));
  for (const row of rows) {
    const cells = row.cells.map((cell, i) => rateColour(cell, padToWidth(cell, widths[i]!, 'right')));
    lines.push(INDENT + [padToWidth(truncateToWidth(row.name, nameWidth), nameWidth), ...cells].join(' '));
  }
  lines.push(
    ...categories.map((name, i) => chalk.dim(truncateToWidth(`${INDENT}${i + 1} = ${name}`, options.columns))),
  );
  return lines;
}

/** The one-strike verdicts (each on its own red line) and the score with the rate of each category. */
function assessmentLines(assessed: InstitutionScore, categoryNames: readonly string[], options: ReportOptions, chalk: ChalkInstance): string[] {
  const { lang } = options;
  const lines: string[] = [];
  for (const strike of assessed.strikes) lines.push(...wrapNote(`✖ ${strikeText(strike, lang)}`, options.columns).map((line) => chalk.red.bold(line)));
  const sep = lang === 'zh' ? '：' : ': ';
  const score = `${SCORE_TEXT.score[lang]}${sep}${scoreText(assessed, lang)}`;
  // A withheld score says why in a sentence, wrapped; a score fits one line.
  if (assessed.withheld !== undefined) lines.push(...wrapNote(score, options.columns).map((line) => chalk.bold.yellow(line)));
  else lines.push(chalk.bold(truncateToWidth(score, options.columns)));
  // Numbered as in the checklist (a category with no item counted — all unchecked or unverified — has no rate).
  const rates = assessed.categories.map((c, i) => `${categoryNames.indexOf(c.name) + 1 || i + 1} ${c.name} ${Math.round(c.rate * 100)}%`).join(' · ');
  if (rates !== '') lines.push(...wrapNote(`${SCORE_TEXT.categoryRates[lang]}${sep}${rates}`, options.columns).map((line) => chalk.dim(line)));
  return lines;
}

/** The league table of a run over several institutions: rank, institution, score, one-strike marks. */
function leagueSection(assessed: readonly InstitutionScore[], options: ReportOptions, chalk: ChalkInstance): string[] {
  const { lang } = options;
  const rows = leagueTable(assessed);
  const rankWidth = Math.max(displayWidth(SCORE_TEXT.rank[lang]), ...rows.map((r) => String(r.rank ?? '—').length));
  const scoreWidth = Math.max(displayWidth(SCORE_TEXT.score[lang]), 5, ...rows.map((r) => displayWidth(leagueScoreText(r, lang))));
  const markWidth = rows.some((r) => r.strikes.length > 0) ? GAP.length + displayWidth(SCORE_TEXT.strikes[lang]) : 0;
  const nameRoom = options.columns - INDENT.length - rankWidth - scoreWidth - 2 * GAP.length - markWidth;
  const nameWidth = Math.max(6, Math.min(Math.max(displayWidth(COLUMN.institution[lang]), ...rows.map((r) => displayWidth(r.institution))), nameRoom));
  const lines = ['', chalk.bold(SCORE_TEXT.league[lang])];
  lines.push(
    chalk.dim(
      INDENT +
        [padToWidth(SCORE_TEXT.rank[lang], rankWidth, 'right'), padToWidth(COLUMN.institution[lang], nameWidth), padToWidth(SCORE_TEXT.score[lang], scoreWidth, 'right')].join(GAP),
    ),
  );
  for (const row of rows) {
    const score = padToWidth(leagueScoreText(row, lang), scoreWidth, 'right');
    const mark = row.strikes.length > 0 ? `${GAP}${chalk.red.bold(SCORE_TEXT.strikes[lang])}` : '';
    lines.push(INDENT + [padToWidth(row.rank === undefined ? '—' : String(row.rank), rankWidth, 'right'), padToWidth(truncateToWidth(row.institution, nameWidth), nameWidth), row.strikes.length > 0 ? chalk.red(score) : score].join(GAP) + mark);
  }
  lines.push(...wrapNote(SCORE_TEXT.rule[lang], options.columns - INDENT.length).map((l) => chalk.dim(INDENT + l)));
  return lines;
}

/** One institution's section; its items are read once (a stored result reads them from the store each time). */
function checklistSection(result: ChecklistResult, run: RunResult, options: ReportOptions, chalk: ChalkInstance, assessed: InstitutionScore): string[] {
  const items = result.items;
  const groups = hostFailureGroups({ items });
  const lines = [
    ...heading(result, run, options, chalk),
    ...assessmentLines(
      assessed,
      result.summary.categories.map((category) => category.name),
      options,
      chalk,
    ),
    ...groupSection(groups, options, chalk),
    ...matrix(result, items, options, chalk, groups),
  ];
  lines.push('', chalk.bold(TEXT.summary[options.lang]));
  lines.push(
    ...summaryTable(
      result.summary.categories.map((c) => ({ name: c.name, counts: c })),
      result.summary,
      options,
      chalk,
    ),
  );
  const unverified = unverifiedLine(result.summary, options.lang);
  if (unverified !== undefined) lines.push(...wrapNote(unverified, options.columns).map((line) => chalk.gray(line)));
  lines.push(...gapList(items, options, chalk, groups));
  const unchecked = uncheckedLine(items, options.lang);
  if (unchecked !== undefined) lines.push('', ...wrapNote(unchecked, options.columns).map((line) => chalk.yellow(line)));
  return lines;
}

/**
 * The changes since the baseline, first in the report: counts, then each changed item (worse first) with its status
 * before and now and, for items that are gaps now, the reason.
 */
function changesSection(run: RunResult, options: ReportOptions, chalk: ChalkInstance): string[] {
  const baseline = run.baseline;
  if (!baseline) return [];
  const { lang } = options;
  const lines = [chalk.bold(truncateToWidth(changesHeading(run, lang, reportTimeZone(options)), options.columns))];
  lines.push(INDENT + changeCountsText(baseline.changes, lang));
  if (!baseline.complete) lines.push(INDENT + chalk.yellow(CHANGE_TEXT.baselineIncomplete[lang]));
  const entries = changeEntries(run);
  if (entries.length === 0) lines.push(INDENT + chalk.green(CHANGE_TEXT.none[lang]));
  const multi = run.results.length > 1;
  const paintChange = changePainter(chalk);
  const labelWidth = Math.max(...entries.map((e) => displayWidth(changeLabel(e.kind, lang))), 0);
  const indent = ' '.repeat(INDENT.length + labelWidth + GAP.length);
  for (const entry of entries) {
    const label = paintChange[entry.kind](padToWidth(changeLabel(entry.kind, lang), labelWidth));
    const transition = `  ${transitionText(entry.before, entry.status, lang)}`;
    const who = `${multi ? `${entry.institution} ` : ''}${entry.no}. `;
    const room = options.columns - displayWidth(indent) - displayWidth(who) - displayWidth(transition);
    lines.push(`${INDENT}${label}${GAP}${who}${truncateToWidth(entry.title, Math.max(MIN_TITLE, room))}${chalk.dim(transition)}`);
    if (entry.item && (entry.kind === 'regressed' || entry.kind === 'new') && entry.item.status !== 'pass') {
      const note = itemNote(entry.item, lang);
      if (note.text) lines.push(truncateToWidth(`${indent}- ${note.text}${noteSuffix(note.more)}`, options.columns));
    }
    if (entry.baselineTitle !== undefined) {
      lines.push(chalk.dim(truncateToWidth(`${indent}${baselineTitleNote(entry, lang)}`, options.columns)));
    }
  }
  if (baseline.institutionsNotChecked.length > 0) {
    lines.push(chalk.dim(truncateToWidth(`${INDENT}${CHANGE_TEXT.notChecked[lang]}: ${baseline.institutionsNotChecked.join(lang === 'zh' ? '、' : ', ')}`, options.columns)));
  }
  lines.push('', chalk.dim('─'.repeat(Math.max(1, Math.min(options.columns, 80)))), '');
  return lines;
}

/**
 * A long note cut into lines that fit the terminal: between words for Latin text, between characters for Chinese
 * (measured by display width).
 */
export function wrapNote(note: string, columns: number): string[] {
  const width = Math.max(20, Math.min(columns, 100));
  const lines: string[] = [];
  let line = '';
  for (const token of note.match(/[\x21-\x7e]+|\s+|[^\x00-\x7f]/g) ?? []) {
    if (/^\s+$/.test(token)) {
      if (line !== '') line += ' ';
      continue;
    }
    if (displayWidth(line + token) > width && line.trim() !== '') {
      // Closing punctuation never starts a line (避头点): the character before it goes down with it.
      const carried = /^[）)」』”’，。、；：！？》]$/.test(token) ? (/[^\x00-\x7f]$/u.exec(line)?.[0] ?? '') : '';
      lines.push(line.slice(0, line.length - carried.length).trimEnd());
      line = carried;
    }
    line += token;
  }
  if (line.trim() !== '') lines.push(line.trimEnd());
  return lines.map((l) => truncateToWidth(l, width));
}

/**
 * Failures shared by a site, once per host above the item list: `✖ xxgk.example.edu.cn：域名无法解析 — 50 个事项` and
 * the item numbers below. Nothing when no host has HOST_GROUP_MIN_ITEMS items failing the same way.
 */
function groupSection(groups: HostGroups, options: ReportOptions, chalk: ChalkInstance): string[] {
  if (groups.groups.length === 0) return [];
  const { lang } = options;
  const lines = ['', chalk.bold(HOST_TEXT.groups[lang])];
  for (const group of groups.groups) {
    lines.push(...wrapNote(`✖ ${groupLine(group, lang)}`, options.columns - INDENT.length).map((line) => INDENT + chalk.red(line)));
    const numbers = HOST_TEXT.itemNumbers[lang].replace('{list}', groupItemNumbers(group));
    lines.push(...wrapNote(numbers, options.columns - 2 * INDENT.length).map((line) => chalk.dim(INDENT + INDENT + line)));
  }
  return lines;
}

/**
 * The per-host table (`--host-stats`): host, requests, retries, 429 answers, median and P95 time, other failures by
 * kind. The failures cell comes last and wraps under itself when the terminal is narrow; a long host name is cut.
 */
function hostTable(hosts: readonly HostStats[], options: ReportOptions, chalk: ChalkInstance): string[] {
  const { lang } = options;
  const T = HOST_TEXT;
  const rows = hosts.map((h) => ({
    host: h.host,
    numbers: [String(h.requests), String(h.retries), String(h.failures.http429), msText(h.medianMs), msText(h.p95Ms)],
    failures: failuresText(h, lang),
    failed: failureTotal(h) - h.failures.http429 > 0,
  }));
  const numberHeads = [T.requests[lang], T.retries[lang], T.tooMany[lang], T.median[lang], T.p95[lang]];
  const numberWidths = numberHeads.map((head, i) => Math.max(displayWidth(head), ...rows.map((r) => displayWidth(r.numbers[i]!))));
  const numbersWidth = numberWidths.reduce((sum, w) => sum + w + GAP.length, 0);
  const widestHost = Math.max(displayWidth(T.host[lang]), ...rows.map((r) => displayWidth(r.host)));
  // The host gets what it needs, but leaves the failures what they need up to 16 columns.
  const failuresNeed = Math.min(16, Math.max(displayWidth(T.failures[lang]), ...rows.map((r) => displayWidth(r.failures))));
  const hostWidth = Math.max(12, Math.min(widestHost, options.columns - INDENT.length - numbersWidth - GAP.length - failuresNeed));
  const failuresWidth = Math.max(12, options.columns - INDENT.length - hostWidth - numbersWidth - GAP.length);
  const lines = ['', chalk.bold(T.table[lang])];
  const header = [padToWidth(T.host[lang], hostWidth), ...numberHeads.map((head, i) => padToWidth(head, numberWidths[i]!, 'right')), T.failures[lang]];
  lines.push(chalk.dim(INDENT + header.join(GAP)));
  for (const row of rows) {
    const cells = [padToWidth(truncateToWidth(row.host, hostWidth), hostWidth), ...row.numbers.map((n, i) => padToWidth(n, numberWidths[i]!, 'right'))];
    const failureLines = wrapParts(row.failures, failuresWidth);
    const paint = row.failed ? (text: string) => chalk.red(text) : (text: string) => chalk.dim(text);
    lines.push(INDENT + [...cells, paint(failureLines[0] ?? '')].join(GAP));
    const under = ' '.repeat(INDENT.length + hostWidth + numbersWidth + GAP.length);
    for (const more of failureLines.slice(1)) lines.push(under + paint(more));
  }
  lines.push(...wrapNote(T.note[lang], options.columns - INDENT.length).map((l) => chalk.dim(INDENT + l)));
  return lines;
}

/** `DNS 5 · timeout 2 · 5xx 3` cut between its parts into lines of at most `width` columns. */
function wrapParts(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const part of text.split(' · ')) {
    const last = lines.at(-1);
    if (last !== undefined && displayWidth(`${last} · ${part}`) <= width) lines[lines.length - 1] = `${last} · ${part}`;
    else lines.push(truncateToWidth(part, width));
  }
  return lines;
}

/** The whole terminal report, ending with a newline: the join of `terminalChunks`. */
export function renderTerminal(run: RunResult, options: ReportOptions): string {
  return [...terminalChunks(run, options)].join('');
}

/**
 * The terminal report piece by piece: the notes and changes first, then one piece per institution (its items read
 * when its piece is made), then the league, overview and host tables, which need only the summaries.
 */
export function* terminalChunks(run: RunResult, options: ReportOptions): Generator<string, void, undefined> {
  yield* joinLineBlocks(terminalBlocks(run, options));
  yield '\n';
}

function* terminalBlocks(run: RunResult, options: ReportOptions): Generator<string[], void, undefined> {
  const chalk = new Chalk({ level: options.color ? 1 : 0 });
  const lines: string[] = [];
  lines.push(...incompleteLines(run, options, chalk));
  const network = networkNote(run, options.lang);
  if (network !== undefined) {
    const paint = run.network?.offline ? (text: string) => chalk.red.bold(text) : (text: string) => chalk.cyan(text);
    lines.push(...wrapNote(network, options.columns).map(paint), '');
  }
  const resumed = resumedNote(run, options.lang, reportTimeZone(options));
  if (resumed !== undefined) lines.push(...wrapNote(resumed, options.columns).map((line) => chalk.cyan(line)), '');
  lines.push(...changesSection(run, options, chalk));
  yield lines;
  const assessed = assessRun(run);
  for (const [i, result] of run.results.entries()) {
    const block: string[] = [];
    if (i > 0) block.push('', chalk.dim('─'.repeat(Math.max(1, Math.min(options.columns, 80)))), '');
    if (result.review) block.push(...terminalReview(result, options.lang, options.columns, chalk), '');
    if (!reviewOnly(result)) block.push(...checklistSection(result, run, options, chalk, assessed[i]!));
    yield block;
  }
  const tail: string[] = [];
  if (run.results.length > 1 && !run.results.every(reviewOnly)) {
    tail.push(...leagueSection(assessed, options, chalk));
    tail.push(...overview(run, options, chalk));
    tail.push('');
    tail.push(...summaryTable(run.results.map((r) => ({ name: r.checklist.institution, counts: r.summary })), run.summary, options, chalk, COLUMN.institution));
  }
  if (run.options.hostStats && run.hosts !== undefined && run.hosts.length > 0) tail.push(...hostTable(run.hosts, options, chalk));
  if (!run.complete) tail.push('', banner(options, chalk));
  yield tail;
}
