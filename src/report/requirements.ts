// The report review (`review`) in every format: one line per requirement, pass / warn / fail, before the matrix.
// Each reporter calls the function for its format; a run without reviews renders nothing here.
import type { ChalkInstance } from 'chalk';
import type { ChecklistResult, Lang, Requirement, RequirementStatus, RunResult } from '../types.js';
import { displayWidth, padToWidth } from '../text-width.js';

export const REQUIREMENT_STATUS_LABEL: Record<RequirementStatus, Record<Lang, string>> = {
  pass: { zh: '符合', en: 'pass' },
  warn: { zh: '注意', en: 'warn' },
  fail: { zh: '不符合', en: 'fail' },
};

export const REVIEW_TEXT = {
  heading: { zh: '年度报告审查', en: 'Report review' },
  columns: {
    status: { zh: '结果', en: 'Status' },
    code: { zh: '代码', en: 'Code' },
    subject: { zh: '对象', en: 'Subject' },
    message: { zh: '说明', en: 'Message' },
    report: { zh: '报告文件', en: 'Report' },
    institution: { zh: '学校', en: 'Institution' },
  },
  noFetch: {
    zh: '未访问链接（--no-fetch）：只审查了报告本身。',
    en: 'Links not fetched (--no-fetch): the report itself was reviewed.',
  },
} as const;

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

/** Breaks text into lines at most `width` columns wide (CJK counts two), at spaces where it can. */
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
  for (const requirement of review.requirements) {
    const wrapped = wrapToWidth(requirement.message[lang], Math.max(20, columns - indent - requirement.code.length - 2));
    const label = paint[requirement.status](padToWidth(requirementStatusLabel(requirement.status, lang), labelWidth));
    lines.push(`  ${label}  ${wrapped[0] ?? ''}${chalk.dim(` ${requirement.code}`)}`);
    for (const rest of wrapped.slice(1)) lines.push(`${' '.repeat(indent)}${rest}`);
  }
  if (reviewOnly(result)) lines.push('', chalk.dim(REVIEW_TEXT.noFetch[lang]));
  return lines;
}

/** Every requirement of the run with the report and institution it belongs to (CSV, XLSX, JUnit). */
export function requirementRows(run: RunResult): { result: ChecklistResult; requirement: Requirement }[] {
  return run.results.flatMap((result) => (result.review?.requirements ?? []).map((requirement) => ({ result, requirement })));
}
