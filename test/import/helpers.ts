// Shared by the import/init/diff tests: a CliContext with captured output, and paths.
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import type { CliContext } from '../../src/commands/context.js';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
export const reports = resolve(repoRoot, 'test/fixtures/reports');
/** The seed report's text as published (a copy of /work/shared/seeds/000_6f186a39fbb2fb4d.txt). */
export const seedFile = resolve(reports, 'seed.txt');

export interface Captured {
  ctx: CliContext;
  out: () => string;
  err: () => string;
}

export function capture(cwd = repoRoot, env: NodeJS.ProcessEnv = { LANG: 'C' }): Captured {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
  return { ctx: { stdout, stderr, env, cwd, exitCode: 0 }, out: () => out, err: () => err };
}
