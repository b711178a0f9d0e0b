// Report delivery, the stage after a run: redact, compare with a baseline, print the report, write every report
// file (and the baseline for next time), and the exit-code rule. `run`, `demo` and `merge` deliver through here;
// signals and the progress bar stay with the command that runs the checks.
import type { Writable } from 'node:stream';
import { statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Lang, RunResult } from '../types.js';
import { EXIT, errorMessage, firstLine, ReportWriteError, UsageError, type ExitCode } from '../errors.js';
import { formatForPath, outputExtensions, REPORT_FORMATS, writeReportFile, type FormatName, type ReportFormat } from '../report/index.js';
import { noteReportsRequested, noteReportWritten } from '../report/written.js';
import { hasGaps } from '../verdict/verdict.js';
import { t } from '../i18n.js';
import { TOOL_NAME } from '../version.js';
import { redactRun } from './redact.js';
import { compareWithBaseline, hasRegression, type Baseline } from './baseline.js';
import { reviewHasGaps } from '../review/gaps.js';

/** `--fail-on`: which items make exit 1. `regression`: only an item that got worse than in the baseline. */
export type FailOn = 'fail' | 'warn' | 'never' | 'regression';

export const FAIL_ON_LEVELS: readonly FailOn[] = ['fail', 'warn', 'regression', 'never'];

/** Where delivery writes and how reports look. */
export interface DeliveryIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream;
  /** Report files are named relative to this. */
  cwd: string;
  lang: Lang;
  /** Colour in the printed terminal report (never in files). */
  color: boolean;
  columns: number;
  /** IANA time zone of the times every report shows (`--tz`, TZ, the system's: `resolveTimeZone`). */
  timeZone: string;
  /** Say each file written (`wrote r.html`; default true). `watch` rewrites its reports every round and says so once. */
  announce?: boolean;
}

/** What to deliver. */
export interface DeliveryOutputs {
  /** Print this format to stdout; undefined: print nothing. */
  stdoutFormat?: FormatName;
  /** Report files (`-o`), as the user named them; the format follows the extension. */
  files: readonly string[];
  /** Compare with this earlier run: every item gets its change, every output leads with them. */
  baseline?: Baseline;
  /** Write the JSON report here for the next run's `--baseline` (not when the run is incomplete). */
  saveBaseline?: string;
}

/** What was delivered. */
export interface Delivery {
  /** The run every output saw: redacted, and compared with the baseline when one was given. */
  run: RunResult;
  /** The printed report failed (a bug): exit 3. */
  printFailed: boolean;
  /** A report file or the baseline could not be written: exit 2. */
  writeFailed: boolean;
}

/**
 * Usage errors of the outputs, before any work is done: a report file whose format the extension does not tell, a
 * binary format printed to a terminal. Throws UsageError.
 */
export function checkOutputs(
  outputs: Pick<DeliveryOutputs, 'stdoutFormat' | 'files'>,
  io: Pick<DeliveryIo, 'stdout' | 'lang'> & { cwd?: string },
): void {
  for (const file of outputs.files) {
    if (!formatForPath(file)) {
      throw new UsageError(
        t(io.lang, `无法从文件名判断报告格式：${file}（请用 ${outputExtensions({ or: '或' })}）`, `cannot tell the report format of "${file}": use ${outputExtensions({ or: 'or' })}`),
      );
    }
    // Folders that do not exist are made when the report is written; a folder that cannot be (a file stands in
    // its way) is refused now, before any request.
    const inTheWay = fileInTheWay(path.resolve(io.cwd ?? '.', file));
    if (inTheWay) {
      const blocker = path.relative(path.resolve(io.cwd ?? '.'), inTheWay) || inTheWay;
      throw new UsageError(
        t(io.lang, `无法写入 ${file}：${blocker} 是文件，不是文件夹`, `cannot write ${file}: ${blocker} is a file, not a folder`),
      );
    }
  }
  if (outputs.stdoutFormat === 'xlsx' && io.stdout.isTTY) {
    throw new UsageError(
      t(io.lang, '--format xlsx 输出二进制的工作簿：请把标准输出重定向到文件，或用 -o report.xlsx', '--format xlsx writes a binary workbook: redirect stdout to a file or use -o report.xlsx'),
    );
  }
}

/** The nearest existing ancestor folder of `target`'s folder when it is not a folder (a file), else undefined. */
export function fileInTheWay(target: string): string | undefined {
  let dir = path.dirname(target);
  for (;;) {
    const info = statSync(dir, { throwIfNoEntry: false });
    if (info) return info.isDirectory() ? undefined : dir;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** Whether `stream` takes nothing more: destroyed (a broken pipe destroys it) or ended. */
function isClosed(stream: NodeJS.WritableStream): boolean {
  const state = stream as Partial<Pick<Writable, 'destroyed' | 'writableEnded'>>;
  return state.destroyed === true || state.writableEnded === true;
}

/**
 * Resolves when `stream` can take more ('drain') or never will ('close', 'error': a broken pipe emits no 'drain',
 * and waiting for one kept `demo | head` alive for ever, its demo site still serving).
 */
function writable(stream: NodeJS.WritableStream): Promise<void> {
  if (isClosed(stream)) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      for (const event of ['drain', 'close', 'error']) stream.off(event, done);
      resolve();
    };
    for (const event of ['drain', 'close', 'error']) stream.once(event, done);
  });
}

