// `xxgk-check validate <checklist...>`: read each checklist, print a one-line summary and every problem.
// Exit 2 when any file has an error; warnings are printed but exit 0.
import { Option, type Command } from 'commander';
import { Chalk } from 'chalk';
import type { CliContext } from './context.js';
import path from 'node:path';
import { EXIT, UsageError } from '../errors.js';
import { checklistFiles } from './run.js';
import type { ChecklistProblem, Lang } from '../types.js';
import { detectLang, t } from '../i18n.js';
import { allItems, formatProblem, hasErrors, loadChecklist, type LoadedChecklist } from '../checklist/index.js';

export function registerValidate(program: Command, ctx: CliContext, lang: Lang): void {
  program
    .command('validate')
    .description(t(lang, '检查清单文件中的错误（不联网）', 'check checklist files for mistakes (no network)'))
    .argument('<checklist...>', t(lang, '清单 YAML 文件或其所在文件夹', 'checklist YAML files or folders of them'))
    .addOption(new Option('--lang <lang>', t(lang, '输出和帮助的语言（默认按 LANG 等区域设置）', 'language of the output and the help (default: from LANG)')).choices(['zh', 'en']))
    .action(async (files: string[], options: { lang?: string }) => {
      const lang = detectLang(ctx.env, options.lang);
      // Folders as `run` takes them: their *.yaml / *.yml files; a file named twice is validated once.
      const expanded = await checklistFiles(files, ctx, lang);
      if (expanded.length === 0) {
        throw new UsageError(t(lang, `在 ${files.join('、')} 中没有找到清单（*.yaml）`, `no checklist (*.yaml) found in ${files.join(', ')}`));
      }
      ctx.exitCode = await validateFiles(expanded, lang, ctx);
    });
}

/** Validate files, writing summaries and problems to ctx.stdout. Returns the exit code. */
export async function validateFiles(files: string[], lang: Lang, ctx: CliContext): Promise<number> {
  const color = new Chalk({ level: ctx.stdout.isTTY && !ctx.env.NO_COLOR ? 1 : 0 });
  let failed = 0;
  for (const file of files) {
    const resolved = path.resolve(ctx.cwd, file);
    const loaded = await loadChecklist(resolved, { lang });
    // Problems name the file as the user gave it.
    loaded.problems = loaded.problems.map((p) => (p.file === resolved ? { ...p, file } : p));
    if (hasErrors(loaded.problems)) failed += 1;
    ctx.stdout.write(`${summaryLine(file, loaded, lang, color)}\n`);
    for (const problem of loaded.problems) ctx.stdout.write(`  ${colorProblem(problem, color)}\n`);
  }
  if (files.length > 1) {
    const passed = files.length - failed;
    ctx.stdout.write(
      lang === 'zh'
        ? `共 ${files.length} 个文件：${passed} 个通过，${failed} 个有错误。\n`
        : `${files.length} files: ${passed} valid, ${failed} with errors.\n`,
    );
  }
  return failed > 0 ? EXIT.usage : EXIT.ok;
}

function count(n: number, zh: string, en: string, lang: Lang): string {
  return lang === 'zh' ? `${n} 个${zh}` : `${n} ${en}${n === 1 ? '' : 's'}`;
}

function summaryLine(file: string, loaded: LoadedChecklist, lang: Lang, color: InstanceType<typeof Chalk>): string {
  const errors = loaded.problems.filter((p) => p.severity === 'error').length;
  const warnings = loaded.problems.length - errors;
  const sep = lang === 'zh' ? '：' : ': ';
  if (!loaded.checklist) {
    const parts = [count(errors, '错误', 'error', lang)];
    if (warnings) parts.push(count(warnings, '警告', 'warning', lang));
    const verdict = lang === 'zh' ? `有 ${parts.join('、')}，无法使用` : `${parts.join(', ')}; not usable`;
    return `${color.red('✗')} ${file}${sep}${verdict}`;
  }
  const checklist = loaded.checklist;
  const items = allItems(checklist);
  const gaps = items.filter((item) => item.urls.length === 0).length;
  const facts =
    lang === 'zh'
      ? [`${checklist.categories.length} 个类别`, `${items.length} 个事项`, `${gaps} 个无链接`]
      : [`${checklist.categories.length} ${checklist.categories.length === 1 ? 'category' : 'categories'}`, count(items.length, '', 'item', lang), `${gaps} without a link`];
  if (warnings) facts.push(count(warnings, '警告', 'warning', lang));
  const joined = facts.join(lang === 'zh' ? '，' : ', ');
  return `${color.green('✓')} ${file}${sep}${checklist.institution} — ${joined}`;
}

function colorProblem(problem: ChecklistProblem, color: InstanceType<typeof Chalk>): string {
  const text = formatProblem(problem);
  const marker = `: ${problem.severity}: `;
  const at = text.indexOf(marker);
  if (at < 0) return text;
  const paint = problem.severity === 'error' ? color.red : color.yellow;
  return `${text.slice(0, at)}: ${paint(problem.severity)}: ${text.slice(at + marker.length)}`;
}
