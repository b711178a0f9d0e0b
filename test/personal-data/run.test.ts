// Personal data end to end, through the CLI in-process against a local site with synthetic numbers made at test
// time: pages and attachments that leak fail and say where; masked lists, office contacts, landlines, document
// numbers and wrong check digits pass; unreadable files are "not scanned", never clean; and no output of any format
// carries a full number.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpServer, type TestServer } from '../helpers/servers.js';
import { cli, repoRoot, type CliOutcome } from '../helpers/cli.js';
import { textPdf, workbook } from '../helpers/documents.js';
import { zipEntries } from '../helpers/zip.js';
import { mobiles, residentIds, withWrongCheck } from '../helpers/personal-data.js';
import { maskNumber } from '../../src/inspect/personal-data/numbers.js';

const ids = residentIds(40, 3);
const phones = mobiles(40, 5);
/** Every full number planted anywhere on the site. */
const PLANTED = [...ids, ...phones];

interface Report {
  results: { items: { no: number; status: string; findings: { code: string; severity: string; params: Record<string, string | number>; url: string | null; message: string }[] }[] }[];
}

function page(title: string, body: string): string {
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${title}</title></head><body>
<div class="content"><h1>${title}</h1><p>发布时间：2025-03-15。现将${title}公布如下，公示期五个工作日。</p>${body}</div></body></html>`;
}

function table(rows: string[][]): string {
  return `<table>${rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('')}</table>`;
}

describe('personal data in pages and attachments', () => {
  let server: TestServer;
  let dir: string;
  const gets = new Map<string, number>();
  const files = new Map<string, { body: Buffer; type: string }>();
  let out: CliOutcome;

  beforeAll(async () => {
    const wrong = withWrongCheck(ids[0]!);
    files.set('/files/拟录取名单.xlsx', {
      type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      body: await workbook({
        说明: [['2025年拟录取研究生名单'], ['招生办电话', '027-68862345']],
        名单: [['序号', '姓名', '身份证号', '手机号'], ...ids.slice(10, 20).map((id, i) => [i + 1, `学生${i}`, id, phones[10 + i]!])],
      }),
    });
    files.set('/files/测试结果.pdf', {
      type: 'application/pdf',
      body: textPdf([
        ['Special admission test results 2025', 'Published by the admissions office'],
        ids.slice(20, 30).map((id, i) => `${i + 1}  Student ${i}  ${id}  ${phones[20 + i]}  86.5`),
      ]),
    });
    files.set('/files/masked.xlsx', {
      type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      body: await workbook({ 名单: [['姓名', '身份证号', '手机'], ...ids.slice(30, 40).map((id, i) => [`学生${i}`, maskNumber(id), `${phones[30 + i]!.slice(0, 3)}****${phones[30 + i]!.slice(7)}`])] }),
    });
    files.set('/files/scan.pdf', { type: 'application/pdf', body: textPdf([[], []], { noText: true }) });
    files.set('/files/old.doc', { type: 'application/msword', body: Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(600)]) });
    files.set('/files/direct.csv', { type: 'text/csv; charset=utf-8', body: Buffer.from(`姓名,手机\n${phones.slice(0, 8).map((p, i) => `学生${i},${p}`).join('\n')}\n`) });

    const pages: Record<string, string> = {
      '/ids.htm': page('奖学金获得者名单', table([['姓名', '学院', '身份证号'], ...ids.slice(0, 10).map((id, i) => [`学生${i}`, '材料学院', id])])),
      '/xlsx.htm': page('拟录取研究生名单', '<p>附件：<a href="/files/拟录取名单.xlsx">拟录取名单.xlsx</a></p>'),
      '/xlsx-again.htm': page('拟录取研究生名单（转载）', '<p>附件：<a href="/files/拟录取名单.xlsx">2025年拟录取名单.xlsx</a></p>'),
      '/pdf.htm': page('特殊类型招生测试结果', '<p>附件：<a href="/files/测试结果.pdf">测试结果.pdf</a></p>'),
      '/masked.htm': page(
        '研究生复试成绩',
        table([['姓名', '身份证号', '手机'], ...ids.slice(30, 40).map((id, i) => [`学生${i}`, `${id.slice(0, 4)}**********${id.slice(14)}`, `${phones[30 + i]!.slice(0, 3)}****${phones[30 + i]!.slice(7)}`])]) +
          '<p>附件：<a href="/files/masked.xlsx">复试成绩.xlsx</a></p>',
      ),
      '/contact.htm': page(
        '招生咨询及申诉渠道',
        `<p>依据鄂教办函〔2024〕7号、教办函〔2014〕23号文件。咨询电话：027-68862345，（027）68893456；值班手机：${phones[39]}。</p>` +
          `<p>申诉受理编号 ${wrong}，订单号 2025031512345678901234，流水号 ${'9'.repeat(18)}。</p>`,
      ),
      '/scan.htm': page('学生奖励处罚办法', '<p>附件：<a href="/files/scan.pdf">处罚决定.pdf</a>　<a href="/files/old.doc">奖励名单.doc</a></p>'),
    };

    server = await startHttpServer((req: http.IncomingMessage, res: http.ServerResponse) => {
      const url = decodeURIComponent((req.url ?? '/').split('?')[0]!);
      const file = files.get(url);
      if (file) {
        if (req.method === 'GET') gets.set(url, (gets.get(url) ?? 0) + 1);
        // One server refuses HEAD, as many do: the check's fallback GET must be the file's only download.
        if (req.method === 'HEAD' && url.endsWith('.pdf') && url.includes('测试')) {
          res.writeHead(405);
          res.end();
          return;
        }
        res.writeHead(200, { 'content-type': file.type, 'content-length': String(file.body.length) });
        res.end(req.method === 'HEAD' ? undefined : file.body);
        return;
      }
      const html = pages[url];
      res.writeHead(html ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' });
      res.end(html ?? 'not found');
    });
    dir = await mkdtemp(path.join(tmpdir(), 'xxgk-personal-'));
    const items = [
      ['1', '奖学金获得者名单', '/ids.htm'],
      ['2', '拟录取研究生名单', '/xlsx.htm'],
      ['3', '拟录取研究生名单转载', '/xlsx-again.htm'],
      ['4', '特殊类型招生测试结果', '/pdf.htm'],
      ['5', '研究生复试成绩', '/masked.htm'],
      ['6', '招生咨询及申诉渠道', '/contact.htm'],
      ['7', '学生奖励处罚办法', '/scan.htm'],
      ['8', '学生名单', '/files/direct.csv'],
    ];
    await writeFile(
      path.join(dir, 'c.yaml'),
      `schema: 1\ninstitution: 示例大学\nperiod: { from: 2024-09-01, to: 2025-08-31 }\ncategories:\n  - name: 招生考试信息\n    items:\n${items
        .map(([no, title, p]) => `      - { no: ${no}, title: ${title}, url: "${server.url(p)}", freshness: none }`)
        .join('\n')}\n`,
    );
    const outputs = ['r.json', 'r.csv', 'r.xlsx', 'r.html', 'r.md', 'r.xml'];
    out = await cli(['run', 'c.yaml', '--retries', '0', '--quiet', ...outputs.flatMap((o) => ['-o', o])], { LANG: 'C' }, dir);
  }, 180_000);

  afterAll(async () => {
    await server?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const report = async (): Promise<Report> => JSON.parse(await readFile(path.join(dir, 'r.json'), 'utf8')) as Report;
  const item = async (no: number) => (await report()).results[0]!.items.find((i) => i.no === no)!;
  const codes = async (no: number) => (await item(no)).findings.map((f) => f.code);

  it('fails a page that lists ID numbers, with the count and masked samples', async () => {
    expect(out.stderr).not.toMatch(/internal error/i);
    const found = (await item(1)).findings.find((f) => f.code === 'PERSONAL_DATA')!;
    expect((await item(1)).status).toBe('fail');
    expect(found.params).toEqual({ count: 10, samples: ids.slice(0, 3).map(maskNumber).join(', ') });
    expect(found.message).toBe(`the page shows 10 full resident ID numbers (e.g. ${ids.slice(0, 3).map(maskNumber).join(', ')}): remove or mask them and publish it again`);
  });

  it('fails an XLSX attachment with ID and mobile numbers, naming the file, the sheet and the cells', async () => {
    const findings = (await item(2)).findings;
    expect((await item(2)).status).toBe('fail');
    expect(findings.find((f) => f.code === 'PERSONAL_DATA')).toMatchObject({
      url: server.url('/files/拟录取名单.xlsx'),
      params: { count: 10, file: '拟录取名单.xlsx', cells: '名单!C2:C11' },
    });
    expect(findings.find((f) => f.code === 'PERSONAL_DATA_PHONE')).toMatchObject({ severity: 'warn', params: { count: 10, cells: '名单!D2:D11' } });
  });

  it('downloads and reads a file once however many items link it, and names it as each page does', async () => {
    expect(gets.get('/files/拟录取名单.xlsx')).toBe(1);
    expect((await item(3)).findings.find((f) => f.code === 'PERSONAL_DATA')!.params).toMatchObject({ count: 10, file: '2025年拟录取名单.xlsx' });
  });

  it('fails a PDF attachment, naming the page; a server that refuses HEAD still sends the file once', async () => {
    const findings = (await item(4)).findings;
    expect(findings.find((f) => f.code === 'PERSONAL_DATA')!.params).toMatchObject({ count: 10, file: '测试结果.pdf', pages: '2' });
    expect(findings.find((f) => f.code === 'PERSONAL_DATA_PHONE')!.params).toMatchObject({ count: 10, pages: '2' });
    expect(gets.get('/files/测试结果.pdf')).toBe(1);
  });

  it('passes masked lists, an office mobile, landlines, document numbers, a wrong check digit and order numbers', async () => {
    expect(await codes(5)).toEqual([]);
    expect(await codes(6)).toEqual([]);
    expect((await item(5)).status).toBe('pass');
    expect((await item(6)).status).toBe('pass');
  });

  it('says a scanned PDF and an old .doc were not scanned, without failing the item', async () => {
    const findings = (await item(7)).findings;
    expect((await item(7)).status).toBe('pass');
    expect(findings.map((f) => [f.code, f.severity, f.params.reason, f.params.file])).toEqual([
      ['PERSONAL_DATA_NOT_SCANNED', 'info', 'no-text', '处罚决定.pdf'],
      ['PERSONAL_DATA_NOT_SCANNED', 'info', 'old-office', '奖励名单.doc'],
    ]);
    expect(gets.get('/files/old.doc') ?? 0).toBe(0); // known unreadable by its name: not downloaded
  });

  it('reads a document served as the item page (a CSV of mobile numbers)', async () => {
    expect((await item(8)).findings.find((f) => f.code === 'PERSONAL_DATA_PHONE')!.params).toMatchObject({ count: 8, file: 'direct.csv', cells: 'B2:B9' });
  });

  it('no output carries a full number: terminal, stderr, JSON, CSV, XLSX (its XML unzipped), HTML, Markdown, JUnit', async () => {
    const texts: [string, string][] = [['terminal', out.stdout], ['stderr', out.stderr]];
    for (const file of ['r.json', 'r.csv', 'r.html', 'r.md', 'r.xml']) texts.push([file, await readFile(path.join(dir, file), 'utf8')]);
    for (const [name, xml] of zipEntries(await readFile(path.join(dir, 'r.xlsx')))) texts.push([`r.xlsx:${name}`, xml.toString('utf8')]);
    expect(texts.length).toBeGreaterThan(10);
    expect(texts.find(([name]) => name === 'r.json')![1]).toContain('PERSONAL_DATA');
    for (const [name, text] of texts) {
      for (const number of PLANTED) expect(text.includes(number), `${name} contains a planted number`).toBe(false);
    }
  });

  it('--no-personal-data turns the scan off; --mobile-threshold raises the bar for mobile numbers', async () => {
    const off = await cli(['run', 'c.yaml', '--retries', '0', '--quiet', '--no-personal-data', '--format', 'json'], { LANG: 'C' }, dir);
    const offReport = JSON.parse(off.stdout) as Report & { options: { personalData: boolean } };
    expect(offReport.options.personalData).toBe(false);
    expect(offReport.results[0]!.items.flatMap((i) => i.findings.map((f) => f.code)).filter((c) => c.startsWith('PERSONAL'))).toEqual([]);
    const high = await cli(['run', 'c.yaml', '--retries', '0', '--quiet', '--mobile-threshold', '11', '--format', 'json'], { LANG: 'C' }, dir);
    const highCodes = (JSON.parse(high.stdout) as Report).results[0]!.items.flatMap((i) => i.findings.map((f) => f.code));
    expect(highCodes).toContain('PERSONAL_DATA');
    expect(highCodes).not.toContain('PERSONAL_DATA_PHONE');
  });

  it('reads attachments in worker threads from the built dist/ too (the installed command)', async () => {
    // The tests run the TypeScript sources, whose workers load through tsx; the published package runs dist/worker.js.
    const { stdout } = await promisify(execFile)(process.execPath, [path.join(repoRoot, 'bin/xxgk-check.js'), 'run', 'c.yaml', '--retries', '0', '--quiet', '--format', 'json'], {
      cwd: dir,
      env: { ...process.env, LANG: 'C' },
      maxBuffer: 64 * 1024 * 1024,
    }).catch((err: { stdout: string }) => err); // exit 1: the site has gaps
    const built = JSON.parse(stdout) as Report;
    const second = built.results[0]!.items.find((i) => i.no === 2)!;
    expect(second.findings.find((f) => f.code === 'PERSONAL_DATA')!.params).toMatchObject({ count: 10, cells: '名单!C2:C11' });
    expect(built.results[0]!.items.find((i) => i.no === 4)!.findings.map((f) => f.code)).toContain('PERSONAL_DATA');
  });
});
