// The README's monitoring pictures, made from real runs:
//   docs/history.png, docs/history-phone.png — the `history` report of a week of checks of the demo site;
//   docs/history-terminal.png — the same report in a terminal;
//   docs/watch.png — a real `watch` of a few rounds.
// The week: 21 real `run --db` checks of the demo site (3 a day for 7 days), each started with the clock set to a
// time of that week by libfaketime (Debian package `faketime`), since nobody waits a week for a picture. On the
// Wednesday at 13:00 the demo server is really stopped for one round (an outage). Nothing is written into the
// database by hand: every row is a real request.
// Needs a build (npm run build), faketime, Debian's chromium + fonts-noto-cjk. Takes about 8 minutes (the demo has a
// page that never answers, and the monitors' load limit is 15 s).
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import AnsiToHtml from 'ansi-to-html';
import { startFixtureSite } from '../dist/fixture-site/index.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const work = mkdtempSync(path.join(tmpdir(), 'xxgk-monitoring-'));
const cli = path.join(root, 'bin/xxgk-check.js');
const checklist = path.join(root, 'checklists/demo-university.yaml');
// WEEK_DB=FILE: use the week recorded by an earlier run of this script (it prints where) instead of recording it again.
const db = process.env.WEEK_DB ?? path.join(work, 'week.sqlite');
const env = { ...process.env, LANG: 'zh_CN.UTF-8', TZ: 'Asia/Shanghai', FORCE_COLOR: '1' };
// The demo checklist names http://127.0.0.1:8080/ as its site.
const PORT = 8080;

// Asynchronous: the demo site is served by this very process, so it must not block while a check runs.
function xxgk(args, { at, columns = 100 } = {}) {
  const command = at ? 'faketime' : process.execPath;
  const argv = at ? [at, process.execPath, cli, ...args] : [cli, ...args];
  return new Promise((resolve, reject) => {
    const child = spawn(command, argv, { cwd: work, env: { ...env, COLUMNS: String(columns) } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

// The week: Monday 2026-11-23 to Sunday 2026-11-29, rounds at 09:00, 13:00 and 17:00 Beijing time.
let site = await startFixtureSite({ port: PORT });
for (let day = 23; day <= 29 && !process.env.WEEK_DB; day += 1) {
  for (const hour of ['09', '13', '17']) {
    const outage = day === 25 && hour === '13';
    if (outage && site) {
      await site.close();
      site = undefined;
    } else if (!outage && !site) {
      site = await startFixtureSite({ port: PORT });
    }
    const at = `2026-11-${day} ${hour}:00:00`;
    const round = await xxgk(['run', checklist, `--db=${db}`, '--retries', '0', '--timeout', '15000', '--control-url', 'none', '--fail-on', 'never', '-q', '--lang', 'zh'], { at });
    process.stderr.write(`${at}${outage ? ' (outage)' : ''}: exit ${round.status}\n`);
  }
}

const chromium = (url, out, size) =>
  execFileSync('chromium', [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', `--user-data-dir=${path.join(work, 'profile')}`,
    '--hide-scrollbars', `--window-size=${size}`, `--screenshot=${out}`, url,
  ], { stdio: 'ignore' });

// A terminal rendered as a dark terminal would (a column is 7.5 px of the 15-px monospace font).
function terminalShot(command, text, columns, out, maxLines = 60) {
  const lines = text.replace(/\n+$/, '').split('\n');
  const shown = [`$ ${command}`, ...lines.slice(0, maxLines), ...(lines.length > maxLines ? ['  …'] : [])];
  const html = `<!DOCTYPE html><meta charset="utf-8"><style>
body{margin:0;background:#1e1e1e;color:#d4d4d4;font:15px/1.45 "Noto Sans Mono CJK SC","Noto Sans CJK SC",monospace;padding:14px 18px;white-space:pre}
</style><body>${new AnsiToHtml({ escapeXML: true, fg: '#d4d4d4', bg: '#1e1e1e' }).toHtml(shown.join('\n'))}</body>`;
  const page = path.join(work, `${path.basename(out, '.png')}.html`);
  writeFileSync(page, html);
  chromium(pathToFileURL(page).href, out, `${Math.ceil(columns * 7.5) + 50},${Math.ceil(shown.length * 15 * 1.45) + 40}`);
}

process.stderr.write(`the week: ${db}\n`);
if (process.env.WEEK_ONLY) {
  await site?.close();
  process.exit(0);
}

// The week's report, made on the Sunday evening.
const html = path.join(work, 'history.html');
const history = await xxgk(['history', `--db=${db}`, '--since', '7d', '-o', html, '--lang', 'zh'], { at: '2026-11-29 20:00:00', columns: 100 });
process.stderr.write(`history: exit ${history.status}\n${history.stderr}`);
terminalShot('xxgk-check history --since 7d', history.stdout, 100, path.join(root, 'docs/history-terminal.png'));
chromium(pathToFileURL(html).href, path.join(root, 'docs/history.png'), '1280,1500');
chromium(pathToFileURL(html).href, path.join(root, 'docs/history-phone.png'), '390,1400');

// A real watch: three rounds, one every 20 s (an office would use --every 30m --for 7d).
if (!site) site = await startFixtureSite({ port: PORT });
const watch = await xxgk(['watch', checklist, `--db=${path.join(work, 'watch.sqlite')}`, '--every', '20s', '--for', '55s', '--control-url', 'none', '-q', '--lang', 'zh'], { columns: 100 });
process.stderr.write(`watch: exit ${watch.status}\n${watch.stderr}`);
terminalShot('xxgk-check watch 示例理工大学.yaml --every 20s --for 55s', watch.stdout, 100, path.join(root, 'docs/watch.png'));
await site.close();
process.stderr.write(`work folder: ${work}\n`);
