import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { renderJson, type JsonReport } from '../../src/report/json.js';
import { buildRun } from './fixtures.js';

const schema = JSON.parse(readFileSync(new URL('../../docs/json-report.schema.json', import.meta.url), 'utf8')) as object;
const ajv = new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true });
ajv.addFormat('date-time', (value: string) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(value));
const validate = ajv.compile(schema);

describe('JSON report', () => {
  it.each([
    ['one institution, zh', 1, true, 'zh'],
    ['two institutions, interrupted, en', 2, false, 'en'],
  ] as const)('validates against docs/json-report.schema.json (%s)', (_name, institutions, complete, lang) => {
    const report = JSON.parse(renderJson(buildRun({ institutions, complete }), { lang, color: false, columns: 80 })) as JsonReport;
    const ok = validate(report);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    expect(report.complete).toBe(complete);
    expect(report.results).toHaveLength(institutions);
  });

  it('rejects a report that breaks the schema (the schema is not vacuous)', () => {
    const report = JSON.parse(renderJson(buildRun(), { lang: 'zh', color: false, columns: 80 })) as Record<string, unknown>;
    expect(validate({ ...report, schemaVersion: 2 })).toBe(false);
    const items = (report.results as { items: Record<string, unknown>[] }[])[0]!.items;
    items[0]!.status = 'ok';
    expect(validate(report)).toBe(false);
  });

  it('carries the run facts and each item with its first URL, final status, redirects, attachments and findings', () => {
    const report = JSON.parse(renderJson(buildRun(), { lang: 'zh', color: false, columns: 80 })) as JsonReport;
    expect(report.schemaVersion).toBe(1);
    expect(report.tool).toEqual({ name: 'xxgk-check', version: '0.1.0' });
    expect(report.options.concurrency).toBe(16);
    expect(report.summary.total).toBe(50);
    const [result] = report.results;
    expect(result!.checklist.period).toEqual({ from: '2023-09-01', to: '2024-08-31' });
    const items = new Map(result!.items.map((i) => [i.no, i]));
    expect(items.get(8)).toMatchObject({ status: 'fail', http: 404, url: 'https://xxgk.example.edu.cn/kjfw/item8.htm' });
    expect(items.get(8)!.findings[0]).toEqual({
      code: 'HTTP_ERROR',
      severity: 'fail',
      message: '服务器返回 HTTP 404',
      params: { status: 404 },
      url: null,
    });
    expect(items.get(33)).toMatchObject({ status: 'missing', url: null, urls: [], http: null });
    expect(items.get(46)!.http).toBeNull();
    expect(items.get(11)!.redirects).toHaveLength(2);
    expect(items.get(11)!.finalUrl).toBe('https://yz.example.edu.cn/info/1012/zsjz.htm');
    expect(items.get(21)!.attachments.map((a) => a.ok)).toEqual([true, false]);
    expect(items.get(37)!.urls).toHaveLength(2);
  });

  it('writes finding messages in the run language', () => {
    const report = JSON.parse(renderJson(buildRun(), { lang: 'en', color: false, columns: 80 })) as JsonReport;
    const item = report.results[0]!.items.find((i) => i.no === 8)!;
    expect(item.findings[0]!.message).toBe('the server answered HTTP 404');
    expect(report.lang).toBe('en');
  });
});
