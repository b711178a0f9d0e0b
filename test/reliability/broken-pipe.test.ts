// Issue 15, point 4: `xxgk-check list x.yaml | head -1` — a reader that goes away ends the command quietly with
// 141 (128 + SIGPIPE, as a shell reports it), never "internal error". A real child process, a really closed pipe.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/cli.js';

/** Start the built CLI with its stdout a pipe whose reading end is closed at once (before the CLI writes). */
function withClosedStdout(args: string[], cwd = repoRoot): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(repoRoot, 'bin/xxgk-check.js'), ...args], {
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { PATH: process.env.PATH, LANG: 'zh_CN.UTF-8' },
    });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('a closed pipe', () => {
  it.each([
    ['list', ['list', 'checklists/moe-2014.yaml']],
    ['validate', ['validate', 'checklists/moe-2014.yaml', 'checklists/demo-university.yaml']],
    ['init', ['init']],
  ])('%s ends quietly with 141', async (_name, args) => {
    const outcome = await withClosedStdout(args);
    expect(outcome.stderr).toBe('');
    expect(outcome.code).toBe(141);
  });

  // The terminal report is printed piece by piece, waiting whenever the pipe is full. A pipe that broke sends no
  // 'drain': waiting for one kept `xxgk-check demo | head` alive for ever, its demo site still serving.
  it('demo stops printing, still writes its report files, and ends with 141', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'xxgk-pipe-'));
    try {
      const outcome = await withClosedStdout(['demo'], dir);
      expect(outcome.code).toBe(141);
      expect(outcome.stderr).not.toMatch(/内部错误|internal error/i);
      for (const name of ['report.html', 'report.csv', 'report.xlsx', 'report.json']) expect(existsSync(path.join(dir, 'xxgk-check-demo', name))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
