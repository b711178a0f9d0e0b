// Tests that start the real CLI as a child process need a fresh build of src/ in dist/.
// tsc emits even when it finds type errors; those are reported here and fail CI's own type-check step,
// so one unfinished file does not stop every other test from running.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export default function setup(): void {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const tsc = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], {
    cwd: root,
    encoding: 'utf8',
  });
  if (tsc.status !== 0) {
    process.stderr.write(`global-setup: tsc reported errors (dist/ may be partial):\n${tsc.stdout}${tsc.stderr}\n`);
  }
}
