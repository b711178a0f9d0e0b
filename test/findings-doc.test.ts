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
