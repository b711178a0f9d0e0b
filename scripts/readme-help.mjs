// Rewrites every "$ xxgk-check … --help" console block of README.md (Chinese help) and README.en.md (English help)
// with the help the built tool prints at 80 columns: `npm run build && node scripts/readme-help.mjs`.
// test/help-language.test.ts checks the same blocks; run this after changing a command, an option or its help.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PassThrough } from 'node:stream';
import { main } from '../dist/cli.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const READMES = [
  ['README.md', { LANG: 'zh_CN.UTF-8' }],
  ['README.en.md', { LANG: 'C' }],
];

async function helpText(args, env) {
  let text = '';
  const stdout = new PassThrough();
  stdout.on('data', (chunk) => (text += String(chunk)));
  const code = await main(['node', 'xxgk-check', ...args.split(' ')], {
    stdout,
    stderr: new PassThrough(),
    env: { ...env, COLUMNS: '80' },
    cwd: root,
    exitCode: 0,
  });
  if (code !== 0) throw new Error(`xxgk-check ${args} exited ${code}`);
  return text;
}

for (const [file, env] of READMES) {
  const full = path.join(root, file);
  const before = readFileSync(full, 'utf8');
  let after = '';
  let last = 0;
  for (const match of before.matchAll(/```console\n\$ ((?:npx )?xxgk-check ([^\n]*--help))\n([\s\S]*?)```/g)) {
    after += before.slice(last, match.index) + '```console\n$ ' + match[1] + '\n' + (await helpText(match[2], env)) + '```';
    last = match.index + match[0].length;
  }
  after += before.slice(last);
  if (after !== before) writeFileSync(full, after);
  console.log(`${file}: ${after === before ? 'unchanged' : 'updated'}`);
}