/**
 * Deliver `gathered`: every output sees URLs with credentials and secret query values masked, and the comparison
 * with the baseline when one is given. A bug in the printed report does not cost the report files: it is said in one
 * line and the files are written anyway. A file that cannot be written is named, and the others are still written.
 */
export async function deliverReports(gathered: RunResult, outputs: DeliveryOutputs, io: DeliveryIo): Promise<Delivery> {
  const { lang } = io;
  const redacted = redactRun(gathered);
  const run = outputs.baseline ? compareWithBaseline(redacted, outputs.baseline) : redacted;
  const reportOptions = { lang, color: false, columns: io.columns, timeZone: io.timeZone };
  noteReportsRequested(outputs.files);

  let printFailed = false;
  if (outputs.stdoutFormat) {
    const format = outputs.stdoutFormat;
    try {
      const printOptions = { ...reportOptions, color: format === 'terminal' && io.color };
      const entry: ReportFormat = REPORT_FORMATS[format];
      if (entry.chunks) {
        // Piece by piece (one institution at a time), waiting whenever the output asks to.
        for await (const chunk of entry.chunks(run, printOptions)) {
          if (!io.stdout.write(chunk)) await writable(io.stdout);
          // The reader went away (`| head`): nothing more can be printed, the files are still written.
          if (isClosed(io.stdout)) break;
        }
      } else {
        const rendered = await entry.render(run, printOptions);
        io.stdout.write(rendered);
        if (typeof rendered === 'string' && !rendered.endsWith('\n')) io.stdout.write('\n');
      }
    } catch (err) {
      printFailed = true;
      io.stderr.write(`${TOOL_NAME}: ${t(lang, '输出报告时出现内部错误', 'internal error while printing the report')}: ${firstLine(err)}\n`);
    }
  }

  let writeFailed = false;
  for (const file of outputs.files) {
    try {
      const target = path.resolve(io.cwd, file);
      await mkdir(path.dirname(target), { recursive: true }).catch(() => undefined); // writeReportFile names the failure
      await writeReportFile(target, run, reportOptions);
      noteReportWritten(file);
      if (io.announce !== false) io.stderr.write(`${t(lang, '已写入', 'wrote')} ${file}\n`);
    } catch (err) {
      writeFailed = true;
      // A ReportWriteError already names the file and the reason; anything else gets the file named here.
      const message = err instanceof ReportWriteError ? err.message : `${t(lang, '无法写入', 'cannot write')} ${file}: ${errorMessage(err)}`;
      io.stderr.write(`${TOOL_NAME}: ${message}\n`);
    }
  }

  if (outputs.saveBaseline !== undefined) {
    const file = outputs.saveBaseline;
    if (!run.complete) {
      // An interrupted run would make every item it did not reach look "new" next time.
      io.stderr.write(`${TOOL_NAME}: ${t(lang, '检查被中断，未保存基线', 'the run was interrupted: baseline not saved to')} ${file}\n`);
    } else if (run.network?.offline) {
      // A run that could not reach the network knows nothing of the sites: it would be a baseline of nothing.
      io.stderr.write(`${TOOL_NAME}: ${t(lang, '本机无法访问网络，未保存基线', 'this machine could not reach the network: baseline not saved to')} ${file}\n`);
    } else {
      const target = path.resolve(io.cwd, file);
      try {
        await mkdir(path.dirname(target), { recursive: true });
        await writeReportFile(target, run, reportOptions, 'json');
        io.stderr.write(`${t(lang, '已保存基线', 'saved the baseline to')} ${file}\n`);
      } catch (err) {
        writeFailed = true;
        io.stderr.write(`${TOOL_NAME}: ${t(lang, '无法保存基线', 'cannot save the baseline')} ${file}: ${errorMessage(err)}\n`);
      }
    }
  }
  return { run, printFailed, writeFailed };
}

/**
 * The exit code of a delivered run (README "Exit codes"): 1 for gaps at the `failOn` level (or a regression), 2 when
 * a report could not be written, 3 for a bug (an INTERNAL_ERROR finding, a failed print), 4 when this machine could
 * not reach the network (unverified items), 130 when `interrupted`.
 */
export function exitCodeFor(delivery: Delivery, failOn: FailOn, interrupted = false): ExitCode {
  const { run } = delivery;
  if (interrupted) return EXIT.interrupted;
  // An INTERNAL_ERROR finding is a bug in xxgk-check, not a gap of the site: say so with exit 3.
  if (delivery.printFailed || run.results.some((r) => r.items.some((item) => item.findings.some((f) => f.code === 'INTERNAL_ERROR')))) {
    return EXIT.internal;
  }
  if (delivery.writeFailed) return EXIT.usage;
  // This machine could not reach the network (every page and every control URL failed): nothing is known of the
  // sites, whatever --fail-on asks.
  if (run.network?.offline || run.summary.unverified > 0) return EXIT.offline;
  // `review`: a requirement of the report that fails (or warns, with --fail-on warn) counts as a gap too.
  const gaps = failOn === 'regression' ? hasRegression(run) : hasGaps(run.summary, failOn) || reviewHasGaps(run, failOn);
  return gaps ? EXIT.gaps : EXIT.ok;
}
