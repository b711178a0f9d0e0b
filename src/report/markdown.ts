// The Markdown report, for $GITHUB_STEP_SUMMARY or a merge-request comment: a summary table by category and the gap
// list. Every string from a checklist or a page is escaped so it shows as text (no tables broken by `|`, no links).
import { markdownReview, reviewOnly } from './requirements.js';
import type { ChecklistResult, HostStats, RunResult, StatusCounts } from '../types.js';
import { CHANGE_TEXT, COLUMN, HOST_TEXT, SCORE_TEXT, summaryCountColumns, TEXT } from './labels.js';
import { failuresText, findingText, groupItemNumbers, groupLine, hostFailureGroups, msText, type HostGroups } from './hosts.js';
import { assessRun, leagueScoreText, leagueTable, scoreText, strikeText, type InstitutionScore } from '../verdict/score.js';
import {
  baselineTitleNote,
  changeCountsText,
  changeEntries,
  changeLabel,
  changesHeading,
  itemNote,
  transitionText,
  countsRow,
  incompleteNote,
  formatPeriod,
  rateText,
  networkNote,
  rateBasis,
  reportTimeZone,
  gapItems,
  sortedFindings,
  statusLabel,
  type ReportOptions,
  resumedNote,
  joinLineBlocks,
} from './common.js';
import { formatTime } from '../time.js';

const STATUS_ICON = { pass: '✅', warn: '⚠️', fail: '❌', missing: '⛔', unverified: '❔', unchecked: '⏸️' } as const;

/** Escape text for inline Markdown (also inside a table cell): markup characters, HTML, line breaks. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/[\\`*_{}[\]#!|~]/g, (c) => `\\${c}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

function table(header: string[], rows: string[][], align: ('l' | 'r')[]): string[] {
  return [
    `| ${header.join(' | ')} |`,
    `| ${align.map((a) => (a === 'r' ? '---:' : ':---')).join(' | ')} |`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ];
}

function summaryRows(
  rows: { name: string; counts: StatusCounts }[],
  total: StatusCounts,
  options: ReportOptions,
  firstHeader: string = COLUMN.category[options.lang],
): string[] {
  const { lang } = options;
  return table(
    [firstHeader, ...summaryCountColumns(total).map((l) => l[lang])],
    [
      ...rows.map((r) => [escapeMarkdown(r.name), ...countsRow(r.counts, total).map(String)]),
      [`**${TEXT.overall[lang]}**`, ...countsRow(total).map((v) => `**${v}**`)],
    ],
    ['l', ...summaryCountColumns(total).map(() => 'r' as const)],
  );
}

/** The one-strike verdicts (a CAUTION alert) and the score with each category's rate. */
function assessmentLines(assessed: InstitutionScore, run: RunResult, options: ReportOptions): string[] {
  const { lang } = options;
  const lines: string[] = [];
  if (assessed.strikes.length > 0) lines.push('> [!CAUTION]', ...assessed.strikes.map((strike) => `> **${escapeMarkdown(strikeText(strike, lang))}**  `), '');
  const sep = lang === 'zh' ? '：' : ': ';
  const rates = assessed.categories.map((c) => `${escapeMarkdown(c.name)} ${Math.round(c.rate * 100)}%`).join(' · ');
  lines.push(`${SCORE_TEXT.score[lang]}${sep}**${escapeMarkdown(scoreText(assessed, lang))}**  `);
  if (rates !== '') lines.push(`${SCORE_TEXT.categoryRates[lang]}${sep}${rates}`);
  lines.push('');
  return lines;
}

/** The league table of a multi-institution run, best first. */
function leagueRows(assessed: readonly InstitutionScore[], options: ReportOptions): string[] {
  const { lang } = options;
  const rows = leagueTable(assessed).map((row) => [
    row.rank === undefined ? '—' : String(row.rank),
    escapeMarkdown(row.institution),
    leagueScoreText(row, lang),
    row.strikes.map((strike) => escapeMarkdown(strikeText(strike, lang))).join('<br>'),
  ]);
  return [
    `## ${SCORE_TEXT.league[lang]}`,
    '',
    ...table([SCORE_TEXT.rank[lang], COLUMN.institution[lang], SCORE_TEXT.score[lang], SCORE_TEXT.strikes[lang]], rows, ['r', 'l', 'r', 'l']),
    '',
    `<sub>${escapeMarkdown(SCORE_TEXT.rule[lang])}</sub>`,
    '',
  ];
}

