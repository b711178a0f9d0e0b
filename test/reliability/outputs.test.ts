// What the CLI writes, through main() in-process: no output format carries a URL's credentials or secret query
// values, and a report that cannot be written costs neither the run nor the other reports.
// HTML escaping of every string and CSV/XLSX cells that cannot run as formulas are covered per format in
// test/report/html.test.ts ('escapes every string from the checklist or a page'), test/report/csv.test.ts
// ('neutralises cells that a spreadsheet would run as formulas') and test/report/xlsx.test.ts ('carries no formula
// and neutralises formula-like text'); atomic writing in test/report/write.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { makeCertificate, startHttpServer, startHttpsServer, type TestServer } from '../helpers/servers.js';
import { cli } from '../helpers/cli.js';
import { goodPage } from './hostile-site.js';

const SECRETS = ['alice', 's3cretPass', 'TOK-7d1f', 'TKT-99ab', 'PW-55cc', 'SIG-0042', 'JSESS-77'];

describe('privacy: no output carries secrets from URLs', () => {
  let tls: TestServer;
  let plain: TestServer;
  let dir: string;
  beforeAll(async () => {
    tls = await startHttpsServer((req, res) => {
      if ((req.url ?? '').startsWith('/files/')) {
        res.writeHead(404, { 'content-type': 'text/plain' }); // a broken attachment: its URL lands in a finding
        res.end('gone');
        return;
      }
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(goodPage('学校章程', `<a href="/files/章程.pdf?ticket=TKT-99ab&signature=SIG-0042">学校章程.pdf</a>`));
    }, await makeCertificate());
    plain = await startHttpServer((req, res) => {
      if (req.url === '/moved') {
        // The redirect chain and the final URL carry secrets too.
        res.writeHead(302, { location: '/final;jsessionid=JSESS-77?token=TOK-7d1f&page=1' });
        res.end();
      } else if (req.url === '/to-ftp') {
        res.writeHead(302, { location: 'ftp://alice:s3cretPass@127.0.0.1/pub/a.pdf?password=PW-55cc' });
        res.end();
      } else {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(goodPage('招生章程'));
      }
    });
    dir = await mkdtemp(path.join(tmpdir(), 'xxgk-privacy-'));
    const tlsUrl = tls.url('/').replace('https://', 'https://alice:s3cretPass@');
    await writeFile(
      path.join(dir, 'c.yaml'),
      `schema: 1
institution: 示例大学
period: { from: 2023-09-01, to: 2024-08-31 }
categories:
  - name: 基本信息
    items:
      - { no: 1, title: 学校章程, url: "${tlsUrl}xxgk/zc.htm?token=TOK-7d1f&ticket=TKT-99ab&password=PW-55cc&page=2" }
      - { no: 2, title: 招生章程, url: "${plain.url('/moved')}" }
      - { no: 3, title: 收费项目, url: "${plain.url('/to-ftp')}" }
`,
    );
  });
  afterAll(async () => {
    await tls?.close();
    await plain?.close();
  });

  function expectNoSecret(label: string, text: string): void {
    for (const secret of SECRETS) expect(text.includes(secret), `${label} contains ${secret}`).toBe(false);
  }

  it('terminal, JSON, CSV, XLSX, HTML, Markdown and JUnit all show the URLs masked', async () => {
    const outputs = ['r.json', 'r.csv', 'r.xlsx', 'r.html', 'r.md', 'r.xml'];
    const args = ['run', 'c.yaml', '--insecure', '--retries', '0', '--quiet', ...outputs.flatMap((o) => ['-o', o])];
    const out = await cli(args, { LANG: 'C' }, dir);
    expect(out.code, out.stderr).toBe(1); // the broken attachment and the ftp: redirect are gaps
    expectNoSecret('terminal', out.stdout);
    expectNoSecret('stderr', out.stderr);
    for (const file of outputs.filter((o) => o !== 'r.xlsx')) expectNoSecret(file, await readFile(path.join(dir, file), 'utf8'));
    const workbook = new ExcelJS.Workbook();
    // exceljs's declared Buffer type predates Node's generic Buffer.
    await workbook.xlsx.load((await readFile(path.join(dir, 'r.xlsx'))) as unknown as ExcelJS.Buffer);
    const cells: string[] = [];
    workbook.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((cell) => cells.push(JSON.stringify([cell.value, cell.hyperlink ?? null, cell.note ?? null])))));
    expect(cells.length).toBeGreaterThan(10);
    expectNoSecret('r.xlsx', cells.join('\n'));

    // Masked, not dropped: the reader still sees which page and which parameters.
    const json = await readFile(path.join(dir, 'r.json'), 'utf8');
    // Every page was really fetched: the self-signed page with user info, the redirect chain, the ftp: Location.
    const items = (JSON.parse(json) as { results: { items: { status: string }[] }[] }).results[0]!.items;
    expect(items.map((i) => i.status)).toEqual(['warn', 'pass', 'fail']);
    expect(json).toContain('REDACTED');
    expect(json).toContain('page=2');
    expect(json).toContain('BROKEN_ATTACHMENT');
    expect(json).toContain('BAD_REDIRECT');
    // Each masked URL still shows through the terminal too (the fetch really ran against them).
    expect(out.stdout).toContain('REDACTED');
    // In every language.
    const zh = await cli(['run', 'c.yaml', '--insecure', '--retries', '0', '--quiet', '--format', 'md'], { LANG: 'zh_CN.UTF-8' }, dir);
    expectNoSecret('markdown (zh) on stdout', zh.stdout);
  });
});

describe('a report that cannot be written', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startHttpServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(goodPage('学校章程'));
    });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('exit 2, a message naming the file and the reason; the other reports are written', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'xxgk-unwritable-'));
    await writeFile(
      path.join(dir, 'c.yaml'),
      `schema: 1\ninstitution: 示例大学\nperiod: { from: 2023-09-01, to: 2024-08-31 }\ncategories:\n  - name: 基本信息\n    items:\n      - { no: 1, title: 学校章程, url: "${server.url('/a')}" }\n`,
    );
    // A "directory" that is a regular file cannot be made: refused before the run (issue 15, point 6).
    await writeFile(path.join(dir, 'not-a-dir'), 'x');
    const early = await cli(['run', 'c.yaml', '--quiet', '-o', 'r.json', '-o', 'not-a-dir/r.html'], { LANG: 'C' }, dir);
    expect(early.code).toBe(2);
    expect(early.stderr).toBe('xxgk-check: cannot write not-a-dir/r.html: not-a-dir is a file, not a folder\n');
    expect(existsSync(path.join(dir, 'r.json'))).toBe(false);
    // A report whose name is taken by a folder fails only when written: unwritable whoever runs the test.
    await mkdir(path.join(dir, 'taken.html'));
    const out = await cli(['run', 'c.yaml', '--quiet', '-o', 'r.json', '-o', 'taken.html', '-o', 'r.csv'], { LANG: 'C' }, dir);
    expect(out.code).toBe(2);
    const failure = out.stderr.split('\n').find((l) => l.includes('taken.html'))!;
    expect(failure).toMatch(new RegExp(`^xxgk-check: cannot write the report file ${path.join(dir, 'taken.html').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: EISDIR`));
    expect(out.stderr).toContain('wrote r.json');
    expect(out.stderr).toContain('wrote r.csv');
    expect(JSON.parse(await readFile(path.join(dir, 'r.json'), 'utf8')).summary.pass).toBe(1);
    expect(existsSync(path.join(dir, 'r.csv'))).toBe(true);
    expect(out.stdout).toContain('学校章程'); // the terminal report is printed as usual
  });
});
