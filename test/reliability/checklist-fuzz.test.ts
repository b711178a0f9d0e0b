// Bad checklists, property-based (fast-check): random and mutated YAML — mutations of the SHIPPED checklists
// (deleted/duplicated/swapped lines, random bytes, truncation, indentation changes, stray YAML syntax) — fed to
// parseChecklist and loadChecklist. They never throw, every problem names the file and a line inside it (line 0
// only for whole-file refusals), and no case hangs: each runs in a worker thread with a time limit.
//
// Huge files, alias bombs and non-UTF-8 files are refused with a clear message: test/checklist-load.test.ts,
// 'loadChecklist: files it refuses' ('a non-UTF-8 (GBK) file', 'an alias bomb', 'a file over 5 MiB, before parsing
// it'); a mapping-shaped billion-laughs variant is added below.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Worker } from 'node:worker_threads';
import { readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { hasErrors, loadChecklist, parseChecklist } from '../../src/checklist/index.js';
import type { ChecklistProblem } from '../../src/types.js';
import { repoRoot } from '../helpers/cli.js';

const SHIPPED = ['demo-university.yaml', 'moe-2014.yaml', 'wust-2023-2024.yaml'].map((name) => ({
  name,
  text: readFileSync(path.join(repoRoot, 'checklists', name), 'utf8'),
}));
/** A case that takes longer than this is a hang (a real parse of a shipped checklist takes milliseconds). */
const CASE_LIMIT_MS = 5000;
const CASES_PER_FILE = 150;

/** Whole-file refusals: the only problems allowed to have no line. */
const WHOLE_FILE = /alias bomb|file is empty|cannot read the checklist|larger than 5 MiB|not UTF-8|no such file|is a directory/;

type Mutation = (lines: string[]) => string[];
const at = (lines: string[], i: number): number => (lines.length === 0 ? 0 : i % lines.length);
const YAML_SYNTAX = [':', '- ', '&a ', '*a', '!!binary ', '[', ']', '{', '}', '|', '>', '"', "'", '#', '%YAML 1.2', '@', '`', '? ', '---', '...', '\t', '\u0000', '\ufeff', '\r'];

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.nat().map((i): Mutation => (lines) => lines.filter((_, j) => j !== at(lines, i))), // delete a line
  fc.nat().map((i): Mutation => (lines) => lines.flatMap((l, j) => (j === at(lines, i) ? [l, l] : [l]))), // duplicate
  fc.tuple(fc.nat(), fc.nat()).map(([i, k]): Mutation => (lines) => {
    if (lines.length === 0) return lines; // after "delete a line" emptied it: nothing to swap
    const copy = [...lines];
    const a = at(copy, i);
    const b = at(copy, k);
    [copy[a], copy[b]] = [copy[b]!, copy[a]!];
    return copy;
  }), // swap two lines
  fc.tuple(fc.nat(), fc.integer({ min: -6, max: 6 })).map(([i, shift]): Mutation => (lines) =>
    lines.map((l, j) => (j !== at(lines, i) ? l : shift >= 0 ? ' '.repeat(shift) + l : l.replace(new RegExp(`^ {0,${-shift}}`), ''))),
  ), // indentation change
  fc.nat().map((i): Mutation => (lines) => lines.map((l, j) => (j === at(lines, i) ? l.replace(/^ +/, (s) => '\t'.repeat(Math.ceil(s.length / 2))) : l))), // tabs
  fc.tuple(fc.nat(), fc.nat(), fc.constantFrom(...YAML_SYNTAX)).map(([i, col, token]): Mutation => (lines) =>
    lines.map((l, j) => (j === at(lines, i) ? l.slice(0, col % (l.length + 1)) + token + l.slice(col % (l.length + 1)) : l)),
  ), // stray YAML syntax
  fc.tuple(fc.nat(), fc.nat(), fc.string({ unit: 'binary', maxLength: 12 })).map(([i, col, junk]): Mutation => (lines) =>
    lines.map((l, j) => (j === at(lines, i) ? l.slice(0, col % (l.length + 1)) + junk + l.slice(col % (l.length + 1)) : l)),
  ), // random characters, any plane
  fc.nat().map((n): Mutation => (lines) => {
    const text = lines.join('\n');
    return text.slice(0, n % (text.length + 1)).split('\n');
  }), // truncation (possibly mid-line)
);

/** A mutated shipped checklist: one to five mutations. */
function mutatedChecklist(text: string): fc.Arbitrary<string> {
  return fc.array(mutation, { minLength: 1, maxLength: 5 }).map((mutations) => mutations.reduce((lines, m) => m(lines), text.split('\n')).join('\n'));
}

/** Random text that looks a little like YAML. */
const yamlish: fc.Arbitrary<string> = fc
  .array(fc.oneof(fc.constantFrom(...YAML_SYNTAX, 'schema: 1', 'institution: 大学', 'categories:', '  - name: 类', '    items:', '      - no: 1', '        url: http://a/', '\n', '  '), fc.string({ maxLength: 10 })), { maxLength: 60 })
  .map((parts) => parts.join(''));

