// `xxgk-check run <checklist...>`: check every item of one or more checklists and report.
import { mkdir, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import type { CliContext } from './context.js';
import type { Checklist, Lang, RunOptions, RunResult } from '../types.js';
import { formatProblem, hasErrors, loadChecklist } from '../checklist/index.js';
import { createFetcher, DEFAULT_FETCH_OPTIONS } from '../fetch/index.js';
import type { FetchOptions } from '../fetch/types.js';
import { DEFAULT_RUN_OPTIONS, runChecks } from '../run/run.js';
import { redactRun } from '../run/redact.js';
import { createProgress, formatForPath, REPORT_FORMATS, writeReportFile, type FormatName } from '../report/index.js';
import { noteReportsRequested, noteReportWritten } from '../report/written.js';
import { ReportWriteError } from '../report/write.js';
import { hasGaps } from '../verdict/verdict.js';
import { detectLang, t } from '../i18n.js';
import { compareWithBaseline, DEFAULT_BASELINE_PATH, hasRegression, readBaseline, type Baseline } from '../run/baseline.js';
import { JsonReportError } from '../report/read.js';
import { DEFAULT_USER_AGENT } from '../version.js';

/** `regression`: exit 1 only when an item got worse than in the baseline (needs --baseline). */
/** How long an interrupted run waits for requests already in flight before it abandons them. */
const IN_FLIGHT_GRACE_MS = 2000;

export type FailOn = 'fail' | 'warn' | 'never' | 'regression';

/** Options shared by `run` and `demo`, as commander parses them. */
export interface CheckCommandOptions {
  concurrency: number;
  perHost: number;
  delay: number;
  timeout: number;
  retries: number;
  retryAfterCap: number;
  maxBytes: number;
  maxAttachments: number;
  attachments: boolean;
  slow: number;
  /** Days before an update deadline from which items get STALE_SOON (from `--stale-soon 30d`). */
  staleSoon: number;
  insecure: boolean;
  userAgent: string;
  output: string[];
  format?: FormatName;
  lang?: Lang;
  color: boolean;
  quiet: boolean;
  failOn: FailOn;
  /** `run` only: an earlier JSON report to compare with. */
  baseline?: string;
  /** `run` only: write the JSON report here for the next run (`true`: the default path). */
  saveBaseline?: string | true;
}

function integer(name: string, min: number): (value: string) => number {
  return (value: string) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min) {
      throw new InvalidArgumentError(`${name} must be an integer >= ${min}.`);
    }
    return n;
  };
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

/** `--stale-soon`: `30d`, `2w`, `1m` (30 days) or a plain number of days; `0` turns STALE_SOON off. */
export function staleSoonDays(value: string): number {
  const match = /^\s*(\d{1,4})\s*([dwm]?)\s*$/i.exec(value);
  if (!match) throw new InvalidArgumentError('--stale-soon must be a number of days, weeks or months, e.g. 30d, 2w, 1m, or 0.');
  const count = Number(match[1]);
  const unit = (match[2] ?? '').toLowerCase();
  return unit === 'w' ? count * 7 : unit === 'm' ? count * 30 : count;
}

/** Defaults of the checking options that a command may change (the demo uses short waits). */
export interface CheckDefaults {
  timeoutMs: number;
  retries: number;
  slowMs: number;
}

