// `xxgk-check merge <report.json...>`: join the JSON reports of separate runs (one per CI job, say) into one run and
// write it in any format, with the same overview a single run over the same checklists gives.
import path from 'node:path';
import { Option, type Command } from 'commander';
import type { CliContext } from './context.js';
import type { Lang, RunResult } from '../types.js';
import { FORMAT_NAMES, outputExtensions, type FormatName } from '../report/index.js';
import { readJsonReport } from '../report/read.js';
import { countChanges, readBaseline, type Baseline } from '../run/baseline.js';
import { checkOutputs, deliverReports, exitCodeFor, FAIL_ON_LEVELS, type FailOn } from '../run/deliver.js';
import { addCounts } from '../verdict/verdict.js';
import { mergeHostStats } from '../run/hosts.js';
import { detectLang, t } from '../i18n.js';
import { UsageError } from '../errors.js';
import { TOOL_NAME, TOOL_VERSION } from '../version.js';
import { expandFileArgs, outputColumns, useColor } from './run.js';
import { resolveTimeZone, timeZoneParser } from '../time.js';
import { HistoryError, historyErrorMessage, isSqliteFile, latestCompleteRun, openHistory, readRun } from '../history/index.js';

interface MergeOptions {
  output: string[];
  format?: FormatName;
  lang?: 'zh' | 'en';
  color: boolean;
  baseline?: string;
  failOn: FailOn;
  tz?: string;
}

/**
 * One run from several: results in the order given, times from the earliest start to the latest finish, complete
 * only when every part was, the options of the first. Items keep the change marks their own run gave them (a run
 * with --baseline); the merged run's `baseline` then sums them. Compare the merged run with a baseline of its own
 * with `compareWithBaseline`, which replaces those marks.
 */
