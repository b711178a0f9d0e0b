// The report review (`review`) in every format: one line per requirement, pass / warn / fail, before the matrix
// (labels in ./labels.ts).
// Each reporter calls the function for its format; a run without reviews renders nothing here.
import type { ChalkInstance } from 'chalk';
import type { ChecklistResult, Lang, Requirement, RequirementStatus, RunResult } from '../types.js';
import { displayWidth, padToWidth } from '../text-width.js';
import { COLUMN, REQUIREMENT_STATUS_LABEL, REVIEW_TEXT } from './labels.js';

export { REVIEW_TEXT } from './labels.js';

export function requirementStatusLabel(status: RequirementStatus, lang: Lang): string {
  return REQUIREMENT_STATUS_LABEL[status][lang];
}

/** `符合 15 · 注意 2 · 不符合 1`. */
export function reviewCountsText(summary: Record<RequirementStatus, number>, lang: Lang): string {
  return (['pass', 'warn', 'fail'] as const).map((s) => `${requirementStatusLabel(s, lang)} ${summary[s]}`).join(' · ');
}

/** `年度报告审查：report.docx（符合 15 · 注意 2 · 不符合 1）`. */
export function reviewHeading(result: ChecklistResult, lang: Lang): string {
  const review = result.review!;
  return lang === 'zh'
    ? `${REVIEW_TEXT.heading.zh}：${review.file}（${reviewCountsText(review.summary, lang)}）`
    : `${REVIEW_TEXT.heading.en}: ${review.file} (${reviewCountsText(review.summary, lang)})`;
}

/** Whether a result is a review whose links were not fetched (`--no-fetch`): it has no items to show. */
export function reviewOnly(result: ChecklistResult): boolean {
  return result.review !== undefined && result.items.length === 0;
}

/** Punctuation that must not start a line (Chinese typesetting: 避头点). */
const NO_LINE_START = /^[）)」』”’，。、；：！？,.;:!?》]$/;

/**
 * Breaks text into lines at most `width` columns wide (CJK counts two): at spaces within Latin text where it can,
 * never with a closing bracket or a comma at the start of a line.
 */
export function wrapToWidth(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  let lineWidth = 0;
  for (const ch of text) {
    const w = displayWidth(ch);
    if (lineWidth + w > width && line) {
      const space = line.lastIndexOf(' ');
      if (space > 0 && /^[\x21-\x7e]$/.test(ch) && line.length - space < 30) {
        lines.push(line.slice(0, space));
        line = line.slice(space + 1);
      } else if (NO_LINE_START.test(ch) && [...line].length > 1) {
        const chars = [...line];
        lines.push(chars.slice(0, -1).join(''));
        line = chars.at(-1)!;
      } else {
        lines.push(line);
        line = '';
      }
      lineWidth = displayWidth(line);
    }
    line += ch;
    lineWidth += w;
  }
  if (line) lines.push(line);
  return lines;
}

/** The terminal lines of a result's review: a heading, then one (wrapped) line per requirement. */
export function terminalReview(result: ChecklistResult, lang: Lang, columns: number, chalk: ChalkInstance): string[] {
  const review = result.review;
  if (!review) return [];
  const paint: Record<RequirementStatus, (t: string) => string> = {
    pass: (t) => chalk.green(t),
    warn: (t) => chalk.yellow(t),
    fail: (t) => chalk.red.bold(t),
  };
  const labelWidth = Math.max(...Object.values(REQUIREMENT_STATUS_LABEL).map((l) => displayWidth(l[lang])));
  const indent = 2 + labelWidth + 2;
  const lines = [chalk.bold(reviewHeading(result, lang))];
  // The codes are for machines (JSON, JUnit) and docs/review.md; a person reads the status and the message.
  for (const requirement of review.requirements) {
    const wrapped = wrapToWidth(requirement.message[lang], Math.max(20, columns - indent));
    const label = paint[requirement.status](padToWidth(requirementStatusLabel(requirement.status, lang), labelWidth));
    lines.push(`  ${label}  ${wrapped[0] ?? ''}`);
    for (const rest of wrapped.slice(1)) lines.push(`${' '.repeat(indent)}${rest}`);
  }
  if (reviewOnly(result)) lines.push('', chalk.dim(REVIEW_TEXT.noFetch[lang]));
  return lines;
}

/** Every requirement of the run with the report and institution it belongs to (CSV, XLSX, JUnit). */
export function requirementRows(run: RunResult): { result: ChecklistResult; requirement: Requirement }[] {
  return run.results.flatMap((result) => (result.review?.requirements ?? []).map((requirement) => ({ result, requirement })));
}

