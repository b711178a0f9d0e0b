// Tests that start the real CLI as a child process need a fresh build of src/ in dist/.
// tsc emits even when it finds type errors; those are reported here and fail CI's own type-check step,
// so one unfinished file does not stop every other test from running.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** package.json "engines" says which Node runs xxgk-check; the CLI refuses older ones, so the suite would fail. */
const REQUIRED_NODE = [22, 13, 0];

export default function setup(): void {
  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
  const [needMajor = 0, needMinor = 0] = REQUIRED_NODE;
  const tooOld = major !== needMajor ? major < needMajor : minor < needMinor;
  if (tooOld) {
    throw new Error(
      `the tests need Node.js ${REQUIRED_NODE.join('.')} or later (package.json "engines"); this is ${process.versions.node}. ` +
        'Run them on a supported Node, e.g. `.ci/with-node 22 npm test` (Node 22 or 24 from the npm registry).',
    );
  }
  const root = fileURLToPath(new URL('..', import.meta.url));
  const tsc = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], {
    cwd: root,
    encoding: 'utf8',
  });
  if (tsc.status !== 0) {
    process.stderr.write(`global-setup: tsc reported errors (dist/ may be partial):\n${tsc.stdout}${tsc.stderr}\n`);
  }
}
