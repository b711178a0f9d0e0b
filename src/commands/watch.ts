// `xxgk-check watch <checklist...> --every 30m [--for 7d]`: check again and again in the foreground, each round a
// run recorded in the history database, one line per round, the -o reports rewritten after each round
// (docs/monitoring.md). The lines and the counting are in src/run/watch.ts; this is the wiring: the schedule,
// Ctrl-C and SIGTERM, the history, the fetcher of each round.
import path from 'node:path';
import { Option, type Command } from 'commander';
import type { CliContext } from './context.js';
import type { Checklist, Lang, RunOptions, RunResult } from '../types.js';
import { checkOurSide } from '../run/control.js';
import { createProgress, outputExtensions } from '../report/index.js';
import { detectLang, t } from '../i18n.js';
import { checkOutputs, deliverReports } from '../run/deliver.js';
import { ChecklistError, EXIT, HistoryError, UsageError, type ExitCode } from '../errors.js';
import { TOOL_NAME } from '../version.js';
import { resolveTimeZone, timeZoneParser } from '../time.js';
import { commanderOption, RUN_OPTION_TABLE, runOptionsFromFlags } from '../options.js';
import { DEFAULT_HISTORY_PATH, openHistory, type HistoryDb } from '../history/index.js';
import { historyReport } from '../history/history-report.js';
import { beginRecording } from '../history/session.js';
import { DEFAULT_LOAD_LIMIT_MS, type ItemAvailability } from '../history/availability.js';
import { allItems } from '../checklist/index.js';
import { keepHeapSmall } from '../run/heap.js';
import { checklistFiles, contextDefaults, fetchOptionsFrom, loadChecklists, outputColumns } from './run.js';
import {
  durationParser,
  frequentWarning,
  headerLines,
  roundCounts,
  roundLine,
  summaryLines,
  unreachableItems,
  type RoundOutcome,
} from '../run/watch.js';

/** How long an interrupted round waits for requests already in flight before it abandons them (as `run`). */
const IN_FLIGHT_GRACE_MS = 2000;

/** The longest a timer may be set for (setTimeout takes a signed 32-bit number of ms, about 24.8 days). */
const MAX_TIMER_MS = 2 ** 31 - 1;

interface WatchOptions {
  output: string[];
  lang?: Lang;
  tz?: string;
  quiet: boolean;
  db?: string | true;
  every: number;
  for?: number;
  loadLimit: number;
  [runOption: string]: unknown;
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

/** Resolves at `at` (epoch ms), or at once when `wake` aborts. */
function sleepUntil(at: number, wake: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    let timer: NodeJS.Timeout | undefined;
    const done = (): void => {
      clearTimeout(timer);
      wake.removeEventListener('abort', done);
      resolve();
    };
    // A long wait is set in pieces: a timer cannot be set for more than ~24.8 days, and the clock may jump (sleep).
    const arm = (): void => {
      const left = at - Date.now();
      if (left <= 0) done();
      else timer = setTimeout(arm, Math.min(left, MAX_TIMER_MS));
    };
    if (wake.aborted) {
      resolve();
      return;
    }
    wake.addEventListener('abort', done, { once: true });
    arm();
  });
}

/**
 * The probe settings of a watch: one attempt, and an attempt that has not loaded within the load limit is over —
 * unless the user set `--retries` or `--timeout`.
 */
function probeOptions(run: RunOptions, command: Command, loadLimitMs: number): RunOptions {
  const given = (name: string): boolean => command.getOptionValueSource(name) !== 'default';
  return { ...run, ...(given('retries') ? {} : { retries: 0 }), ...(given('timeout') ? {} : { timeoutMs: loadLimitMs }) };
}

