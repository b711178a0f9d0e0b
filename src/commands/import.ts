// `xxgk-check import <report> [-o checklist.yaml] [--institution NAME]`: the appendix table of a published annual
// report (text, HTML, PDF, DOCX) to a checklist. Prints what it found and every row it could not place, then
// validates the YAML it wrote exactly as `validate` would.
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { Option, type Command } from 'commander';
import stringWidth from 'string-width';
import type { CliContext } from './context.js';
import { EXIT } from '../errors.js';
import type { Lang } from '../types.js';
import { detectLang, t } from '../i18n.js';
import { formatProblem, hasErrors, parseChecklist } from '../checklist/index.js';
import { checklistYaml, formatPlace, importReport, type ImportResult } from '../import/index.js';
import { TOOL_NAME } from '../version.js';

interface ImportCommandOptions {
  output?: string;
  institution?: string;
  force?: boolean;
  lang?: string;
}

export function registerImport(program: Command, ctx: CliContext, lang: Lang): void {
  program
    .command('import')
    .description(
      t(
        lang,
        '从年度报告（文本、HTML、PDF 或 DOCX）的附件《清单事项公开情况表》导入清单',
        'read the checklist table (清单事项公开情况表) from an annual report: text, HTML, PDF or DOCX',
      ),
    )
    .argument('<report>', t(lang, '年度报告文件', 'the report file'))
    .option('-o, --output <file>', t(lang, '清单写入此文件（默认写到标准输出）', 'write the checklist here (default: stdout)'))
    .option('--institution <name>', t(lang, '学校名称（报告中没有写明时）', 'institution name, when the report does not say'))
    .option('--force', t(lang, '覆盖已有的输出文件', 'overwrite the output file'))
    .addOption(new Option('--lang <lang>', t(lang, '输出和帮助的语言（默认按 LANG 等区域设置）', 'language of the output and the help (default: from LANG)')).choices(['zh', 'en']))
    .action(async (report: string, options: ImportCommandOptions) => {
      ctx.exitCode = await runImport(report, options, ctx);
    });
}

function pad(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - stringWidth(text)));
}

/** The human report of what the import found, in the user's language. */
export function describeImport(result: ImportResult, lang: Lang): string[] {
  const out: string[] = [];
  const { checklist, table } = result;
  const formatName = { text: t(lang, '文本', 'text'), html: 'HTML', pdf: 'PDF', docx: 'Word (DOCX)' }[result.format];
  out.push(t(lang, `来源：${result.file}（${formatName}）`, `source: ${result.file} (${formatName})`));
  if (table.header) {
    const where = formatPlace(table.header, lang);
    out.push(
      t(
        lang,
        `表头在${where}；分页处重复的表头 ${table.repeatedHeaders} 个已跳过`,
        `table header at ${where}; ${table.repeatedHeaders} header row(s) repeated at page breaks skipped`,
      ),
    );
  }
  if (checklist) {
    const period = checklist.period ? `${checklist.period.from} – ${checklist.period.to}` : t(lang, '（未找到统计时间）', '(no period found)');
    out.push(
      `${t(lang, '学校', 'institution')}: ${checklist.institution || t(lang, '（未找到）', '(not found)')}` +
        `   ${t(lang, '标题', 'title')}: ${checklist.title ?? '—'}   ${t(lang, '统计时间', 'period')}: ${period}`,
    );
    if (checklist.site) out.push(`site: ${checklist.site}`);
    const nameWidth = Math.max(...checklist.categories.map((c) => stringWidth(c.name)), 4);
    out.push(
      `  #  ${pad(t(lang, '类别', 'category'), nameWidth)}  ${t(lang, '声明', 'declared')}  ${t(lang, '列出', 'listed')}`,
    );
    checklist.categories.forEach((category, index) => {
      const declared = category.declared === undefined ? '—' : String(category.declared);
      const mark = category.declared !== undefined && category.declared !== category.items.length ? '  ⚠' : '';
      out.push(
        `${String(index + 1).padStart(3)}  ${pad(category.name, nameWidth)}  ${declared.padStart(4)}  ${String(category.items.length).padStart(4)}${mark}`,
      );
    });
    const items = checklist.categories.flatMap((c) => c.items);
    const unlinked = items.filter((item) => item.urls.length === 0);
    out.push(
      t(
        lang,
        `共 ${items.length} 项，其中无链接 ${unlinked.length} 项${unlinked.length ? '：' : ''}`,
        `${items.length} items, ${unlinked.length} without a link${unlinked.length ? ':' : ''}`,
      ),
    );
    for (const item of unlinked) out.push(`    (${item.no}) ${item.title}`);
  }
  if (table.after.length) {
    out.push(t(lang, `表格之后的 ${table.after.length} 行未读取：`, `${table.after.length} row(s) after the table, not read:`));
    for (const row of table.after) out.push(`    ${formatPlace(row.place, lang)}: ${row.text}`);
  }
  for (const issue of result.issues) {
    const where = issue.place ? `${result.file}: ${formatPlace(issue.place, lang)}: ` : `${result.file}: `;
    const severity = issue.severity === 'error' ? t(lang, '错误', 'error') : t(lang, '警告', 'warning');
    out.push(`${where}${severity}: ${issue.message[lang]}`);
  }
  return out;
}

