// `npm run bench [-- --quick]`: xxgk-check against a loopback load site whose physical limit is known, and the
// same work for the peers (linkinator, LinkChecker) on the same site in the same run. Writes bench/RESULTS.md.
// Not part of the test suite: a full run takes several minutes.
import { fork, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parse as parseCsv } from 'csv-parse/sync';
import { measure, GNU_TIME, type Measurement } from './measure.js';
import { topSelfTime, type CpuProfile } from './profile.js';
import { buildChecklists, pageStatus, pageSubject, plannedRequests, tLimitMs, type SiteParams } from './site.js';
import type { ParentMessage, ServerConfig, ServerMessage, ServerStats } from './site-server.js';
import type { RunResult } from '../src/types.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** xxgk-check's default per-host limit. */
const DEFAULT_PER_HOST = 4;
const RETRIES = 2;

type PeerName = 'linkinator' | 'linkchecker';

interface Row {
  tool: string;
  pages: number;
  concurrency: number;
  perHost: number | undefined;
  m: Measurement;
  /** 1-minute load average of the machine just before the run (other work competes for the cores). */
  loadBefore: number;
  served: ServerStats;
  tLimitMs: number;
  /** What the tool reported, e.g. "5000 items, 157 fail (expected 157)". */
  verdicts: string;
  ok: boolean;
  /** The tool was stopped at the peer timeout: its wall time is a lower bound. */
  stopped?: boolean;
}

function usage(): never {
  process.stdout.write(
    `usage: npm run bench [-- options]\n` +
      `  --quick              N = 1000, C = 64, linkinator only; prints, does not write RESULTS.md (under a minute)\n` +
      `  --pages 5000,20000   page counts N\n  --concurrency 16,64,256   overall concurrency C\n` +
      `  --origins 20         origins H (ports on 127.0.0.1)\n  --latency 50         delay L of every response, ms\n` +
      `  --per-host auto|N    xxgk-check --per-host (auto: max(4, ceil(C/H)), so the per-host limit never binds before C)\n` +
      `  --peers linkinator,linkchecker|none\n  --profile            also write a CPU profile of each xxgk-check run and print its top self-time functions\n` +
      `  --peer-timeout 900   stop a peer after this many seconds (its row then shows the wall time as a lower bound)\n` +
      `  --no-xxgk            peers only (to try the harness while xxgk-check run is unavailable)\n` +
      `  --write / --no-write write bench/RESULTS.md (default: yes, except with --quick)\n` +
      `  --db none,db         xxgk-check without and/or with --db (the history database in the scratch folder); default none\n` +
      `  --scale              memory at scale: N = 20000,100000, C = 256, no peers, xxgk-check without and with --db\n` +
      `  --tool-root DIR      measure the xxgk-check built in DIR (another checkout, e.g. main, for a before/after)\n`,
  );
  process.exit(0);
}

function list(text: string): number[] {
  return text.split(',').map((s) => Number(s.trim())).filter((n) => Number.isFinite(n) && n > 0);
}

const { values: opts } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    pages: { type: 'string' },
    concurrency: { type: 'string' },
    origins: { type: 'string', default: '20' },
    latency: { type: 'string', default: '50' },
    'per-host': { type: 'string', default: 'auto' },
    peers: { type: 'string' },
    profile: { type: 'boolean', default: false },
    'no-xxgk': { type: 'boolean', default: false },
    'peer-timeout': { type: 'string', default: '900' },
    write: { type: 'boolean' },
    'no-write': { type: 'boolean' },
    db: { type: 'string' },
    scale: { type: 'boolean', default: false },
    'tool-root': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (opts.help) usage();

const pageCounts = list(opts.pages ?? (opts.quick ? '1000' : opts.scale ? '20000,100000' : '5000,20000'));
const concurrencies = list(opts.concurrency ?? (opts.quick ? '64' : opts.scale ? '256' : '16,64,256'));
/** Whether xxgk-check runs without (`false`) and/or with (`true`) --db. */
const dbModes = (opts.db ?? (opts.scale ? 'none,db' : 'none')).split(',').map((s) => s.trim() === 'db');
/** The tree whose bin/xxgk-check.js is measured. */
const TOOL_ROOT = opts['tool-root'] ?? ROOT;
const origins = Number(opts.origins);
const latencyMs = Number(opts.latency);
const peers = (opts.peers ?? (opts.quick ? 'linkinator' : opts.scale ? 'none' : 'linkinator,linkchecker'))
  .split(',')
  .map((s) => s.trim())
  .filter((s): s is PeerName => s === 'linkinator' || s === 'linkchecker');
