// `--help` and commander's own errors in one language: the one the rest of the tool speaks (`--lang zh|en` given
// anywhere on the command line, else the locale, else English). The program is built after the language is known,
// so every description is written in it (t(lang, zh, en) at each command); this file turns commander's fixed words —
// the headings, "(default: …)", the placeholders of options and arguments, its error lines — into that language,
// and wraps Chinese text between characters (commander wraps only at spaces).
import { stripVTControlCharacters } from 'node:util';
import { Help, type Argument, type Command, type Option } from 'commander';
import type { Lang } from './types.js';
import { displayWidth } from './text-width.js';

/**
 * The value of the last `--lang X` or `--lang=X` on the command line (before a `--`), whatever command it follows:
 * the help is built before commander parses anything. Undefined when none is given.
 */
export function langArgument(args: readonly string[]): string | undefined {
  let value: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') break;
    if (arg === '--lang' && i + 1 < args.length) value = args[i + 1];
    else if (arg.startsWith('--lang=')) value = arg.slice('--lang='.length);
  }
  return value;
}

/** The Chinese names of the placeholders of options and arguments (`<file>` → `<文件>`). */
const PLACEHOLDERS_ZH: Readonly<Record<string, string>> = {
  n: '数',
  ms: '毫秒',
  days: '天数',
  ua: 'UA',
  url: '网址',
  file: '文件',
  dir: '文件夹',
  format: '格式',
  lang: '语言',
  zone: '时区',
  level: '级别',
  name: '名称',
  columns: '列数',
  'MM-DD': '月-日',
  'report.json': '报告.json',
  checklist: '清单',
  report: '报告',
  a: '旧清单',
  b: '新清单',
  options: '选项',
  command: '命令',
  duration: '时长',
  when: '时间',
  rate: '比例',
};

/** `text` with each `<name>`, `[name]`, `<name...>` placeholder in the language (unchanged in English). */
export function localPlaceholders(text: string, lang: Lang): string {
  if (lang === 'en') return text;
  return text.replace(/([<[])([^<>[\]\s]+?)(\.\.\.)?([>\]])/g, (whole, open: string, name: string, more: string | undefined, close: string) => {
    const zh = PLACEHOLDERS_ZH[name];
    return zh === undefined ? whole : `${open}${zh}${more ?? ''}${close}`;
  });
}

const TITLES_ZH: Readonly<Record<string, string>> = {
  'Usage:': '用法：',
  'Arguments:': '参数：',
  'Options:': '选项：',
  'Commands:': '命令：',
  'Global Options:': '全局选项：',
};

/** A default as a person reads it: a list as its items, a string without quotes; none for false or an empty list. */
function shownDefault(option: Option): string | undefined {
  if (option.defaultValueDescription) return option.defaultValueDescription;
  const value: unknown = option.defaultValue;
  if (value === undefined || value === false || option.negate) return undefined;
  if (Array.isArray(value)) return value.length === 0 ? undefined : value.join(' ');
  return typeof value === 'string' ? value : JSON.stringify(value);
}

// Line breaks in Chinese text: between any two characters, but not before closing punctuation nor after opening
// punctuation. A run of other text (a word, a flag, a number) stays whole, as commander keeps it.
const OPENING = '（“‘《【〈「';
const CLOSING = '，。、；：！？）”’》】〉」…';
const WIDE = '\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef“”‘’…';
const CHUNK = new RegExp(`\\s*[${OPENING}]*(?:[^\\s${WIDE}]+|[${WIDE}])[${CLOSING}]*`, 'gu');

/** Wrap `text` to `width` columns at spaces and between Chinese characters, keeping its own line breaks. */
export function wrapText(text: string, width: number, widthOf: (text: string) => number): string {
  const lines: string[] = [];
  for (const line of text.split(/\r\n|\n/)) {
    const chunks = line.match(CHUNK);
    if (!chunks) {
      lines.push('');
      continue;
    }
    let current = chunks[0];
    let currentWidth = widthOf(current);
    for (const chunk of chunks.slice(1)) {
      const chunkWidth = widthOf(chunk);
      if (currentWidth + chunkWidth <= width) {
        current += chunk;
        currentWidth += chunkWidth;
        continue;
      }
      lines.push(current);
      current = chunk.trimStart();
      currentWidth = widthOf(current);
    }
    lines.push(current);
  }
  return lines.join('\n');
}

/**
 * Set the help of `program` (and of the commands added after this call, which inherit it) in `lang`, at `columns`
 * wide. Descriptions are the caller's; this sets the headings, defaults, choices, placeholders, the help option and
 * help command, the version option, and commander's error lines.
 */