function section(result: ChecklistResult, run: RunResult, options: ReportOptions, level: string, assessed: InstitutionScore): string[] {
  const { lang } = options;
  const { checklist } = result;
  const lines = [`${level} ${escapeMarkdown(checklist.institution)}${checklist.title ? ` · ${escapeMarkdown(checklist.title)}` : ''}`, ''];
  lines.push(...assessmentLines(assessed, run, options));
  // The items are read once (a stored result reads them from the store each time).
  const items = result.items;
  const groups = hostFailureGroups({ items });
  lines.push(...groupLines(groups, options, level));
  const facts = [
    checklist.period && `${TEXT.period[lang]}: ${formatPeriod(checklist.period, lang)}`,
    `${TEXT.checkedAt[lang]}: ${formatTime(run.startedAt, reportTimeZone(options))}`,
    `${COLUMN.complianceRate[lang]}: **${rateText(result.summary)}** (${rateBasis(result.summary, lang)})`,
  ].filter(Boolean);
  lines.push(facts.join(' · '), '');
  lines.push(...summaryRows(result.summary.categories.map((c) => ({ name: c.name, counts: c })), result.summary, options), '');
  const gaps = gapItems(items);
  lines.push(`${level}# ${TEXT.gaps[lang]} (${gaps.length})`, '');
  if (gaps.length === 0) lines.push(TEXT.noGaps[lang], '');
  for (const item of gaps) {
    const url = item.urls[0];
    const title = url ? `[${escapeMarkdown(item.title)}](<${url.replace(/[<>\s]/g, encodeURIComponent)}>)` : escapeMarkdown(item.title);
    const change = item.change ? ` · _${changeLabel(item.change, lang)}_` : '';
    lines.push(`- ${STATUS_ICON[item.status]} **${statusLabel(item.status, lang)}**${change} · ${item.no}\\. ${title} — ${escapeMarkdown(item.category)}`);
    for (const f of sortedFindings(item)) lines.push(`  - ${escapeMarkdown(findingText(f, lang, groups))}`);
  }
  lines.push('');
  // The items an interrupted run did not reach, each in its category (they are no gaps).
  const unchecked = items.filter((item) => item.status === 'unchecked');
  if (unchecked.length > 0) {
    lines.push(`${level}# ${COLUMN.unchecked[lang]} (${unchecked.length})`, '', escapeMarkdown(TEXT.uncheckedItem[lang]), '');
    for (const item of unchecked) lines.push(`- ${STATUS_ICON.unchecked} ${item.no}\\. ${escapeMarkdown(item.title)} — ${escapeMarkdown(item.category)}`);
    lines.push('');
  }
  return lines;
}

/** Failures shared by a site, once per host above the gap list (src/report/hosts.ts); nothing when there is none. */
function groupLines(groups: HostGroups, options: ReportOptions, level: string): string[] {
  if (groups.groups.length === 0) return [];
  const { lang } = options;
  return [
    `${level}# ${HOST_TEXT.groups[lang]}`,
    '',
    ...groups.groups.map((group) => `- ❌ ${escapeMarkdown(groupLine(group, lang))} (${HOST_TEXT.itemNumbers[lang].replace('{list}', groupItemNumbers(group))})`),
    '',
  ];
}

/** The per-host table (`--host-stats`): requests, retries, 429 answers, median and P95 time, other failures. */
function hostRows(hosts: readonly HostStats[], options: ReportOptions): string[] {
  const { lang } = options;
  const T = HOST_TEXT;
  const rows = hosts.map((h) => [
    escapeMarkdown(h.host),
    String(h.requests),
    String(h.retries),
    String(h.failures.http429),
    msText(h.medianMs),
    msText(h.p95Ms),
    escapeMarkdown(failuresText(h, lang)),
  ]);
  return [
    `## ${T.table[lang]}`,
    '',
    ...table([T.host[lang], T.requests[lang], T.retries[lang], T.tooMany[lang], T.median[lang], T.p95[lang], T.failures[lang]], rows, ['l', 'r', 'r', 'r', 'r', 'r', 'l']),
    '',
    `<sub>${escapeMarkdown(T.note[lang])}</sub>`,
    '',
  ];
}

