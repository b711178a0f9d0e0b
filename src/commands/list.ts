// `xxgk-check list <checklist>`: the checklist's items as a table by category (no network).
import { InvalidArgumentError, Option, type Command } from 'commander';
import type { CliContext } from './context.js';
import { EXIT } from '../errors.js';
import { detectLang, t } from '../i18n.js';
import type { Lang } from '../types.js';
import { formatProblem, hasErrors, loadChecklist } from '../checklist/index.js';
import { renderChecklistTable } from '../checklist/table.js';

/** Width used when output is not a terminal and COLUMNS is not set. */
const DEFAULT_WIDTH = 100;

export function registerList(program: Command, ctx: CliContext, lang: Lang): void {
  program
    .command('list')
    .description(t(lang, '按类别以表格列出清单的事项（不联网）', 'show the items of a checklist as a table (no network)'))
    .argument('<checklist>', t(lang, '清单 YAML 文件', 'checklist YAML file'))
    .addOption(new Option('--lang <lang>', t(lang, '输出和帮助的语言（默认按 LANG 等区域设置）', 'language of the output and the help (default: from LANG)')).choices(['zh', 'en']))
    .addOption(
      new Option('--width <columns>', t(lang, '表格宽度（列数），0 表示不截断标题', 'table width in columns, 0 = never cut titles')).argParser(widthParser(lang)),
    )
    .action(async (file: string, options: { lang?: string; width?: number }) => {
      const lang = detectLang(ctx.env, options.lang);
      const loaded = await loadChecklist(file, { lang });
      for (const problem of loaded.problems) ctx.stderr.write(`${formatProblem(problem)}\n`);
      if (hasErrors(loaded.problems) || !loaded.checklist) {
        ctx.exitCode = EXIT.usage;
        return;
      }
      const width = options.width ?? terminalWidth(ctx);
      for (const line of renderChecklistTable(loaded.checklist, { lang, width })) ctx.stdout.write(`${line}\n`);
    });
}

function widthParser(lang: Lang): (value: string) => number {
  return (value: string) => {
    const width = Number(value);
    if (!Number.isInteger(width) || width < 0) {
      throw new InvalidArgumentError(t(lang, '应为整数列数（0 表示不截断标题）。', 'expected a whole number of columns (0 = never cut titles)'));
    }
    return width;
  };
}

/** The terminal's width; COLUMNS or 100 when the output is not a terminal (a pipe, a file). */
function terminalWidth(ctx: CliContext): number {
  if (ctx.stdout.isTTY && ctx.stdout.columns) return ctx.stdout.columns;
  const fromEnv = Number(ctx.env.COLUMNS);
  return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : DEFAULT_WIDTH;
}
