// The command line: wires commander to the pipeline. No checking logic lives here.
import { stripVTControlCharacters } from 'node:util';
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
import { detectLang } from './i18n.js';
import { registerMerge } from './commands/merge.js';
import { EXIT, firstLine, XxgkError } from './errors.js';
import { displayWidth } from './text-width.js';
import { registerReview } from './commands/review.js';
import { registerHistory } from './commands/history.js';

export type { CliContext } from './commands/context.js';

function defaultContext(): CliContext {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
    exitCode: EXIT.ok,
  };
}

export function buildProgram(ctx: CliContext): Command {
  const program = new Command();
  program
    .name(TOOL_NAME)
    .description(
      'Check that every item of a university information-disclosure checklist (信息公开清单事项) is really published.\n' +
        '检查高校信息公开清单中的每个事项是否真正公开。',
    )
    .version(TOOL_VERSION, '-V, --version')
    .addOption(new Option('--debug', 'print stack traces of unexpected errors'))
    // Help text is bilingual: wrap it by display width (a Chinese character takes two columns).
    .configureHelp({ displayWidth: (text) => displayWidth(stripVTControlCharacters(text)) })
    .showHelpAfterError('(use --help for usage)')
    .exitOverride()
    .configureOutput({
      writeOut: (str) => ctx.stdout.write(str),
      writeErr: (str) => ctx.stderr.write(str),
    });
  registerValidate(program, ctx);
  registerList(program, ctx);
  registerImport(program, ctx);
  registerInit(program, ctx);
  registerDiff(program, ctx);
  registerRun(program, ctx);
  registerReview(program, ctx);
  registerDemo(program, ctx);
  registerMerge(program, ctx);
  registerHistory(program, ctx);
  // Sub-commands inherit output and exit handling.
  for (const cmd of program.commands) {
    cmd.exitOverride().configureOutput({
      writeOut: (str) => ctx.stdout.write(str),
      writeErr: (str) => ctx.stderr.write(str),
    });
  }
  return program;
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
  const program = buildProgram(ctx);
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
  const langIndex = argv.indexOf('--lang');
  const lang = detectLang(env, langIndex >= 0 ? argv[langIndex + 1] : argv.find((a) => a.startsWith('--lang='))?.slice(7));
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
