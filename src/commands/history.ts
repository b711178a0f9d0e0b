// `xxgk-check history`: every item's availability over a window of time, from the history database (`run --db`,
// `watch`), judged by the monitors' rule; printed and written in any HISTORY_FORMATS format. The database is opened
// read-only: it is never created, migrated or written to (a watch may be writing it meanwhile).
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import type { CliContext } from './context.js';
import type { Lang } from '../types.js';
import { detectLang, t } from '../i18n.js';
import { EXIT, errorMessage, firstLine, ReportWriteError, UsageError } from '../errors.js';
import { TOOL_NAME } from '../version.js';
import { addDays, parseTimeZoneFlag, resolveTimeZone, zonedInstant } from '../time.js';
import { DEFAULT_HISTORY_PATH, openHistory } from '../history/index.js';
import { DEFAULT_AVAILABILITY_RULE, DEFAULT_WINDOW_MS, historyReport } from '../history/history-report.js';
import {
  HISTORY_FORMAT_NAMES,
  HISTORY_FORMATS,
  historyFormatForPath,
  historyOutputExtensions,
  writeHistoryReportFile,
  type HistoryFormatName,
} from '../report/history/formats.js';
import { emptyNote } from '../report/history/common.js';
import { noteReportsRequested, noteReportWritten } from '../report/written.js';
import { fileInTheWay } from '../run/deliver.js';
import { outputColumns, useColor } from './run.js';

/** `--fail-on`: exit 1 when an item is unreachable by the rule, or never. */
export const HISTORY_FAIL_ON = ['unreachable', 'none'] as const;
type HistoryFailOn = (typeof HISTORY_FAIL_ON)[number];

interface HistoryOptions {
  db: string;
  since?: string;
  until?: string;
  maxFailureRate: number;
  loadLimit: number;
  failOn: HistoryFailOn;
  output: string[];
  format?: HistoryFormatName;
  lang?: Lang;
  tz?: string;
  color: boolean;
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

/** `--max-failure-rate`: `5%` or `0.05`, more than 0 and at most 1. */
export function parseFailureRate(value: string): number {
  const percent = /^\s*(\d+(?:\.\d+)?)\s*%\s*$/.exec(value);
  const fraction = /^\s*(0(?:\.\d+)?|1(?:\.0+)?|\.\d+)\s*$/.exec(value);
  // `5%` is read as the decimal 5e-2, so that 5 % is exactly the double 0.05 (1 failure in 20 probes).
  const rate = percent ? Number(`${percent[1]}e-2`) : fraction ? Number(fraction[1]) : Number.NaN;
  if (!(rate > 0 && rate <= 1)) {
    throw new InvalidArgumentError('give a share of the probes above 0 and at most 100%, e.g. 5% or 0.05 / 应为大于 0、不超过 100% 的比例，如 5% 或 0.05');
  }
  return rate;
}

/** `--load-limit`: `15s`, `15000ms`, `1m` (a unit is required: the run's --timeout counts ms), in ms. */
export function parseLoadLimit(value: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|min)\s*$/i.exec(value);
  const unit = match?.[2]?.toLowerCase();
  const ms = match ? Number(match[1]) * (unit === 'ms' ? 1 : unit === 's' ? 1000 : 60_000) : Number.NaN;
  if (!(ms > 0)) {
    throw new InvalidArgumentError('give a time with its unit, e.g. 15s or 15000ms / 应为带单位的时长，如 15s 或 15000ms');
  }
  return Math.round(ms);
}

/** A calendar date that exists (`2026-02-30` does not). */
function realDate(date: string): boolean {
  return addDays(date, 0) === date;
}

/**
 * A point of the window, `--since` or `--until`: `7d`, `12h`, `2w` back from now; a date `2026-03-01` (its midnight in
 * the report's zone; for `--until` the end of that day, so the day is included); a date and time
 * `2026-03-01 08:00` (in the report's zone) or an ISO time with its offset. Undefined when it is none of these.
 */
