// The scheduled-job recipe of docs/ci.md works as written: its hourly script, taken from the doc and pointed at a
// temporary folder instead of /srv/xxgk, runs the real CLI against the fixture site — silent and saving the baseline
// when nothing got worse, printing the changes and exiting 1 when something did — and its systemd units pass
// `systemd-analyze verify` where systemd's tools are installed.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { chmod, mkdir, readFile, symlink } from 'node:fs/promises';
import { userInfo } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixtureSite, type FixtureItem, type FixtureSite } from '../src/fixture-site/index.js';
import { repoRoot } from './helpers/cli.js';
import { checklistYaml, QUICK_ITEMS, tempDir, type TempDir } from './monitoring/helpers.js';

const doc = readFileSync(path.join(repoRoot, 'docs', 'ci.md'), 'utf8');
const section = doc.slice(doc.indexOf('## An office PC or a server'));

/** The fenced code blocks of the section, with their language tag. */
const blocks = [...section.matchAll(/```(\w*)\n([\s\S]*?)```/g)].map(([, lang, code]) => ({ lang: lang!, code: code! }));
const hourly = blocks.find((b) => b.lang === 'sh' && b.code.startsWith('#!/bin/sh'))!.code;
const unit = (name: string): string => blocks.find((b) => b.lang === 'ini' && section.includes(`\`/etc/systemd/system/${name}\`:\n\n\`\`\`ini\n${b.code}`))!.code;

const GOOD = QUICK_ITEMS.find((i) => i.kind === 'vsb-list' && i.no === 2)!;
const NOT_FOUND = QUICK_ITEMS.find((i): i is FixtureItem & { path: string } => i.kind === 'not-found' && i.path !== undefined)!;
const ITEMS = QUICK_ITEMS.filter((i) => ['vsb-list', 'webplus-article', 'gbk', 'not-found'].includes(i.kind));

describe('docs/ci.md: the hourly script', () => {
  let site: FixtureSite;
  let tmp: TempDir;
  let script: string;

  /** The doc's script, as cron would run it (a short PATH with node and xxgk-check, no terminal). */
  async function runHourly(): Promise<{ code: number | null; output: string }> {
    const child = spawn('/bin/sh', [script], {
      cwd: '/',
      env: { PATH: `${tmp.file('bin')}:${path.dirname(process.execPath)}:/usr/bin:/bin`, HOME: tmp.dir, TZ: 'Asia/Shanghai', LANG: 'C' },
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    return { code, output };
  }

  beforeAll(async () => {
    site = await startFixtureSite();
    tmp = await tempDir();
    // `npm install --global xxgk-check` puts xxgk-check on PATH; here, this repository's bin.
    await mkdir(tmp.file('bin'));
    await symlink(path.join(repoRoot, 'bin', 'xxgk-check.js'), tmp.file('bin/xxgk-check'));
    await mkdir(tmp.file('checklists'));
    await tmp.write('checklists/school.yaml', checklistYaml('示例理工大学', site.url, ITEMS));
    script = await tmp.write('hourly.sh', hourly.replaceAll('/srv/xxgk', tmp.dir));
    await chmod(script, 0o755);
  });
  afterAll(async () => {
    await site?.close();
    await tmp?.remove();
  });

  it('is the script the doc shows, with its paths under /srv/xxgk', () => {
    expect(hourly).toContain('cd /srv/xxgk || exit 2');
    expect(hourly).toContain('xxgk-check run checklists/ $compare');
    expect(readFileSync(script, 'utf8')).not.toContain('/srv/xxgk');
  });

  it('first run: no output, reports kept, the run becomes the baseline', async () => {
    const first = await runHourly();
    expect(first.output).toBe('');
    expect(first.code).toBe(0);
    const [stamp] = readdirSync(tmp.file('reports'));
    for (const report of ['report.html', 'report.xlsx', 'report.json', 'report.md']) {
      expect(existsSync(tmp.file(`reports/${stamp}/${report}`)), report).toBe(true);
    }
    expect(existsSync(tmp.file('.xxgk-check/baseline.json'))).toBe(true);
  }, 120_000);

  it('an item got worse: prints what changed, keeps the baseline, exit 1; fixed again: silent, new baseline', async () => {
    const baseline = await readFile(tmp.file('.xxgk-check/baseline.json'), 'utf8');
    const broken = ITEMS.map((item) => (item === GOOD ? { ...item, path: NOT_FOUND.path } : item));
    await tmp.write('checklists/school.yaml', checklistYaml('示例理工大学', site.url, broken));
    const worse = await runHourly();
    expect(worse.code).toBe(1);
    expect(worse.output).toMatch(/与基线[\s\S]*相比的变化/);
    expect(worse.output).toContain('变差');
    expect(worse.output).toContain(GOOD.title);
    expect(await readFile(tmp.file('.xxgk-check/baseline.json'), 'utf8')).toBe(baseline);

    await tmp.write('checklists/school.yaml', checklistYaml('示例理工大学', site.url, ITEMS));
    const fixed = await runHourly();
    expect(fixed.output).toBe('');
    expect(fixed.code).toBe(0);
    expect(await readFile(tmp.file('.xxgk-check/baseline.json'), 'utf8')).not.toBe(baseline);
  }, 240_000);
});

const systemdAnalyze = spawnSync('sh', ['-c', 'command -v systemd-analyze'], { encoding: 'utf8' }).stdout.trim();

describe.runIf(systemdAnalyze)('docs/ci.md: the systemd units', () => {
  let tmp: TempDir;
  beforeAll(async () => {
    tmp = await tempDir();
  });
  afterAll(async () => {
    await tmp?.remove();
  });

  it('pass systemd-analyze verify (with the test folder for /srv/xxgk and this user for xxgk)', async () => {
    await tmp.write('hourly.sh', hourly.replaceAll('/srv/xxgk', tmp.dir));
    await chmod(tmp.file('hourly.sh'), 0o755);
    const local = (text: string): string => text.replaceAll('/srv/xxgk', tmp.dir).replace(/^User=xxgk$/m, `User=${userInfo().username}`);
    const service = await tmp.write('xxgk-check.service', local(unit('xxgk-check.service')));
    const timer = await tmp.write('xxgk-check.timer', local(unit('xxgk-check.timer')));
    expect(unit('xxgk-check.service')).toContain('ExecStart=/srv/xxgk/hourly.sh');
    expect(unit('xxgk-check.timer')).toContain('OnCalendar=hourly');
    const verify = spawnSync(systemdAnalyze, ['verify', timer, service], { encoding: 'utf8' });
    expect(verify.stderr).toBe('');
    expect(verify.status).toBe(0);
  });
});