const peerTimeoutMs = Number(opts['peer-timeout']) * 1000;
const writeResults = opts['no-write'] ? false : (opts.write ?? !opts.quick);

function perHostFor(concurrency: number): number {
  if (opts['per-host'] === 'auto') return Math.max(DEFAULT_PER_HOST, Math.ceil(concurrency / origins));
  return Number(opts['per-host']);
}

const log = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

// ───────────────────────────── the load site ─────────────────────────────

interface Site {
  ports: number[];
  stats(): Promise<ServerStats>;
  reset(): void;
  stop(): void;
}

async function startSiteProcess(params: SiteParams): Promise<Site> {
  const config: ServerConfig = { ...params, idleExitMs: 10 * 60_000, maxLifeMs: 3 * 60 * 60_000 };
  const child = fork(join(ROOT, 'bench/site-server.ts'), [JSON.stringify(config)], {
    execArgv: ['--import', 'tsx'],
    cwd: ROOT,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const waiting: ((stats: ServerStats) => void)[] = [];
  const ports = await new Promise<number[]>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`load site exited (${code}) before it was ready`)));
    child.on('message', (message: ServerMessage) => {
      if (message.type === 'ready') resolve(message.ports);
      else if (message.type === 'stats') waiting.shift()?.(message.stats);
    });
  });
  const send = (message: ParentMessage): void => {
    child.send(message);
  };
  return {
    ports,
    stats: () =>
      new Promise<ServerStats>((resolve) => {
        waiting.push(resolve);
        send({ type: 'stats' });
      }),
    reset: () => send({ type: 'reset' }),
    stop: () => child.disconnect(),
  };
}

// ───────────────────────────── the tools ─────────────────────────────

interface Job {
  params: SiteParams;
  dir: string;
  checklists: string[];
  urls: string[];
  /** Pages answering 404 or 500: every tool should report exactly these as broken. */
  expectedBroken: number;
}

async function runXxgk(site: Site, job: Job, concurrency: number, withDb: boolean): Promise<Row> {
  const perHost = perHostFor(concurrency);
  const tag = `xxgk-${job.params.pages}-${concurrency}${withDb ? '-db' : ''}`;
  const report = join(job.dir, `${tag}.json`);
  const profileDir = join(job.dir, `${tag}-prof`);
  const nodeArgs = opts.profile ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  site.reset();
  const loadBefore = os.loadavg()[0]!;
  const m = await measure(
    {
      command: process.execPath,
      args: [
        ...nodeArgs,
        'bin/xxgk-check.js',
        'run',
        ...job.checklists,
        '--concurrency',
        String(concurrency),
        '--per-host',
        String(perHost),
        '--retries',
        String(RETRIES),
        '--quiet',
        '-o',
        report,
        ...(withDb ? ['--db', join(job.dir, `${tag}.sqlite`)] : []),
      ],
      isNode: true,
      cwd: TOOL_ROOT,
    },
    job.dir,
    tag,
  );
  const served = await site.stats();
  let verdicts = `exit ${m.exitCode}: ${m.stderrTail.split('\n')[0] ?? ''}`;
  let ok = false;
  if (existsSync(report)) {
    const result = JSON.parse(readFileSync(report, 'utf8')) as RunResult;
    const items = result.results.flatMap((r) => r.items);
    const failed = items.filter((i) => i.status === 'fail').length;
    ok = items.length === job.params.pages && failed === job.expectedBroken && m.exitCode === 1;
    verdicts = `${items.length} items, ${failed} fail (expected ${job.expectedBroken})`;
  }
  if (opts.profile && existsSync(profileDir)) {
    for (const file of readdirSync(profileDir)) {
      const profile = JSON.parse(readFileSync(join(profileDir, file), 'utf8')) as CpuProfile;
      log(`  CPU profile ${join(profileDir, file)} — top self time:`);
      for (const t of topSelfTime(profile, 15, ROOT.replace(/\/$/, ''))) {
        log(`    ${t.selfMs.toFixed(0).padStart(7)} ms ${(t.share * 100).toFixed(1).padStart(5)} %  ${t.where}`);
      }
    }
  }
  const perOrigin = served.perOrigin;
  return {
    tool: withDb ? 'xxgk-check --db' : 'xxgk-check',
    pages: job.params.pages,
    concurrency,
    perHost,
    m,
    loadBefore,
    served,
    tLimitMs: tLimitMs(perOrigin, latencyMs, concurrency, perHost),
    verdicts,
    ok,
  };
}