/** What must hold for any input: problems name the file and a real line (or are whole-file refusals). */
function checkProblems(text: string, problems: ChecklistProblem[], hasChecklist: boolean): void {
  const lineCount = text.split(/\r\n|\r|\n/).length;
  for (const p of problems) {
    expect(p.file).toBe('fuzz.yaml');
    expect(typeof p.message === 'string' && p.message.length > 0).toBe(true);
    expect(Number.isInteger(p.line) && Number.isInteger(p.col)).toBe(true);
    if (p.line === 0) expect(p.message, 'a problem without a line must be a whole-file refusal').toMatch(WHOLE_FILE);
    else expect(p.line >= 1 && p.line <= lineCount + 1, `line ${p.line} of ${lineCount}: ${p.message}`).toBe(true);
  }
  expect(hasChecklist).toBe(!hasErrors(problems));
}

interface WorkerReply {
  index: number;
  threw: boolean;
  error?: string;
  problems: ChecklistProblem[];
  hasChecklist: boolean;
}

describe('checklist fuzzing, each case bounded in time', () => {
  let worker: Worker;
  const replies = new Map<number, (reply: WorkerReply) => void>();
  beforeAll(async () => {
    const module = pathToFileURL(path.join(repoRoot, 'dist/checklist/index.js')).href;
    worker = new Worker(fileURLToPath(new URL('./fixtures/parse-worker.mjs', import.meta.url)), { workerData: { module } });
    await new Promise<void>((resolve, reject) => {
      worker.once('error', reject);
      worker.on('message', (message: WorkerReply | { ready: true }) => {
        if ('ready' in message) resolve();
        else replies.get(message.index)?.(message);
      });
    });
  });
  afterAll(async () => {
    await worker?.terminate();
  });

  /** Parse in the worker; fail naming the input when it does not answer within CASE_LIMIT_MS. */
  function parseBounded(index: number, text: string): Promise<WorkerReply> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        replies.delete(index);
        reject(new Error(`parseChecklist did not finish within ${CASE_LIMIT_MS} ms on:\n${JSON.stringify(text.slice(0, 2000))}`));
      }, CASE_LIMIT_MS);
      replies.set(index, (reply) => {
        clearTimeout(timer);
        replies.delete(index);
        resolve(reply);
      });
      worker.postMessage({ index, text });
    });
  }

  async function fuzz(label: string, inputs: string[], seed: number): Promise<void> {
    for (const [index, text] of inputs.entries()) {
      const reply = await parseBounded(index, text);
      const context = `${label}, seed ${seed}, case ${index}: ${JSON.stringify(text.slice(0, 300))}`;
      expect(reply.threw, `${context}\n${reply.error ?? ''}`).toBe(false);
      try {
        checkProblems(text, reply.problems, reply.hasChecklist);
      } catch (err) {
        throw new Error(`${context}\n${err instanceof Error ? err.message : String(err)}`);
      }
    }
  }

  for (const shipped of SHIPPED) {
    it(`mutations of checklists/${shipped.name}`, async () => {
      const seed = Date.now() ^ shipped.text.length;
      await fuzz(shipped.name, fc.sample(mutatedChecklist(shipped.text), { numRuns: CASES_PER_FILE, seed }), seed);
    });
  }

  it('random YAML-ish text', async () => {
    const seed = Date.now();
    await fuzz('random', fc.sample(yamlish, { numRuns: 300, seed }), seed);
  });
});

describe('in-process, with shrinking', () => {
  it('parseChecklist never throws on mutations of the shipped WUST checklist', () => {
    const wust = SHIPPED.find((s) => s.name.startsWith('wust'))!.text;
    fc.assert(
      fc.property(mutatedChecklist(wust), (text) => {
        const loaded = parseChecklist(text, 'fuzz.yaml');
        checkProblems(text, loaded.problems, loaded.checklist !== undefined);
      }),
      { numRuns: 60 },
    );
  });

  it('loadChecklist never throws on mutated bytes (invalid UTF-8 included): a problem or a checklist', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'xxgk-fuzz-'));
    const base = Buffer.from(SHIPPED[0]!.text);
    await fc.assert(
      fc.asyncProperty(fc.nat(), fc.uint8Array({ minLength: 1, maxLength: 8 }), fc.nat(), async (pos, bytes, cut) => {
        const at = pos % base.length;
        const mutated = Buffer.concat([base.subarray(0, at), bytes, base.subarray(at + (cut % 16))]);
        const file = path.join(dir, 'fuzz.yaml');
        await writeFile(file, mutated);
        const loaded = await loadChecklist(file);
        for (const p of loaded.problems) {
          expect(p.file).toBe(file);
          if (p.line === 0) expect(p.message).toMatch(WHOLE_FILE);
        }
        expect(loaded.checklist !== undefined).toBe(!hasErrors(loaded.problems));
      }),
      { numRuns: 40 },
    );
  });

  it('a billion-laughs bomb built of mappings is refused as an alias bomb, quickly', () => {
    const levels = ['a0: &a0 { x: 1, y: 2, z: 3, w: 4, v: 5, u: 6, t: 7, s: 8, r: 9, q: 10 }'];
    for (let i = 1; i < 12; i++) levels.push(`a${i}: &a${i} { ${Array.from({ length: 10 }, (_, k) => `k${k}: *a${i - 1}`).join(', ')} }`);
    const loaded = parseChecklist(`schema: 1\ninstitution: 示例大学\n${levels.join('\n')}\ncategories: []\n`, 'fuzz.yaml');
    expect(loaded.checklist).toBeUndefined();
    expect(loaded.problems.map((p) => [p.line, p.message])).toEqual([
      [0, 'too many YAML alias expansions (*name, limit 100): refusing a possible alias bomb'],
    ]);
  });
});
