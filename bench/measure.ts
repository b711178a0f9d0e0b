// Running one checker as a child process and measuring it: wall time, CPU (user + sys) and peak RSS.
// CPU and RSS come from GNU time (`/usr/bin/time -v`, Debian package `time`) when it is installed; otherwise,
// for Node.js children only, from process.resourceUsage() written at exit by bench/rusage-hook.mjs.
import { spawn } from 'node:child_process';
import { existsSync, openSync, closeSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const GNU_TIME = '/usr/bin/time';

export interface Measurement {
  wallMs: number;
  /** user + sys CPU seconds; undefined when neither GNU time nor the Node hook could give it. */
  cpuSeconds?: number | undefined;
  /** Peak resident set size in MB (1 MB = 1024 KiB). */
  peakRssMb?: number | undefined;
  exitCode: number | null;
  /** The last lines of the child's stderr, for error messages. */
  stderrTail: string;
}

export interface ChildSpec {
  command: string;
  args: string[];
  /** A Node.js child: the rusage hook can measure it when GNU time is missing. */
  isNode: boolean;
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** File that receives the child's stdout (default: discarded). */
  stdoutFile?: string;
  /** Text written to the child's stdin (default: none). */
  stdin?: string;
  /** Kill the child after this many ms (default 30 minutes). */
  timeoutMs?: number;
}

/** Parse the output of `/usr/bin/time -v`. */
export function parseGnuTime(text: string): { cpuSeconds?: number | undefined; peakRssMb?: number | undefined } {
  const num = (label: string): number | undefined => {
    const m = new RegExp(`^\\s*${label}:\\s*([0-9.]+)\\s*$`, 'm').exec(text);
    return m ? Number(m[1]) : undefined;
  };
  const user = num('User time \\(seconds\\)');
  const sys = num('System time \\(seconds\\)');
  const rssKb = num('Maximum resident set size \\(kbytes\\)');
  return {
    cpuSeconds: user !== undefined && sys !== undefined ? user + sys : undefined,
    peakRssMb: rssKb !== undefined ? rssKb / 1024 : undefined,
  };
}

/** Run the child to its end and measure it. Never throws for a failing child: the exit code says it. */
export async function measure(spec: ChildSpec, scratchDir: string, tag: string): Promise<Measurement> {
  const haveGnuTime = existsSync(GNU_TIME);
  const timeFile = join(scratchDir, `${tag}.time.txt`);
  const rusageFile = join(scratchDir, `${tag}.rusage.json`);
  let command = spec.command;
  let args = spec.args;
  const env: NodeJS.ProcessEnv = { ...process.env, ...spec.env };
  if (haveGnuTime) {
    command = GNU_TIME;
    args = ['-v', '-o', timeFile, spec.command, ...spec.args];
  } else if (spec.isNode) {
    const hook = fileURLToPath(new URL('./rusage-hook.mjs', import.meta.url));
    env.NODE_OPTIONS = `${env.NODE_OPTIONS ?? ''} --import ${hook}`.trim();
    env.XXGK_BENCH_RUSAGE = rusageFile;
  }
  const stdoutFd = spec.stdoutFile ? openSync(spec.stdoutFile, 'w') : 'ignore';
  const started = performance.now();
  const child = spawn(command, args, {
    cwd: spec.cwd,
    env,
    stdio: [spec.stdin === undefined ? 'ignore' : 'pipe', stdoutFd, 'pipe'],
    // Its own process group, so that a timeout stops the tool too and not only /usr/bin/time.
    detached: true,
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-4000);
  });
  if (spec.stdin !== undefined && child.stdin) {
    child.stdin.end(spec.stdin);
  }
  const killer = setTimeout(() => {
    if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
  }, spec.timeoutMs ?? 30 * 60_000);
  const exitCode = await new Promise<number | null>((resolve) => {
    child.on('error', (err) => {
      stderr += `\n${err.message}`;
      resolve(null);
    });
    child.on('close', (code) => resolve(code));
  });
  clearTimeout(killer);
  const wallMs = performance.now() - started;
  if (typeof stdoutFd === 'number') closeSync(stdoutFd);
  let usage: { cpuSeconds?: number | undefined; peakRssMb?: number | undefined } = {};
  if (haveGnuTime && existsSync(timeFile)) {
    usage = parseGnuTime(readFileSync(timeFile, 'utf8'));
  } else if (existsSync(rusageFile)) {
    const r = JSON.parse(readFileSync(rusageFile, 'utf8')) as { userCPUTime: number; systemCPUTime: number; maxRSS: number };
    usage = { cpuSeconds: (r.userCPUTime + r.systemCPUTime) / 1e6, peakRssMb: r.maxRSS / 1024 };
  }
  return { wallMs, ...usage, exitCode, stderrTail: stderr.trim().split('\n').slice(-8).join('\n') };
}
