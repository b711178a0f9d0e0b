// `xxgk-check demo`: serve the bundled demo disclosure site on 127.0.0.1, check it, print the matrix, write reports.
// Needs no network: it is the README's first command.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import type { CliContext } from './context.js';
import { addCheckOptions, checkAndReport, loadChecklists, type CheckCommandOptions } from './run.js';
import { detectLang, t } from '../i18n.js';
import type { Lang } from '../types.js';

/** The demo checklist ships with the package, beside dist/. */
export const DEMO_CHECKLIST = fileURLToPath(new URL('../../checklists/demo-university.yaml', import.meta.url));
/** The demo's second institution (a small college with five blank columns), for the league table. */
export const DEMO_SECOND_CHECKLIST = fileURLToPath(new URL('../../checklists/demo-college.yaml', import.meta.url));

interface DemoOptions extends CheckCommandOptions {
  outDir: string;
}

export function registerDemo(program: Command, ctx: CliContext, lang: Lang): void {
  const command = program
    .command('demo')
    .description(
      t(
        lang,
        '检查内置的虚构大学演示网站（无需联网），并写出示例报告',
        'check the bundled demo site of a fictional university (no network needed) and write sample reports',
      ),
    )
    .option('--out-dir <dir>', t(lang, 'HTML、CSV、XLSX 和 JSON 报告的文件夹', 'folder for the HTML, CSV, XLSX and JSON reports'), 'xxgk-check-demo');
  // The demo site has a page that never answers and one that takes 1.5 s: short waits keep the demo quick.
  addCheckOptions(command, lang, { timeoutMs: 3000, retries: 1, slowMs: 1000, controlUrls: [] }).action(async (opts: DemoOptions) => {
    const lang = detectLang(ctx.env, opts.lang);
    // The demo site (and exceljs, which builds its workbooks) loads only when `demo` runs.
    const { startFixtureSite } = await import('../fixture-site/index.js');
    const site = await startFixtureSite();
    try {
      ctx.stderr.write(
        `${t(lang, '演示网站已在本机启动：', 'demo site serving on this machine at ')}${site.url}\n`,
      );
      const { checklists } = await loadChecklists(
        [DEMO_CHECKLIST, DEMO_SECOND_CHECKLIST].map((file) => path.relative(ctx.cwd, file) || file),
        ctx,
        lang,
        site.url,
      );
      const outDir = path.resolve(ctx.cwd, opts.outDir);
      await mkdir(outDir, { recursive: true });
      const outputs = ['report.html', 'report.csv', 'report.xlsx', 'report.json'].map((name) =>
        path.relative(ctx.cwd, path.join(outDir, name)),
      );
      // The demo site has gaps on purpose: finding them is success (`--fail-on never`). A report not written, a bug
      // or an interruption still changes the exit code.
      const { code } = await checkAndReport(checklists, opts, ctx, { outputs, failOn: 'never' });
      ctx.stderr.write(
        `${t(lang, '演示报告已写入文件夹：', 'demo reports written to: ')}${path.relative(ctx.cwd, outDir) || outDir}${path.sep}\n`,
      );
      ctx.exitCode = code;
    } finally {
      await site.close();
    }
  });
}
