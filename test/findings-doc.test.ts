// docs/findings.md and the catalogue in src/findings.ts must list the same codes with the same severities.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FINDINGS, finding, findingMessage } from '../src/findings.js';
import type { FindingCode } from '../src/types.js';

const doc = readFileSync(new URL('../docs/findings.md', import.meta.url), 'utf8');
const rows = new Map<string, string>();
for (const match of doc.matchAll(/^\| `([A-Z_0-9]+)` \| (fail|warn|info) \|/gm)) rows.set(match[1]!, match[2]!);

describe('docs/findings.md', () => {
  it('documents every code of the catalogue with its severity', () => {
    for (const [code, spec] of Object.entries(FINDINGS)) {
      expect(rows.get(code), `docs/findings.md row for ${code}`).toBe(spec.severity);
    }
  });
  it('documents no code the catalogue does not have', () => {
    expect([...rows.keys()].filter((code) => !(code in FINDINGS))).toEqual([]);
  });
  it('has a message in both languages for every code', () => {
    for (const code of Object.keys(FINDINGS) as FindingCode[]) {
      const f = finding(code, { status: 404, host: 'h', reason: 'expired', seconds: 15 });
      expect(findingMessage(f, 'zh')).toMatch(/[\u4e00-\u9fff]/);
      expect(findingMessage(f, 'en')).toMatch(/[a-z]/);
    }
  });
});

describe('finding()', () => {
  it('takes each code with the params its messages read (a wrong or missing param does not compile)', () => {
    expect(finding('HTTP_ERROR', { status: 404 }).params).toEqual({ status: 404 });
    expect(finding('NO_LINK')).toEqual({ code: 'NO_LINK', severity: 'fail', params: {} });
    expect(finding('STALE', { from: '2024-09-01' }, 'https://x.example.edu.cn/').url).toBe('https://x.example.edu.cn/');
    // `npm run typecheck` fails if any of these compiles.
    // @ts-expect-error: HTTP_ERROR needs its status
    expect(finding('HTTP_ERROR').params).toEqual({});
    // @ts-expect-error: the status is a number
    expect(finding('HTTP_ERROR', { status: '404' }).params).toEqual({ status: '404' });
    // @ts-expect-error: HTTP_ERROR has no host param
    expect(finding('HTTP_ERROR', { status: 404, host: 'h' }).code).toBe('HTTP_ERROR');
    // @ts-expect-error: NO_LINK has no params
    expect(finding('NO_LINK', { status: 404 }).code).toBe('NO_LINK');
    // @ts-expect-error: an EMPTY_PAGE placeholder shows its phrase
    expect(finding('EMPTY_PAGE', { reason: 'placeholder' }).code).toBe('EMPTY_PAGE');
  });
});
