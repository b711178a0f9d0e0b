#!/usr/bin/env node
// Remakes the README's screenshots from a real run of `xxgk-check demo` (zh):
//   docs/terminal.png     the terminal matrix, colours as a terminal shows them (110 columns)
//   docs/terminal-80.png  the same in a terminal 80 columns wide (a second demo run, about 10 s)
//   docs/report-html.png  the HTML report on a 1280-px desktop
//   docs/report-phone.png the HTML report on a 390-px phone (the viewport meta applies at that window width)
//   docs/report-print.png the first two printed A4 pages (Chromium's --print-to-pdf, then pdftoppm)
// Needs a build (npm run build), Debian's chromium + fonts-noto-cjk, and poppler-utils (pdftoppm).
// Usage: node scripts/screenshots.mjs
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import AnsiToHtml from 'ansi-to-html';

const root = fileURLToPath(new URL('..', import.meta.url));
const work = mkdtempSync(path.join(tmpdir(), 'xxgk-shots-'));
/**
 * A real `xxgk-check demo --lang zh` in a terminal `columns` wide (colours forced, as a terminal gets them), on a
 * machine in Beijing time, as the disclosure office's is.
 */
function runDemo(columns, outDir) {
  const demo = spawnSync(process.execPath, [path.join(root, 'bin/xxgk-check.js'), 'demo', '--lang', 'zh', '--out-dir', outDir], {
    cwd: work,
    env: { ...process.env, FORCE_COLOR: '1', COLUMNS: String(columns), LANG: 'zh_CN.UTF-8', TZ: 'Asia/Shanghai' },
    encoding: 'utf8',
  });
  if (demo.status !== 0) throw new Error(`demo failed (${demo.status}): ${demo.stderr}`);
  return demo;
}
const demo = runDemo(110, work);

const chromium = (url, out, size) =>
  execFileSync('chromium', [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', `--user-data-dir=${path.join(work, 'profile')}`,
    '--hide-scrollbars', `--window-size=${size}`, `--screenshot=${out}`, url,
  ], { stdio: 'ignore' });

// The terminal: the first screenful of the matrix and the summary, rendered as a dark terminal would (a column is
// 7.5 px of the 15-px monospace font; the window is the terminal's width plus the padding).
function terminalShot(stdout, columns, out) {
  const lines = stdout.split('\n');
  const summary = lines.findIndex((l) => l.includes('汇总'));
  const gaps = lines.findIndex((l, i) => i > summary && l.includes('问题清单'));
  const shown = [`$ npx xxgk-check demo --lang zh`, ...lines.slice(0, 44), '  …', ...lines.slice(summary - 1, gaps - 1)];
  const html = `<!DOCTYPE html><meta charset="utf-8"><style>
body{margin:0;background:#1e1e1e;color:#d4d4d4;font:15px/1.45 "Noto Sans Mono CJK SC","Noto Sans CJK SC",monospace;padding:14px 18px;white-space:pre}
</style><body>${new AnsiToHtml({ escapeXML: true, fg: '#d4d4d4', bg: '#1e1e1e' }).toHtml(shown.join('\n'))}</body>`;
  const page = path.join(work, `terminal-${columns}.html`);
  writeFileSync(page, html);
  chromium(pathToFileURL(page).href, out, `${Math.ceil(columns * 7.5) + 50},${Math.ceil(shown.length * 15 * 1.45) + 40}`);
}
terminalShot(demo.stdout, 110, path.join(root, 'docs/terminal.png'));
terminalShot(runDemo(80, path.join(work, 'at-80')).stdout, 80, path.join(root, 'docs/terminal-80.png'));
const report = pathToFileURL(path.join(work, 'report.html')).href;
chromium(report, path.join(root, 'docs/report-html.png'), '1280,1600');
chromium(report, path.join(root, 'docs/report-phone.png'), '390,1400');

// The printed report: two A4 pages side by side.
const pdf = path.join(work, 'report.pdf');
execFileSync('chromium', [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', `--user-data-dir=${path.join(work, 'profile')}`,
  '--no-pdf-header-footer', `--print-to-pdf=${pdf}`, report,
], { stdio: 'ignore' });
execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '2', pdf, path.join(work, 'print')]);
const pages = readdirSync(work).filter((f) => /^print-\d+\.png$/.test(f)).sort().map((f) => pathToFileURL(path.join(work, f)).href);
writeFileSync(path.join(work, 'print.html'), `<!DOCTYPE html><meta charset="utf-8"><style>body{margin:0;background:#8a8f98;padding:16px;display:flex;gap:16px}img{box-shadow:0 1px 6px #0006;background:#fff}</style><body>${pages.map((p) => `<img src="${p}">`).join('')}</body>`);
chromium(pathToFileURL(path.join(work, 'print.html')).href, path.join(root, 'docs/report-print.png'), '1050,740');
console.log(`docs/terminal.png, docs/terminal-80.png, docs/report-html.png, docs/report-phone.png and docs/report-print.png remade from ${work}`);

