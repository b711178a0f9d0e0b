// The option table (src/options.ts): every run option is a flag of `run`, `demo` and `watch`, parses its value, reaches the
// fetch stage, is recorded in the JSON report and read back — and a report from before an option existed is still
// a readable baseline.
import { readFile, writeFile } from 'node:fs/promises';
import type http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Option } from 'commander';
import { cli } from './helpers/cli.js';
import { startHttpServer, type TestServer } from './helpers/servers.js';
import { tempDir, type TempDir } from './monitoring/helpers.js';
import { DEFAULT_RUN_OPTIONS, RUN_OPTION_TABLE } from '../src/options.js';
import { DEFAULT_FETCH_OPTIONS } from '../src/fetch/index.js';
import { parseJsonReport } from '../src/report/read.js';
import { renderJson } from '../src/report/json.js';
import type { RunResult } from '../src/types.js';

/** The long flags of a command's help, in the order listed. */
function helpFlags(help: string): string[] {
  return [...help.matchAll(/^ {2}(?:-\w, )?(--[\w-]+)/gm)].map((m) => m[1]!);
}

describe('the option table', () => {
  it('gives `run`, `demo` and `watch` one flag per option, in the table order, with --max-redirects', async () => {
    const flags = RUN_OPTION_TABLE.map((entry) => new Option(entry.flag).long!);
    expect(flags).toContain('--max-redirects');
    for (const command of ['run', 'demo', 'watch']) {
      const help = await cli([command, '--help']);
      expect(help.code).toBe(0);
      const listed = helpFlags(help.stdout);
      expect(listed.filter((flag) => flags.includes(flag))).toEqual(flags);
    }
  });

  it('rejects a value the flag does not accept, with exit 2 and the flag named', async () => {
    const bad = await cli(['run', 'test/fixtures/checklists/good.yaml', '--max-redirects', '-1']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--max-redirects must be an integer >= 0');
  });

  it('is documented: every key in docs/json-report.md and in the JSON Schema, and nothing more', async () => {
    const keys = RUN_OPTION_TABLE.map((entry) => entry.key).sort();
    const schema = JSON.parse(await readFile(new URL('../docs/json-report.schema.json', import.meta.url), 'utf8')) as {
      $defs: { options: { required: string[]; properties: Record<string, unknown> } };
    };
    expect([...schema.$defs.options.required].sort()).toEqual(keys);
    expect(Object.keys(schema.$defs.options.properties).sort()).toEqual(keys);
    const doc = await readFile(new URL('../docs/json-report.md', import.meta.url), 'utf8');
    const section = doc.slice(doc.indexOf('### `options`'), doc.indexOf('### counts'));
    expect([...section.matchAll(/^\| `(\w+)` \|/gm)].map((m) => m[1]).sort()).toEqual(keys);
  });

  it('derives the fetch defaults and the run defaults from one place', () => {
    expect(DEFAULT_FETCH_OPTIONS.maxRedirects).toBe(10);
    for (const entry of RUN_OPTION_TABLE) {
      expect(DEFAULT_RUN_OPTIONS[entry.key]).toBe(entry.default);
      if (entry.fetch) expect(DEFAULT_FETCH_OPTIONS[entry.key as keyof typeof DEFAULT_FETCH_OPTIONS]).toBe(entry.default);
    }
  });
});

describe('--max-redirects', () => {
  let server: TestServer;
  let tmp: TempDir;

  beforeAll(async () => {
    // /r3 → /r2 → /r1 → /page: three hops.
    const handler: http.RequestListener = (req, res) => {
      const hops = /^\/r(\d+)$/.exec(req.url ?? '');
      if (hops) {
        const left = Number(hops[1]) - 1;
        res.writeHead(302, { location: left > 0 ? `/r${left}` : '/page' }).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<html><head><title>学校章程</title></head><body><h1>学校章程</h1><p>${'学校章程全文，经教育部核准发布。'.repeat(20)}</p></body></html>`);
    };
    server = await startHttpServer(handler);
    tmp = await tempDir();
    await writeFile(
      tmp.file('checklist.yaml'),
      ['schema: 1', 'institution: 示例大学', `site: ${server.origin}/`, 'categories:', '  - name: 基本信息', '    items:', '      - no: 1', '        title: 学校章程', '        url: r3', ''].join('\n'),
    );
  });
  afterAll(async () => {
    await server.close();
    await tmp.remove();
  });

  async function runWith(args: string[]): Promise<{ code: number; report: { options: { maxRedirects: number }; results: { items: { findings: { code: string }[] }[] }[] } }> {
    const out = tmp.file(`r${args.join('')}.json`);
    const result = await cli(['run', tmp.file('checklist.yaml'), '--quiet', '--retries', '0', '-o', out, ...args]);
    return { code: result.code, report: JSON.parse(await readFile(out, 'utf8')) };
  }

  it('follows three hops by default and stops after the number given', async () => {
    const followed = await runWith([]);
    expect(followed.report.options.maxRedirects).toBe(10);
    expect(followed.report.results[0]!.items[0]!.findings.map((f) => f.code)).not.toContain('TOO_MANY_REDIRECTS');

    const stopped = await runWith(['--max-redirects', '2']);
    expect(stopped.code).toBe(1);
    expect(stopped.report.options.maxRedirects).toBe(2);
    expect(stopped.report.results[0]!.items[0]!.findings.map((f) => f.code)).toContain('TOO_MANY_REDIRECTS');
  });
});

describe('reading the options of a JSON report', () => {
  const run: RunResult = {
    tool: { name: 'xxgk-check', version: '0' },
    startedAt: '2024-01-01T00:00:00.000Z',
    finishedAt: '2024-01-01T00:01:00.000Z',
    complete: true,
    options: { ...DEFAULT_RUN_OPTIONS, maxRedirects: 3, concurrency: 2 },
    results: [],
    summary: { pass: 0, warn: 0, fail: 0, missing: 0, unverified: 0, unchecked: 0, total: 0, complianceRate: 0 },
  };
  const text = renderJson(run, { lang: 'en', color: false, columns: 80 });

  it('fills an option an older report lacks from its default', () => {
    const document = JSON.parse(text) as { options: Record<string, unknown> };
    delete document.options.maxRedirects;
    const back = parseJsonReport(JSON.stringify(document), 'old.json');
    expect(back.options.maxRedirects).toBe(DEFAULT_RUN_OPTIONS.maxRedirects);
    expect(back.options.concurrency).toBe(2);
  });

  it('still names an option of the wrong kind', () => {
    const document = JSON.parse(text) as { options: Record<string, unknown> };
    document.options.maxRedirects = 'ten';
    expect(() => parseJsonReport(JSON.stringify(document), 'bad.json')).toThrow('bad.json is not a valid xxgk-check JSON report: options.maxRedirects must be a number');
  });
});
