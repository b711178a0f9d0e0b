// Issue 15, points 6, 7 and 8: report folders are made (or refused before any request), a bad checklist among
// several is named and the others are checked (exit 2), and a checklist or report given twice counts once.
import type http from 'node:http';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.js';
import { startHttpServer, type TestServer } from './helpers/servers.js';
import { tempDir, type TempDir } from './monitoring/helpers.js';

const PAGE = '<!DOCTYPE html><html><head><title>学校章程</title></head><body><h1>学校章程</h1><p>' + '本校章程全文，经教育部核准后发布施行。'.repeat(10) + '</p></body></html>';

function checklist(institution: string, origin: string): string {
  return [
    'schema: 1',
    `institution: ${institution}`,
    `site: ${origin}/`,
    'categories:',
    '  - name: 基本信息',
    '    items:',
    '      - no: 1',
    '        title: 学校章程',
    `        url: ${origin}/${encodeURIComponent(institution)}.htm`,
    '        freshness: none',
    '',
  ].join('\n');
}

const QUICK = ['--quiet', '--no-color', '--retries', '0', '--timeout', '5000', '--slow', '60000', '--lang', 'en'];

describe('the inputs and outputs of run and merge', () => {
  let server: TestServer;
  let tmp: TempDir;
  let requests = 0;
  beforeAll(async () => {
    server = await startHttpServer((_req: http.IncomingMessage, res: http.ServerResponse) => {
      requests += 1;
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE);
    });
    tmp = await tempDir();
    await mkdir(tmp.file('lists'));
    await tmp.write('lists/a.yaml', checklist('甲大学', server.origin));
    await tmp.write('lists/b.yaml', checklist('乙大学', server.origin));
    await tmp.write('broken.yaml', 'schema: 1\ninstitution: [unclosed\n');
    // Bytes no encoding reads (a NUL and a lone 0xFF): GBK files are read now (as GB18030), these are not.
    await writeFile(tmp.file('unreadable.yaml'), Buffer.from([0x73, 0x63, 0x68, 0x00, 0xff, 0x0a]));
  });
  afterAll(async () => {
    await server.close();
    await tmp.remove();
  });
  beforeEach(() => {
    requests = 0;
  });

  it('point 6: makes the folders of -o as needed', async () => {
    const out = await cli(['run', 'lists/a.yaml', ...QUICK, '-o', 'out/deeper/report.html', '-o', 'out/report.csv'], { LANG: 'C' }, tmp.dir);
    expect(out.stderr).not.toContain('ENOENT');
    expect(out.code).toBe(0);
    expect(await readFile(tmp.file('out/deeper/report.html'), 'utf8')).toContain('甲大学');
    expect(await readFile(tmp.file('out/report.csv'), 'utf8')).toContain('学校章程');
  });

  it('point 6: refuses, before any request, a folder that cannot be made', async () => {
    const out = await cli(['run', 'lists/a.yaml', ...QUICK, '-o', 'lists/a.yaml/report.html'], { LANG: 'C' }, tmp.dir);
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/cannot write lists\/a\.yaml\/report\.html: .*a\.yaml is a file, not a folder/);
    expect(requests).toBe(0);
  });

  it('point 7: an unreadable and a broken checklist are named; the good ones are checked; exit 2', async () => {
    const out = await cli(['run', 'unreadable.yaml', 'lists', 'broken.yaml', ...QUICK, '-o', 'all.json'], { LANG: 'C' }, tmp.dir);
    expect(out.code).toBe(2);
    expect(out.stderr).toContain('unreadable.yaml');
    expect(out.stderr).toContain('broken.yaml');
    expect(out.stderr).toMatch(/2 checklists have errors and were not checked: unreadable\.yaml, broken\.yaml\n$/);
    const report = JSON.parse(await readFile(tmp.file('all.json'), 'utf8')) as { results: { checklist: { institution: string } }[] };
    expect(report.results.map((r) => r.checklist.institution)).toEqual(['甲大学', '乙大学']);
    expect(requests).toBe(2);
  });

  it('point 7: in Chinese too, and exit 2 when no checklist is usable', async () => {
    const out = await cli(['run', 'unreadable.yaml', 'lists/a.yaml', '--quiet', '--no-color'], { LANG: 'zh_CN.UTF-8' }, tmp.dir);
    expect(out.code).toBe(2);
    expect(out.stderr).toContain('1 个清单有错误，未检查：unreadable.yaml');
    // Point 3: the loader's problems in the user's language under run too.
    expect(out.stderr).toContain('unreadable.yaml: error: 无法识别文件编码');
    const missing = await cli(['run', 'nothing-here.yaml', 'lists/a.yaml', '--quiet', '--lang', 'zh'], { LANG: 'C' }, tmp.dir);
    expect(missing.stderr).toContain('nothing-here.yaml: error: 文件不存在');
    const none = await cli(['run', 'broken.yaml', ...QUICK], { LANG: 'C' }, tmp.dir);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('broken.yaml:');
  });

  it('point 8: a checklist given twice, or with its folder, is checked and counted once', async () => {
    const out = await cli(['run', 'lists/a.yaml', './lists/a.yaml', 'lists', ...QUICK, '-o', 'twice.json'], { LANG: 'C' }, tmp.dir);
    expect(out.code).toBe(0);
    expect(out.stderr).toContain('warning: ./lists/a.yaml is given more than once; it is checked once');
    expect(out.stderr).toContain('warning: lists/a.yaml is given more than once; it is checked once');
    const report = JSON.parse(await readFile(tmp.file('twice.json'), 'utf8')) as { summary: { total: number }; results: unknown[] };
    expect(report.results).toHaveLength(2);
    expect(report.summary.total).toBe(2);

    const merged = await cli(['merge', 'twice.json', 'twice.json', '--format', 'json', '--lang', 'en'], { LANG: 'C' }, tmp.dir);
    expect(merged.stderr).toContain('warning: twice.json is given more than once; it is merged once');
    expect((JSON.parse(merged.stdout) as { summary: { total: number } }).summary.total).toBe(2);
  });
});
