// The supported Node.js releases: package.json "engines", the check in bin/xxgk-check.js that refuses an older Node
// before anything is loaded, and (in CI) that the suite's workers really run the Node the CI leg asked for.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './helpers/cli.js';

const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string; engines: { node: string } };
const binText = readFileSync(path.join(repoRoot, 'bin/xxgk-check.js'), 'utf8');
const required = /const REQUIRED_NODE = '([\d.]+)'/.exec(binText)?.[1];

/** `node bin/xxgk-check.js …args` with process.versions.node made to say `fakeVersion` before the script runs. */
function binAs(fakeVersion: string, args: string[]): { status: number | null; stdout: string; stderr: string } {
  const preload = `Object.defineProperty(process.versions, 'node', { value: ${JSON.stringify(fakeVersion)} });`;
  const run = spawnSync(
    process.execPath,
    ['--import', `data:text/javascript,${encodeURIComponent(preload)}`, 'bin/xxgk-check.js', ...args],
    { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, LANG: 'C', LC_ALL: '' } },
  );
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

const older = (a: string, b: string): boolean => {
  const [x = [], y = []] = [a, b].map((v) => v.split('.').map(Number));
  for (let i = 0; i < 3; i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) < (y[i] ?? 0);
  return false;
};

describe('supported Node.js versions', () => {
  it('bin/xxgk-check.js requires the version package.json "engines" names', () => {
    expect(pkg.engines.node).toBe('>=22.13.0');
    expect(required).toBe('22.13.0');
  });

  it.each(['20.20.2', '22.12.0', '18.20.8'])('refuses Node %s in one zh/en line naming both versions, exit 2', (fake) => {
    for (const args of [['--version'], ['demo'], ['validate', 'checklists/moe-2014.yaml']]) {
      const run = binAs(fake, args);
      expect(run.status).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toBe(
        `xxgk-check 需要 Node.js 22.13.0 或更高版本，当前为 ${fake} / xxgk-check needs Node.js 22.13.0 or later; this is Node.js ${fake}\n`,
      );
    }
  });

  it.each(['22.13.0', '24.0.0'])('runs on Node %s', (fake) => {
    // Only meaningful when the real Node can run the CLI; the suite refuses older ones (test/global-setup.ts).
    const run = binAs(fake, ['--version']);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(`${pkg.version}\n`);
    expect(run.status).toBe(0);
  });

  it('the suite itself runs on a supported Node', () => {
    expect(older(process.versions.node, '22.13.0'), `Node ${process.versions.node}`).toBe(false);
  });

  // .ci/run sets CI_NODE_VERSION to the Node of its leg: this runs in a vitest worker, so it shows the workers use it.
  it.runIf(process.env.CI_NODE_VERSION)('runs on the Node of the CI leg', () => {
    process.stdout.write(`node-version.test: vitest worker on Node ${process.version} (${process.execPath})\n`);
    expect(process.versions.node).toBe(process.env.CI_NODE_VERSION);
  });
});
