// The Markdown history report (for a wiki, an issue or a WeChat article draft): the window and the rule, the
// thin-sample note as a warning, then per institution its totals, a table of its items worst first and a summary by
// category; a table by institution when there are several. Every string from a checklist is escaped.
import type { HistoryItem, HistoryReport, HistoryTotals } from '../../history/report-types.js';
import type { Lang } from '../../types.js';
import { escapeMarkdown } from '../markdown.js';
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
  type ReportOptions,
} from './common.js';

function table(header: string[], rows: string[][], align: ('l' | 'r')[]): string[] {
  return [`| ${header.join(' | ')} |`, `| ${align.map((a) => (a === 'r' ? '---:' : ':---')).join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)];
}

function itemRows(report: HistoryReport, items: readonly HistoryItem[], lang: Lang): string[] {
  const c = HISTORY_COLUMN;
  const header = [c.no, c.item, c.verdict, c.probes, c.failures, c.availability, c.median, c.p95, c.longestOutage, c.lastFailure].map((l) => l[lang]);
  const rows = itemsWorstFirst(items).map((item) => {
    const url = item.urls[0];
    const title = url ? `[${escapeMarkdown(item.title)}](<${url.replace(/[<>\s]/g, encodeURIComponent)}>)` : escapeMarkdown(item.title);
    const verdict = VERDICT_LABEL[verdictOf(item)][lang];
    return [
      String(item.no),
      title,
      item.unreachable ? `**${verdict}**` : verdict,
      `${item.probes}${!report.sample.thin && item.thinSample && item.probes > 0 ? '\\*' : ''}`,
      String(item.failures),
      availabilityText(item.availability, item.probes),
      secondsText(item.medianMs, item.probes, lang),
      secondsText(item.p95Ms, item.probes, lang),
      item.longestOutage ? escapeMarkdown(outageText(item, lang)) : '',
      shortTime(item.lastFailure, report.timeZone),
    ];
  });
  return table(header, rows, ['r', 'l', 'l', 'r', 'r', 'r', 'r', 'r', 'l', 'l']);
}

function totalsRows(nameHeader: string, rows: { name: string; totals: HistoryTotals }[], total: HistoryTotals, lang: Lang): string[] {
  const c = HISTORY_COLUMN;
  const cells = (totals: HistoryTotals): string[] => [
    String(totals.items),
    String(totals.probes),
    String(totals.failures),
    availabilityText(totals.availability, totals.probes),
    String(totals.unreachableItems),
  ];
  return table(
    [nameHeader, c.items[lang], c.probes[lang], c.failures[lang], c.availability[lang], c.unreachableItems[lang]],
    [...rows.map((row) => [escapeMarkdown(row.name), ...cells(row.totals)]), [`**${HISTORY_WORDS.overall[lang]}**`, ...cells(total).map((v) => `**${v}**`)]],
    ['l', 'r', 'r', 'r', 'r', 'r'],
  );
}

export function renderHistoryMarkdown(report: HistoryReport, options: ReportOptions): string {
  const { lang } = options;
  const t = HISTORY_WORDS;
  const lines = [`# ${t.title[lang]}`, '', `${t.window[lang]}${lang === 'zh' ? '：' : ': '}${windowText(report)}  `];
  if (report.totals.items === 0) {
    lines.push('', escapeMarkdown(emptyNote(report, lang)), '');
    return lines.join('\n');
  }
  const zone = offsetAt(report.window.until, report.timeZone);
  lines.push(
    `${t.database[lang]}${lang === 'zh' ? '：' : ': '}${escapeMarkdown(report.database)} · ${t.runs[lang]}${lang === 'zh' ? '：' : ': '}${report.runs} · ${lang === 'zh' ? `时区 ${report.timeZone} (${zone})` : `times in ${report.timeZone} (${zone})`}`,
    '',
    `${t.rule[lang]}${lang === 'zh' ? '：' : ': '}${escapeMarkdown(ruleText(report.rule, lang))}`,
    '',
  );
  const thin = thinSampleNote(report, lang);
  if (thin !== undefined) lines.push('> [!WARNING]', `> ${escapeMarkdown(thin)}`, '');
  const unverified = unverifiedNote(report, lang);
  if (unverified !== undefined) lines.push(`_${escapeMarkdown(unverified)}_`, '');
  for (const institution of report.institutions) {
    const totals = institution.totals;
    lines.push(`## ${escapeMarkdown(institution.institution)}`, '');
    lines.push(
      lang === 'zh'
        ? `${totals.items} 项 · 探测 ${totals.probes} 次 · 失败 ${totals.failures} 次 · 可用率 **${availabilityText(totals.availability, totals.probes)}** · 不可访问 **${totals.unreachableItems}** 项`
        : `${totals.items} items · ${totals.probes} probes · ${totals.failures} failed · **${availabilityText(totals.availability, totals.probes)}** available · **${totals.unreachableItems}** unreachable`,
      '',
    );
    lines.push(...itemRows(report, institution.items, lang), '');
    if (institution.items.some((i) => !report.sample.thin && i.thinSample && i.probes > 0)) {
      lines.push(`<sub>\\* ${lang === 'zh' ? '该事项样本不足（少于规则要求的天数或每天次数）' : 'thin sample for this item (fewer days or probes a day than the rule asks for)'}</sub>`, '');
    }
    lines.push(`### ${t.byCategory[lang]}`, '');
    lines.push(...totalsRows(HISTORY_COLUMN.category[lang], institution.categories.map((c) => ({ name: c.category, totals: c })), totals, lang), '');
  }
  if (report.institutions.length > 1) {
    lines.push(`## ${t.byInstitution[lang]}`, '');
    lines.push(...totalsRows(HISTORY_COLUMN.institution[lang], report.institutions.map((i) => ({ name: i.institution, totals: i.totals })), report.totals, lang), '');
  }
  return lines.join('\n');
}
