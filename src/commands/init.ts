// `xxgk-check init [--institution NAME] [--site URL] [-o checklist.yaml]`: a checklist to fill in, from the
// Ministry of Education's template shipped with the package (checklists/moe-2014.yaml). Every URL stays null,
// with a comment saying what to fill in: nothing is guessed.
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Option, type Command } from 'commander';
import { isMap, isScalar, isSeq, parseDocument, Pair, Scalar, type Document } from 'yaml';
import type { CliContext } from './context.js';
import { EXIT } from '../errors.js';
import { detectLang, t } from '../i18n.js';
import type { Lang } from '../types.js';
import { formatProblem, hasErrors, parseChecklist } from '../checklist/index.js';
import { TOOL_NAME } from '../version.js';

/** The ministry template, found from this module's place so it works from an installed package (src/ or dist/). */
export const TEMPLATE_FILE = fileURLToPath(new URL('../../checklists/moe-2014.yaml', import.meta.url));

export const URL_COMMENT = ' 填写本事项的公开网页地址 / the page where this item is published';

interface InitOptions {
  institution?: string;
  site?: string;
  output?: string;
  force?: boolean;
  lang?: string;
}

export function registerInit(program: Command, ctx: CliContext, lang: Lang): void {
  program
    .command('init')
    .description(t(lang, '按教育部 2014 年清单模板生成待填写的清单', "write a checklist to fill in, from the ministry's 2014 template"))
    .option('--institution <name>', t(lang, '学校名称', 'the institution'))
    .option('--site <url>', t(lang, '信息公开网首页', "the disclosure site's home page"))
    .option('-o, --output <file>', t(lang, '写入此文件（默认写到标准输出）', 'write here (default: stdout)'))
    .option('--force', t(lang, '覆盖已有的输出文件', 'overwrite the output file'))
    .addOption(new Option('--lang <lang>', t(lang, '输出和帮助的语言（默认按 LANG 等区域设置）', 'language of the output and the help (default: from LANG)')).choices(['zh', 'en']))
    .action(async (options: InitOptions) => {
      ctx.exitCode = await runInit(options, ctx);
    });
}

/** The template with the institution and site set and a fill-in comment on every empty URL. */
export function initChecklistText(template: string, options: { institution?: string; site?: string }): string {
  const doc: Document = parseDocument(template);
  const root = doc.contents;
  if (!isMap(root)) throw new Error(`${TEMPLATE_FILE}: the template is not a YAML mapping`);
  if (options.institution !== undefined) doc.set('institution', options.institution);
  if (options.site !== undefined) {
    const at = root.items.findIndex((pair) => isScalar(pair.key) && pair.key.value === 'categories');
    root.items.splice(at < 0 ? root.items.length : at, 0, new Pair(new Scalar('site'), new Scalar(options.site)));
    // The template's commented-out example `# site: …` would now contradict the real one.
    const key = root.items[at < 0 ? root.items.length - 1 : at + 1]?.key;
    if (at >= 0 && isScalar(key) && key.commentBefore) {
      key.commentBefore = key.commentBefore
        .split('\n')
        .filter((line) => !/^\s*site:/.test(line))
        .join('\n');
    }
  }
  const categories = doc.get('categories');
  if (isSeq(categories)) {
    for (const category of categories.items) {
      const items = isMap(category) ? category.get('items') : undefined;
      if (!isSeq(items)) continue;
      for (const item of items.items) {
        if (!isMap(item)) continue;
        const url = item.get('url', true);
        if (isScalar(url) && url.value === null) url.comment = URL_COMMENT;
      }
    }
  }
  const stamp = [
    ` 由 ${TOOL_NAME} init 从教育部清单模板生成。Made by \`${TOOL_NAME} init\` from the ministry's template.`,
    ' 填好后运行 / when filled in, run: xxgk-check validate <本文件>',
  ].join('\n');
  doc.commentBefore = doc.commentBefore ? `${stamp}\n#\n${doc.commentBefore}` : stamp;
  return doc.toString({ lineWidth: 0 });
}

export async function runInit(options: InitOptions, ctx: CliContext): Promise<number> {
  const lang = detectLang(ctx.env, options.lang);
  if (options.site !== undefined) {
    let ok = false;
    try {
      ok = /^https?:$/.test(new URL(options.site).protocol);
    } catch {
      ok = false;
    }
    if (!ok) {
      ctx.stderr.write(t(lang, `--site 必须是 http(s) 网址：${options.site}\n`, `--site must be an http(s) URL: ${options.site}\n`));
      return EXIT.usage;
    }
  }
  if (options.institution !== undefined && options.institution.trim() === '') {
    ctx.stderr.write(t(lang, '--institution 不能为空\n', '--institution must not be empty\n'));
    return EXIT.usage;
  }
  const target = options.output ? resolve(ctx.cwd, options.output) : undefined;
  if (target && existsSync(target) && !options.force) {
    ctx.stderr.write(t(lang, `${options.output} 已存在；加 --force 覆盖\n`, `${options.output} exists; use --force to overwrite it\n`));
    return EXIT.usage;
  }
  let template: string;
  try {
    template = await readFile(TEMPLATE_FILE, 'utf8');
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code ?? String(err);
    ctx.stderr.write(t(lang, `找不到模板 ${TEMPLATE_FILE}（${reason}）\n`, `cannot read the template ${TEMPLATE_FILE} (${reason})\n`));
    return EXIT.usage;
  }
  const text = initChecklistText(template, options);
  const checked = parseChecklist(text, options.output ?? '<stdout>', { lang });
  if (hasErrors(checked.problems)) {
    for (const problem of checked.problems) ctx.stderr.write(`${formatProblem(problem)}\n`);
    return EXIT.usage;
  }
  if (!target) {
    ctx.stdout.write(text);
    return EXIT.ok;
  }
  try {
    await writeFile(target, text, 'utf8');
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code ?? String(err);
    ctx.stderr.write(t(lang, `无法写入 ${options.output}（${reason}）\n`, `cannot write ${options.output} (${reason})\n`));
    return EXIT.usage;
  }
  const items = checked.checklist?.categories.reduce((n, c) => n + c.items.length, 0) ?? 0;
  ctx.stdout.write(
    t(
      lang,
      `已写入 ${options.output}：${checked.checklist?.categories.length ?? 0} 类 ${items} 项，请逐项填写 url，然后运行 xxgk-check validate ${options.output}\n`,
      `written to ${options.output}: ${checked.checklist?.categories.length ?? 0} categories, ${items} items; fill in each url, then run xxgk-check validate ${options.output}\n`,
    ),
  );
  return EXIT.ok;
}
