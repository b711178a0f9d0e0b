// `run` and `watch` replace their process once with a small V8 young generation (bin/xxgk-check.js, docs/scale.md
// "Memory"): the real launcher runs as a child process with a preload that records, in every process image it runs
// in, the PID, the Node flags and MALLOC_ARENA_MAX.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from './helpers/cli.js';

const RECORD = `
import { appendFileSync } from 'node:fs';
const flags = process.execArgv.filter((flag) => !flag.startsWith('data:') && flag !== '--import');
appendFileSync(process.env.XXGK_LEAN_FILE, JSON.stringify({ pid: process.pid, flags, arenas: process.env.MALLOC_ARENA_MAX ?? null }) + '\\n');
`;

interface Image {
  pid: number;
  flags: string[];
  arenas: string | null;
}

const canExec = typeof (process as { execve?: unknown }).execve === 'function';
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'xxgk-lean-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Run `node [nodeFlags] bin/xxgk-check.js …args`; the process images it ran in, in order. */
async function images(args: string[], nodeFlags: string[] = [], env: Record<string, string> = {}): Promise<Image[]> {
  const file = path.join(dir, `images-${Math.random().toString(36).slice(2)}.jsonl`);
  const hook = `data:text/javascript,${encodeURIComponent(RECORD)}`;
  const { MALLOC_ARENA_MAX: _arenas, ...inherited } = process.env;
  await promisify(execFile)(process.execPath, [...nodeFlags, '--import', hook, 'bin/xxgk-check.js', ...args], {
    cwd: repoRoot,
    env: { ...inherited, LANG: 'C', NO_COLOR: '1', XXGK_LEAN_FILE: file, ...env },
  });
  return (await readFile(file, 'utf8'))
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Image);
}

describe.skipIf(!canExec)('run and watch start with a small young generation and WebAssembly by Liftoff only', () => {
  it('run and watch (after --lang and its value) replace their process once, keeping its PID and Node flags', async () => {
    for (const args of [['run', '--help'], ['--lang', 'en', 'watch', '--help']]) {
      const seen = await images(args, ['--no-warnings']);
      expect(seen, args.join(' ')).toHaveLength(2);
      expect(seen[1]!.pid).toBe(seen[0]!.pid);
      expect(seen[0]!.flags).toEqual(['--no-warnings']);
      expect(seen[1]!.flags).toEqual(['--max-semi-space-size=2', '--liftoff-only', '--no-warnings']);
      if (process.platform === 'linux') expect(seen.map((image) => image.arenas)).toEqual([null, '2']);
    }
  });

  it('other commands run as they started', async () => {
    for (const args of [['--version'], ['validate', 'checklists/moe-2014.yaml'], ['list', '--help']]) {
      expect(await images(args), args.join(' ')).toHaveLength(1);
    }
  });

  it('a young-generation size or malloc arena count the user chose is kept', async () => {
    expect(await images(['run', '--help'], ['--max-semi-space-size=16'])).toEqual([
      expect.objectContaining({ flags: ['--max-semi-space-size=16'] }),
    ]);
    expect(await images(['run', '--help'], [], { NODE_OPTIONS: '--max-semi-space-size=8' })).toHaveLength(1);
    if (process.platform === 'linux') {
      const seen = await images(['run', '--help'], [], { MALLOC_ARENA_MAX: '4' });
      expect(seen.map((image) => image.arenas)).toEqual(['4', '4']);
    }
  });
});