export function mergeRuns(runs: readonly RunResult[]): RunResult {
  const first = runs[0];
  if (!first) throw new Error('mergeRuns needs at least one run');
  const results = runs.flatMap((r) => r.results);
  const merged: RunResult = {
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    startedAt: runs.map((r) => r.startedAt).reduce((a, b) => (Date.parse(b) < Date.parse(a) ? b : a)),
    finishedAt: runs.map((r) => r.finishedAt).reduce((a, b) => (Date.parse(b) > Date.parse(a) ? b : a)),
    complete: runs.every((r) => r.complete),
    options: first.options,
    results,
    summary: addCounts(results.map((r) => r.summary)),
  };
  const hosts = mergeHostStats(runs.map((r) => r.hosts));
  if (hosts !== undefined) merged.hosts = hosts;
  const compared = runs.filter((r) => r.baseline);
  if (compared.length > 0) {
    const files = [...new Set(compared.map((r) => r.baseline!.file))];
    const earliest = compared.map((r) => r.baseline!).reduce((a, b) => (Date.parse(b.startedAt) < Date.parse(a.startedAt) ? b : a));
    merged.baseline = {
      file: files.join(', '),
      startedAt: earliest.startedAt,
      finishedAt: compared.map((r) => r.baseline!.finishedAt).reduce((a, b) => (Date.parse(b) > Date.parse(a) ? b : a)),
      complete: compared.every((r) => r.baseline!.complete),
      changes: countChanges(results),
      institutionsNotChecked: [...new Set(compared.flatMap((r) => r.baseline!.institutionsNotChecked))].filter(
        (name) => !results.some((r) => r.checklist.institution === name),
      ),
    };
  }
  return merged;
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

/** The latest complete run recorded in a history database (`run --db`), read without writing to the file. */
async function readLatestRecordedRun(file: string, lang: 'zh' | 'en', shownAs: string): Promise<RunResult> {
  const db = await openHistory(file, { lang, readOnly: true, shownAs });
  try {
    const row = latestCompleteRun(db);
    if (!row) {
      throw new HistoryError('failed', historyErrorMessage('failed', shownAs, lang, t(lang, '其中没有完整的检查记录（本机无法访问网络时的检查不算）', 'it holds no complete run (runs made while this machine was offline do not count)')), shownAs);
    }
    return readRun(db, row.id);
  } finally {
    db.close();
  }
}

export function registerMerge(program: Command, ctx: CliContext, lang: Lang): void {
  program
    .command('merge')
    .description(t(lang, '把分开检查得到的 JSON 报告合并为一份报告，可输出任何格式', 'join the JSON reports of separate runs into one report in any format'))
    .argument(
      '<report...>',
      t(
        lang,
        'JSON 报告（run -o x.json 或 --format json 写出的）、历史数据库（run --db：取每个库最近一次完整的检查）或其所在文件夹',
        'JSON reports (from run -o x.json or --format json), history databases (run --db: the latest complete run of each) or directories of them',
      ),
    )
    .option(
      '-o, --output <file>',
      t(lang, `写出合并后的报告（可重复）；格式按扩展名：${outputExtensions()}`, `write the merged report; format from the extension: ${outputExtensions()} (repeatable)`),
      collect,
      [],
    )
    .addOption(
      new Option('--format <format>', t(lang, '以此格式输出到标准输出（未给 -o 时默认输出终端表格）', 'print this format to stdout (default: the terminal table when no -o is given)')).choices(
        FORMAT_NAMES,
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
    .option('--baseline <report.json>', t(lang, '与之前（合并后）的 JSON 报告比较', 'compare the merged run with an earlier (merged) JSON report'))
    .addOption(
      new Option(
        '--fail-on <level>',
        t(
          lang,
          '何时以 1 退出：fail（有不合格或缺失的事项）、warn（有警告也算）、regression（需要 --baseline）、never（从不）',
          'exit 1 on: fail (fail or missing items), warn, regression (needs --baseline), never',
        ),
      )
        .choices(FAIL_ON_LEVELS)
        .default('fail'),
    )
    .action(async (args: string[], opts: MergeOptions) => {
      const lang = detectLang(ctx.env, opts.lang);
      const stdoutFormat = opts.format ?? (opts.output.length === 0 ? 'terminal' : undefined);
      checkOutputs({ files: opts.output, ...(stdoutFormat ? { stdoutFormat } : {}) }, { stdout: ctx.stdout, lang, cwd: ctx.cwd });
      if (opts.failOn === 'regression' && !opts.baseline) {
        throw new UsageError(t(lang, '--fail-on regression 需要 --baseline <上次的报告.json>', '--fail-on regression needs --baseline <previous report.json>'));
      }
      // A merged report written into the folder being merged must not be read back as one of its parts.
      const outputs = new Set(opts.output.map((o) => path.resolve(ctx.cwd, o)));
      // Files as given, folders to their *.json files; a report given twice (or a file and its folder) is read once.
      const parts = await expandFileArgs(args, ctx.cwd, /\.(json|sqlite)$/i, (file) => {
        ctx.stderr.write(`${TOOL_NAME}: ${t(lang, `警告：${file} 重复给出，只合并一次`, `warning: ${file} is given more than once; it is merged once`)}\n`);
      });
      const files = parts.filter((f) => !outputs.has(path.resolve(ctx.cwd, f)));
      if (files.length === 0) {
        throw new UsageError(t(lang, `没有找到 JSON 报告：${args.join(', ')}`, `no JSON report found in ${args.join(', ')}`));
      }
      // A part or the baseline that cannot be read is a JsonReportError: one line naming the file, exit 2.
      const runs: RunResult[] = [];
      // A history database (run --db) contributes its latest complete run, read without writing to the file.
      for (const file of files) {
        const full = path.resolve(ctx.cwd, file);
        runs.push(await ((await isSqliteFile(full)) ? readLatestRecordedRun(full, lang, file) : readJsonReport(full, lang, file)));
      }
      const baseline: Baseline | undefined = opts.baseline
        ? await readBaseline(path.resolve(ctx.cwd, opts.baseline), lang, opts.baseline)
        : undefined;
      // The same institution in two reports is most often the same report given twice: say so, keep both.
      const seen = new Map<string, string>();
      runs.forEach((run, i) => {
        for (const result of run.results) {
          const name = result.checklist.institution;
          const earlier = seen.get(name);
          if (earlier !== undefined) {
            ctx.stderr.write(
              `xxgk-check: ${t(lang, `警告：${name} 同时出现在 ${earlier} 和 ${files[i]} 中，两份结果都保留`, `warning: ${name} is in both ${earlier} and ${files[i]}; both are kept`)}\n`,
            );
          } else seen.set(name, files[i]!);
        }
      });

      const delivery = await deliverReports(
        mergeRuns(runs),
        { files: opts.output, ...(stdoutFormat ? { stdoutFormat } : {}), ...(baseline ? { baseline } : {}) },
        { stdout: ctx.stdout, stderr: ctx.stderr, cwd: ctx.cwd, lang, color: useColor(ctx, opts.color), columns: outputColumns(ctx), timeZone: resolveTimeZone(ctx.env, opts.tz) },
      );
      // The parts' runs ended long ago: an incomplete part is not an interruption of this command.
      ctx.exitCode = exitCodeFor(delivery, opts.failOn);
    });
}