/** Comment lines for the top of an imported checklist: where it came from and what a person should check. */
function headerComment(result: ImportResult): string[] {
  const mismatched = (result.checklist?.categories ?? [])
    .filter((c) => c.declared !== undefined && c.declared !== c.items.length)
    .map((c) => `${c.name}（声明 ${c.declared} 项，列出 ${c.items.length} 项）`);
  const lines = [
    `由 ${TOOL_NAME} import 从年度报告 ${basename(result.file)} 的《清单事项公开情况表》导入。`,
    `Imported by \`${TOOL_NAME} import\` from the checklist table of the annual report ${basename(result.file)}.`,
    '',
    '请对照报告核对 / Check against the report:',
    '- 学校名称 institution、统计时间 period、标题 title',
    '- 每个事项的名称与网址；url: 无 表示报告未给出链接 / every title and URL; `url: 无` = no link in the report',
  ];
  if (mismatched.length) lines.push(`- 声明项数与列出项数不符 / declared ≠ listed: ${mismatched.join('；')}`);
  return lines;
}

export async function runImport(report: string, options: ImportCommandOptions, ctx: CliContext): Promise<number> {
  const lang = detectLang(ctx.env, options.lang);
  const result = await importReport(resolve(ctx.cwd, report), options.institution ? { institution: options.institution } : {});
  result.file = report;
  // How a file that is not plain UTF-8 was read goes to stderr, whatever -o says.
  if (result.decodedAs) ctx.stderr.write(`${report}: ${result.decodedAs[lang]}\n`);
  // With -o the YAML goes to the file and the report to stdout; without, the YAML owns stdout.
  const info = options.output ? ctx.stdout : ctx.stderr;
  for (const line of describeImport(result, lang)) info.write(`${line}\n`);
  const failed = result.issues.some((issue) => issue.severity === 'error');
  if (failed || !result.checklist) {
    info.write(
      t(
        lang,
        '无法可靠读取清单表格（见上面列出的行），未写出清单。\n',
        'the checklist table could not be read reliably (see the rows named above); no checklist written.\n',
      ),
    );
    return EXIT.usage;
  }

  const yaml = checklistYaml(result.checklist, { header: headerComment(result), missingUrl: '无' });
  const target = options.output ?? '<stdout>';
  const validation = parseChecklist(yaml, target, { lang });
  info.write(
    validation.problems.length
      ? t(lang, `校验（与 validate 相同）发现 ${validation.problems.length} 个问题：\n`, `validation (as \`validate\`): ${validation.problems.length} problem(s):\n`)
      : t(lang, '校验（与 validate 相同）：没有问题\n', 'validation (as `validate`): no problems\n'),
  );
  for (const problem of validation.problems) info.write(`  ${formatProblem(problem)}\n`);

  if (options.output) {
    const path = resolve(ctx.cwd, options.output);
    if (existsSync(path) && !options.force) {
      ctx.stderr.write(
        t(lang, `${options.output} 已存在；加 --force 覆盖\n`, `${options.output} exists; use --force to overwrite it\n`),
      );
      return EXIT.usage;
    }
    try {
      await writeFile(path, yaml, 'utf8');
    } catch (err) {
      const reason = (err as NodeJS.ErrnoException).code ?? String(err);
      ctx.stderr.write(t(lang, `无法写入 ${options.output}（${reason}）\n`, `cannot write ${options.output} (${reason})\n`));
      return EXIT.usage;
    }
    info.write(t(lang, `已写入 ${options.output}\n`, `written to ${options.output}\n`));
  } else {
    ctx.stdout.write(yaml);
  }
  return hasErrors(validation.problems) ? EXIT.usage : EXIT.ok;
}
