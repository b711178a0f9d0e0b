// Issue 14 point 6: failures grouped by site, and per-host statistics. Real local servers (one answering 429 then
// 200, one with a slow page) and a host under .invalid that never resolves, through the CLI as a user runs it.
import { readFile, writeFile } from 'node:fs/promises';
import type http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { cli } from '../helpers/cli.js';
import { startHttpServer, type TestServer } from '../helpers/servers.js';
import { validateJsonReport } from '../helpers/json-schema.js';
import { tempDir, type TempDir } from '../monitoring/helpers.js';
import { HostStatsCollector, mergeHostStats, TimeHistogram } from '../../src/run/hosts.js';
import { parseJsonReport } from '../../src/report/read.js';
import { HOST_GROUP_MIN_ITEMS } from '../../src/report/hosts.js';
import { displayWidth } from '../../src/text-width.js';
import type { HostStats } from '../../src/types.js';

const DEAD_HOST = 'xxgk.hosts-test.invalid';
const OTHER_DEAD_HOST = 'www.two-items.invalid';

function page(title: string): string {
  return `<html><head><title>${title}</title></head><body><h1>${title}</h1><p>${`${title}的内容，依法公开，欢迎查阅。`.repeat(12)}</p></body></html>`;
}

const FAST = ['--timeout', '5000', '--retries', '1', '--quiet', '--no-color', '--control-url', 'none', '--no-attachments'];

