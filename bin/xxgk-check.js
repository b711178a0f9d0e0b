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

const current = process.versions.node;
if (older(current, REQUIRED_NODE)) {
  process.stderr.write(
    `xxgk-check 需要 Node.js ${REQUIRED_NODE} 或更高版本，当前为 ${current} / ` +
      `xxgk-check needs Node.js ${REQUIRED_NODE} or later; this is Node.js ${current}\n`,
  );
  process.exitCode = 2;
} else {
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