// ───────────────────────────── other formats ─────────────────────────────

const MD_ICON: Record<RequirementStatus, string> = { pass: '✅', warn: '⚠️', fail: '❌' };

/** Markdown: a heading and a list, fails and warnings first, passes after. */
export function markdownReview(result: ChecklistResult, lang: Lang, level: string, escape: (text: string) => string): string[] {
  const review = result.review;
  if (!review) return [];
  const lines = [`${level} ${escape(reviewHeading(result, lang))}`, ''];
  const order: RequirementStatus[] = ['fail', 'warn', 'pass'];
  for (const status of order) {
    for (const r of review.requirements.filter((x) => x.status === status)) {
      lines.push(`- ${MD_ICON[status]} **${requirementStatusLabel(status, lang)}** \`${r.code}\` ${escape(r.message[lang])}`);
    }
  }
  lines.push('');
  if (reviewOnly(result)) lines.push(`_${escape(REVIEW_TEXT.noFetch[lang])}_`, '');
  return lines;
}

/** HTML: a section with a table, one row per requirement (the badge classes of the item statuses). */
export function htmlReview(result: ChecklistResult, lang: Lang, escape: (text: string) => string): string {
  const review = result.review;
  if (!review) return '';
  const c = REVIEW_TEXT;
  const rows = review.requirements
    .map(
      (r) =>
        `<tr class="${r.status}"><td><span class="badge ${r.status}">${escape(requirementStatusLabel(r.status, lang))}</span></td>` +
        `<td><code>${escape(r.code)}</code></td><td>${escape(r.message[lang])}</td></tr>`,
    )
    .join('');
  return (
    `<section class="review"><h2>${escape(reviewHeading(result, lang))}</h2>` +
    `<table class="review"><thead><tr><th>${c.result[lang]}</th><th>${c.code[lang]}</th><th>${c.message[lang]}</th></tr></thead>` +
    `<tbody>${rows}</tbody></table>` +
    (reviewOnly(result) ? `<p class="meta">${escape(REVIEW_TEXT.noFetch[lang])}</p>` : '') +
    '</section>'
  );
}

/** CSS for the review table of the HTML report. */
export const HTML_REVIEW_STYLE =
  'section.review{margin:18px 0 28px}table.review{border-collapse:collapse;width:100%}table.review td,table.review th{border-bottom:1px solid var(--line);padding:5px 8px;text-align:left;vertical-align:top}table.review th{background:var(--head)}table.review code{font-size:12px;color:var(--muted)}';

/** Header and rows of the requirement table (CSV block, XLSX sheet). */
export function requirementTable(run: RunResult, lang: Lang): { header: string[]; rows: { status: RequirementStatus; cells: string[] }[] } {
  const c = REVIEW_TEXT;
  return {
    header: [COLUMN.institution[lang], c.report[lang], c.result[lang], c.code[lang], c.subject[lang], c.message[lang]],
    rows: requirementRows(run).map(({ result, requirement: r }) => ({
      status: r.status,
      cells: [result.checklist.institution, result.review!.file, requirementStatusLabel(r.status, lang), r.code, r.subject ?? '', r.message[lang]],
    })),
  };
}

/**
 * JUnit: a test suite per reviewed report, a test case per requirement: fail → <failure>, warn → passed with the
 * message in <system-out> (as warnings of items are), pass → passed.
 */
export function junitReview(run: RunResult, lang: Lang, escapeXml: (text: string) => string): string[] {
  const lines: string[] = [];
  for (const result of run.results) {
    const review = result.review;
    if (!review) continue;
    const suite = `${REVIEW_TEXT.heading[lang]} / ${review.file}`;
    lines.push(
      `  <testsuite name="${escapeXml(suite)}" tests="${review.requirements.length}" failures="${review.summary.fail}" errors="0" skipped="0" time="0">`,
    );
    review.requirements.forEach((r, i) => {
      const open = `    <testcase classname="${escapeXml(suite)}" name="${escapeXml(`${String(i + 1).padStart(2, '0')} ${r.code}${r.subject ? ` ${r.subject}` : ''}`)}" time="0"`;
      if (r.status === 'fail') {
        lines.push(`${open}>`, `      <failure message="${escapeXml(r.message[lang])}" type="${r.code}"/>`, '    </testcase>');
      } else if (r.status === 'warn') {
        lines.push(`${open}>`, `      <system-out>${escapeXml(r.message[lang])}</system-out>`, '    </testcase>');
      } else {
        lines.push(`${open}/>`);
      }
    });
    lines.push('  </testsuite>');
  }
  return lines;
}
