// Our side or theirs (src/run/control.ts): when every page of a run fails at the network level, the control URLs
// are probed before the sites are blamed. Everything here is local: the "offline" sites are a closed port on
// 127.0.0.1 and a host under .invalid, the control URLs a live local server and a closed port.
import { readFile } from 'node:fs/promises';
import type http from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cli, TEST_DEFAULT_CONTROL_URLS } from '../helpers/cli.js';
import { startHttpServer, type TestServer } from '../helpers/servers.js';
import { tempDir, type TempDir } from '../monitoring/helpers.js';
import { DEFAULT_CONTROL_URLS } from '../../src/options.js';
import { EXIT } from '../../src/errors.js';
import { parseJsonReport } from '../../src/report/read.js';
import { loadSqlite } from '../../src/history/sqlite.js';
import { HAS_SQLITE } from '../history/helpers.js';

const QUICK = ['--timeout', '3000', '--retries', '0', '--quiet', '--no-color'];

/** A port nothing listens on: a server is started on it and closed again. */
async function closedPort(): Promise<number> {
  const server = await startHttpServer((_req, res) => res.end());
  const { port } = server;
  await server.close();
  return port;
}

function checklist(urls: readonly string[]): string {
  const items = urls
    .map((url, i) => `      - no: ${i + 1}\n        title: 事项${i + 1}\n        url: ${url}`)
    .join('\n');
  return `schema: 1\ninstitution: 示例大学\ncategories:\n  - name: 基本信息\n    items:\n${items}\n      - no: ${urls.length + 1}\n        title: 未给链接的事项\n        url: null\n`;
}

let control: TestServer;
let site: TestServer;
let controlRequests: string[] = [];
let deadControl: string;
let offlineUrls: string[];
let tmp: TempDir;

beforeAll(async () => {
  control = await startHttpServer((req: http.IncomingMessage, res) => {
    controlRequests.push(req.url ?? '');
    res.end('<html><body>ok</body></html>');
  });
  site = await startHttpServer((_req, res) => {
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.end('<html><head><title>事项</title></head><body><p>学校信息公开事项内容。</p></body></html>');
  });
  deadControl = `http://127.0.0.1:${await closedPort()}/`;
  const deadSite = await closedPort();
  offlineUrls = [`http://127.0.0.1:${deadSite}/a.htm`, `http://127.0.0.1:${deadSite}/b.htm`, 'http://xxgk.school.invalid/c.htm'];
  tmp = await tempDir();
});

afterEach(() => {
  controlRequests = [];
});

afterAll(async () => {
  await control.close();
  await site.close();
  await tmp.remove();
});

