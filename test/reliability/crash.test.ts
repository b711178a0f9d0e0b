// A crash of the whole process (an exception nobody catches) prints one line that says which reports were written
// and which were not — no stack trace unless --debug — and exits 3. The crash is injected into the real CLI process
// with a test-only `node --import` preload (test/reliability/fixtures/crash-preload.mjs); the product has no hook.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startHttpServer, type TestServer } from '../helpers/servers.js';
import { goodPage } from './hostile-site.js';
import { repoRoot } from '../helpers/cli.js';

const PRELOAD = fileURLToPath(new URL('./fixtures/crash-preload.mjs', import.meta.url));

let server: TestServer;
let dir: string;
beforeAll(async () => {
  server = await startHttpServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(goodPage('学校章程'));
  });
  dir = await mkdtemp(path.join(tmpdir(), 'xxgk-crash-'));
  await writeFile(
    path.join(dir, 'c.yaml'),
    `schema: 1\ninstitution: 示例大学\nperiod: { from: 2023-09-01, to: 2024-08-31 }\ncategories:\n  - name: 基本信息\n    items:\n      - { no: 1, title: 学校章程, url: "${server.url('/a')}" }\n`,
  );
});
afterAll(async () => {
  await server?.close();
});

/** Run the real CLI in `cwd` with the crash preload (asynchronously: the test server lives in this process). */
function crashingRun(cwd: string, crashAfter: number, extraArgs: string[] = [], lang = 'C'): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(
    process.execPath,
    ['--import', PRELOAD, path.join(repoRoot, 'bin/xxgk-check.js'), 'run', path.join(dir, 'c.yaml'), '--quiet', '-o', 'r.json', '-o', 'r.html', '-o', 'r.csv', ...extraArgs],
    { cwd, env: { PATH: process.env.PATH, LANG: lang, NO_COLOR: '1', XXGK_TEST_CRASH_AFTER: String(crashAfter) }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

describe('a crash of the whole process', () => {
  it('after one report was written: one line naming the report written and those not written, no stack, exit 3', async () => {
    const cwd = await mkdtemp(path.join(tmpdir(), 'xxgk-crash-run-'));
    const out = await crashingRun(cwd, 1);
    expect(out.code).toBe(3);
    const lines = out.stderr.trim().split('\n');
    expect(lines.at(-1)).toBe(
      'xxgk-check: internal error: simulated crash; reports written: r.json; not written: r.html, r.csv (run with --debug for details)',
    );
    expect(out.stderr).not.toMatch(/^\s+at /m);
    // The report it names is really there, complete; the others were never half-written.
    expect(JSON.parse(await readFile(path.join(cwd, 'r.json'), 'utf8')).results[0].items).toHaveLength(1);
    expect(existsSync(path.join(cwd, 'r.html'))).toBe(false);
  });

  it('before any report: says that none was written, in Chinese under a zh locale', async () => {
    const cwd = await mkdtemp(path.join(tmpdir(), 'xxgk-crash-run-'));
    const out = await crashingRun(cwd, 0, [], 'zh_CN.UTF-8');
    expect(out.code).toBe(3);
    expect(out.stderr.trim().split('\n').at(-1)).toBe(
      'xxgk-check: 内部错误：simulated crash；未写出任何报告（r.json、r.html、r.csv）（加 --debug 查看详情）',
    );
  });

  it('with --debug: the same line, then the stack', async () => {
    const cwd = await mkdtemp(path.join(tmpdir(), 'xxgk-crash-run-'));
    const out = await crashingRun(cwd, 1, ['--debug']);
    expect(out.code).toBe(3);
    expect(out.stderr).toContain('xxgk-check: internal error: simulated crash; reports written: r.json; not written: r.html, r.csv\n');
    expect(out.stderr).toMatch(/Error: simulated crash\n\s+at /);
  });
});
