#!/usr/bin/env node
// Remakes the README's screenshots from a real run of `xxgk-check demo` (zh):
//   docs/terminal.png     the terminal matrix, colours as a terminal shows them
//   docs/report-html.png  the HTML report
// Needs a build (npm run build) and Debian's chromium + fonts-noto-cjk. Usage: node scripts/screenshots.mjs
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import AnsiToHtml from 'ansi-to-html';

const root = fileURLToPath(new URL('..', import.meta.url));
const work = mkdtempSync(path.join(tmpdir(), 'xxgk-shots-'));
const demo = spawnSync(process.execPath, [path.join(root, 'bin/xxgk-check.js'), 'demo', '--lang', 'zh', '--out-dir', work], {
  cwd: work,
  env: { ...process.env, FORCE_COLOR: '1', COLUMNS: '110', LANG: 'zh_CN.UTF-8' },
  encoding: 'utf8',
});
if (demo.status !== 0) throw new Error(`demo failed (${demo.status}): ${demo.stderr}`);

const chromium = (url, out, size) =>
  execFileSync('chromium', [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', `--user-data-dir=${path.join(work, 'profile')}`,
    '--hide-scrollbars', `--window-size=${size}`, `--screenshot=${out}`, url,
  ], { stdio: 'ignore' });

// The terminal: the first screenful of the matrix and the summary, rendered as a dark terminal would.
const lines = demo.stdout.split('\n');
const shown = [`$ npx xxgk-check demo --lang zh`, ...lines.slice(0, 44), '  …', ...lines.slice(lines.findIndex((l) => l.includes('汇总')) - 1).slice(0, 16)];
const html = `<!DOCTYPE html><meta charset="utf-8"><style>
body{margin:0;background:#1e1e1e;color:#d4d4d4;font:15px/1.45 "Noto Sans Mono CJK SC","Noto Sans CJK SC",monospace;padding:14px 18px;white-space:pre}
</style><body>${new AnsiToHtml({ escapeXML: true, fg: '#d4d4d4', bg: '#1e1e1e' }).toHtml(shown.join('\n'))}</body>`;
writeFileSync(path.join(work, 'terminal.html'), html);
chromium(pathToFileURL(path.join(work, 'terminal.html')).href, path.join(root, 'docs/terminal.png'), '1100,1420');
chromium(pathToFileURL(path.join(work, 'report.html')).href, path.join(root, 'docs/report-html.png'), '1280,1600');
console.log(`docs/terminal.png and docs/report-html.png remade from ${work}`);

