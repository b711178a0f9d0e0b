// The GitHub Action (action.yml): its metadata against the Actions metadata schema, and its check step
// (scripts/action.mjs) run as the runner would run it — INPUT_* variables, GITHUB_STEP_SUMMARY and GITHUB_OUTPUT as
// files — against the fixture site: a first run with no baseline, a run with a regression, a broken checklist.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Ajv } from 'ajv';
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixtureSite, type FixtureItem, type FixtureSite } from '../src/fixture-site/index.js';
import { repoRoot } from './helpers/cli.js';
import { checklistYaml, QUICK_ITEMS, tempDir, type TempDir } from './monitoring/helpers.js';

const actionText = readFileSync(path.join(repoRoot, 'action.yml'), 'utf8');
const scriptText = readFileSync(path.join(repoRoot, 'scripts', 'action.mjs'), 'utf8');

interface ActionStep {
  id?: string;
  shell?: string;
  uses?: string;
  run?: string;
  if?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
}
interface ActionMetadata {
  inputs: Record<string, { default?: string }>;
  outputs: Record<string, { description: string; value?: string }>;
  runs: { using: string; steps: ActionStep[] };
}

describe('action.yml', () => {
  const action = parseYaml(actionText) as ActionMetadata;
  const schema = JSON.parse(readFileSync(path.join(repoRoot, 'test/fixtures/github-action/action-metadata.schema.json'), 'utf8')) as object;
  // strictRequired off: SchemaStore's oneOf branches require properties declared beside them, not inside.
  const validate = new Ajv({ strict: true, strictRequired: false, allErrors: true }).compile(schema);

  it('is valid GitHub Actions metadata (the schema of SchemaStore)', () => {
    expect(validate(action), JSON.stringify(validate.errors, null, 1)).toBe(true);
    expect(action.runs.using).toBe('composite');
  });

  it('the schema catches what GitHub rejects', () => {
    const broken = (change: (copy: ActionMetadata & Record<string, unknown>) => void): boolean => {
      const copy = structuredClone(action) as ActionMetadata & Record<string, unknown>;
      change(copy);
      return validate(copy);
    };
    expect(broken((copy) => delete copy.runs.steps[1]!.shell)).toBe(false); // a run step needs a shell
    expect(broken((copy) => (copy.outputs['exit-code'] = { description: 'x' }))).toBe(false); // composite outputs need a value
    expect(broken((copy) => (copy.inputs['bad id!'] = {}))).toBe(false);
    expect(broken((copy) => (copy.on = 'push'))).toBe(false);
  });

  it('refers only to inputs and steps it declares, and passes every input the script reads', () => {
    for (const [, name] of actionText.matchAll(/inputs\.([\w-]+)/g)) expect(Object.keys(action.inputs)).toContain(name);
    const stepIds = action.runs.steps.map((step) => step.id).filter(Boolean);
    for (const [, id] of actionText.matchAll(/steps\.([\w-]+)\.outputs/g)) expect(stepIds).toContain(id);
    const check = action.runs.steps.find((step) => step.id === 'check')!;
    const read = [...scriptText.matchAll(/(?:listInput|input)\('([\w-]+)'/g)].map(([, name]) => name!);
    expect(read.length).toBeGreaterThan(5);
    for (const name of new Set(read)) {
      expect(action.inputs, name).toHaveProperty([name]);
      expect(check.env?.[`INPUT_${name.toUpperCase().replace(/-/g, '_')}`]).toBe(`\${{ inputs.${name} }}`);
    }
    expect(check.env?.TZ).toBe('${{ inputs.time-zone }}');
    // The script's outputs are the action's outputs.
    for (const [name, output] of Object.entries(action.outputs)) {
      expect(output.value).toBe(`\${{ steps.check.outputs.${name} }}`);
      expect(scriptText).toContain(`setOutput('${name}'`);
    }
  });

  it('uploads the reports and saves the baseline even when the check step failed', () => {
    const upload = action.runs.steps.find((step) => step.uses?.startsWith('actions/upload-artifact@'))!;
    expect(upload.if).toMatch(/^always\(\)/);
    expect(upload.with?.path).toBe('${{ steps.check.outputs.reports }}');
    const restore = action.runs.steps.find((step) => step.uses?.startsWith('actions/cache/restore@'))!;
    const save = action.runs.steps.find((step) => step.uses?.startsWith('actions/cache/save@'))!;
    expect(save.if).toBe("always() && steps.check.outputs.baseline-updated == 'true'");
    expect(save.with?.key).toBe(restore.with?.key);
    expect(restore.with?.key?.startsWith(restore.with['restore-keys']!)).toBe(true);
  });
});

interface StepOutcome {
  code: number | null;
  log: string;
  summary: string;
  outputs: Record<string, string>;
}

/** Parse a GITHUB_OUTPUT file (name<<DELIMITER … DELIMITER blocks, or name=value lines). */
function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const heredoc = /^([\w-]+)<<(.+)$/.exec(lines[i]!);
    if (heredoc) {
      const end = lines.indexOf(heredoc[2]!, i + 1);
      outputs[heredoc[1]!] = lines.slice(i + 1, end).join('\n');
      i = end;
    } else if (lines[i]!.includes('=')) {
      outputs[lines[i]!.slice(0, lines[i]!.indexOf('='))] = lines[i]!.slice(lines[i]!.indexOf('=') + 1);
    }
  }
  return outputs;
}