export function parseWhen(value: string, timeZone: string, now: Date, end: boolean): string | undefined {
  const text = value.trim();
  const ago = /^(\d{1,5})\s*([hdw])$/i.exec(text);
  if (ago) {
    const hours = Number(ago[1]) * ({ h: 1, d: 24, w: 168 } as const)[ago[2]!.toLowerCase() as 'h' | 'd' | 'w'];
    return new Date(now.getTime() - hours * 3_600_000).toISOString();
  }
  const date = /^(\d{4}-\d{2}-\d{2})$/.exec(text);
  if (date) {
    if (!realDate(date[1]!)) return undefined;
    return zonedInstant(end ? addDays(date[1]!, 1) : date[1]!, timeZone);
  }
  const local = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2})?)$/.exec(text);
  if (local) {
    const [hour = 0, minute = 0, second = 0] = local[2]!.split(':').map(Number);
    if (!realDate(local[1]!) || hour > 23 || minute > 59 || second > 59) return undefined;
    return zonedInstant(local[1]!, timeZone, local[2]);
  }
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i.test(text)) {
    const at = Date.parse(text);
    return Number.isNaN(at) ? undefined : new Date(at).toISOString();
  }
  return undefined;
}

function whenError(flag: string, value: string, lang: Lang): UsageError {
  return new UsageError(
    t(
      lang,
      `${flag} 的值无法识别：${value}（应为 7d、24h、2w 这样的时长，2026-03-01 这样的日期，或 2026-03-01 08:00 这样的时间）`,
      `${flag}: cannot read "${value}" (give a span back from now such as 7d, 24h or 2w, a date such as 2026-03-01, or a time such as 2026-03-01 08:00)`,
    ),
  );
}