/** One round: a run recorded item by item in the history, with the offline check of `run`. */
async function checkRound(
  checklists: readonly Checklist[],
  options: RunOptions,
  db: HistoryDb,
  ctx: CliContext,
  lang: Lang,
  stops: { stop: AbortSignal; abandon: AbortSignal; progress: boolean },
): Promise<{ run: RunResult; recordingError: HistoryError | undefined }> {
  // The fetcher (undici) and the checks load when a check starts (as in `run`), before the check is recorded.
  const [{ createFetcher }, { runChecks }] = await Promise.all([import('../fetch/index.js'), import('../run/run.js')]);
  const session = beginRecording(db, checklists, options, {
    resume: false,
    lang,
    note: (message) => ctx.stderr.write(`${TOOL_NAME}: ${message}\n`),
  });
  const total = checklists.reduce((n, c) => n + allItems(c).length, 0);
  const progress = createProgress(process.stderr, { enabled: stops.progress, total, lang });
  const fetcher = createFetcher(fetchOptionsFrom(options), {
    onStart: (url, host) => progress.start(url, host),
  });
  let gathered: RunResult;
  try {
    const checked = await runChecks(session.toCheck, options, fetcher, {
      signal: stops.abandon,
      stop: stops.stop,
      // Each item is recorded as it finishes, and read back from the history for the reports.
      store: session.store,
      onItemDone: (item) => {
        progress.done({ failed: item.status === 'fail' || item.status === 'missing' });
      },
    });
    // Every page failed at the network level: is it this machine? Then the items are unverified, not the sites'.
    gathered = stops.stop.aborted ? checked : await checkOurSide(checked, fetcher, ctx.env);
  } finally {
    progress.stop();
    await fetcher.close();
  }
  return { run: session.finish(gathered), recordingError: session.recordingError };
}

/** The availability of the watch's own items (institution + number) since the watch started. */
// The same judgement as the `history` report (historyReport): offline rounds left out, a firewall's challenge opened.
function availabilitySince(db: HistoryDb, since: string, loadLimitMs: number, watched: ReadonlySet<string>, timeZone: string): ItemAvailability[] {
  const report = historyReport(db, { since, timeZone, rule: { loadLimitMs }, database: '' });
  return report.institutions.flatMap((institution) => institution.items).filter((item) => watched.has(`${item.institution}\u0000${item.no}`));
}

export function registerWatch(program: Command, ctx: CliContext, lang: Lang): void {
  const command = program
    .command('watch')
    .description(t(lang, '持续监测：在前台定时重复检查，每轮记录到历史数据库（监测周）', 'check again and again in the foreground, each round recorded in the history database (a monitoring week)'))
    .argument('<checklist...>', t(lang, '清单 YAML 文件或其所在文件夹，或年度报告', 'checklist YAML files or directories, or annual reports'))
    .addOption(
      new Option('--every <duration>', t(lang, '每隔多久开始一轮：30m、1h、90s（单位 s、m、h、d）', 'start a round this often: 30m, 1h, 90s (s, m, h, d)'))
        .argParser(durationParser('--every', 1000, lang))
        .makeOptionMandatory(),
    )
    .addOption(new Option('--for <duration>', t(lang, '监测多久后结束：7d、12h（默认直到按 Ctrl-C）', 'stop after this long: 7d, 12h (default: until Ctrl-C)')).argParser(durationParser('--for', 1, lang)))
    .addOption(
      new Option('--load-limit <duration>', t(lang, '超过此时长仍未打开即记为未打开（监测标准 15 秒）', "a page not loaded within this did not open (the monitors' 15 s)"))
        .argParser(durationParser('--load-limit', 1, lang))
        .default(DEFAULT_LOAD_LIMIT_MS, '15s'),
    )
    .option('--db [file]', t(lang, `每轮记录到的历史数据库（SQLite；默认 ${DEFAULT_HISTORY_PATH}）`, `the history database each round is recorded in (SQLite; default: ${DEFAULT_HISTORY_PATH})`));
  // A probe is one attempt within the load limit (probeOptions): the help shows those defaults, not run's.
  const probeDefaults: Partial<Record<string, unknown>> = { retries: 0, timeoutMs: DEFAULT_LOAD_LIMIT_MS };
  for (const entry of RUN_OPTION_TABLE) command.addOption(commanderOption(entry, contextDefaults(ctx)[entry.key] ?? probeDefaults[entry.key] ?? entry.default, lang));
  command
    .option(
      '-o, --output <file>',
      t(lang, `每轮结束后用最新一轮的结果重写的报告；格式由扩展名决定：${outputExtensions()}（可重复）`, `a report rewritten after each round with the latest round; format from the extension: ${outputExtensions()} (repeatable)`),
      collect,
      [],
    )
    .addOption(new Option('--lang <lang>', t(lang, '输出和帮助的语言（默认按 LANG 等区域设置）', 'language of the output and the help (default: from LANG)')).choices(['zh', 'en']))
    .addOption(new Option('--tz <zone>', t(lang, '显示时间所用的时区，IANA 名称，如 Asia/Shanghai（默认取 TZ 或系统设置）', "time zone of the times shown, an IANA name such as Asia/Shanghai (default: TZ or the system's)")).argParser(timeZoneParser(lang)))
    .option('-q, --quiet', t(lang, '不显示进度条', 'no progress bar'), false)
    .action(async (args: string[], opts: WatchOptions, cmd: Command) => {
      ctx.exitCode = await watch(args, opts, cmd, ctx);
    });
}

