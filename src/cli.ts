// The command line: wires commander to the pipeline. No checking logic lives here.
import { Command, CommanderError, Option } from 'commander';
import { TOOL_NAME, TOOL_VERSION } from './version.js';
import type { CliContext } from './commands/context.js';
import { registerValidate } from './commands/validate.js';
import { registerList } from './commands/list.js';
import { registerImport } from './commands/import.js';
import { registerInit } from './commands/init.js';
import { registerDiff } from './commands/diff.js';
import { registerRun } from './commands/run.js';
import { registerDemo } from './commands/demo.js';
import { reportFilesClause } from './report/written.js';
import { detectLang, t } from './i18n.js';
import { commanderError, configureHelpLanguage, langArgument } from './help.js';
import type { Lang } from './types.js';
import { registerMerge } from './commands/merge.js';
import { EXIT, firstLine, XxgkError } from './errors.js';
import { registerReview } from './commands/review.js';
import { registerWatch } from './commands/watch.js';
import { registerHistory } from './commands/history.js';

export type { CliContext } from './commands/context.js';

function defaultContext(): CliContext {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
    exitCode: EXIT.ok,
    ownProcess: true,
  };
}

/**
 * The command line in `lang` (every description, heading and commander error line). `lang` is chosen before
 * parsing, as every command chooses it: `--lang` anywhere on the command line, else the locale (helpLang).
 */
export function buildProgram(ctx: CliContext, lang: Lang = detectLang(ctx.env)): Command {
  const program = new Command();
  const output = {
    writeOut: (str: string) => ctx.stdout.write(str),
    writeErr: (str: string) => ctx.stderr.write(str),
    outputError: (str: string, write: (str: string) => void) => write(commanderError(str, lang)),
    getOutHelpWidth: () => helpWidth(ctx, ctx.stdout),
    getErrHelpWidth: () => helpWidth(ctx, ctx.stderr),
  };
  configureHelpLanguage(program, lang);
  program
    .name(TOOL_NAME)
    .description(t(lang, '检查高校信息公开清单（信息公开清单事项）中的每个事项是否真正公开。', 'Check that every item of a university information-disclosure checklist (信息公开清单事项) is really published.'))
    .version(TOOL_VERSION, '-V, --version', t(lang, '显示版本号', 'output the version number'))
    // --lang before the command (`xxgk-check --lang en run …`) or after it: commander gives it to the program
    // wherever it is, and the preAction hook hands it to the command, whose own --lang its help lists.
    .addOption(new Option('--lang <lang>', t(lang, '输出和帮助的语言（默认按 LANG 等区域设置）', 'language of the output and the help (default: from LANG)')).choices(['zh', 'en']))
    .addOption(new Option('--debug', t(lang, '意外错误时显示调用栈', 'print stack traces of unexpected errors')))
    .exitOverride()
    .configureOutput(output)
    .hook('preAction', (_program, command) => {
      const chosen: unknown = program.opts().lang;
      if (chosen !== undefined && command.options.some((option) => option.attributeName() === 'lang')) command.setOptionValue('lang', chosen);
    });
  registerValidate(program, ctx, lang);
  registerList(program, ctx, lang);
  registerImport(program, ctx, lang);
  registerInit(program, ctx, lang);
  registerDiff(program, ctx, lang);
  registerRun(program, ctx, lang);
  registerWatch(program, ctx, lang);
  registerReview(program, ctx, lang);
  registerDemo(program, ctx, lang);
  registerMerge(program, ctx, lang);
  registerHistory(program, ctx, lang);
  // Sub-commands inherit output and exit handling.
  for (const cmd of program.commands) cmd.exitOverride().configureOutput(output);
  return program;
}

/** The width help is wrapped to: the terminal's; when not a terminal, COLUMNS when set, else 80. */
function helpWidth(ctx: CliContext, stream: CliContext['stdout']): number {
  if (stream.isTTY && stream.columns) return stream.columns;
  const fromEnv = Number(ctx.env.COLUMNS);
  return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : 80;
}

