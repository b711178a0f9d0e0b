// Start-up loads only what the command needs (issue 13): `--version`, `--help`, `validate` and `list` load none of
// the document parsers, cheerio, the fetcher or the checks; `run` on plain HTML pages loads the fetcher and the
// checks but no document parser; `import` of an HTML report loads cheerio when it reads one. The real CLI runs as a
// child process with a module hook that records every module it resolves (Node >= 22.15 has module.registerHooks).
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import * as nodeModule from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from './helpers/cli.js';
import { startHttpServer, type TestServer } from './helpers/servers.js';

/** Records the URL of every module resolved (import and require) into the file $XXGK_MODULES_FILE at exit. */
const RECORD_HOOK = `
import { registerHooks } from 'node:module';
import { writeFileSync } from 'node:fs';
const seen = new Set();
registerHooks({ resolve(specifier, context, next) { const found = next(specifier, context); seen.add(found.url); return found; } });
process.on('exit', () => writeFileSync(process.env.XXGK_MODULES_FILE, [...seen].join('\\n')));
`;

/** The heavy packages no command needs to start: parsers of documents and HTML reports, the fetcher, the checks. */
const PARSERS = ['exceljs', 'jszip', 'unzipper', 'archiver', 'mammoth', 'pdfjs-dist', 'cheerio', 'parse5'];
const RUN_ONLY = ['undici', 'htmlparser2', 'tldts'];

const canRecord = 'registerHooks' in nodeModule;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'xxgk-startup-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Run the built CLI with `args`; the npm packages it loaded (names under node_modules/). */
async function packagesLoaded(args: string[]): Promise<{ packages: Set<string>; code: number }> {
  const file = path.join(dir, `modules-${Math.random().toString(36).slice(2)}.txt`);
  const hook = `data:text/javascript,${encodeURIComponent(RECORD_HOOK)}`;
  const run = promisify(execFile)(process.execPath, ['--import', hook, 'bin/xxgk-check.js', ...args], {
    cwd: repoRoot,
    env: { ...process.env, LANG: 'C', XXGK_MODULES_FILE: file, NO_COLOR: '1' },
  });
  const code = await run.then(
    () => 0,
    (err: { code?: number }) => err.code ?? -1,
  );
  const urls = (await readFile(file, 'utf8')).split('\n');
  const packages = new Set<string>();
  for (const url of urls) {
    const name = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)?.[1];
    if (name) packages.add(name);
  }
  return { packages, code };
}

describe.skipIf(!canRecord)('start-up loads modules when first needed', () => {
  it('--version, --help, validate and list load no parser, no fetcher, no checks', async () => {
    for (const args of [['--version'], ['--help'], ['validate', 'checklists/wust-2023-2024.yaml'], ['list', 'checklists/wust-2023-2024.yaml']]) {
      const { packages, code } = await packagesLoaded(args);
      expect(code, args.join(' ')).toBe(0);
      expect(packages.has('commander'), args.join(' ')).toBe(true); // the recorder works
      for (const heavy of [...PARSERS, ...RUN_ONLY]) expect(packages.has(heavy), `${args.join(' ')} loaded ${heavy}`).toBe(false);
    }
  });

  it('import of an HTML report loads cheerio (the lazy parser loads when asked)', async () => {
    const { packages, code } = await packagesLoaded(['import', 'test/fixtures/reports/report.html', '-o', path.join(dir, 'imported.yaml')]);
    expect(code).toBe(0);
    expect(packages.has('cheerio')).toBe(true);
    // (cheerio itself brings undici and htmlparser2.)
    for (const heavy of ['exceljs', 'mammoth', 'pdfjs-dist', 'tldts']) expect(packages.has(heavy), heavy).toBe(false);
  });

  describe('run on plain HTML pages', () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startHttpServer((_req, res) => {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end('<!doctype html><html><head><title>学校章程</title></head><body><h1>学校章程</h1><p>更新时间：2024-06-01</p></body></html>');
      });
    });
    afterAll(() => server.close());

    it('loads the fetcher and the checks, and no document or report parser', async () => {
      const checklist = path.join(dir, 'plain.yaml');
      await writeFile(
        checklist,
        ['schema: 1', 'institution: 示例大学', 'categories:', '  - name: 基本信息', '    items:', '      - no: 1', '        title: 学校章程', `        url: ${server.url('/zc.htm')}`, ''].join('\n'),
      );
      const { packages } = await packagesLoaded(['run', checklist, '--quiet', '--fail-on', 'never', '--control-url', server.url('/')]);
      for (const needed of RUN_ONLY) expect(packages.has(needed), needed).toBe(true);
      for (const heavy of PARSERS) expect(packages.has(heavy), `run loaded ${heavy}`).toBe(false);
    });
  });
});