describe('a run whose every page fails at the network level', () => {
  it('with every control failing too: says first that this machine is offline, marks the items unverified, exits 4', async () => {
    const file = await tmp.write('offline.yaml', checklist(offlineUrls));
    const json = tmp.file('offline.json');
    const md = tmp.file('offline.md');
    const result = await cli(['run', file, ...QUICK, '--control-url', deadControl, '-o', json, '-o', md]);
    expect(result.code).toBe(EXIT.offline);
    expect(result.code).toBe(4);
    const firstLine = result.stdout.split('\n')[0]!;
    expect(firstLine).toContain('This machine cannot reach the network');
    expect(result.stdout).toContain(deadControl);
    expect(result.stdout).toContain('cannot connect to the server');
    expect(result.stdout).toContain('unverified');
    // The rate is over the verified items only: here the one item with no link.
    expect(result.stdout).toContain('3 items unverified');

    const report = JSON.parse(await readFile(json, 'utf8'));
    expect(report.network.offline).toBe(true);
    expect(report.network.controls).toEqual([expect.objectContaining({ url: deadControl, error: 'CONNECTION_ERROR' })]);
    expect(report.network.message).toContain('This machine cannot reach the network');
    const statuses = report.results[0].items.map((item: { status: string }) => item.status);
    expect(statuses).toEqual(['unverified', 'unverified', 'unverified', 'missing']);
    // The findings still say how each page failed.
    expect(report.results[0].items[2].findings.map((f: { code: string }) => f.code)).toContain('DNS_ERROR');
    expect(report.summary).toMatchObject({ unverified: 3, missing: 1, fail: 0, total: 4, complianceRate: 0 });
    // Read back (merge, --baseline): the network check and the statuses survive.
    const read = parseJsonReport(await readFile(json, 'utf8'), json);
    expect(read.network?.offline).toBe(true);
    expect(read.summary.unverified).toBe(3);

    const markdown = await readFile(md, 'utf8');
    expect(markdown.split('\n').slice(0, 2).join('\n')).toMatch(/\[!CAUTION\][\s\S]*This machine cannot reach the network/);
  });

  it('says it in Chinese too (本机无法访问网络，以下结果未核实), with 未核实 items', async () => {
    const file = await tmp.write('offline-zh.yaml', checklist(offlineUrls));
    const result = await cli(['run', file, ...QUICK, '--lang', 'zh', '--control-url', deadControl]);
    expect(result.code).toBe(4);
    expect(result.stdout.split('\n')[0]).toContain('本机无法访问网络，以下结果未核实');
    expect(result.stdout).toContain('未核实');
    expect(result.stdout).toContain('无法连接服务器');
  });

  it('with a control answering: the failures are the sites\', exit 1, the control asked once', async () => {
    const file = await tmp.write('sites-down.yaml', checklist(offlineUrls));
    const json = tmp.file('sites-down.json');
    const result = await cli(['run', file, ...QUICK, '--control-url', deadControl, '--control-url', control.url('/'), '-o', json]);
    expect(result.code).toBe(EXIT.gaps);
    expect(controlRequests).toEqual(['/']);
    expect(result.stdout).toContain('a control URL answered');
    expect(result.stdout).not.toContain('cannot reach the network');
    const report = JSON.parse(await readFile(json, 'utf8'));
    expect(report.network.offline).toBe(false);
    expect(report.results[0].items.map((item: { status: string }) => item.status)).toEqual(['fail', 'fail', 'fail', 'missing']);
    expect(report.summary.unverified).toBe(0);
  });

  it('--control-url none: no probe, the failures are the sites\' as before', async () => {
    const file = await tmp.write('none.yaml', checklist(offlineUrls));
    const result = await cli(['run', file, ...QUICK, '--control-url', 'none']);
    expect(result.code).toBe(EXIT.gaps);
    expect(result.stdout).not.toContain('control URL');
    expect(result.stdout).not.toContain('unverified');
  });

  it('probes the defaults the CLI is given, which in tests are never the real ones', async () => {
    expect(TEST_DEFAULT_CONTROL_URLS.some((url) => DEFAULT_CONTROL_URLS.includes(url))).toBe(false);
    const file = await tmp.write('defaults.yaml', checklist(offlineUrls));
    const result = await cli(['run', file, ...QUICK]);
    expect(result.code).toBe(4);
    expect(result.stdout).toContain(TEST_DEFAULT_CONTROL_URLS[0]);
    for (const url of DEFAULT_CONTROL_URLS) expect(result.stdout).not.toContain(url);
  });

  it.runIf(HAS_SQLITE)('records the unverified items in a history database (schema 3)', async () => {
    const file = await tmp.write('offline-db.yaml', checklist(offlineUrls));
    const db = tmp.file('history.sqlite');
    const result = await cli(['run', file, ...QUICK, '--control-url', deadControl, `--db=${db}`]);
    expect(result.stderr).not.toContain('failed');
    expect(result.code).toBe(4);
    const { DatabaseSync } = await loadSqlite();
    const sqlite = new DatabaseSync(db, { readOnly: true });
    const rows = sqlite.prepare('SELECT status, COUNT(*) AS n FROM items GROUP BY status ORDER BY status').all();
    sqlite.close();
    expect(rows.map((row) => [row.status, Number(row.n)])).toEqual([['missing', 1], ['unverified', 3]]);

    // That run knows nothing of the sites: it is no baseline for the next run (nor the run `merge` takes).
    const next = await cli(['run', file, ...QUICK, '--control-url', deadControl, `--db=${db}`, '--baseline', 'last']);
    expect(next.stderr).toContain('has no complete run recorded yet: nothing to compare with this time');
    const merged = await cli(['merge', db, '--format', 'json']);
    expect(merged.code).toBe(EXIT.usage);
    expect(merged.stderr).toContain('it holds no complete run');
  });
});

describe('a run where some pages answer', () => {
  it('never probes the control: one host down among others is that host\'s failure', async () => {
    const file = await tmp.write('mixed.yaml', checklist([site.url('/ok.htm'), ...offlineUrls]));
    const result = await cli(['run', file, ...QUICK, '--control-url', control.url('/')]);
    expect(result.code).toBe(EXIT.gaps);
    expect(controlRequests).toEqual([]);
    expect(result.stdout).not.toContain('control URL');
  });
});

describe('--control-url', () => {
  it('rejects what is not an http(s) URL, exit 2', async () => {
    const result = await cli(['run', 'test/fixtures/checklists/good.yaml', '--control-url', 'ftp://example.com/']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--control-url must be an http(s) URL or none');
  });
});