/** linkinator: every URL is a root (GET + HTML parse); every link found on the pages is skipped by a regex. */
async function runLinkinator(site: Site, job: Job, concurrency: number): Promise<Row> {
  const tag = `linkinator-${job.params.pages}-${concurrency}`;
  const out = join(job.dir, `${tag}.out.txt`);
  site.reset();
  const loadBefore = os.loadavg()[0]!;
  const m = await measure(
    {
      command: process.execPath,
      args: [
        'node_modules/linkinator/build/src/cli.js',
        ...job.urls,
        '--concurrency',
        String(concurrency),
        '--timeout',
        '15000',
        '--skip',
        String.raw`^http://127\.0\.0\.1:\d+/(?!kjfw/[a-z]+/[a-z]+_\d+\.htm$)`,
      ],
      isNode: true,
      cwd: ROOT,
      stdoutFile: out,
      timeoutMs: peerTimeoutMs,
    },
    job.dir,
    tag,
  );
  const served = await site.stats();
  const text = existsSync(out) ? readFileSync(out, 'utf8') + m.stderrTail : m.stderrTail;
  const broken = /Detected\s+(\d+)\s+broken links/i.exec(text);
  const verdicts = broken ? `${broken[1]} broken (expected ${job.expectedBroken})` : `exit ${m.exitCode}: no summary line`;
  return {
    tool: 'linkinator',
    pages: job.params.pages,
    concurrency,
    perHost: undefined,
    m,
    loadBefore,
    served,
    tLimitMs: tLimitMs(served.perOrigin, latencyMs, concurrency, concurrency),
    ...stoppedOr(m, verdicts, broken !== null && Number(broken[1]) === job.expectedBroken),
  };
}

/** LinkChecker: the URLs on stdin, recursion level 0 (each URL fetched with GET, not parsed), C threads. */
async function runLinkChecker(site: Site, job: Job, concurrency: number): Promise<Row> {
  const tag = `linkchecker-${job.params.pages}-${concurrency}`;
  const out = join(job.dir, `${tag}.csv`);
  const rc = join(job.dir, 'linkcheckerrc');
  // The default of 10 requests per second per host would make the comparison meaningless; robots.txt is not
  // part of the work the other tools do.
  writeFileSync(rc, '[checking]\nmaxrequestspersecond=100000\nrobotstxt=0\n');
  chmodSync(rc, 0o644);
  site.reset();
  const loadBefore = os.loadavg()[0]!;
  const m = await measure(
    {
      command: 'linkchecker',
      args: ['--stdin', '-r', '0', '-t', String(concurrency), '--timeout', '15', '--no-status', '-f', rc, '-o', 'csv'],
      isNode: false,
      cwd: job.dir,
      stdoutFile: out,
      stdin: `${job.urls.join('\n')}\n`,
      timeoutMs: peerTimeoutMs,
    },
    job.dir,
    tag,
  );
  const served = await site.stats();
  let verdicts = `exit ${m.exitCode}: no CSV`;
  let ok = false;
  if (existsSync(out)) {
    const rows = parseCsv<Record<string, string>>(readFileSync(out, 'utf8'), {
      delimiter: ';',
      comment: '#',
      columns: true,
      relax_column_count: true,
      skip_empty_lines: true,
    });
    const invalid = rows.filter((r) => r.valid === 'False').length;
    // LinkChecker's CSV lists only the invalid URLs unless --verbose.
    verdicts = `${invalid} invalid (expected ${job.expectedBroken})`;
    ok = invalid === job.expectedBroken;
  }
  return {
    tool: 'LinkChecker',
    pages: job.params.pages,
    concurrency,
    perHost: undefined,
    m,
    loadBefore,
    served,
    tLimitMs: tLimitMs(served.perOrigin, latencyMs, concurrency, concurrency),
    ...stoppedOr(m, verdicts, ok),
  };
}

/** A peer killed at the peer timeout gets a row that says so. */
function stoppedOr(m: Measurement, verdicts: string, ok: boolean): { verdicts: string; ok: boolean; stopped?: boolean } {
  if (m.exitCode === null && m.wallMs >= peerTimeoutMs) {
    return { verdicts: `stopped after ${(peerTimeoutMs / 1000).toFixed(0)} s (--peer-timeout), unfinished`, ok: false, stopped: true };
  }
  return { verdicts, ok };
}

