#!/usr/bin/env node
// Tiny shim: the real entry point is the compiled CLI in dist/ (built by `npm run build`, which `npm ci` runs via `prepare`).
// The Node version is checked before dist/ is imported, so an old Node gets one clear line instead of a syntax or
// import error from deep inside a dependency. Keep REQUIRED_NODE in step with package.json "engines" (a test checks).
const REQUIRED_NODE = '22.13.0';

/** True when version `a` (e.g. "20.20.2") is older than `b`. */
function older(a, b) {
  const x = a.split('.').map((part) => parseInt(part, 10) || 0);
  const y = b.split('.').map((part) => parseInt(part, 10) || 0);
  for (let i = 0; i < 3; i++) {
    if ((x[i] || 0) !== (y[i] || 0)) return (x[i] || 0) < (y[i] || 0);
  }
  return false;
}

/**
 * Node flags for the commands that crawl (`run`, `watch`):
 * - a small young generation. V8 lets each of its two semi-spaces grow to 16 MB when much survives a scavenge, as
 *   it does with hundreds of requests in flight; 2 MB took the peak RSS of a 20,000-page run from 336-345 to
 *   252-259 MB at the same CPU (docs/scale.md, Memory);
 * - WebAssembly compiled by Liftoff only. The only WebAssembly a run executes is undici's HTTP parser (llhttp);
 *   V8 otherwise recompiles it with TurboFan once it is hot, which takes ~20 MB of compiler memory at once on a
 *   background thread, and the C allocator keeps much of it: at N = 100,000 with --db the crawl held 179-197 MB
 *   with Liftoff only against 189-205 MB, at the same CPU (one run each).
 * V8 reads these only when it creates the heap or compiles, so they cannot be set once the program runs: the
 * process replaces itself once (process.execve: same PID, same stdio; Node >= 22.15, not on Windows) with them added.
 */
const LEAN_FLAGS = ['--max-semi-space-size=2', '--liftoff-only'];
const LEAN_COMMANDS = new Set(['run', 'watch']);

/** The command named in `args` (the first word that is not an option nor --lang's value). */
function commandOf(args) {
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--lang') i++;
    else if (!args[i].startsWith('-')) return args[i];
  }
  return undefined;
}

/** Replace this process with one that has LEAN_FLAGS, when it helps and the user has not chosen the size. */
function becomeLean() {
  if (typeof process.execve !== 'function' || !LEAN_COMMANDS.has(commandOf(process.argv.slice(2)))) return;
  const chosen = [...process.execArgv, process.env.NODE_OPTIONS || ''].join(' ');
  if (chosen.includes('--max-semi-space-size') || chosen.includes('--max_semi_space_size')) return;
  const env = { ...process.env };
  // glibc gives each thread that allocates its own malloc arena (up to 8 per core), each holding freed memory of
  // its own: two arenas saved ~13 MB at 20,000 pages. Read when the new process starts; a value given is kept.
  if (process.platform === 'linux' && env.MALLOC_ARENA_MAX === undefined) env.MALLOC_ARENA_MAX = '2';
  try {
    process.execve(process.execPath, [process.execPath, ...LEAN_FLAGS, ...process.execArgv, ...process.argv.slice(1)], env);
  } catch {
    // Not allowed here (a sandbox, a strange platform): run as we are, with V8's default young generation.
  }
}

const current = process.versions.node;
if (older(current, REQUIRED_NODE)) {
  process.stderr.write(
    `xxgk-check 需要 Node.js ${REQUIRED_NODE} 或更高版本，当前为 ${current} / ` +
      `xxgk-check needs Node.js ${REQUIRED_NODE} or later; this is Node.js ${current}\n`,
  );
  process.exitCode = 2;
} else {
  becomeLean();
  import('../dist/cli.js').then(
    ({ main, crashed }) => {
      process.on('uncaughtException', (err) => crashed(err, process.argv));
      process.on('unhandledRejection', (err) => crashed(err, process.argv));
      return main(process.argv).then((code) => {
        process.exitCode = code;
      });
    },
    (err) => {
      // A clone without a build (dist/ is made by `npm ci` / `npm run build`), or a damaged install.
      const message = (err instanceof Error ? err.message : String(err)).split('\n')[0];
      process.stderr.write(
        `xxgk-check 无法加载 dist/cli.js（在源码目录中先运行 npm run build）/ ` +
          `xxgk-check cannot load dist/cli.js (in a clone, run npm run build first): ${message}\n`,
      );
      process.exitCode = 3;
    },
  );
}
