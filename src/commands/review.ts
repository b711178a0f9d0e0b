// `xxgk-check review <report...>`: before submission, judge the annual report as the evaluators do — its parts, its
// 清单 table against the Ministry's list, its period and date, the addresses of its links (src/review) — then, unless
// --no-fetch, check every link as `run` does. One requirement per line; the matrix follows. Exit codes as `run`.
import path from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import type { CliContext } from './context.js';
import type { Checklist, Lang, ReportReview } from '../types.js';
import { loadChecklist } from '../checklist/index.js';
import { detectLang, t } from '../i18n.js';
import { DEFAULT_DUE, parseDue } from '../review/dates.js';
import { checkOutputs } from '../run/deliver.js';
import { ChecklistError, UsageError } from '../errors.js';
import { addCheckOptions, checkAndReport, contextDefaults, type CheckCommandOptions } from './run.js';
import { readReportChecklist } from './report-source.js';
import { TEMPLATE_FILE } from './init.js';

interface ReviewCommandOptions extends CheckCommandOptions {
  due: string;
  fetch: boolean;
  institution?: string;
}

function dueParser(lang: Lang): (value: string) => string {
  return (value: string) => {
    const parsed = parseDue(value);
    if (!parsed) throw new InvalidArgumentError(t(lang, '--due 的格式为 月-日，如 11-30。', '--due takes a month and day, MM-DD (e.g. 11-30).'));
    return parsed;
  };
}

export function registerReview(program: Command, ctx: CliContext, lang: Lang): void {
  const command = program
    .command('review')
    .description(
      t(
        lang,
        '提交前审查年度报告：规定的各部分、清单事项公开情况表与教育部清单的对照、统计时间、落款日期、链接；然后检查每个链接',
        "judge annual reports before submission: required parts, the 清单 table against the Ministry's list, period, date, links; then check every link",
      ),
    )
    .argument('<report...>', t(lang, '年度报告文件：.docx .pdf .html .txt', 'annual reports: .docx .pdf .html .txt'))
    .option(
      '--due <MM-DD>',
      t(lang, '本省另定截止日期时，其月-日（教育部规定为 10-31）', "the deadline's month and day where a province sets one (the Ministry's is 10-31)"),
      dueParser(lang),
      DEFAULT_DUE,
    )
    .option('--no-fetch', t(lang, '只审查报告本身，不访问其中的链接', 'judge the report only; do not fetch its links'))
    .option('--institution <name>', t(lang, '学校名称（报告中没有写明时）', 'institution name, when the report does not say'));
  addCheckOptions(command, lang, contextDefaults(ctx)).action(async (reports: string[], opts: ReviewCommandOptions) => {
    ctx.exitCode = await runReview(reports, opts, ctx);
  });
}

export async function runReview(reports: string[], opts: ReviewCommandOptions, ctx: CliContext): Promise<number> {
  const lang = detectLang(ctx.env, opts.lang);
  if (opts.failOn === 'regression') {
    throw new UsageError(t(lang, 'review 不支持 --fail-on regression（没有基线）', 'review has no baseline: --fail-on regression does not apply'));
  }
  checkOutputs({ files: opts.output, stdoutFormat: opts.format ?? 'terminal' }, { stdout: ctx.stdout, lang });
  const template = await loadChecklist(TEMPLATE_FILE);
  if (!template.checklist) throw new ChecklistError(t(lang, `无法读取教育部清单 ${TEMPLATE_FILE}`, `cannot read the Ministry's list ${TEMPLATE_FILE}`));

  // The review (and the public-suffix list it reads links with) loads when `review` runs.
  const { reviewReport } = await import('../review/review.js');
  const checklists: Checklist[] = [];
  const reviews: ReportReview[] = [];
  for (const file of reports) {
    const { imported, checklist } = await readReportChecklist(file, ctx, lang, opts.institution);
    // No text at all: the file is missing, not a document, or broken (import says which) — an input error, as for `run`.
    if (imported.text === undefined) {
      for (const issue of imported.issues) ctx.stderr.write(`xxgk-check: ${file}: ${issue.message[lang]}\n`);
      throw new ChecklistError(t(lang, `无法读取报告 ${file}`, `cannot read the report ${file}`), { reported: true });
    }
    reviews.push(reviewReport(imported, { mandated: template.checklist, due: opts.due }));
    const institution = opts.institution ?? imported.meta.institution ?? path.basename(file);
    const checked: Checklist = checklist ?? { schema: 1, file, institution, categories: [] };
    // --no-fetch: the run has no items; the reports show the review alone.
    checklists.push(opts.fetch ? checked : { ...checked, categories: [] });
  }
  const { code } = await checkAndReport(checklists, opts, ctx, { reviews });
  return code;
}
