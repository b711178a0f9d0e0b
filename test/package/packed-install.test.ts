// What users get is what is tested: pack the package as `npm publish` would (prepack + prepare on a copy of the
// repository, so this run's own dist/ is left alone), install the tarball into an empty folder as a user would, and
// run the installed `xxgk-check` there. Slow (one build, one install of the dependencies): one install per run.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/cli.js';

const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { name: string; version: string };

/** The environment of a user's shell: no npm_* variables from the `npm test` that started us, this Node first on PATH. */
function userEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^npm_/i.test(key)) env[key] = value;
  }
  env.PATH = `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ''}`;
  return { ...env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false', LANG: 'C', LC_ALL: '', ...extra };
}

/** npm, run by this Node: the npm-cli.js that started the suite when known, else `npm` from PATH. */
function npm(args: string[], cwd: string): SpawnSyncReturns<string> {
  const execPath = process.env.npm_execpath ?? '';
  const cliJs = /npx-cli\.js$/.test(execPath) ? execPath.replace(/npx-cli\.js$/, 'npm-cli.js') : execPath;
  const [command, prefix] = /npm-cli\.js$/.test(cliJs) && existsSync(cliJs) ? [process.execPath, [cliJs]] : ['npm', []];
  return spawnSync(command, [...prefix, ...args], { cwd, env: userEnv(), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

function describeFailure(what: string, run: SpawnSyncReturns<string>): string {
  return `${what} exited ${run.status}${run.error ? ` (${run.error.message})` : ''}\n${run.stdout}\n${run.stderr}`;
}

/** Every file under `dir`, as paths relative to it with / separators. */
function filesUnder(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(path.join(dir, entry.name), `${prefix}${entry.name}/`) : [`${prefix}${entry.name}`],
  );
}

describe('the packed package, installed into an empty folder', () => {
  let work: string;
  let packed: string[];
  let tarball: string;
  let install: SpawnSyncReturns<string>;
  let app: string;
  let installed: string;

  /** The installed `xxgk-check` (node_modules/.bin, as npx and npm scripts find it), run in the app folder. */
  const xxgk = (args: string[]): SpawnSyncReturns<string> =>
    spawnSync(path.join(app, 'node_modules', '.bin', 'xxgk-check'), args, {
      cwd: app,
      env: userEnv(),
      encoding: 'utf8',
      timeout: 120_000,
    });

  beforeAll(() => {
    work = mkdtempSync(path.join(tmpdir(), 'xxgk-pack-'));
    // A copy of the working tree without its build: prepack must throw away a stale dist/, prepare must build it.
    const copy = path.join(work, 'repo');
    const skip = new Set(['node_modules', '.git', 'dist', 'coverage', 'xxgk-check-demo', '.xxgk-check', 'tmp']);
    cpSync(repoRoot, copy, {
      recursive: true,
      filter: (source) => {
        const relative = path.relative(repoRoot, source);
        return !skip.has(relative.split(path.sep)[0]!) && !relative.endsWith('.tgz');
      },
    });
    symlinkSync(path.join(repoRoot, 'node_modules'), path.join(copy, 'node_modules'), 'dir');
    mkdirSync(path.join(copy, 'dist'));
    writeFileSync(path.join(copy, 'dist', 'stale-module-of-an-earlier-build.js'), 'export {};\n');

    const pack = npm(['pack', '--json', '--pack-destination', work], copy);
    if (pack.status !== 0) throw new Error(describeFailure('npm pack', pack));
    const manifest = JSON.parse(pack.stdout.slice(pack.stdout.indexOf('['))) as { filename: string; files: { path: string }[] }[];
    packed = manifest[0]!.files.map((f) => f.path).sort();
    tarball = path.join(work, manifest[0]!.filename);

    app = path.join(work, 'app');
    mkdirSync(app);
    writeFileSync(path.join(app, 'package.json'), '{ "name": "disclosure-office", "private": true }\n');
    // --foreground-scripts: any lifecycle script npm runs for the package would print its "> xxgk-check@… prepare" banner.
    install = npm(['install', '--prefer-offline', '--foreground-scripts', '--no-audit', '--no-fund', tarball], app);
    if (install.status !== 0) throw new Error(describeFailure('npm install', install));
    installed = path.join(app, 'node_modules', pkg.name);
  }, 600_000);

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('ships the CLI, a fresh build, the checklists and the docs — and nothing of test/, src/ or stale builds', () => {
    for (const needed of ['package.json', 'README.md', 'README.en.md', 'bin/xxgk-check.js', 'dist/cli.js', 'dist/fixture-site/index.js',
      'checklists/demo-university.yaml', 'checklists/moe-2014.yaml', 'checklists/wust-2023-2024.yaml', 'docs/findings.md']) {
      expect(packed).toContain(needed);
    }
    const outside = packed.filter((file) => !/^(bin|dist|checklists|docs)\//.test(file) && !['package.json', 'README.md', 'README.en.md', 'LICENSE'].includes(file));
    expect(outside).toEqual([]);
    expect(packed.filter((file) => /^(test|src|bench|scripts|\.ci|node_modules)\//.test(file))).toEqual([]);
    expect(packed).not.toContain('dist/stale-module-of-an-earlier-build.js');
    expect(packed.filter((file) => file.endsWith('.map'))).toEqual([]);
    // Every compiled module comes from a source file of today's src/.
    const orphans = packed
      .filter((file) => file.startsWith('dist/') && file.endsWith('.js'))
      .filter((file) => !existsSync(path.join(repoRoot, 'src', file.slice('dist/'.length).replace(/\.js$/, '.ts'))));
    expect(orphans).toEqual([]);
  });

  it('installs without building: npm runs no script of the package, and the files are exactly the tarball\'s', () => {
    expect(`${install.stdout}${install.stderr}`).not.toMatch(new RegExp(`> ${pkg.name}@${pkg.version.replace(/\./g, '\\.')} (prepare|preinstall|install|postinstall)`));
    expect(filesUnder(installed).sort()).toEqual(packed);
    // The user's install has the dependencies only: nothing that could build or test.
    expect(existsSync(path.join(app, 'node_modules', 'typescript'))).toBe(false);
    expect(existsSync(path.join(app, 'node_modules', 'vitest'))).toBe(false);
  });

  it('xxgk-check --version prints the package version', () => {
    const run = xxgk(['--version']);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(`${pkg.version}\n`);
    expect(run.status).toBe(0);
  });

  it('xxgk-check validate checks a shipped checklist', () => {
    const run = xxgk(['validate', path.join(installed, 'checklists', 'wust-2023-2024.yaml')]);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/wust-2023-2024\.yaml: .*10 categories, 51 items/);
    expect(run.status).toBe(0);
  });

  it('xxgk-check demo checks the bundled demo site and writes its reports', () => {
    const run = xxgk(['demo', '--lang', 'zh', '--out-dir', 'demo-reports']);
    expect(run.stderr).not.toMatch(/internal error|内部错误|Error:/);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('示例理工大学');
    expect(run.stdout).toContain('问题清单');
    for (const report of ['report.html', 'report.csv', 'report.xlsx', 'report.json']) {
      expect(existsSync(path.join(app, 'demo-reports', report)), report).toBe(true);
    }
  }, 180_000);
});
