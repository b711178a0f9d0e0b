// What nothing else enforces: a check written but not listed in src/inspect/checks/index.ts, or a finding code in
// the catalogue that no stage makes (or that docs/findings.md does not document) fails here.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FINDINGS } from '../src/findings.js';
import { CHECKS } from '../src/inspect/checks/index.js';

const SRC = new URL('../src/', import.meta.url);
const CHECKS_DIR = new URL('inspect/checks/', SRC);

/** Every .ts file under src/: its path relative to src/ → its text. */
function sources(): Map<string, string> {
  const root = fileURLToPath(SRC);
  const files = new Map<string, string>();
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts')) continue;
    const path = join(entry.parentPath, entry.name);
    files.set(relative(root, path).split(sep).join('/'), readFileSync(path, 'utf8'));
  }
  return files;
}

const checkModules = readdirSync(CHECKS_DIR).filter((name) => name.endsWith('.ts') && name !== 'index.ts');

describe('the check registry (src/inspect/checks/index.ts)', () => {
  it('lists a check from every module of src/inspect/checks', async () => {
    expect(checkModules.length).toBeGreaterThan(5);
    const registered = new Set<unknown>(CHECKS.map((check) => check.run));
    const unregistered: string[] = [];
    for (const name of checkModules) {
      const module = (await import(new URL(name, CHECKS_DIR).href)) as Record<string, unknown>;
      if (!Object.values(module).some((value) => registered.has(value))) unregistered.push(name);
    }
    expect(unregistered, 'modules of src/inspect/checks with no check in CHECKS').toEqual([]);
  });

  it('exports from check modules only listed checks, and the helpers named here', async () => {
    // Helpers a check module exports for other code or for unit tests. A new export that is neither a listed check
    // nor named here is most likely a check someone forgot to list in CHECKS.
    const helpers = new Set(['redirects.ts: isHomeUrl', 'stale.ts: showsReportYear']);
    const registered = new Set<unknown>(CHECKS.map((check) => check.run));
    const stray: string[] = [];
    for (const name of checkModules) {
      const module = (await import(new URL(name, CHECKS_DIR).href)) as Record<string, unknown>;
      for (const [exported, value] of Object.entries(module)) {
        if (typeof value === 'function' && !registered.has(value) && !helpers.has(`${name}: ${exported}`)) stray.push(`${name}: ${exported}`);
      }
    }
    expect(stray, 'exported functions of check modules that CHECKS does not list').toEqual([]);
  });

  it('names each check once', () => {
    const names = CHECKS.map((check) => check.name);
    expect(new Set(names).size).toBe(names.length);
  });
});

describe('finding codes', () => {
  const doc = readFileSync(new URL('../docs/findings.md', import.meta.url), 'utf8');

  it('are each made somewhere in src/ (by finding() or as a fetch failure), outside the catalogue and the demo site', () => {
    const files = [...sources()].filter(([path]) => path !== 'findings.ts' && path !== 'types.ts' && !path.startsWith('fixture-site/'));
    const unmade = Object.keys(FINDINGS).filter(
      (code) => !files.some(([, text]) => text.includes(`finding('${code}'`) || text.includes(`code: '${code}'`)),
    );
    expect(unmade, 'finding codes that no stage or check makes').toEqual([]);
  });

  it('are each documented in docs/findings.md', () => {
    expect(Object.keys(FINDINGS).filter((code) => !doc.includes(`| \`${code}\` |`))).toEqual([]);
  });
});
