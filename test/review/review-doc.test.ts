// docs/review.md and the requirement codes of `review` must list the same codes, and every code's messages exist in
// both languages.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { REQUIREMENT_CODES } from '../../src/review/index.js';

const doc = readFileSync(new URL('../../docs/review.md', import.meta.url), 'utf8');
const documented = [...doc.matchAll(/^\| `([A-Z_]+)` \|/gm)].map((m) => m[1]!);

describe('docs/review.md', () => {
  it('documents every requirement code, in the order a review lists them, and no other', () => {
    expect(documented).toEqual([...REQUIREMENT_CODES]);
  });
  it('names every code the JSON Schema allows', () => {
    const schema = readFileSync(new URL('../../docs/json-report.schema.json', import.meta.url), 'utf8');
    for (const code of REQUIREMENT_CODES) expect(schema).toContain(`"${code}"`);
  });
});