async function watch(args: string[], opts: WatchOptions, command: Command, ctx: CliContext): Promise<ExitCode> {
  const lang = detectLang(ctx.env, opts.lang);
  const timeZone = resolveTimeZone(ctx.env, opts.tz);
  const dbFile = opts.db === true || opts.db === undefined ? DEFAULT_HISTORY_PATH : opts.db;
  // `--db` takes an optional value, so `--db school.yaml` would take the checklist as the database.
  if (/\.ya?ml$/i.test(dbFile)) {
    throw new UsageError(t(lang, `--db 的值应是历史数据库文件，而不是清单：${dbFile}（把 --db 放在清单之后，或写成 --db=文件）`, `--db takes a history database file, not a checklist: ${dbFile} (put --db after the checklists, or write --db=FILE)`));
  }
  checkOutputs({ files: opts.output }, { stdout: ctx.stdout, lang, cwd: ctx.cwd });
  const files = await checklistFiles(args, ctx, lang);
  if (files.length === 0) {
    throw new UsageError(t(lang, `在 ${args.join('、')} 中没有找到清单（*.yaml）`, `no checklist (*.yaml) found in ${args.join(', ')}`));
  }
  // In xxgk-check's own process, the heap stays near what is live from here on (src/run/heap.ts), from the checklists'
  // loading to the reports (not in a test or an embedding program: the flag is the whole process's).
  if (ctx.ownProcess === true) keepHeapSmall();
  const { checklists, skipped } = await loadChecklists(files, ctx, lang);
  // A week of rounds without some of the checklists would be a week of the wrong watch: stop before round 1.
  if (skipped.length > 0) {
    throw new ChecklistError(t(lang, `清单有错误，未开始监测：${skipped.join('、')}`, `a checklist has errors; the watch did not start: ${skipped.join(', ')}`));
  }
  const loadLimitMs = opts.loadLimit;
  const options = probeOptions(runOptionsFromFlags(opts), command, loadLimitMs);
  const watched = new Set(checklists.flatMap((c) => allItems(c).map((item) => `${c.institution}\u0000${item.no}`)));
  const itemCount = checklists.reduce((n, c) => n + allItems(c).length, 0);
  const out = (line: string): void => void ctx.stdout.write(`${line}\n`);

  // A history that cannot be used is a HistoryError naming the file (exit 2), before anything is checked.
  const db = await openHistory(path.resolve(ctx.cwd, dbFile), { lang, shownAs: dbFile });

  // Ctrl-C / SIGTERM: `stopper` ends the watch (no new request, no new round); `abandon` drops the requests still in
  // flight after a grace. A second Ctrl-C quits at once.
  const stopper = new AbortController();
  const abandon = new AbortController();
  let graceTimer: NodeJS.Timeout | undefined;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stopper.signal.aborted) process.exit(EXIT.interrupted);
    const again = signal === 'SIGINT' ? t(lang, '（再按一次 Ctrl-C 立即退出）', ' (Ctrl-C again to quit now)') : '';
    const what = signal === 'SIGINT' ? t(lang, '已中断', 'Interrupted') : t(lang, '收到终止信号（SIGTERM）', 'Terminated (SIGTERM)');
    ctx.stderr.write(`\n${what}${t(lang, '：结束监测，保存本轮已取得的结果……', ': ending the watch, saving what this round gathered…')}${again}\n`);
    stopper.abort();
    graceTimer = setTimeout(() => abandon.abort(), IN_FLIGHT_GRACE_MS);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const progress = !opts.quiet && Boolean(ctx.stderr.isTTY) && (ctx.env.CI ?? '') === '' && ctx.stderr === process.stderr;
  const io = { stdout: ctx.stdout, stderr: ctx.stderr, cwd: ctx.cwd, lang, color: false, columns: outputColumns(ctx), timeZone, announce: false };
  const startedAt = new Date().toISOString();
  const start = Date.parse(startedAt);
  const endAt = opts.for !== undefined ? start + opts.for : Number.POSITIVE_INFINITY;
  let rounds = 0;
  let offlineRounds = 0;
  let internalError = false;
  let writeFailed = false;
  let fatal: HistoryError | undefined;
  let unreachable: ItemAvailability[] = [];
  try {
    for (const line of frequentWarning(opts.every, lang)) ctx.stderr.write(`${line}\n`);
    const plan = { checklists: checklists.length, items: itemCount, everyMs: opts.every, forMs: opts.for, startedAt, database: dbFile, outputs: opts.output, loadLimitMs };
    for (const line of headerLines(plan, lang, timeZone)) out(line);
    let plannedAt = start;
    for (;;) {
      const roundStart = Date.now();
      rounds += 1;
      const { run, recordingError } = await checkRound(checklists, options, db, ctx, lang, { stop: stopper.signal, abandon: abandon.signal, progress });
      const counts = roundCounts(run, loadLimitMs);
      if (counts.offline) offlineRounds += 1;
      const round: RoundOutcome = {
        round: rounds,
        startedAt: run.startedAt,
        durationMs: Date.now() - roundStart,
        lateMs: roundStart - plannedAt,
        itemsPlanned: itemCount,
        interrupted: !run.complete,
        ...counts,
      };
      if (run.results.some((r) => r.items.some((item) => item.findings.some((f) => f.code === 'INTERNAL_ERROR')))) internalError = true;
      // Availability over the watch so far, as the monitors judge it (rounds made offline are not probes).
      unreachable = unreachableItems(availabilitySince(db, startedAt, loadLimitMs, watched, timeZone));
      // The reports first, then the round's line: once the line is out, the round's reports are in place.
      const delivery = await deliverReports(run, { files: opts.output }, io);
      out(roundLine(round, unreachable.length, lang, timeZone));
      if (delivery.writeFailed) writeFailed = true;
      if (recordingError) {
        fatal = recordingError;
        break;
      }
      if (stopper.signal.aborted) break;
      plannedAt = roundStart + opts.every;
      if (plannedAt >= endAt) break;
      await sleepUntil(plannedAt, stopper.signal);
      if (stopper.signal.aborted) break;
    }
  } catch (err) {
    // The history failed under the watch (disk full, file removed…): fatal, said after the summary.
    if (!(err instanceof HistoryError)) throw err;
    fatal = err;
  } finally {
    clearTimeout(graceTimer);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  try {
    for (const line of summaryLines({ rounds, offlineRounds, startedAt, endedAt: new Date().toISOString(), interrupted: stopper.signal.aborted }, unreachable, lang, timeZone, 10, outputColumns(ctx))) out(line);
  } finally {
    db.close();
  }
  if (fatal) throw fatal;
  return watchExitCode({ interrupted: stopper.signal.aborted, internalError, writeFailed, everyRoundOffline: rounds > 0 && offlineRounds === rounds, unreachable: unreachable.length });
}

/**
 * The exit code of a watch (docs/monitoring.md): 130 when Ctrl-C or SIGTERM ended it; 3 when a round met a bug
 * (INTERNAL_ERROR); 2 when a report could not be written; 4 when no round reached the network; 1 when an item is
 * unreachable over the watch by the monitors' rule; 0 otherwise. A history that fails is a HistoryError (2).
 */
function watchExitCode(end: { interrupted: boolean; internalError: boolean; writeFailed: boolean; everyRoundOffline: boolean; unreachable: number }): ExitCode {
  if (end.interrupted) return EXIT.interrupted;
  if (end.internalError) return EXIT.internal;
  if (end.writeFailed) return EXIT.usage;
  if (end.everyRoundOffline) return EXIT.offline;
  return end.unreachable > 0 ? EXIT.gaps : EXIT.ok;
}
