// Issue 15, point 4: `xxgk-check list x.yaml | head -1` — a reader that goes away ends the command quietly with
// 141 (128 + SIGPIPE, as a shell reports it), never "internal error". A real child process, a really closed pipe.
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/cli.js';

/** Start the built CLI with its stdout a pipe whose reading end is closed at once (before the CLI writes). */
function withClosedStdout(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/xxgk-check.js', ...args], {
      cwd: repoRoot,
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
});