export function registerHistory(program: Command, ctx: CliContext): void {
  program
    .command('history')
    .description('report each item\'s availability over time from the history database, judged by the monitors\' rule / 根据历史数据库报告各事项一段时间内的可访问性')
    .option('--db <file>', `the history database written by run --db or watch / 历史数据库`, DEFAULT_HISTORY_PATH)
    .option('--since <when>', 'start of the window: 7d, 24h, 2w back from now, a date (2026-03-01) or a time (default: 7 days before --until) / 起始：时长、日期或时间（默认：截止前 7 天）')
    .option('--until <when>', 'end of the window: a date (that day included), a time, or a span back from now (default: now) / 截止（默认：现在）')
    .addOption(
      new Option('--max-failure-rate <rate>', 'an item is unreachable when this share of its probes or more failed: 5% or 0.05 / 失败占比达到此值即判为不可访问')
        .argParser(parseFailureRate)
        .default(DEFAULT_AVAILABILITY_RULE.maxFailureRate, '5%'),
    )
    .addOption(
      new Option('--load-limit <time>', 'a probe that has not loaded within this did not open: 15s, 15000ms / 超过此时长仍未打开即为失败')
        .argParser(parseLoadLimit)
        .default(DEFAULT_AVAILABILITY_RULE.loadLimitMs, '15s'),
    )
    .addOption(new Option('--fail-on <level>', 'exit 1 when an item is unreachable (unreachable), or never (none) / 何时以 1 退出').choices(HISTORY_FAIL_ON).default('unreachable'))
    .option('-o, --output <file>', `write the report; format from the extension: ${historyOutputExtensions()} (repeatable) / 写入报告文件`, collect, [])
    .addOption(new Option('--format <format>', 'print this format to stdout instead of the terminal table / 标准输出的格式').choices(HISTORY_FORMAT_NAMES))
    .addOption(new Option('--lang <lang>', 'language of the output (default: from LANG) / 输出语言').choices(['zh', 'en']))
    .addOption(new Option('--tz <zone>', 'time zone of the days and times, an IANA name such as Asia/Shanghai (default: TZ or the system\'s) / 时区').argParser(parseTimeZoneFlag))
    .option('--no-color', 'no colours (also NO_COLOR=1)')
    .action(async (opts: HistoryOptions) => {
      const lang = detectLang(ctx.env, opts.lang);
      const timeZone = resolveTimeZone(ctx.env, opts.tz);
      for (const file of opts.output) {
        if (!historyFormatForPath(file)) {
          throw new UsageError(
            t(lang, `无法从文件名判断报告格式：${file}（请用 ${historyOutputExtensions({ or: '或' })}）`, `cannot tell the report format of "${file}": use ${historyOutputExtensions({ or: 'or' })}`),
          );
        }
        const inTheWay = fileInTheWay(path.resolve(ctx.cwd, file));
        if (inTheWay) {
          const blocker = path.relative(ctx.cwd, inTheWay) || inTheWay;
          throw new UsageError(t(lang, `无法写入 ${file}：${blocker} 是文件，不是文件夹`, `cannot write ${file}: ${blocker} is a file, not a folder`));
        }
      }
      const now = new Date();
      const until = opts.until === undefined ? now.toISOString() : parseWhen(opts.until, timeZone, now, true);
      if (until === undefined) throw whenError('--until', opts.until!, lang);
      // Without --since: the 7 days before the end of the window (the monitors' week).
      const since = opts.since === undefined ? new Date(Date.parse(until) - DEFAULT_WINDOW_MS).toISOString() : parseWhen(opts.since, timeZone, now, false);
      if (since === undefined) throw whenError('--since', opts.since!, lang);
      if (Date.parse(since) >= Date.parse(until)) {
        throw new UsageError(t(lang, `时段为空：--since（${opts.since ?? ''}）不早于 --until（${opts.until ?? '现在'}）`, `the window is empty: --since (${opts.since ?? ''}) is not before --until (${opts.until ?? 'now'})`));
      }

      // Read only: a missing, foreign, newer or damaged file is a HistoryError naming it (exit 2), left untouched.
      const db = await openHistory(path.resolve(ctx.cwd, opts.db), { lang, readOnly: true, shownAs: opts.db });
      let report;
      try {
        report = historyReport(db, {
          since,
          until,
          timeZone,
          rule: { maxFailureRate: opts.maxFailureRate, loadLimitMs: opts.loadLimit },
          database: opts.db,
          now,
        });
      } finally {
        db.close();
      }

      const options = { lang, color: false, columns: outputColumns(ctx), timeZone };
      const stdoutFormat = opts.format ?? 'terminal';
      noteReportsRequested(opts.output);
      // An empty window is not an error: said plainly (in the terminal report itself, else on stderr), exit 0.
      if (report.totals.items === 0 && stdoutFormat !== 'terminal') ctx.stderr.write(`${TOOL_NAME}: ${emptyNote(report, lang)}\n`);
      let printFailed = false;
      try {
        const rendered = await HISTORY_FORMATS[stdoutFormat].render(report, { ...options, color: stdoutFormat === 'terminal' && useColor(ctx, opts.color) });
        ctx.stdout.write(rendered);
        if (typeof rendered === 'string' && !rendered.endsWith('\n')) ctx.stdout.write('\n');
      } catch (err) {
        printFailed = true;
        ctx.stderr.write(`${TOOL_NAME}: ${t(lang, '输出报告时出现内部错误', 'internal error while printing the report')}: ${firstLine(err)}\n`);
      }
      let writeFailed = false;
      for (const file of opts.output) {
        try {
          const target = path.resolve(ctx.cwd, file);
          await mkdir(path.dirname(target), { recursive: true }).catch(() => undefined); // the write names the failure
          await writeHistoryReportFile(target, report, options);
          noteReportWritten(file);
          ctx.stderr.write(`${t(lang, '已写入', 'wrote')} ${file}\n`);
        } catch (err) {
          writeFailed = true;
          const message = err instanceof ReportWriteError ? err.message : `${t(lang, '无法写入', 'cannot write')} ${file}: ${errorMessage(err)}`;
          ctx.stderr.write(`${TOOL_NAME}: ${message}\n`);
        }
      }
      if (printFailed) ctx.exitCode = EXIT.internal;
      else if (writeFailed) ctx.exitCode = EXIT.usage;
      else ctx.exitCode = opts.failOn === 'unreachable' && report.totals.unreachableItems > 0 ? EXIT.gaps : EXIT.ok;
    });
}