export function configureHelpLanguage(program: Command, lang: Lang): void {
  const base = new Help();
  const widthOf = (text: string): number => displayWidth(stripVTControlCharacters(text));
  const zh = lang === 'zh';
  program.configureHelp({
    displayWidth: widthOf,
    styleTitle: (title: string) => (zh ? (TITLES_ZH[title] ?? title) : title),
    optionTerm: (option: Option) => localPlaceholders(option.flags, lang),
    argumentTerm: (argument: Argument) => (zh ? (PLACEHOLDERS_ZH[argument.name()] ?? argument.name()) : base.argumentTerm(argument)),
    subcommandTerm: (cmd: Command) => localPlaceholders(base.subcommandTerm(cmd), lang),
    commandUsage: (cmd: Command) => localPlaceholders(base.commandUsage(cmd), lang),
    optionDescription: (option: Option) => {
      const extra: string[] = [];
      const sep = zh ? '、' : ', ';
      if (option.argChoices) extra.push(`${zh ? '可选：' : 'choices: '}${option.argChoices.join(sep)}`);
      const value = shownDefault(option);
      if (value !== undefined) extra.push(`${zh ? '默认：' : 'default: '}${value}`);
      if (extra.length === 0) return option.description;
      const info = zh ? `（${extra.join('；')}）` : `(${extra.join('; ')})`;
      return option.description ? `${option.description}${zh ? '' : ' '}${info}` : info;
    },
    boxWrap(text: string, width: number): string {
      // `this` is the Help commander made for the command (its minWidthToWrap is commander's).
      return width < 40 ? text : wrapText(text, width, widthOf);
    },
    formatHelp(cmd: Command, helper: Help): string {
      const text = base.formatHelp.call(helper, cmd, helper);
      // "用法：xxgk-check …": no space after a full-width colon.
      return zh ? text.replace(/^用法： /, '用法：') : text;
    },
  });
  program
    .helpOption('-h, --help', zh ? '显示帮助' : 'display help for command')
    .helpCommand('help [command]', zh ? '显示某个命令的帮助' : 'display help for command')
    .showHelpAfterError(zh ? '（用 --help 查看用法）' : '(use --help for usage)');
}

/** A commander error line (`error: unknown option '--x'` and the like) in `lang`; unchanged in English. */
export function commanderError(message: string, lang: Lang): string {
  if (lang === 'en') return message;
  const quote = (text: string): string => `“${localPlaceholders(text, lang)}”`;
  const rules: [RegExp, (...groups: string[]) => string][] = [
    [/^error: unknown option '([^']*)'/, (flag) => `错误：没有这个选项${quote(flag)}`],
    [/^error: unknown command '([^']*)'/, (name) => `错误：没有这个命令${quote(name)}`],
    [/^error: missing required argument '([^']*)'/, (name) => `错误：缺少参数${quote(`<${name}>`)}`],
    [/^error: option '([^']*)' argument missing/, (flags) => `错误：选项${quote(flags)}缺少值`],
    [/^error: required option '([^']*)' not specified/, (flags) => `错误：必须给出选项${quote(flags)}`],
    [
      /^error: too many arguments(?: for '([^']*)')?\. Expected (\d+) arguments? but got (\d+)\./,
      (name, expected, got) => `错误：${name ? `${name} 命令的` : ''}参数过多：应为 ${expected} 个，实际 ${got} 个。`,
    ],
    [/^error: option '([^']*)' argument '([^']*)' is invalid\./, (flags, value) => `错误：选项${quote(flags)}的值“${value}”无效。`],
    [
      /^error: command-argument value '([^']*)' is invalid for argument '([^']*)'\./,
      (value, name) => `错误：参数${quote(`<${name}>`)}的值“${value}”无效。`,
    ],
    [/Allowed choices are (.*)\.$/m, (choices) => `可选值：${choices.split(', ').join('、')}。`],
    [/\(Did you mean one of (.*)\?\)/, (names) => `（是否想用：${names.split(', ').join('、')}？）`],
    [/\(Did you mean (.*)\?\)/, (name) => `（是否想用 ${name}？）`],
  ];
  let text = message;
  for (const [pattern, zhText] of rules) text = text.replace(pattern, (_whole, ...groups: string[]) => zhText(...groups));
  // "…无效。 原因" → "…无效。原因": no space after a full stop in Chinese.
  return text.replace(/。 /g, '。');
}
