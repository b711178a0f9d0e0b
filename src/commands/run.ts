// `xxgk-check run <checklist...>`: check every item of one or more checklists and report.
import { readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { Option, type Command } from 'commander';
import type { CliContext } from './context.js';
import type { Checklist, Lang, ReportReview, RunOptions, RunResult } from '../types.js';
import { formatProblem, hasErrors, loadChecklist } from '../checklist/index.js';
import { itemCount, packChecklist } from '../checklist/pack.js';
import { DEFAULT_FETCH_OPTIONS } from '../fetch/defaults.js';
import type { FetchOptions } from '../fetch/types.js';
import { withUncheckedRun } from '../verdict/verdict.js';
import { checkOurSide } from '../run/control.js';
import { createProgress, outputExtensions, REPORT_FORMATS, type FormatName } from '../report/index.js';
import { detectLang, t } from '../i18n.js';
import { DEFAULT_BASELINE_PATH, readBaseline, type Baseline } from '../run/baseline.js';
import { checkOutputs, deliverReports, exitCodeFor, FAIL_ON_LEVELS, type FailOn } from '../run/deliver.js';
import { ChecklistError, EXIT, JsonReportError, UsageError } from '../errors.js';
import { TOOL_NAME } from '../version.js';
import { resolveTimeZone, timeZoneParser } from '../time.js';
import { commanderOption, fetchPart, RUN_OPTION_TABLE, runOptionsFromFlags } from '../options.js';
import { DEFAULT_HISTORY_PATH, openHistory, type HistoryDb } from '../history/index.js';
import { beginRecording, lastRecordedBaseline, type HistorySession } from '../history/session.js';
import { checklistFromReport, isReportFile } from './report-source.js';
import { keepHeapSmall } from '../run/heap.js';
import { createTempStore, withItems, type ItemStore } from '../run/store.js';

/** The run with each checklist's report review attached (results are in checklist order). */
function withReviews(run: RunResult, reviews: readonly (ReportReview | undefined)[]): RunResult {
  return { ...run, results: run.results.map((result, i) => (reviews[i] ? withItems(result, undefined, { review: reviews[i] }) : result)) };
}

/** How long an interrupted run waits for requests already in flight before it abandons them. */
const IN_FLIGHT_GRACE_MS = 2000;

/**
 * Options shared by `run` and `demo`, as commander parses them: the run options of src/options.ts (named by
 * commander after their flags: `--delay` → `delay`; read them with `runOptionsFromFlags`) and the reporting options.
 */
export interface CheckCommandOptions {
  output: string[];
  format?: FormatName;
  lang?: Lang;
  color: boolean;
  quiet: boolean;
  failOn: FailOn;
  /** `--tz`: the time zone of the times in the reports (checked by its parser). */
  tz?: string;
  /** `run` only: an earlier JSON report to compare with. */
  baseline?: string;
  /** `run` only: write the JSON report for the next run (`true`: the default path). */
  saveBaseline?: string | true;
  /** `run` only: record the run in this history database (`true`: the default path). */
  db?: string | true;
  /** `run` only: continue the latest interrupted run of the same checklists recorded in `--db`. */
  resume?: boolean;
  /** The run options, by commander's names. */
  [runOption: string]: unknown;
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

/**
 * Add the checking and reporting options to a command (`run` and `demo` share them). `defaults` replaces the
 * default of a run option for this command (the demo uses short waits).
 */
export function addCheckOptions(command: Command, lang: Lang, defaults: Partial<RunOptions> = {}): Command {
  for (const entry of RUN_OPTION_TABLE) command.addOption(commanderOption(entry, defaults[entry.key] ?? entry.default, lang));
  return command
    .option(
      '-o, --output <file>',
      t(lang, `写出报告（可重复）；格式按扩展名：${outputExtensions()}`, `write a report; format from the extension: ${outputExtensions()} (repeatable)`),
      collect,
      [],
    )
    .addOption(
      new Option('--format <format>', t(lang, '以此格式输出到标准输出，代替终端表格', 'print this format to stdout instead of the terminal table')).choices(
        Object.keys(REPORT_FORMATS),
      ),
    )
    .addOption(new Option('--lang <lang>', t(lang, '输出和帮助的语言（默认按 LANG 等区域设置）', 'language of the output and the help (default: from LANG)')).choices(['zh', 'en']))
    .addOption(
      new Option(
        '--tz <zone>',
        t(lang, '报告中时间所用的时区，IANA 名称，如 Asia/Shanghai（默认按 TZ 或系统设置）', "time zone of the times in the reports, an IANA name such as Asia/Shanghai (default: TZ or the system's)"),
      ).argParser(timeZoneParser(lang)),
    )
    .option('--no-color', t(lang, '不用颜色（NO_COLOR=1 同此）', 'no colours (also NO_COLOR=1)'))
    .option('-q, --quiet', t(lang, '不显示进度条', 'no progress bar'), false)
    .addOption(
      new Option(
        '--fail-on <level>',
        t(
          lang,
          '何时以 1 退出：fail（有不合格或缺失的事项）、warn（有警告也算）、regression（有事项比 --baseline 变差）、never（从不）',
          'exit 1 on: fail (fail or missing items), warn (also warnings), regression (an item got worse than in --baseline), never',
        ),
      )
        .choices(FAIL_ON_LEVELS)
        .default('fail'),
    );
}

/** The run options whose default comes from the CLI's context (the control URLs, which tests replace). */
export function contextDefaults(ctx: CliContext): Partial<RunOptions> {
  return ctx.defaultControlUrls ? { controlUrls: ctx.defaultControlUrls } : {};
}

/** The fetch stage's options for a run. */
export function fetchOptionsFrom(run: RunOptions): FetchOptions {
  return { ...DEFAULT_FETCH_OPTIONS, ...fetchPart(run) };
}

/**
 * The width of the printed report: the terminal's; when the output is not one (a pipe, a file), COLUMNS when set,
 * else 120.
 */
export function outputColumns(ctx: CliContext): number {
  if (ctx.stdout.isTTY && ctx.stdout.columns) return ctx.stdout.columns;
  const fromEnv = Number(ctx.env.COLUMNS);
  return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : ctx.stdout.columns ?? 120;
}

/** Colour only on a terminal, unless NO_COLOR, --no-color, TERM=dumb; FORCE_COLOR forces it. */
export function useColor(ctx: CliContext, flag: boolean): boolean {
  if (!flag || (ctx.env.NO_COLOR ?? '') !== '') return false;
  const force = ctx.env.FORCE_COLOR;
  if (force !== undefined && force !== '') return force !== '0' && force !== 'false';
  return Boolean(ctx.stdout.isTTY) && ctx.env.TERM !== 'dumb';
}

/**
 * Expand arguments: files as given, directories to their files whose names `wanted` accepts (sorted). A file named
 * twice (`a.yaml a.yaml`, a file and its folder, `./a.yaml` and `a.yaml`) is kept once, and `onDuplicate` is told.
 */
export async function expandFileArgs(
  args: string[],
  cwd: string,
  wanted: RegExp,
  onDuplicate: (file: string) => void,
): Promise<string[]> {
  const files: string[] = [];
  const seen = new Set<string>();
  const add = async (file: string): Promise<void> => {
    const full = path.resolve(cwd, file);
    // The same file by another name (a symbolic link) is the same file too.
    const key = await realpath(full).catch(() => full);
    if (seen.has(key)) {
      onDuplicate(file);
      return;
    }
    seen.add(key);
    files.push(file);
  };
  for (const arg of args) {
    const full = path.resolve(cwd, arg);
    const info = await stat(full).catch(() => undefined);
    if (info?.isDirectory()) {
      const names = (await readdir(full)).filter((n) => wanted.test(n)).sort();
      for (const name of names) await add(path.join(arg, name));
    } else {
      await add(arg);
    }
  }
  return files;
}

/** The checklist files of `run` and `validate`: files as given, folders to their *.yaml / *.yml, each file once. */
export function checklistFiles(args: string[], ctx: CliContext, lang: Lang): Promise<string[]> {
  return expandFileArgs(args, ctx.cwd, /\.ya?ml$/i, (file) => {
    ctx.stderr.write(`${TOOL_NAME}: ${t(lang, `警告：${file} 重复给出，只检查一次`, `warning: ${file} is given more than once; it is checked once`)}\n`);
  });
}

/**
 * Load every checklist (an annual report is read as `import` reads it), printing every problem. A checklist with an
 * error is left out and named (the others are still checked: `skipped`); a ChecklistError (exit 2) when none can be
 * used.
 */
export async function loadChecklists(
  files: string[],
  ctx: CliContext,
  lang: Lang,
  site?: string,
): Promise<{ checklists: Checklist[]; skipped: string[] }> {
  const checklists: Checklist[] = [];
  const skipped: string[] = [];
  for (const file of files) {
    if (await isReportFile(path.resolve(ctx.cwd, file))) {
      const checklist = await checklistFromReport(file, ctx, lang);
      if (checklist) checklists.push(checklist);
      else skipped.push(file);
      continue;
    }
    const loaded = await loadChecklist(path.resolve(ctx.cwd, file), { lang, ...(site ? { site } : {}) });
    for (const problem of loaded.problems) {
      ctx.stderr.write(`${formatProblem({ ...problem, file: path.relative(ctx.cwd, problem.file) || problem.file })}\n`);
    }
    if (hasErrors(loaded.problems) || !loaded.checklist) skipped.push(file);
    // Kept for the whole run: its items packed (src/checklist/pack.ts), not ~250 bytes of objects each.
    else checklists.push(packChecklist(loaded.checklist));
  }
  if (checklists.length === 0) {
    throw new ChecklistError(t(lang, '清单有错误，未检查', 'a checklist has errors; nothing checked'), { reported: true });
  }
  if (skipped.length > 0) ctx.stderr.write(`${skippedLine(skipped, lang)}\n`);
  return { checklists, skipped };
}

/** `xxgk-check: 1 个清单有错误，未检查：bad.yaml` — said before the run and again after the report. */
function skippedLine(skipped: readonly string[], lang: Lang): string {
  return `${TOOL_NAME}: ${t(
    lang,
    `${skipped.length} 个清单有错误，未检查：${skipped.join('、')}`,
    `${skipped.length} ${skipped.length === 1 ? 'checklist has' : 'checklists have'} errors and ${skipped.length === 1 ? 'was' : 'were'} not checked: ${skipped.join(', ')}`,
  )}`;
}

/**
 * Run the checks and deliver every requested output (src/run/deliver.ts). Shared by `run` and `demo`. This is the
 * wiring: Ctrl-C and SIGTERM, the progress bar, the fetcher.
 */
export async function checkAndReport(
  checklists: Checklist[],
  opts: CheckCommandOptions,
  ctx: CliContext,
  extra: {
    outputs?: string[];
    baseline?: Baseline;
    saveBaseline?: string;
    failOn?: FailOn;
    /** Record the run in this history database; `resume`: continue its latest interrupted run of these checklists. */
    history?: { db: HistoryDb; resume: boolean };
    /** `review`: the review of the report each checklist came from, in checklist order; shown before its matrix. */
    reviews?: readonly (ReportReview | undefined)[];
  } = {},
): Promise<{ code: number; run: RunResult }> {
  const lang = detectLang(ctx.env, opts.lang);
  const runOptions = runOptionsFromFlags(opts);
  let session: HistorySession | undefined;
  if (extra.history) {
    session = beginRecording(extra.history.db, checklists, runOptions, {
      resume: extra.history.resume,
      lang,
      note: (message) => ctx.stderr.write(`xxgk-check: ${message}\n`),
    });
  }
  const toCheck = session?.toCheck ?? checklists;
  // A resumed run checks what is left of each checklist: those are packed too (packing a packed one does nothing).
  for (const checklist of toCheck) packChecklist(checklist);
  const total = toCheck.reduce((n, c) => n + c.categories.reduce((m, cat) => m + itemCount(cat), 0), 0);
  const progressEnabled =
    !opts.quiet && Boolean(ctx.stderr.isTTY) && (ctx.env.CI ?? '') === '' && ctx.stderr === process.stderr;
  const progress = createProgress(process.stderr, { enabled: progressEnabled, total, lang });

  // Item results leave memory as they finish: into the history database with --db, else a temporary one that is
  // removed once the reports are written (src/run/store.ts).
  const store: ItemStore = session?.store ?? (await createTempStore());
  try {
    return await checkStoreAndReport(toCheck, opts, ctx, extra, { checklists, lang, runOptions, session, store, progress });
  } finally {
    store.close();
  }
}

/** checkAndReport once the run's store is open. */
async function checkStoreAndReport(
  toCheck: Checklist[],
  opts: CheckCommandOptions,
  ctx: CliContext,
  extra: NonNullable<Parameters<typeof checkAndReport>[3]>,
  setup: { checklists: Checklist[]; lang: Lang; runOptions: RunOptions; session: HistorySession | undefined; store: ItemStore; progress: ReturnType<typeof createProgress> },
): Promise<{ code: number; run: RunResult }> {
  const { checklists, lang, runOptions, session, store, progress } = setup;
  // The fetcher (undici) and the checks (htmlparser2, the public-suffix list) load when a run starts, not when the
  // command line is read: `--version`, `--help`, `validate` and `list` never need them.
  const [{ createFetcher }, { runChecks }] = await Promise.all([import('../fetch/index.js'), import('../run/run.js')]);
  // Ctrl-C / SIGTERM: `stopper` stops new requests at once; `controller` abandons those in flight after a grace.
  const stopper = new AbortController();
  const controller = new AbortController();
  let graceTimer: NodeJS.Timeout | undefined;
  let interrupted = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (interrupted) {
      // A second Ctrl-C: the user does not want to wait.
      process.exit(EXIT.interrupted);
    }
    interrupted = true;
    // "Ctrl-C again" only to someone who pressed Ctrl-C; SIGTERM comes from a service manager or `kill`.
    const again = signal === 'SIGINT' ? t(lang, '（再按一次 Ctrl-C 立即退出）', ' (Ctrl-C again to quit now)') : '';
    const what = signal === 'SIGINT' ? t(lang, '已中断', 'Interrupted') : t(lang, '收到终止信号（SIGTERM）', 'Terminated (SIGTERM)');
    ctx.stderr.write(
      `\n${what}${t(lang, '：停止新的请求，等待进行中的请求（最多 2 秒）后保存已取得的结果……', ': no new requests; waiting up to 2 s for those in flight, then saving what was gathered…')}${again}\n`,
    );
    stopper.abort();
    graceTimer = setTimeout(() => controller.abort(), IN_FLIGHT_GRACE_MS);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const fetcher = createFetcher(fetchOptionsFrom(runOptions), {
    onStart: (url, host) => progress.start(url, host),
  });
  let gathered: RunResult;
  try {
    const checked = await runChecks(toCheck, runOptions, fetcher, {
      signal: controller.signal,
      stop: stopper.signal,
      store,
      onItemDone: (item) => {
        progress.done({ failed: item.status === 'fail' || item.status === 'missing' });
      },
    });
    // Every page failed to load: make sure this machine reaches the network before blaming the sites.
    gathered = interrupted ? checked : await checkOurSide(checked, fetcher, ctx.env);
  } finally {
    clearTimeout(graceTimer);
    progress.stop();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await fetcher.close();
  }

  // With --db the run is closed in the history; a resumed run is read back from it, so that its reports cover the
  // items of every part.
  // An interrupted run lists every item it did not reach as `unchecked`: a resumed run read back holds only the
  // recorded items, so its unchecked ones are listed from the checklists here.
  const recorded = withUncheckedRun(session ? session.finish(gathered) : gathered, checklists);
  if (session?.recordingError) {
    ctx.stderr.write(`xxgk-check: ${t(lang, '记录到历史数据库时出错，之后的事项未记录', 'recording to the history database failed; later items were not recorded')}: ${session.recordingError.message}\n`);
  }
  const delivery = await deliverReports(
    extra.reviews ? withReviews(recorded, extra.reviews) : recorded,
    {
      stdoutFormat: opts.format ?? 'terminal',
      files: [...opts.output, ...(extra.outputs ?? [])],
      ...(extra.baseline ? { baseline: extra.baseline } : {}),
      ...(extra.saveBaseline ? { saveBaseline: extra.saveBaseline } : {}),
    },
    { stdout: ctx.stdout, stderr: ctx.stderr, cwd: ctx.cwd, lang, color: useColor(ctx, opts.color), columns: outputColumns(ctx), timeZone: resolveTimeZone(ctx.env, opts.tz) },
  );
  // A history that could not be written counts as a file that could not be written (exit 2).
  const code = exitCodeFor(
    { ...delivery, writeFailed: delivery.writeFailed || session?.recordingError !== undefined },
    extra.failOn ?? opts.failOn,
    interrupted || !delivery.run.complete,
  );
  return { code, run: delivery.run };
}

export function registerRun(program: Command, ctx: CliContext, lang: Lang): void {
  const command = program
    .command('run')
    .description(
      t(
        lang,
        '检查一份或多份清单（*.yaml 文件、其所在文件夹或年度报告）中的每个事项并报告问题',
        'check every item of one or more checklists (files or directories of *.yaml, or annual reports) and report gaps',
      ),
    )
    .argument('<checklist...>', t(lang, '清单 YAML 文件或其所在文件夹，或年度报告（.docx .pdf .html .txt）', 'checklist YAML files or directories, or annual reports (.docx .pdf .html .txt)'))
    .option(
      '--baseline <report.json>',
      t(
        lang,
        '与之前的 JSON 报告比较（或 last：--db 中最近一次完整的检查），标出每个事项新增、已修复、变差、好转或无变化',
        'compare with an earlier JSON report (or `last`: the last complete run in --db): mark each item new, fixed, regressed, improved or unchanged',
      ),
    )
    .option('--db [file]', t(lang, `将检查记录到历史数据库（SQLite；默认 ${DEFAULT_HISTORY_PATH}）`, `record the run in a history database (SQLite; default: ${DEFAULT_HISTORY_PATH})`))
    .option('--resume', t(lang, '续查 --db 中记录的同一批清单上次中断的检查', 'continue the latest interrupted run of the same checklists recorded in --db'), false)
    .option(
      '--save-baseline [file]',
      t(lang, `写出 JSON 报告，供下次检查的 --baseline 使用（默认 ${DEFAULT_BASELINE_PATH}）`, `write the JSON report for the next run's --baseline (default: ${DEFAULT_BASELINE_PATH})`),
    );
  addCheckOptions(command, lang, contextDefaults(ctx)).action(async (args: string[], opts: CheckCommandOptions) => {
    const lang = detectLang(ctx.env, opts.lang);
    if (opts.failOn === 'regression' && !opts.baseline) {
      throw new UsageError(t(lang, '--fail-on regression 需要 --baseline <上次的报告.json>', '--fail-on regression needs --baseline <previous report.json>'));
    }
    const dbFile = opts.db === true ? DEFAULT_HISTORY_PATH : opts.db;
    // `--db` takes an optional value, so `--db school.yaml` would take the checklist as the database.
    if (dbFile !== undefined && /\.ya?ml$/i.test(dbFile)) {
      throw new UsageError(t(lang, `--db 的值应是历史数据库文件，而不是清单：${dbFile}（把 --db 放在清单之后，或写成 --db=文件）`, `--db takes a history database file, not a checklist: ${dbFile} (put --db after the checklists, or write --db=FILE)`));
    }
    if (opts.resume && dbFile === undefined) {
      throw new UsageError(t(lang, '--resume 需要 --db（记录了上次检查的历史数据库）', '--resume needs --db (the history database the interrupted run was recorded in)'));
    }
    if (opts.baseline === 'last' && dbFile === undefined) {
      throw new UsageError(t(lang, '--baseline last 需要 --db（与其中最近一次完整的检查比较）', '--baseline last needs --db (it compares with the last complete run recorded there)'));
    }
    let baseline: Baseline | undefined;
    if (opts.baseline && opts.baseline !== 'last') {
      try {
        baseline = await readBaseline(path.resolve(ctx.cwd, opts.baseline), lang, opts.baseline);
      } catch (err) {
        if (!(err instanceof JsonReportError)) throw err;
        throw new UsageError(`--baseline: ${err.message}`, { cause: err });
      }
    }
    const saveBaseline = opts.saveBaseline === true ? DEFAULT_BASELINE_PATH : opts.saveBaseline;
    // `--save-baseline` takes an optional value, so `--save-baseline school.yaml` would take the checklist as the
    // file to write: only a .json name is accepted.
    if (saveBaseline !== undefined && !/\.json$/i.test(saveBaseline)) {
      throw new UsageError(t(lang, `--save-baseline 写入 JSON 报告，文件名须以 .json 结尾：${saveBaseline}`, `--save-baseline writes a JSON report: the file name must end in .json (got ${saveBaseline})`));
    }
    checkOutputs({ files: opts.output, stdoutFormat: opts.format ?? 'terminal' }, { stdout: ctx.stdout, lang, cwd: ctx.cwd });
    const files = await checklistFiles(args, ctx, lang);
    if (files.length === 0) {
      throw new UsageError(t(lang, `在 ${args.join('、')} 中没有找到清单（*.yaml）`, `no checklist (*.yaml) found in ${args.join(', ')}`));
    }
    // In xxgk-check's own process, the heap stays near what is live from here on (src/run/heap.ts), from the checklists'
    // loading to the reports (not in a test or an embedding program: the flag is the whole process's).
    if (ctx.ownProcess === true) keepHeapSmall();
    const { checklists, skipped } = await loadChecklists(files, ctx, lang);
    // A history that cannot be used is a HistoryError naming the file (exit 2), before anything is checked.
    const db = dbFile !== undefined ? await openHistory(path.resolve(ctx.cwd, dbFile), { lang, shownAs: dbFile }) : undefined;
    try {
      if (db && opts.baseline === 'last') {
        baseline = lastRecordedBaseline(db, checklists);
        if (!baseline) {
          ctx.stderr.write(`xxgk-check: ${t(lang, `${dbFile} 中还没有完整的检查记录，本次不作比较`, `${dbFile} has no complete run recorded yet: nothing to compare with this time`)}\n`);
        }
      }
      const { code } = await checkAndReport(checklists, opts, ctx, {
        ...(baseline ? { baseline } : {}),
        ...(saveBaseline ? { saveBaseline } : {}),
        ...(db ? { history: { db, resume: opts.resume ?? false } } : {}),
      });
      if (skipped.length > 0) {
        // Named again after the report, where the eye is; exit 2 unless something worse (a bug, an interruption).
        ctx.stderr.write(`${skippedLine(skipped, lang)}\n`);
        ctx.exitCode = code === EXIT.internal || code === EXIT.interrupted ? code : EXIT.usage;
      } else {
        ctx.exitCode = code;
      }
    } finally {
      db?.close();
    }
  });
}
