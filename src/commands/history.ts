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
import { addDays, resolveTimeZone, timeZoneParser, zonedInstant } from '../time.js';
import { durationParser } from '../run/watch.js';
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

/** `--max-failure-rate`: `5%` or `0.05`, more than 0 and at most 1; refused in the user's language. */
export function failureRateParser(lang: Lang): (value: string) => number {
  return (value: string) => {
    const percent = /^\s*(\d+(?:\.\d+)?)\s*%\s*$/.exec(value);
    const fraction = /^\s*(0(?:\.\d+)?|1(?:\.0+)?|\.\d+)\s*$/.exec(value);
    // `5%` is read as the decimal 5e-2, so that 5 % is exactly the double 0.05 (1 failure in 20 probes).
    const rate = percent ? Number(`${percent[1]}e-2`) : fraction ? Number(fraction[1]) : Number.NaN;
    if (!(rate > 0 && rate <= 1)) {
      throw new InvalidArgumentError(
        t(lang, '--max-failure-rate 应为大于 0、不超过 100% 的比例，如 5% 或 0.05', '--max-failure-rate must be a share above 0 and at most 100%, e.g. 5% or 0.05'),
      );
    }
    return rate;
  };
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

export function registerHistory(program: Command, ctx: CliContext, lang: Lang): void {
  program
    .command('history')
    .description(
      t(lang, '根据历史数据库报告各事项一段时间内的可访问性，按监测规则判定（不可访问：失败占比 ≥ 5%）', "report each item's availability over a window from the history database, judged by the monitors' rule"),
    )
    .option('--db <file>', t(lang, 'run --db 或 watch 写入的历史数据库', 'the history database written by run --db or watch'), DEFAULT_HISTORY_PATH)
    .option(
      '--since <when>',
      t(lang, '时段起点：7d、24h、2w（距现在）、日期 2026-03-01 或时间 2026-03-01 08:00（默认：终点前 7 天）', 'start of the window: 7d, 24h, 2w back from now, a date (2026-03-01) or a time (default: 7 days before --until)'),
    )
    .option('--until <when>', t(lang, '时段终点：日期（含当天）、时间或距现在的时长（默认：现在）', 'end of the window: a date (that day included), a time, or a span back from now (default: now)'))
    .addOption(
      new Option('--max-failure-rate <rate>', t(lang, '失败占探测次数达到此比例即判为不可访问：5% 或 0.05', 'an item is unreachable when this share of its probes or more failed: 5% or 0.05'))
        .argParser(failureRateParser(lang))
        .default(DEFAULT_AVAILABILITY_RULE.maxFailureRate, '5%'),
    )
    .addOption(
      new Option('--load-limit <duration>', t(lang, '超过此时长仍未打开即为失败（监测标准 15 秒）', "a probe not loaded within this did not open (the monitors' 15 s)"))
        .argParser(durationParser('--load-limit', 1, lang))
        .default(DEFAULT_AVAILABILITY_RULE.loadLimitMs, '15s'),
    )
    .addOption(
      new Option('--fail-on <level>', t(lang, '何时以 1 退出：unreachable（有不可访问的事项）、none（从不）', 'exit 1 on: unreachable (an item is unreachable), none (never)'))
        .choices(HISTORY_FAIL_ON)
        .default('unreachable'),
    )
    .option('-o, --output <file>', t(lang, `写出报告（可重复）；格式按扩展名：${historyOutputExtensions()}`, `write the report; format from the extension: ${historyOutputExtensions()} (repeatable)`), collect, [])
    .addOption(new Option('--format <format>', t(lang, '以此格式输出到标准输出（默认终端表格）', 'print this format to stdout instead of the terminal table')).choices(HISTORY_FORMAT_NAMES))
    .addOption(new Option('--lang <lang>', t(lang, '输出和帮助的语言（默认按 LANG 等区域设置）', 'language of the output and the help (default: from LANG)')).choices(['zh', 'en']))
    .addOption(
      new Option(
        '--tz <zone>',
        t(lang, '按日统计和显示时间所用的时区，IANA 名称，如 Asia/Shanghai（默认按 TZ 或系统设置）', "time zone of the days and times, an IANA name such as Asia/Shanghai (default: TZ or the system's)"),
      ).argParser(timeZoneParser(lang)),
    )
    .option('--no-color', t(lang, '不用颜色（NO_COLOR=1 同此）', 'no colours (also NO_COLOR=1)'))
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
      if (opts.format === 'xlsx' && ctx.stdout.isTTY) {
        throw new UsageError(
          t(lang, '--format xlsx 输出二进制的工作簿：请把标准输出重定向到文件，或用 -o report.xlsx', '--format xlsx writes a binary workbook: redirect stdout to a file or use -o report.xlsx'),
        );
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
