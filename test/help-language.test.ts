// `--help` and commander's own errors in one language, chosen as the rest of the tool chooses it: `--lang zh|en`
// anywhere on the command line, else the locale (LC_ALL, LC_MESSAGES, LANG: zh_* → zh), else English (issue 15,
// point 3). The README's usage blocks are the help as printed, in each README's language.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Command } from 'commander';
import { Capture, cli, repoRoot } from './helpers/cli.js';
import { buildProgram, main } from '../src/cli.js';
import { RUN_OPTION_TABLE } from '../src/options.js';
import { displayWidth } from '../src/text-width.js';
import type { Lang } from '../src/types.js';

const ZH = { LANG: 'zh_CN.UTF-8' };
const EN = { LANG: 'C' };
const CJK = /[\u3400-\u9fff]/;

/** Every command of the program, built in `lang`. */
function commandsIn(lang: Lang): readonly Command[] {
  const ctx = { stdout: process.stdout, stderr: process.stderr, env: {}, cwd: repoRoot, exitCode: 0 };
  return buildProgram(ctx, lang).commands;
}

/** Help text with its wrapping undone, for looking up a Chinese description (lines break between characters). */
function unwrapped(help: string): string {
  return help.replace(/\n */g, '').replace(/ /g, '');
}

describe('--help in one language', () => {
  it('is Chinese under a zh locale: headings, descriptions, placeholders, every run option, no English left', async () => {
    const top = await cli(['--help'], ZH);
    expect(top.code).toBe(0);
    expect(top.stdout).toMatch(/^用法：xxgk-check \[选项\] \[命令\]\n/);
    expect(top.stdout).toContain('\n命令：\n');
    expect(top.stdout).toContain('检查高校信息公开清单');
    expect(top.stdout).not.toMatch(/Usage:|Options:|Commands:|display help|output the version/);

    const run = await cli(['run', '--help'], ZH);
    expect(run.stdout).toMatch(/^用法：xxgk-check run \[选项\] <清单\.\.\.>\n/);
    expect(run.stdout).toContain('\n参数：\n  清单 ');
    expect(run.stdout).toContain('  -c, --concurrency <数>');
    expect(run.stdout).toContain('  -h, --help ');
    expect(run.stdout).toContain('显示帮助');
    const flat = unwrapped(run.stdout);
    for (const entry of RUN_OPTION_TABLE) {
      expect(flat).toContain(entry.description.zh.replace(/ /g, ''));
      expect(run.stdout).not.toContain(entry.description.en);
    }
    expect(flat).toContain('（默认：16）');
    expect(flat).toContain('（可选：fail、warn、regression、never；默认：fail）');
    expect(run.stdout).not.toMatch(/default:|choices:|Options:|requests in flight|write a report|no progress bar/);
  });

  it('gives every command, argument and option a Chinese description when built in zh, and an English one in en', () => {
    for (const command of commandsIn('zh')) {
      expect(command.description(), command.name()).toMatch(CJK);
      for (const argument of command.registeredArguments) expect(argument.description, `${command.name()} ${argument.name()}`).toMatch(CJK);
      for (const option of command.options) expect(option.description, `${command.name()} ${option.flags}`).toMatch(CJK);
    }
    for (const command of commandsIn('en')) {
      // English descriptions name some Chinese terms (单项否决, 清单); they must also carry English words.
      expect(command.description(), command.name()).toMatch(/[a-z]{4}/);
      for (const option of command.options) expect(option.description, `${command.name()} ${option.flags}`).toMatch(/[a-z]{3}/);
    }
  });

  it('is English under LANG=C, with no Chinese description', async () => {
    const run = await cli(['run', '--help'], EN);
    expect(run.stdout).toMatch(/^Usage: xxgk-check run \[options\] <checklist\.\.\.>\n/);
    expect(run.stdout).toContain('requests in flight over all sites (default: 16)');
    for (const entry of RUN_OPTION_TABLE) expect(unwrapped(run.stdout)).not.toContain(entry.description.zh.replace(/ /g, ''));
    expect(run.stdout).not.toMatch(/用法|选项：|显示帮助|输出和帮助的语言/);
  });

  it('follows --lang wherever it is on the command line, over the locale', async () => {
    for (const args of [['--lang', 'en', 'run', '--help'], ['run', '--help', '--lang', 'en'], ['run', '--help', '--lang=en']]) {
      const help = await cli(args, ZH);
      expect(help.stdout, args.join(' ')).toMatch(/^Usage: xxgk-check run /);
    }
    for (const args of [['--lang', 'zh', 'run', '--help'], ['run', '--lang', 'zh', '--help'], ['--lang=zh', '--help']]) {
      const help = await cli(args, EN);
      expect(help.stdout, args.join(' ')).toMatch(/^用法：xxgk-check /);
    }
    expect((await cli(['validate', '--help'], { LC_ALL: 'zh_CN.UTF-8', LANG: 'C' })).stdout).toMatch(/^用法：/);
    expect((await cli(['validate', '--help'], { LC_MESSAGES: 'zh_TW.UTF-8' })).stdout).toMatch(/^用法：/);
  });

  it('hands a --lang given before the command to the command', async () => {
    const before = await cli(['--lang', 'zh', 'validate', 'checklists/nope.yaml'], EN);
    expect(before.code).toBe(2);
    expect(before.stdout).toContain('文件不存在');
    const after = await cli(['validate', 'checklists/nope.yaml', '--lang', 'en'], ZH);
    expect(after.stdout).toContain('no such file');
  });

  it('wraps Chinese help between characters, within the width, and keeps words and flags whole', async () => {
    for (const command of ['run', 'review', 'merge', 'import']) {
      for (const columns of [80, 120]) {
        const help = await cli([command, '--help'], { ...ZH, COLUMNS: String(columns) });
        for (const line of help.stdout.split('\n')) {
          // A URL with no space in it may run over, as commander lets any unbreakable word.
          if (!/https?:/.test(line)) expect(displayWidth(line), line).toBeLessThanOrEqual(columns);
          expect(line).not.toMatch(/^\s*[，。、；：）》”]/);
        }
      }
    }
    const run = await cli(['run', '--help'], { ...ZH, COLUMNS: '80' });
    expect(run.stdout).toContain('SLOW_RESPONSE');
    expect(run.stdout).toContain('.xlsx');
  });
});