/** Add the checking and reporting options to a command (`run` and `demo` share them). */
export function addCheckOptions(command: Command, defaults: Partial<CheckDefaults> = {}): Command {
  const d = { ...DEFAULT_FETCH_OPTIONS, ...defaults };
  return command
    .option('-c, --concurrency <n>', 'requests in flight over all sites', integer('--concurrency', 1), d.concurrency)
    .option('--per-host <n>', 'requests in flight to one site', integer('--per-host', 1), d.perHost)
    .option('--delay <ms>', 'minimum gap between requests to one site', integer('--delay', 0), d.delayMs)
    .option('--timeout <ms>', 'limit for one attempt, connect to last byte', integer('--timeout', 1), d.timeoutMs)
    .option('--retries <n>', 'retries on connection errors, timeouts, 5xx and 429', integer('--retries', 0), d.retries)
    .option('--retry-after-cap <ms>', 'longest Retry-After wait honoured', integer('--retry-after-cap', 0), d.retryAfterCapMs)
    .option('--max-bytes <n>', 'body bytes read per page (after decompression)', integer('--max-bytes', 1024), d.maxBytes)
    .option('--max-attachments <n>', 'attachments checked per item', integer('--max-attachments', 0), DEFAULT_RUN_OPTIONS.maxAttachments)
    .option('--no-attachments', 'do not check linked documents')
    .option('--slow <ms>', 'pages slower than this get SLOW_RESPONSE', integer('--slow', 1), defaults.slowMs ?? DEFAULT_RUN_OPTIONS.slowMs)
    .option('--stale-soon <days>', 'warn (STALE_SOON) this long before an item\'s update deadline: 30d, 2w, 1m; 0 = off', staleSoonDays, DEFAULT_RUN_OPTIONS.staleSoonDays)
    .option('-k, --insecure', 'fetch through certificate errors (still reported as warnings)', false)
    .option('--user-agent <ua>', 'User-Agent header', DEFAULT_USER_AGENT)
    .option('-o, --output <file>', 'write a report; format from the extension: .json .csv .xlsx .html .md .xml (repeatable)', collect, [])
    .addOption(new Option('--format <format>', 'print this format to stdout instead of the terminal table').choices(Object.keys(REPORT_FORMATS)))
    .addOption(new Option('--lang <lang>', 'language of the output (default: from LANG)').choices(['zh', 'en']))
    .option('--no-color', 'no colours (also NO_COLOR=1)')
    .option('-q, --quiet', 'no progress bar', false)
    .addOption(
      new Option('--fail-on <level>', 'exit 1 on: fail (fail or missing items), warn (also warnings), regression (an item got worse than in --baseline), never')
        .choices(['fail', 'warn', 'regression', 'never'])
        .default('fail'),
    );
}

export function runOptionsFrom(opts: CheckCommandOptions): RunOptions {
  return {
    concurrency: opts.concurrency,
    perHost: opts.perHost,
    delayMs: opts.delay,
    timeoutMs: opts.timeout,
    retries: opts.retries,
    retryAfterCapMs: opts.retryAfterCap,
    maxBytes: opts.maxBytes,
    maxRedirects: DEFAULT_FETCH_OPTIONS.maxRedirects,
    maxAttachments: opts.maxAttachments,
    slowMs: opts.slow,
    staleSoonDays: opts.staleSoon,
    insecure: opts.insecure,
    userAgent: opts.userAgent,
    checkAttachments: opts.attachments,
  };
}

export function fetchOptionsFrom(run: RunOptions): FetchOptions {
  return {
    ...DEFAULT_FETCH_OPTIONS,
    concurrency: run.concurrency,
    perHost: run.perHost,
    delayMs: run.delayMs,
    timeoutMs: run.timeoutMs,
    retries: run.retries,
    retryAfterCapMs: run.retryAfterCapMs,
    maxBytes: run.maxBytes,
    maxRedirects: run.maxRedirects,
    insecure: run.insecure,
    userAgent: run.userAgent,
  };
}

/** Colour only on a terminal, unless NO_COLOR, --no-color, TERM=dumb; FORCE_COLOR forces it. */
export function useColor(ctx: CliContext, flag: boolean): boolean {
  if (!flag || (ctx.env.NO_COLOR ?? '') !== '') return false;
  const force = ctx.env.FORCE_COLOR;
  if (force !== undefined && force !== '') return force !== '0' && force !== 'false';
  return Boolean(ctx.stdout.isTTY) && ctx.env.TERM !== 'dumb';
}

/** Expand arguments: files as given, directories to their *.yaml / *.yml files (sorted). */
async function checklistFiles(args: string[], cwd: string): Promise<string[]> {
  const files: string[] = [];
  for (const arg of args) {
    const full = path.resolve(cwd, arg);
    const info = await stat(full).catch(() => undefined);
    if (info?.isDirectory()) {
      const names = (await readdir(full)).filter((n) => /\.ya?ml$/i.test(n)).sort();
      files.push(...names.map((n) => path.join(arg, n)));
    } else {
      files.push(arg);
    }
  }
  return files;
}

/** Load every checklist; print problems; undefined when any has an error. */
export async function loadChecklists(files: string[], ctx: CliContext, site?: string): Promise<Checklist[] | undefined> {
  const checklists: Checklist[] = [];
  let failed = false;
  for (const file of files) {
    const loaded = await loadChecklist(path.resolve(ctx.cwd, file), site ? { site } : undefined);
    for (const problem of loaded.problems) {
      ctx.stderr.write(`${formatProblem({ ...problem, file: path.relative(ctx.cwd, problem.file) || problem.file })}\n`);
    }
    if (hasErrors(loaded.problems) || !loaded.checklist) failed = true;
    else checklists.push(loaded.checklist);
  }
  return failed ? undefined : checklists;
}

