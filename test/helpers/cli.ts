// Run the CLI in-process (main() with captured streams), as a user would from the repository root.
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { main, type CliContext } from '../../src/cli.js';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/** A writable that keeps what was written, and says it is not a terminal. */
export class Capture extends Writable {
  text = '';
  isTTY = false;
  columns?: number;
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

/**
 * What `--control-url` defaults to in every test run through `cli()`: an address that cannot resolve, never the real
 * defaults (sites on the internet). A test whose pages all fail reaches the control probe: it passes local control
 * URLs or `--control-url none`; one that forgot gets this address named in its report and exit 4.
 */
export const TEST_DEFAULT_CONTROL_URLS: readonly string[] = ['http://default-control-url.invalid/'];

export interface CliOutcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** `xxgk-check ...args` with the given environment (default: LANG=C, so English) and working directory. */
export async function cli(args: string[], env: NodeJS.ProcessEnv = { LANG: 'C' }, cwd = repoRoot): Promise<CliOutcome> {
  const stdout = new Capture();
  const stderr = new Capture();
  const ctx: CliContext = { stdout, stderr, env, cwd, exitCode: 0, defaultControlUrls: TEST_DEFAULT_CONTROL_URLS };
  const code = await main(['node', 'xxgk-check', ...args], ctx);
  return { code, stdout: stdout.text, stderr: stderr.text };
}