describe("commander's errors in the user's language", () => {
  it('says them in Chinese under a zh locale or --lang zh', async () => {
    const unknown = await cli(['run', '--bogus'], ZH);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe('错误：没有这个选项“--bogus”\n（用 --help 查看用法）\n');
    expect((await cli(['run'], ZH)).stderr).toMatch(/^错误：缺少参数“<清单>”\n/);
    expect((await cli(['list', 'a.yaml', 'b.yaml'], ZH)).stderr).toMatch(/^错误：list 命令的参数过多：应为 1 个，实际 2 个。\n/);
    expect((await cli(['run', 'a.yaml', '--timeout'], ZH)).stderr).toMatch(/^错误：选项“--timeout <毫秒>”缺少值\n/);
    expect((await cli(['watch', 'a.yaml'], ZH)).stderr).toMatch(/^错误：必须给出选项“--every <时长>”\n/);
    expect((await cli(['run', 'a.yaml', '--max-redirects', '-1'], ZH)).stderr).toMatch(
      /^错误：选项“--max-redirects <数>”的值“-1”无效。--max-redirects 须为不小于 0 的整数。\n/,
    );
    expect((await cli(['run', 'a.yaml', '--fail-on', 'sometimes'], ZH)).stderr).toMatch(/的值“sometimes”无效。可选值：fail、warn、regression、never。\n/);
    expect((await cli(['run', 'a.yaml', '--tz', 'Mars/Olympus'], ZH)).stderr).toContain('不是时区名');
    expect((await cli(['review', 'r.docx', '--due', '13'], ZH)).stderr).toContain('--due 的格式为 月-日');
    expect((await cli(['list', 'a.yaml', '--width', 'x'], ZH)).stderr).toContain('应为整数列数');
    expect((await cli(['runn'], ZH)).stderr).toMatch(/^错误：没有这个命令“runn”\n（是否想用 run？）\n/);
    const flag = await cli(['--lang', 'zh', 'run', '--bogus'], EN);
    expect(flag.stderr).toMatch(/^错误：没有这个选项“--bogus”/);
  });

  it('keeps them English under LANG=C', async () => {
    expect((await cli(['run', '--bogus'], EN)).stderr).toBe("error: unknown option '--bogus'\n(use --help for usage)\n");
    expect((await cli(['run', 'a.yaml', '--stale-soon', '3y'], EN)).stderr).toContain('--stale-soon must be a number of days');
  });
});

describe('the README usage blocks', () => {
  for (const [file, env] of [['README.md', ZH], ['README.en.md', EN]] as const) {
    it(`${file}: each \`$ xxgk-check … --help\` block is the help as printed at 80 columns`, async () => {
      const text = readFileSync(path.join(repoRoot, file), 'utf8');
      const blocks = [...text.matchAll(/```console\n\$ (?:npx )?xxgk-check ([^\n]*--help)\n([\s\S]*?)```/g)];
      expect(blocks.length).toBeGreaterThanOrEqual(2);
      for (const [, args, shown] of blocks) {
        // The help a user sees, with the real default control URLs (cli() replaces them; --help fetches nothing).
        const stdout = new Capture();
        const code = await main(['node', 'xxgk-check', ...args!.split(' ')], {
          stdout,
          stderr: new Capture(),
          env: { ...env, COLUMNS: '80' },
          cwd: repoRoot,
          exitCode: 0,
        });
        expect(code).toBe(0);
        expect(shown, `${file}: xxgk-check ${args}`).toBe(stdout.text);
      }
    });
  }
});
