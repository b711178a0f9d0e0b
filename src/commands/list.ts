// `xxgk-check list <checklist>`: the checklist's items as a table by category (no network).
import { InvalidArgumentError, Option, type Command } from 'commander';
import type { CliContext } from './context.js';
import { EXIT } from '../errors.js';
import { detectLang } from '../i18n.js';
import { formatProblem, hasErrors, loadChecklist } from '../checklist/index.js';
import { renderChecklistTable } from '../checklist/table.js';

/** Width used when output is not a terminal and COLUMNS is not set. */
const DEFAULT_WIDTH = 100;

export function registerList(program: Command, ctx: CliContext): void {
  program
    .command('list')
    .description('show the items of a checklist as a table (no network) / 以表格列出清单事项（不联网）')
    .argument('<checklist>', 'checklist YAML file / 清单 YAML 文件')
    .addOption(new Option('--lang <lang>', 'language of messages / 输出语言').choices(['zh', 'en']))
    .addOption(
      new Option('--width <columns>', 'table width in columns, 0 = never cut titles / 表格宽度，0 表示不截断').argParser(parseWidth),
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

function parseWidth(value: string): number {
  const width = Number(value);
  if (!Number.isInteger(width) || width < 0) {
    throw new InvalidArgumentError('expected a whole number of columns (0 = never cut titles)');
  }
  return width;
}

/** The terminal's width; COLUMNS or 100 when the output is not a terminal (a pipe, a file). */
function terminalWidth(ctx: CliContext): number {
  if (ctx.stdout.isTTY && ctx.stdout.columns) return ctx.stdout.columns;
  const fromEnv = Number(ctx.env.COLUMNS);
  return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : DEFAULT_WIDTH;
}