/**
 * Run the checks and deliver every requested output. Shared by `run` and `demo`.
 * Returns the exit code (0 ok, 1 gaps, 130 interrupted).
 */
export async function checkAndReport(
  checklists: Checklist[],
  opts: CheckCommandOptions,
  ctx: CliContext,
  extra: { ca?: string; outputs?: string[]; stdoutFormat?: FormatName; baseline?: Baseline; saveBaseline?: string } = {},
): Promise<{ code: number; run: RunResult }> {
  const lang = detectLang(ctx.env, opts.lang);
  const color = useColor(ctx, opts.color);
  const runOptions = runOptionsFrom(opts);
  const total = checklists.reduce((n, c) => n + c.categories.reduce((m, cat) => m + cat.items.length, 0), 0);
  const progressEnabled =
    !opts.quiet && Boolean(ctx.stderr.isTTY) && (ctx.env.CI ?? '') === '' && ctx.stderr === process.stderr;
  const progress = createProgress(process.stderr, { enabled: progressEnabled, total, lang });

  // Ctrl-C / SIGTERM: `stopper` stops new requests at once; `controller` abandons those in flight after a grace.
  const stopper = new AbortController();
  const controller = new AbortController();
  let graceTimer: NodeJS.Timeout | undefined;
  let interrupted = false;
  const onSignal = (): void => {
    if (interrupted) {
      // A second Ctrl-C: the user does not want to wait.
      process.exit(130);
    }
    interrupted = true;
    ctx.stderr.write(
      `\n${t(lang, '已中断：停止新的请求，等待进行中的请求（最多 2 秒）后保存已取得的结果……（再按一次 Ctrl-C 立即退出）', 'Interrupted: no new requests; waiting up to 2 s for those in flight, then saving what was gathered… (Ctrl-C again to quit now)')}\n`,
    );
    stopper.abort();
    graceTimer = setTimeout(() => controller.abort(), IN_FLIGHT_GRACE_MS);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const fetchOptions = fetchOptionsFrom(runOptions);
  if (extra.ca) fetchOptions.ca = extra.ca;
  const fetcher = createFetcher(fetchOptions, {
    onStart: (_url, host) => progress.start(_url, host),
  });
  let gathered: RunResult;
  try {
    gathered = await runChecks(checklists, runOptions, fetcher, {
      signal: controller.signal,
      stop: stopper.signal,
      onItemDone: (item) => progress.done({ failed: item.status === 'fail' || item.status === 'missing' }),
    });
  } finally {
    clearTimeout(graceTimer);
    progress.stop();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await fetcher.close();
  }
  // Every output sees URLs with credentials and secret query values masked.
  const redacted = redactRun(gathered);
  const run = extra.baseline ? compareWithBaseline(redacted, extra.baseline) : redacted;

  const reportOptions = { lang, color, columns: ctx.stdout.columns ?? 120 };
  const stdoutFormat = extra.stdoutFormat ?? opts.format ?? 'terminal';
  const outputs = [...opts.output, ...(extra.outputs ?? [])];
  noteReportsRequested(outputs);
  // A bug in the printed report must not cost the report files: say so in one line and write them anyway.
  let printFailed = false;
  try {
    const rendered = await REPORT_FORMATS[stdoutFormat].render(run, { ...reportOptions, color: stdoutFormat === 'terminal' && color });
    ctx.stdout.write(rendered);
    if (typeof rendered === 'string' && !rendered.endsWith('\n')) ctx.stdout.write('\n');
  } catch (err) {
    printFailed = true;
    const message = (err instanceof Error ? err.message : String(err)).split('\n')[0];
    ctx.stderr.write(`xxgk-check: ${t(lang, '输出报告时出现内部错误', 'internal error while printing the report')}: ${message}\n`);
  }

  let writeFailed = false;
  for (const file of outputs) {
    const target = path.resolve(ctx.cwd, file);
    try {
      await writeReportFile(target, run, { ...reportOptions, color: false });
      noteReportWritten(file);
      ctx.stderr.write(`${t(lang, '已写入', 'wrote')} ${file}\n`);
    } catch (err) {
      writeFailed = true;
      // A ReportWriteError already names the file and the reason; anything else gets the file named here.
      const message = err instanceof ReportWriteError ? err.message : `${t(lang, '无法写入', 'cannot write')} ${file}: ${err instanceof Error ? err.message : String(err)}`;
      ctx.stderr.write(`xxgk-check: ${message}\n`);
    }
  }

  if (extra.saveBaseline) {
    const file = extra.saveBaseline;
    if (!run.complete) {
      // An interrupted run would make every item it did not reach look "new" next time.
      ctx.stderr.write(`xxgk-check: ${t(lang, '检查被中断，未保存基线', 'the run was interrupted: baseline not saved to')} ${file}\n`);
    } else {
      const target = path.resolve(ctx.cwd, file);
      try {
        await mkdir(path.dirname(target), { recursive: true });
        await writeReportFile(target, run, { ...reportOptions, color: false }, 'json');
        ctx.stderr.write(`${t(lang, '已保存基线', 'saved the baseline to')} ${file}\n`);
      } catch (err) {
        writeFailed = true;
        ctx.stderr.write(`xxgk-check: ${t(lang, '无法保存基线', 'cannot save the baseline')} ${file}: ${err instanceof Error ? err.message : String(err)}\n`);
      }
    }
  }

  let code = opts.failOn === 'regression' ? (hasRegression(run) ? 1 : 0) : hasGaps(run.summary, opts.failOn) ? 1 : 0;
  if (writeFailed) code = Math.max(code, 2);
  // An INTERNAL_ERROR finding is a bug in xxgk-check, not a gap of the site: say so with exit 3.
  if (printFailed || run.results.some((r) => r.items.some((item) => item.findings.some((f) => f.code === 'INTERNAL_ERROR')))) code = 3;
  if (interrupted || !run.complete) code = 130;
  return { code, run };
}

export function registerRun(program: Command, ctx: CliContext): void {
  const command = program
    .command('run')
    .description('check every item of one or more checklists (files or directories of *.yaml) and report gaps / 检查清单中每个事项并报告问题')
    .argument('<checklist...>', 'checklist YAML files or directories')
    .option('--baseline <report.json>', 'compare with an earlier JSON report: mark each item new, fixed, regressed, improved or unchanged')
    .option('--save-baseline [file]', `write the JSON report for the next run's --baseline (default: ${DEFAULT_BASELINE_PATH})`);
  addCheckOptions(command).action(async (args: string[], opts: CheckCommandOptions) => {
    const lang = detectLang(ctx.env, opts.lang);
    if (opts.failOn === 'regression' && !opts.baseline) {
      ctx.stderr.write(`xxgk-check: ${t(lang, '--fail-on regression 需要 --baseline <上次的报告.json>', '--fail-on regression needs --baseline <previous report.json>')}\n`);
      ctx.exitCode = 2;
      return;
    }
    let baseline: Baseline | undefined;
    if (opts.baseline) {
      try {
        baseline = await readBaseline(path.resolve(ctx.cwd, opts.baseline), lang, opts.baseline);
      } catch (err) {
        if (!(err instanceof JsonReportError)) throw err;
        ctx.stderr.write(`xxgk-check: --baseline: ${err.message}\n`);
        ctx.exitCode = 2;
        return;
      }
    }
    const saveBaseline = opts.saveBaseline === true ? DEFAULT_BASELINE_PATH : opts.saveBaseline;
    // `--save-baseline` takes an optional value, so `--save-baseline school.yaml` would take the checklist as the
    // file to write: only a .json name is accepted.
    if (saveBaseline !== undefined && !/\.json$/i.test(saveBaseline)) {
      ctx.stderr.write(`xxgk-check: ${t(lang, `--save-baseline 写入 JSON 报告，文件名须以 .json 结尾：${saveBaseline}`, `--save-baseline writes a JSON report: the file name must end in .json (got ${saveBaseline})`)}\n`);
      ctx.exitCode = 2;
      return;
    }
    for (const file of opts.output) {
      if (!formatForPath(file)) {
        ctx.stderr.write(`xxgk-check: cannot tell the report format of "${file}": use .json .csv .xlsx .html .md or .xml\n`);
        ctx.exitCode = 2;
        return;
      }
    }
    if (opts.format === 'xlsx' && ctx.stdout.isTTY) {
      ctx.stderr.write('xxgk-check: --format xlsx writes a binary workbook: redirect stdout to a file or use -o report.xlsx\n');
      ctx.exitCode = 2;
      return;
    }
    const files = await checklistFiles(args, ctx.cwd);
    if (files.length === 0) {
      ctx.stderr.write(`xxgk-check: no checklist (*.yaml) found in ${args.join(', ')}\n`);
      ctx.exitCode = 2;
      return;
    }
    const checklists = await loadChecklists(files, ctx);
    if (!checklists) {
      ctx.exitCode = 2;
      return;
    }
    const { code } = await checkAndReport(checklists, opts, ctx, {
      ...(baseline ? { baseline } : {}),
      ...(saveBaseline ? { saveBaseline } : {}),
    });
    ctx.exitCode = code;
  });
}