describe('the action\'s check step (scripts/action.mjs) on the fixture site', () => {
  let site: FixtureSite;
  let tmp: TempDir;
  let run = 0;

  const GOOD = QUICK_ITEMS.find((i) => i.kind === 'vsb-list' && i.no === 2)!;
  const NOT_FOUND = QUICK_ITEMS.find((i): i is FixtureItem & { path: string } => i.kind === 'not-found' && i.path !== undefined)!;

  /** One run of the step in the temp folder (the workspace), with fresh summary and output files. */
  async function step(inputs: Record<string, string>): Promise<StepOutcome> {
    run += 1;
    const summaryFile = tmp.file(`summary-${run}.md`);
    const outputFile = tmp.file(`output-${run}.txt`);
    await writeFile(summaryFile, '');
    await writeFile(outputFile, '');
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      LANG: 'C',
      CI: 'true',
      GITHUB_ACTIONS: 'true',
      GITHUB_STEP_SUMMARY: summaryFile,
      GITHUB_OUTPUT: outputFile,
      RUNNER_TEMP: tmp.file('runner-temp'),
      TZ: 'Asia/Shanghai',
      XXGK_CHECK_BIN: path.join(repoRoot, 'bin', 'xxgk-check.js'),
      INPUT_ARGS: '--timeout 3000 --retries 0 --slow 2000',
    };
    for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase().replace(/-/g, '_')}`] = value;
    const child = spawn(process.execPath, [path.join(repoRoot, 'scripts', 'action.mjs')], { cwd: tmp.dir, env });
    let log = '';
    child.stdout.on('data', (chunk: Buffer) => (log += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (log += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    return { code, log, summary: await readFile(summaryFile, 'utf8'), outputs: parseOutputs(await readFile(outputFile, 'utf8')) };
  }

  const monitoring = {
    checklists: 'checklists/',
    outputs: 'out/report.md\nout/report.json out/junit.xml',
    baseline: '.xxgk-check/baseline.json',
    'fail-on': 'regression',
    lang: 'zh',
  };

  beforeAll(async () => {
    site = await startFixtureSite();
    tmp = await tempDir();
    await mkdir(tmp.file('checklists'));
    await tmp.write('checklists/school.yaml', checklistYaml('示例理工大学', site.url, QUICK_ITEMS));
    // Two items, one of them a gap, for the runs that need no more.
    await mkdir(tmp.file('small'));
    await tmp.write('small/school.yaml', checklistYaml('示例理工大学', site.url, [GOOD, NOT_FOUND]));
  });
  afterAll(async () => {
    await site?.close();
    await tmp?.remove();
  });

  let first: StepOutcome;
  let second: StepOutcome;

  it('first run, no baseline yet: says so, checks, writes the summary and outputs, becomes the baseline, exit 0', async () => {
    first = await step(monitoring);
    expect(first.log).toContain('::notice title=xxgk-check::还没有基线 .xxgk-check/baseline.json');
    expect(first.log).toMatch(/xxgk-check run checklists\/ --quiet --lang zh -o out\/report\.md -o out\/report\.json -o out\/junit\.xml --save-baseline \S+ --fail-on never --timeout 3000/);
    expect(first.code).toBe(0);
    // The summary is the Markdown report.
    expect(first.summary).toBe(await readFile(tmp.file('out/report.md'), 'utf8'));
    expect(first.summary).toContain('示例理工大学');
    expect(first.outputs).toEqual({
      'exit-code': '0',
      reports: 'out/report.md\nout/report.json\nout/junit.xml',
      markdown: 'out/report.md',
      'baseline-updated': 'true',
    });
    const baseline = JSON.parse(await readFile(tmp.file('.xxgk-check/baseline.json'), 'utf8')) as { results: { items: { no: number; status: string }[] }[] };
    expect(baseline.results[0]!.items.find((i) => i.no === GOOD.no)!.status).toBe('pass');
  }, 120_000);

  it('a page breaks: the summary leads with the regression, the baseline is kept, exit 1 fails the job', async () => {
    expect(first?.code).toBe(0);
    const before = await readFile(tmp.file('.xxgk-check/baseline.json'), 'utf8');
    const broken = QUICK_ITEMS.map((item) => (item === GOOD ? { ...item, path: NOT_FOUND.path } : item));
    await tmp.write('checklists/school.yaml', checklistYaml('示例理工大学', site.url, broken));
    second = await step(monitoring);
    expect(second.log).not.toContain('还没有基线');
    expect(second.log).toContain('--baseline .xxgk-check/baseline.json');
    expect(second.log).toContain('::error title=xxgk-check::有事项比基线变差');
    expect(second.code).toBe(1);
    expect(second.summary).toMatch(/与基线[\s\S]*相比的变化/);
    expect(second.summary).toContain('变差');
    expect(second.outputs['exit-code']).toBe('1');
    expect(second.outputs['baseline-updated']).toBe('false');
    expect(await readFile(tmp.file('.xxgk-check/baseline.json'), 'utf8')).toBe(before);
  }, 120_000);

  it('save-baseline: always makes even a failing run the next baseline', async () => {
    const always = await step({ ...monitoring, 'save-baseline': 'always', lang: 'en' });
    expect(always.code).toBe(1);
    expect(always.log).toContain('::error title=xxgk-check::items got worse than in the baseline');
    expect(always.outputs['baseline-updated']).toBe('true');
    const baseline = JSON.parse(await readFile(tmp.file('.xxgk-check/baseline.json'), 'utf8')) as { results: { items: { no: number; status: string }[] }[] };
    expect(baseline.results[0]!.items.find((i) => i.no === GOOD.no)!.status).toBe('fail');
  }, 120_000);

  it('fail-on: fail with gaps fails the job, yet a run without regressions still becomes the baseline', async () => {
    const gaps = await step({ ...monitoring, checklists: 'small/school.yaml', 'fail-on': 'fail', baseline: 'other/baseline.json', lang: 'en' });
    expect(gaps.code).toBe(1);
    expect(gaps.log).toContain('::error title=xxgk-check::items below the --fail-on fail level');
    expect(gaps.outputs['baseline-updated']).toBe('true');
    expect(existsSync(tmp.file('other/baseline.json'))).toBe(true);
  }, 120_000);

  it('without a Markdown report among the outputs it still fills the summary, from one of its own', async () => {
    const own = await step({ checklists: 'small/school.yaml', outputs: 'csv/report.csv', 'fail-on': 'never', lang: 'en' });
    expect(own.code).toBe(0);
    expect(own.outputs.reports).toBe('csv/report.csv');
    expect(own.outputs.markdown).toBe(path.join(tmp.file('runner-temp'), 'xxgk-check-summary.md'));
    expect(own.summary).toContain('示例理工大学');
    expect(existsSync(tmp.file('csv/report.csv'))).toBe(true);
  }, 120_000);

  it('a broken checklist: exit 2, and the summary says the check did not finish', async () => {
    await mkdir(tmp.file('bad'));
    await tmp.write('bad/broken.yaml', 'schema: 1\ninstitution: [\n');
    const bad = await step({ checklists: 'bad/broken.yaml', outputs: 'bad-out/report.md', lang: 'zh' });
    expect(bad.code).toBe(2);
    expect(bad.log).toContain('broken.yaml');
    expect(bad.summary).toBe('**xxgk-check**: 检查未能完成（退出码 2），详见日志。\n');
    expect(bad.outputs).toEqual({ 'exit-code': '2', reports: '', markdown: '', 'baseline-updated': 'false' });
  }, 60_000);

  it('rejects a wrong input before running anything, exit 2', async () => {
    const wrong = await step({ 'fail-on': 'sometimes', lang: 'en' });
    expect(wrong.code).toBe(2);
    expect(wrong.log).toContain('::error title=xxgk-check::fail-on must be one of fail, warn, regression, never, not "sometimes"');
    expect(wrong.outputs['exit-code']).toBe('2');
    const noBaseline = await step({ 'fail-on': 'regression', lang: 'en' });
    expect(noBaseline.code).toBe(2);
    expect(noBaseline.log).toContain('fail-on: regression needs the baseline input');
  });
});