/** The language of the help and of commander's errors for `argv`: --lang anywhere, else the locale, else English. */
export function helpLang(argv: readonly string[], env: NodeJS.ProcessEnv): Lang {
  return detectLang(env, langArgument(argv.slice(2)));
}

/**
 * Watch stdout and stderr for a reader that went away (EPIPE: `xxgk-check list x.yaml | head -1`). The stream is
 * then dropped quietly (later writes go nowhere, the command finishes its work, report files are still written) and
 * the process ends with EXIT.brokenPipe (141, as a shell reports a program a closed pipe ended), never an internal
 * error. Other stream errors are left to the usual handling.
 */
function watchBrokenPipe(ctx: CliContext): { readonly broken: boolean } {
  const state = { broken: false };
  for (const stream of [ctx.stdout, ctx.stderr]) {
    const onError = (err: NodeJS.ErrnoException): void => {
      if (err.code === 'EPIPE' || (state.broken && err.code === 'ERR_STREAM_DESTROYED')) {
        state.broken = true;
        // The error may come after main() returned (a write is asynchronous): set the exit code here too.
        if (stream === process.stdout || stream === process.stderr) process.exitCode = EXIT.brokenPipe;
        return;
      }
      throw err;
    };
    stream.on('error', onError);
  }
  return state;
}

/** Run the CLI with `argv` (as process.argv: node, script, args…). Resolves to the exit code. */
export async function main(argv: string[], ctx: CliContext = defaultContext()): Promise<number> {
  const pipe = watchBrokenPipe(ctx);
  const code = await runProgram(argv, ctx);
  // A closed pipe outranks "ok" and "gaps" (the output was cut), not a usage error, a bug or an interruption.
  return pipe.broken && code <= EXIT.gaps ? EXIT.brokenPipe : code;
}

async function runProgram(argv: string[], ctx: CliContext): Promise<number> {
  const program = buildProgram(ctx, helpLang(argv, ctx.env));
  try {
    await program.parseAsync(argv);
    return ctx.exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') {
        return EXIT.ok;
      }
      // commander has already printed its one-line message (an InvalidArgumentError from an option's parser too).
      return EXIT.usage;
    }
    // An error a command means to show: its one line (unless already written), and its exit code.
    if (err instanceof XxgkError) {
      if (!err.reported) ctx.stderr.write(`${TOOL_NAME}: ${err.message}\n`);
      return err.exitCode;
    }
    // Anything else is a bug: one line, the stack only with --debug.
    ctx.stderr.write(crashReport(err, argv, ctx.env));
    return EXIT.internal;
  }
}

/**
 * What to print for a bug that escaped a command: one line — the first line of the message, where the partial
 * reports are (when reports were asked for), and the hint to use --debug — then the stack only with --debug.
 */
export function crashReport(err: unknown, argv: string[], env: NodeJS.ProcessEnv): string {
  const debug = argv.includes('--debug');
  const lang = helpLang(argv, env);
  const message = firstLine(err);
  const reports = reportFilesClause(lang);
  let line =
    lang === 'zh'
      ? `${TOOL_NAME}: 内部错误：${message}${reports ? `；${reports}` : ''}${debug ? '' : '（加 --debug 查看详情）'}\n`
      : `${TOOL_NAME}: internal error: ${message}${reports ? `; ${reports}` : ''}${debug ? '' : ' (run with --debug for details)'}\n`;
  if (debug && err instanceof Error && err.stack) line += `${err.stack}\n`;
  return line;
}

/**
 * Last resort for an exception that escaped everything (a bug): one line, no stack trace unless --debug, exit 3.
 * Reports already written stay where they are, and the line names them (and those not written).
 */
export function crashed(err: unknown, argv: string[]): never {
  process.stderr.write(crashReport(err, argv, process.env));
  process.exit(EXIT.internal);
}