describe('failures grouped by site and per-host statistics', () => {
  let limited: TestServer;
  let timed: TestServer;
  let tmp: TempDir;
  /** Requests /busy has had: the first gets 429, the others 200. */
  let busyHits = 0;

  beforeAll(async () => {
    const answer: http.RequestListener = (req, res) => {
      if (req.url === '/busy.htm' && busyHits++ === 0) {
        res.writeHead(429, { 'retry-after': '0', 'content-type': 'text/plain' }).end('too many requests');
        return;
      }
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page('学校章程'));
    };
    limited = await startHttpServer(answer);
    // Nine quick pages and one that takes 800 ms: the median is a quick one, the 95th percentile the slow one.
    timed = await startHttpServer((req, res) => {
      const send = (): void => void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page('招生章程'));
      if (req.url === '/slow.htm') setTimeout(send, 800);
      else send();
    });
    tmp = await tempDir();
    const item = (no: number, url: string): Record<string, unknown> => ({ no, title: `事项${no}`, url, keywords: ['内容'] });
    await writeFile(
      tmp.file('five.yaml'),
      stringify({
        schema: 1,
        institution: '甲大学',
        categories: [
          {
            name: '基本信息',
            items: [
              ...[1, 2, 3, 4, 5].map((no) => item(no, `http://${DEAD_HOST}/item${no}.htm`)),
              item(6, limited.url('/busy.htm')),
              item(7, limited.url('/ok.htm')),
            ],
          },
        ],
      }),
    );
    await writeFile(
      tmp.file('two.yaml'),
      stringify({
        schema: 1,
        institution: '乙大学',
        categories: [
          {
            name: '基本信息',
            items: [
              item(1, `http://${OTHER_DEAD_HOST}/a.htm`),
              item(2, `http://${OTHER_DEAD_HOST}/b.htm`),
              ...[3, 4, 5, 6, 7, 8, 9, 10, 11].map((no) => item(no, timed.url(`/quick${no}.htm`))),
              item(12, timed.url('/slow.htm')),
            ],
          },
        ],
      }),
    );
  });
  afterAll(async () => {
    await limited.close();
    await timed.close();
    await tmp.remove();
  });

  describe('one run over both institutions (zh, --host-stats, every format)', () => {
    let terminal: string;
    let report: { hosts: HostStats[]; results: { items: { no: number; status: string; findings: { code: string }[] }[] }[] };
    let jsonText: string;
    let markdown: string;
    let html: string;

    beforeAll(async () => {
      busyHits = 0;
      const outcome = await cli(
        ['run', tmp.file('five.yaml'), tmp.file('two.yaml'), ...FAST, '--lang', 'zh', '--host-stats', '-o', tmp.file('r.json'), '-o', tmp.file('r.md'), '-o', tmp.file('r.html')],
        { LANG: 'zh_CN.UTF-8', COLUMNS: '120' },
      );
      expect(outcome.stderr).not.toMatch(/error|错误/i);
      expect(outcome.code).toBe(1);
      terminal = outcome.stdout;
      jsonText = await readFile(tmp.file('r.json'), 'utf8');
      report = JSON.parse(jsonText) as typeof report;
      markdown = await readFile(tmp.file('r.md'), 'utf8');
      html = await readFile(tmp.file('r.html'), 'utf8');
    });

    it('says once that five items of a host that does not resolve fail, and the five items still fail', () => {
      expect(terminal).toContain(`${DEAD_HOST}：域名无法解析 — 5 个事项`);
      expect(terminal).toContain('事项 1–5');
      const items = report.results[0]!.items;
      expect(items.filter((i) => i.no <= 5).map((i) => [i.status, i.findings.map((f) => f.code)])).toEqual(
        Array.from({ length: 5 }, () => ['fail', ['DNS_ERROR']]),
      );
      // The long reason is not repeated item by item: each item points to the group line instead.
      expect(terminal).not.toContain(`域名无法解析：${DEAD_HOST}`);
      expect(terminal.split(`见上方网站故障：${DEAD_HOST}`).length - 1).toBeGreaterThanOrEqual(10); // matrix + gap list
    });

    it('says nothing more when only two items of a host fail', () => {
      expect(HOST_GROUP_MIN_ITEMS).toBe(3);
      expect(terminal).not.toContain(`${OTHER_DEAD_HOST}：域名无法解析`);
      expect(terminal).toContain(`域名无法解析：${OTHER_DEAD_HOST}`);
      expect(report.results[1]!.items.slice(0, 2).map((i) => i.status)).toEqual(['fail', 'fail']);
    });

    it('counts a 429 answer and the retry that followed it', () => {
      const host = report.hosts.find((h) => h.host === new URL(limited.origin).host)!;
      expect(host).toBeDefined();
      expect(host.failures.http429).toBe(1);
      expect(host.retries).toBe(1);
      expect(host.requests).toBe(3); // busy twice (429, then 200) and ok once
      expect(report.results[0]!.items[5]!.status).not.toBe('fail');
      const dead = report.hosts.find((h) => h.host === DEAD_HOST)!;
      expect(dead.requests).toBe(5);
      expect(dead.failures.dns).toBe(5);
      expect(dead.responses).toBe(0);
      expect(dead.medianMs).toBeUndefined();
    });

    it('takes the median from the quick pages and the 95th percentile from the slow one', () => {
      const host = report.hosts.find((h) => h.host === new URL(timed.origin).host)!;
      expect(host.requests).toBe(10);
      expect(host.responses).toBe(10);
      expect(host.p95Ms).toBeGreaterThanOrEqual(780);
      expect(host.medianMs).toBeLessThan(host.p95Ms!);
    });

    it('carries the hosts in the JSON report, valid against the schema, and reads them back', () => {
      const document = JSON.parse(jsonText) as unknown;
      expect(validateJsonReport(document), JSON.stringify(validateJsonReport.errors)).toBe(true);
      expect(report.hosts.map((h) => h.host).sort()).toEqual([DEAD_HOST, OTHER_DEAD_HOST, new URL(limited.origin).host, new URL(timed.origin).host].sort());
      expect(parseJsonReport(jsonText, 'r.json').hosts).toEqual(report.hosts);
    });

    it('prints the per-host table with --host-stats, each row aligned', () => {
      const start = terminal.indexOf('各网站请求统计');
      expect(start).toBeGreaterThan(0);
      const table = terminal.slice(start).split('\n').slice(1, 6);
      expect(table[0]).toMatch(/网站\s+请求\s+重试\s+429\s+中位数\s+P95\s+失败/);
      const limitedRow = table.find((line) => line.includes(new URL(limited.origin).host))!;
      expect(limitedRow).toMatch(/\s3\s+1\s+1\s+\d+\s+\d+\s+—$/);
      const deadRow = table.find((line) => line.includes(DEAD_HOST))!;
      expect(deadRow).toMatch(/\s5\s+0\s+0\s+—\s+—\s+域名解析 5$/);
      // The columns line up in display width (the header has Chinese labels).
      const failuresAt = (line: string): number => displayWidth(line.slice(0, line.search(/(失败|—|域名解析 \d)\s*$/)));
      expect(new Set([table[0]!, limitedRow, deadRow].map(failuresAt)).size).toBe(1);
    });

    it('groups in Markdown and HTML too, and gives the host table there', () => {
      expect(markdown).toContain(`${DEAD_HOST}：域名无法解析 — 5 个事项`);
      expect(markdown).not.toContain(`域名无法解析：${DEAD_HOST}`);
      expect(markdown).toContain('各网站请求统计');
      expect(html).toContain(`${DEAD_HOST}：域名无法解析 — 5 个事项`);
      expect(html).not.toContain(`域名无法解析：${DEAD_HOST}`);
      expect(html).toContain('各网站请求统计');
      expect(html).toContain(`<td class="host">${new URL(timed.origin).host}</td>`);
    });
  });

  it('says it in English, and prints no host table without --host-stats (the HTML has it anyway)', async () => {
    busyHits = 0;
    const outcome = await cli(['run', tmp.file('five.yaml'), ...FAST, '--lang', 'en', '-o', tmp.file('en.md'), '-o', tmp.file('en.html')], { LANG: 'C', COLUMNS: '80' });
    expect(outcome.stdout).toContain(`${DEAD_HOST}: name does not resolve — 5 items`);
    expect(outcome.stdout).toContain(`see site failure above: ${DEAD_HOST}`);
    expect(outcome.stdout).not.toContain('Requests per host');
    expect(await readFile(tmp.file('en.md'), 'utf8')).not.toContain('Requests per host');
    expect(await readFile(tmp.file('en.html'), 'utf8')).toContain('Requests per host');
    for (const line of outcome.stdout.split('\n')) expect(displayWidth(line)).toBeLessThanOrEqual(80);
  });
});

