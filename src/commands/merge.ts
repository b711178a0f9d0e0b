// `xxgk-check merge <report.json...>`: join the JSON reports of separate runs (one per CI job, say) into one run and
// write it in any format, with the same overview a single run over the same checklists gives.
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { Option, type Command } from 'commander';
import type { CliContext } from './context.js';
import type { RunResult } from '../types.js';
import { FORMAT_NAMES, formatForPath, outputExtensions, REPORT_FORMATS, writeReportFile, type FormatName } from '../report/index.js';
import { JsonReportError, readJsonReport } from '../report/read.js';
import { compareWithBaseline, countChanges, hasRegression, readBaseline, type Baseline } from '../run/baseline.js';
import { addCounts, hasGaps } from '../verdict/verdict.js';
import { detectLang, t } from '../i18n.js';
import { TOOL_NAME, TOOL_VERSION } from '../version.js';
import { useColor, type FailOn } from './run.js';

interface MergeOptions {
  output: string[];
  format?: FormatName;
  lang?: 'zh' | 'en';
  color: boolean;
  baseline?: string;
  failOn: FailOn;
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

/** Files as given; directories to their *.json files (sorted). */
async function reportFiles(args: string[], cwd: string): Promise<string[]> {
  const files: string[] = [];
  for (const arg of args) {
    const info = await stat(path.resolve(cwd, arg)).catch(() => undefined);
    if (info?.isDirectory()) {
      const names = (await readdir(path.resolve(cwd, arg))).filter((n) => /\.json$/i.test(n)).sort();
      files.push(...names.map((n) => path.join(arg, n)));
    } else files.push(arg);
  }
  return files;
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

export function registerMerge(program: Command, ctx: CliContext): void {
  program
    .command('merge')
    .description('join the JSON reports of separate runs into one report in any format / 合并多次检查的 JSON 报告')
    .argument('<report...>', 'JSON reports (from run -o x.json or --format json) or directories of them')
    .option('-o, --output <file>', `write the merged report; format from the extension: ${outputExtensions()} (repeatable)`, collect, [])
    .addOption(new Option('--format <format>', 'print this format to stdout (default: the terminal table when no -o is given)').choices(FORMAT_NAMES))
    .addOption(new Option('--lang <lang>', 'language of the output (default: from LANG)').choices(['zh', 'en']))
    .option('--no-color', 'no colours (also NO_COLOR=1)')
    .option('--baseline <report.json>', 'compare the merged run with an earlier (merged) JSON report')
    .addOption(
      new Option('--fail-on <level>', 'exit 1 on: fail (fail or missing items), warn, regression (needs --baseline), never')
        .choices(['fail', 'warn', 'regression', 'never'])
        .default('fail'),
    )
    .action(async (args: string[], opts: MergeOptions) => {
      const lang = detectLang(ctx.env, opts.lang);
      const fail = (message: string): void => {
        ctx.stderr.write(`xxgk-check: ${message}\n`);
        ctx.exitCode = 2;
      };
      for (const file of opts.output) {
        if (!formatForPath(file)) {
          fail(t(lang, `无法从文件名判断报告格式：${file}（请用 ${outputExtensions({ or: '或' })}）`, `cannot tell the report format of "${file}": use ${outputExtensions({ or: 'or' })}`));
          return;
        }
      }
      if (opts.failOn === 'regression' && !opts.baseline) {
        fail(t(lang, '--fail-on regression 需要 --baseline <上次的报告.json>', '--fail-on regression needs --baseline <previous report.json>'));
        return;
      }
      // A merged report written into the folder being merged must not be read back as one of its parts.
      const outputs = new Set(opts.output.map((o) => path.resolve(ctx.cwd, o)));
      const files = (await reportFiles(args, ctx.cwd)).filter((f) => !outputs.has(path.resolve(ctx.cwd, f)));
      if (files.length === 0) {
        fail(t(lang, `没有找到 JSON 报告：${args.join(', ')}`, `no JSON report found in ${args.join(', ')}`));
        return;
      }
      const runs: RunResult[] = [];
      let baseline: Baseline | undefined;
      try {
        for (const file of files) runs.push(await readJsonReport(path.resolve(ctx.cwd, file), lang, file));
        if (opts.baseline) baseline = await readBaseline(path.resolve(ctx.cwd, opts.baseline), lang, opts.baseline);
      } catch (err) {
        if (!(err instanceof JsonReportError)) throw err;
        fail(err.message);
        return;
      }
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

      const joined = mergeRuns(runs);
      const run = baseline ? compareWithBaseline(joined, baseline) : joined;
      const color = useColor(ctx, opts.color);
      const reportOptions = { lang, color, columns: ctx.stdout.columns ?? 120 };
      const stdoutFormat = opts.format ?? (opts.output.length === 0 ? 'terminal' : undefined);
      if (stdoutFormat === 'xlsx' && ctx.stdout.isTTY) {
        fail('--format xlsx writes a binary workbook: redirect stdout to a file or use -o report.xlsx');
        return;
      }
      if (stdoutFormat) {
        const rendered = await REPORT_FORMATS[stdoutFormat].render(run, { ...reportOptions, color: stdoutFormat === 'terminal' && color });
        ctx.stdout.write(rendered);
        if (typeof rendered === 'string' && !rendered.endsWith('\n')) ctx.stdout.write('\n');
      }
      let writeFailed = false;
      for (const file of opts.output) {
        try {
          await writeReportFile(path.resolve(ctx.cwd, file), run, { ...reportOptions, color: false });
          ctx.stderr.write(`${t(lang, '已写入', 'wrote')} ${file}\n`);
        } catch (err) {
          writeFailed = true;
          ctx.stderr.write(`xxgk-check: ${err instanceof Error ? err.message : String(err)}\n`);
        }
      }
      const failOn = opts.failOn;
      let code = failOn === 'regression' ? (hasRegression(run) ? 1 : 0) : hasGaps(run.summary, failOn) ? 1 : 0;
      if (writeFailed) code = 2;
      ctx.exitCode = code;
    });
}