// ───────────────────────────── report ─────────────────────────────

const fmt = (n: number | undefined, digits = 2): string => (n === undefined ? 'n/a' : n.toFixed(digits));

function tableLines(rows: Row[]): string[] {
  const lines = [
    '| tool | N | C | P | wall s | T_limit s | wall / T_limit | URLs/s | CPU s / 1,000 pages | peak RSS MB | requests served | wall vs xxgk-check | load before | result |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|',
  ];
  for (const r of rows) {
    const xxgk = rows.find((x) => x.tool === 'xxgk-check' && x.pages === r.pages && x.concurrency === r.concurrency);
    const wall = r.m.wallMs / 1000;
    const served = r.served.pages + r.served.attachments + r.served.other;
    const gt = r.stopped ? '> ' : '';
    lines.push(
      `| ${r.tool} | ${r.pages} | ${r.concurrency} | ${r.perHost ?? '–'} | ${gt}${fmt(wall)} | ${fmt(r.tLimitMs / 1000)} | ${gt}${fmt(wall / (r.tLimitMs / 1000))} | ` +
        `${r.stopped ? '< ' : ''}${fmt(r.pages / wall, 0)} | ${fmt(r.m.cpuSeconds === undefined ? undefined : (r.m.cpuSeconds / r.pages) * 1000)} | ${fmt(r.m.peakRssMb, 0)} | ` +
        `${served} | ${!xxgk ? '–' : r === xxgk ? '1' : `${gt}×${fmt(r.m.wallMs / xxgk.m.wallMs)}`} | ${fmt(r.loadBefore, 1)} | ${r.ok ? '' : '⚠ '}${r.verdicts} |`,
    );
  }
  return lines;
}