describe('host statistics in small aggregates', () => {
  it('keeps exact times below 100 ms and bounded buckets above, whatever the number of requests', () => {
    const histogram = new TimeHistogram();
    for (const ms of [5, 7, 9, 11, 13]) histogram.add(ms);
    expect(histogram.quantile(0.5)).toBe(9);
    expect(histogram.quantile(0.95)).toBe(13);
    const many = new TimeHistogram();
    for (let i = 0; i < 100_000; i++) many.add((i % 1000) * 60); // 0 … 59.94 s
    expect(many.count).toBe(100_000);
    expect((many as unknown as { buckets: Map<number, number> }).buckets.size).toBeLessThan(500);
    const median = many.quantile(0.5)!;
    expect(Math.abs(median - 29_940) / 29_940).toBeLessThan(0.02);
  });

  it('does not count an attempt cut short by Ctrl-C', () => {
    const collector = new HostStatsCollector();
    collector.add({ host: 'a.example', ms: 3, retry: false, failure: { code: 'CONNECTION_ERROR', params: { reason: 'interrupted' } } });
    collector.add({ host: 'a.example', ms: 3, retry: false, failure: { code: 'CONNECTION_ERROR', params: { reason: 'connection refused' } } });
    expect(collector.stats()).toMatchObject([{ host: 'a.example', requests: 1, failures: { refused: 1, connection: 0 } }]);
  });

  it('adds the counts of one host over merged reports', () => {
    const one = (requests: number, medianMs: number, p95Ms: number): HostStats => ({
      host: 'x.example', requests, retries: 1, responses: requests, medianMs, p95Ms,
      failures: { dns: 0, refused: 0, connection: 0, tls: 0, timeout: 1, http5xx: 0, http429: 0, http4xx: 0 },
    });
    expect(mergeHostStats([[one(10, 50, 90)], undefined, [one(30, 70, 80)]])).toMatchObject([
      { host: 'x.example', requests: 40, retries: 2, responses: 40, medianMs: 70, p95Ms: 90, failures: { timeout: 2 } },
    ]);
    expect(mergeHostStats([undefined, undefined])).toBeUndefined();
  });
});