/** What changed since the baseline, first in the report: counts, then a table of the changed items. */
function changesSection(run: RunResult, options: ReportOptions): string[] {
  const baseline = run.baseline;
  if (!baseline) return [];
  const { lang } = options;
  const lines = [`## ${escapeMarkdown(changesHeading(run, lang, reportTimeZone(options)))}`, '', changeCountsText(baseline.changes, lang), ''];
  if (!baseline.complete) lines.push(`> ${CHANGE_TEXT.baselineIncomplete[lang]}`, '');
  const entries = changeEntries(run);
  if (entries.length === 0) lines.push(CHANGE_TEXT.none[lang], '');
  else {
    const multi = run.results.length > 1;
    const head = [
      COLUMN.change[lang],
      ...(multi ? [COLUMN.institution[lang]] : []),
      COLUMN.no[lang],
      COLUMN.item[lang],
      COLUMN.status[lang],
      COLUMN.notes[lang],
    ];
    const rows = entries.map((e) => {
      const notes = [e.item && e.item.status !== 'pass' ? itemNote(e.item, lang).text : '', baselineTitleNote(e, lang)].filter(Boolean).join('; ');
      return [
        `${e.kind === 'regressed' ? '**' : ''}${changeLabel(e.kind, lang)}${e.kind === 'regressed' ? '**' : ''}`,
        ...(multi ? [escapeMarkdown(e.institution)] : []),
        String(e.no),
        escapeMarkdown(e.title),
        transitionText(e.before, e.status, lang),
        escapeMarkdown(notes),
      ];
    });
    lines.push(...table(head, rows, head.map((_, i) => (i === (multi ? 2 : 1) ? 'r' : 'l'))), '');
  }
  if (baseline.institutionsNotChecked.length > 0) {
    lines.push(`${CHANGE_TEXT.notChecked[lang]}: ${baseline.institutionsNotChecked.map(escapeMarkdown).join(lang === 'zh' ? '、' : ', ')}`, '');
  }
  return lines;
}

/** Institutions × categories: the compliance rate of each category, `—` where an institution lists no item of it. */
function categoryMatrix(run: RunResult, firstHeader: string, options: ReportOptions): string[] {
  const categories: string[] = [];
  for (const r of run.results) for (const c of r.summary.categories) if (!categories.includes(c.name)) categories.push(c.name);
  const rows = run.results.map((r) => {
    const byName = new Map(r.summary.categories.map((c) => [c.name, c]));
    return [
      escapeMarkdown(r.checklist.institution),
      ...categories.map((name) => {
        const c = byName.get(name);
        return c && c.total > 0 ? rateText(c) : '—';
      }),
      `**${rateText(r.summary)}**`,
    ];
  });
  return table([firstHeader, ...categories.map(escapeMarkdown), TEXT.overall[options.lang]], rows, ['l', ...categories.map(() => 'r' as const), 'r']);
}

/** The whole Markdown report: the join of `markdownChunks`. */
export function renderMarkdown(run: RunResult, options: ReportOptions): string {
  return [...markdownChunks(run, options)].join('');
}

/**
 * The Markdown report piece by piece: the notes, changes, league and overview first (from the summaries), then one
 * piece per institution (its items read when its piece is made).
 */
export function* markdownChunks(run: RunResult, options: ReportOptions): Generator<string, void, undefined> {
  yield* joinLineBlocks(markdownBlocks(run, options));
}

function* markdownBlocks(run: RunResult, options: ReportOptions): Generator<string[], void, undefined> {
  const { lang } = options;
  const lines: string[] = [];
  const network = networkNote(run, lang);
  if (network !== undefined) lines.push(run.network?.offline ? `> [!CAUTION]` : `> [!NOTE]`, `> ${escapeMarkdown(network)}`, '');
  const incomplete = incompleteNote(run, lang);
  if (incomplete !== undefined) lines.push(`> [!WARNING]`, `> ${escapeMarkdown(incomplete)}`, '');
  const resumed = resumedNote(run, lang, reportTimeZone(options));
  if (resumed !== undefined) lines.push(`> [!NOTE]`, `> ${resumed}`, '');
  lines.push(...changesSection(run, options));
  const multi = run.results.length > 1;
  const assessed = assessRun(run);
  if (multi && !run.results.every(reviewOnly)) {
    lines.push(...leagueRows(assessed, options));
    const institution = COLUMN.institution[lang];
    lines.push(`## ${TEXT.overview[lang]}`, '');
    lines.push(...categoryMatrix(run, institution, options), '');
    lines.push(...summaryRows(run.results.map((r) => ({ name: r.checklist.institution, counts: r.summary })), run.summary, options, institution), '');
  }
  yield lines;
  for (const [i, result] of run.results.entries()) {
    const block = markdownReview(result, lang, multi ? '###' : '##', escapeMarkdown);
    if (!reviewOnly(result)) block.push(...section(result, run, options, multi ? '###' : '##', assessed[i]!));
    yield block;
  }
  const tail: string[] = [];
  if (run.options.hostStats && run.hosts !== undefined && run.hosts.length > 0) tail.push(...hostRows(run.hosts, options));
  tail.push(`<sub>${escapeMarkdown(`${run.tool.name} ${run.tool.version}`)}</sub>`, '');
  yield tail;
}