function machineLines(): string[] {
  const cpus = os.cpus();
  return [
    `- Machine: ${cpus[0]?.model ?? 'unknown CPU'}, ${cpus.length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, ${os.type()} ${os.release()}`,
    `- Node ${process.version}; linkinator ${packageVersion('linkinator')}; ${linkCheckerVersion() ?? 'LinkChecker not installed'}`,
    `- Date: ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    `- Load site: H = ${origins} origins on 127.0.0.1 (one process of its own), every response delayed L = ${latencyMs} ms; ` +
      `item pages ≈ 30 KB (VSB-like list page, 36 dated entries), 3 % answer 404, 1 % answer 500 on every attempt (all in the first tenth of the checklist), ` +
      `5 % of the 200 pages link one PDF attachment served by the same origin`,
    `- CPU and peak RSS: ${existsSync(GNU_TIME) ? '`/usr/bin/time -v` (user + sys of the tool and its children; peak RSS of its largest process)' : 'process.resourceUsage() at exit (GNU time not installed)'}`,
  ];
}

function packageVersion(name: string): string {
  try {
    return (JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'not installed';
  }
}

function linkCheckerVersion(): string | undefined {
  const r = spawnSync('linkchecker', ['--version'], { encoding: 'utf8' });
  if (r.status !== 0 || !r.stdout) return undefined;
  return r.stdout.split('\n')[0]!.replace(/ released.*$/, '').trim();
}

// ───────────────────────────── main ─────────────────────────────

async function main(): Promise<void> {
  log(`building ${join(TOOL_ROOT, 'dist')}/ (tsc -p tsconfig.build.json)…`);
  const build = spawnSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: TOOL_ROOT, encoding: 'utf8' });
  if (build.status !== 0) log(`tsc reported errors; dist/ may be partial:\n${build.stdout}`);
  const help = spawnSync(process.execPath, ['bin/xxgk-check.js', 'run', '--help'], { cwd: TOOL_ROOT, encoding: 'utf8' });
  if (!opts['no-xxgk'] && (help.status !== 0 || !/--concurrency/.test(help.stdout))) {
    log(`xxgk-check run is not available yet (node bin/xxgk-check.js run --help failed):\n${help.stdout}${help.stderr}`);
    process.exit(2);
  }
  const activePeers = peers.filter((p) => {
    if (p === 'linkchecker' && !linkCheckerVersion()) {
      log('SKIPPED LinkChecker: not installed (Debian/Ubuntu: sudo apt-get install linkchecker)');
      return false;
    }
    if (p === 'linkinator' && packageVersion('linkinator') === 'not installed') {
      log('SKIPPED linkinator: not installed (npm ci installs it as a devDependency)');
      return false;
    }
    return true;
  });
  if (!existsSync(GNU_TIME)) log(`note: ${GNU_TIME} not found (Debian package "time"): CPU/RSS of LinkChecker cannot be measured`);

  const rows: Row[] = [];
  const scratch = mkdtempSync(join(os.tmpdir(), 'xxgk-bench-'));
  chmodSync(scratch, 0o755); // LinkChecker drops root privileges to "nobody" and must read its config here.
  try {
    for (const pages of pageCounts) {
      const params: SiteParams = { pages, origins, latencyMs };
      log(`\nN = ${pages}: starting the load site (${origins} origins, L = ${latencyMs} ms)…`);
      const site = await startSiteProcess(params);
      try {
        const dir = join(scratch, `n${pages}`);
        rmSync(dir, { recursive: true, force: true });
        mkdirSync(dir, { recursive: true });
        chmodSync(dir, 0o777);
        const baseUrls = site.ports.map((p) => `http://127.0.0.1:${p}`);
        const checklists = buildChecklists(params, baseUrls).map(({ name, yaml }) => {
          const file = join(dir, name);
          writeFileSync(file, yaml);
          return file;
        });
        const urls: string[] = [];
        let expectedBroken = 0;
        for (let i = 0; i < pages; i++) {
          urls.push(`${baseUrls[i % origins]}${pageSubject(i).path}`);
          if (pageStatus(i, pages) !== 200) expectedBroken++;
        }
        const job: Job = { params, dir, checklists, urls, expectedBroken };
        const planned = plannedRequests(params, RETRIES, true);
        log(`  ${checklists.length} checklists in ${dir}; ${expectedBroken} pages answer 404/500; xxgk-check should make ${planned.reduce((a, b) => a + b, 0)} requests`);
        for (const concurrency of concurrencies) {
          const measured: Row[] = [];
          if (!opts['no-xxgk']) for (const withDb of dbModes) measured.push(await runXxgk(site, job, concurrency, withDb));
          for (const peer of activePeers) {
            measured.push(peer === 'linkinator' ? await runLinkinator(site, job, concurrency) : await runLinkChecker(site, job, concurrency));
          }
          for (const row of measured) {
            log(
              `  ${row.tool.padEnd(11)} C=${String(concurrency).padEnd(4)} wall ${fmt(row.m.wallMs / 1000)} s, T_limit ${fmt(row.tLimitMs / 1000)} s, ` +
                `CPU ${fmt(row.m.cpuSeconds)} s, RSS ${fmt(row.m.peakRssMb, 0)} MB — ${row.verdicts}${row.ok ? '' : `  ⚠ ${row.m.stderrTail.split('\n').slice(-2).join(' | ')}`}`,
            );
          }
          rows.push(...measured);
        }
      } finally {
        site.stop();
      }
    }
  } finally {
    if (!opts.profile) rmSync(scratch, { recursive: true, force: true });
  }

  const table = tableLines(rows);
  process.stdout.write(`\n${table.join('\n')}\n`);
  if (!writeResults) {
    log('\n(--quick: bench/RESULTS.md not written; pass --write to write it)');
    return;
  }
  const command = `npm run bench${process.argv.slice(2).length ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`;
  const results = [
    '# Benchmark results',
    '',
    `Written by \`${command}\` (bench/run.ts). Regenerate with the same command; \`npm run bench -- --quick\` is a one-minute smoke run.`,
    '',
    ...machineLines(),
    `- Parameters: N = ${pageCounts.join(', ')}; C = ${concurrencies.join(', ')}; xxgk-check --per-host ${opts['per-host'] === 'auto' ? 'max(4, ⌈C/H⌉)' : opts['per-host']}, --retries ${RETRIES}, inspection on (the default)`,
    '',
    ...table,
    '',
  ].join('\n');
  writeFileSync(join(ROOT, 'bench/RESULTS.md'), `${results}\n${readNotes()}`);
  log('\nwrote bench/RESULTS.md');
}

/** The hand-written part of RESULTS.md (what each tool did, how to read the table), kept across runs. */
function readNotes(): string {
  const file = join(ROOT, 'bench/NOTES.md');
  return existsSync(file) ? readFileSync(file, 'utf8') : '';
}

await main();
