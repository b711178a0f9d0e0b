// The check step of the GitHub Action (action.yml): runs `xxgk-check run` with the action's inputs, puts the Markdown
// report in the job summary, says which report files were written (step outputs, for the artifact upload) and
// whether this run became the next baseline (for the cache save), and exits with xxgk-check's exit code, which is
// what fails the job.
//
// Inputs come as INPUT_* environment variables (action.yml passes them); GITHUB_STEP_SUMMARY, GITHUB_OUTPUT and
// RUNNER_TEMP are the runner's. XXGK_CHECK_BIN is the installed bin/xxgk-check.js (run with this Node); without it,
// `xxgk-check` is taken from PATH. test/action.test.ts runs this script against the fixture site.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { appendFileSync, copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** GitHub limits a step's summary to 1 MiB; stay a little under it. */
const SUMMARY_LIMIT = 1000 * 1024;
const FAIL_ON = ['fail', 'warn', 'regression', 'never'];
const SAVE_BASELINE = ['no-regression', 'always'];

/** An input of the action, as action.yml passes it: `checklists` → INPUT_CHECKLISTS, `fail-on` → INPUT_FAIL_ON. */
function input(name, fallback = '') {
  const value = process.env[`INPUT_${name.toUpperCase().replace(/-/g, '_')}`];
  return value === undefined || value.trim() === '' ? fallback : value.trim();
}

/** A list input: items separated by new lines or spaces. */
function listInput(name, fallback = '') {
  return input(name, fallback).split(/\s+/).filter(Boolean);
}

const lang = input('lang', 'zh') === 'en' ? 'en' : 'zh';
const t = (zh, en) => (lang === 'zh' ? zh : en);

/** A workflow command (annotation) line: ::error::, ::warning::, ::notice::. */
function annotate(level, message) {
  const escaped = message.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
  process.stdout.write(`::${level} title=xxgk-check::${escaped}\n`);
}

/** Set a step output (GITHUB_OUTPUT), multi-line values with a delimiter that cannot occur in them. */
function setOutput(name, value) {
  const file = process.env.GITHUB_OUTPUT;
  if (!file) return;
  const delimiter = `xxgk_${randomUUID()}`;
  appendFileSync(file, `${name}<<${delimiter}\n${value}\n${delimiter}\n`);
}

function appendSummary(markdown) {
  const file = process.env.GITHUB_STEP_SUMMARY;
  if (file) appendFileSync(file, markdown.endsWith('\n') ? markdown : `${markdown}\n`);
}

/** Fail the step before running anything: a usage error (exit 2), said in the log, the summary and the outputs. */
function usageError(message) {
  annotate('error', message);
  appendSummary(`**xxgk-check**: ${message}\n`);
  setOutput('exit-code', '2');
  setOutput('reports', '');
  setOutput('markdown', '');
  setOutput('baseline-updated', 'false');
  process.exit(2);
}

function runXxgkCheck(args) {
  const bin = process.env.XXGK_CHECK_BIN;
  const [command, commandArgs] = bin ? [process.execPath, [bin, ...args]] : ['xxgk-check', args];
  process.stdout.write(`xxgk-check ${args.map((a) => (/[\s"'$]/.test(a) ? JSON.stringify(a) : a)).join(' ')}\n`);
  return new Promise((resolve) => {
    // On Windows runners `xxgk-check` from PATH is a .cmd file, which needs a shell.
    const child = spawn(command, commandArgs, { stdio: 'inherit', shell: !bin && process.platform === 'win32' });
    child.on('error', (err) => {
      annotate('error', t(`无法启动 xxgk-check：${err.message}`, `could not start xxgk-check: ${err.message}`));
      resolve(3);
    });
    child.on('close', (code, signal) => resolve(code ?? (signal ? 130 : 3)));
  });
}

/** How many items got worse than in the baseline, from a JSON report (0 when it was not compared with one). */
function regressions(jsonReport) {
  try {
    return JSON.parse(readFileSync(jsonReport, 'utf8')).baseline?.changes?.regressed ?? 0;
  } catch {
    return Infinity; // unreadable: never make it the baseline
  }
}

async function main() {
  const checklists = listInput('checklists', 'checklists/');
  const outputs = listInput('outputs');
  const failOn = input('fail-on', 'fail');
  const baseline = input('baseline');
  const saveBaseline = input('save-baseline', 'no-regression');
  const extraArgs = listInput('args');
  const temp = process.env.RUNNER_TEMP || tmpdir();

  if (!FAIL_ON.includes(failOn)) {
    usageError(t(`fail-on 须为 ${FAIL_ON.join('、')} 之一，而不是 “${failOn}”`, `fail-on must be one of ${FAIL_ON.join(', ')}, not "${failOn}"`));
  }
  if (!SAVE_BASELINE.includes(saveBaseline)) {
    usageError(t(`save-baseline 须为 no-regression 或 always，而不是 “${saveBaseline}”`, `save-baseline must be no-regression or always, not "${saveBaseline}"`));
  }
  if (failOn === 'regression' && !baseline) {
    usageError(t('fail-on: regression 需要 baseline（基线文件路径）', 'fail-on: regression needs the baseline input (a path)'));
  }

  const args = ['run', ...checklists, '--quiet', '--lang', lang];
  // The job summary needs a Markdown report: the one asked for, or one in the runner's temporary folder.
  let markdown = outputs.find((file) => file.toLowerCase().endsWith('.md'));
  const reportFiles = [...outputs];
  if (!markdown) {
    mkdirSync(temp, { recursive: true });
    markdown = path.join(temp, 'xxgk-check-summary.md');
    reportFiles.push(markdown);
  }
  for (const file of reportFiles) {
    mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    args.push('-o', file);
  }

  let effectiveFailOn = failOn;
  let nextBaseline;
  if (baseline) {
    if (existsSync(baseline)) {
      args.push('--baseline', baseline);
    } else {
      annotate(
        'notice',
        t(
          `还没有基线 ${baseline}（首次运行或缓存已过期）：本次不作比较，结果将成为下次的基线`,
          `no baseline at ${baseline} yet (first run, or the cache expired): nothing to compare with; this run becomes the next baseline`,
        ),
      );
      if (failOn === 'regression') effectiveFailOn = 'never';
    }
    mkdirSync(temp, { recursive: true });
    nextBaseline = path.join(temp, 'xxgk-check-next-baseline.json');
    args.push('--save-baseline', nextBaseline);
  }
  args.push('--fail-on', effectiveFailOn, ...extraArgs);

  const code = await runXxgkCheck(args);

  // The job summary: the Markdown report, cut at a line when it is over GitHub's limit.
  if (existsSync(markdown)) {
    let text = readFileSync(markdown, 'utf8');
    if (Buffer.byteLength(text) > SUMMARY_LIMIT) {
      const cut = Buffer.from(text).subarray(0, SUMMARY_LIMIT).toString('utf8');
      text = `${cut.slice(0, cut.lastIndexOf('\n') + 1)}\n> ${t(
        '报告超过摘要的大小上限，以下从略；完整报告见本次运行的构件（artifact）。',
        'The report is longer than a job summary may be; the rest is cut. The full report is in this run\'s artifact.',
      )}\n`;
    }
    appendSummary(text);
  } else {
    appendSummary(
      `**xxgk-check**: ${t(`检查未能完成（退出码 ${code}），详见日志。`, `the check did not finish (exit code ${code}); see the log.`)}\n`,
    );
  }

  // The next baseline: a finished run (exit 0 or 1) in which no item got worse than in the baseline
  // (save-baseline: no-regression, so a regression stays red until it is fixed), or any finished run (always).
  let baselineUpdated = false;
  if (baseline && nextBaseline && existsSync(nextBaseline) && (code === 0 || code === 1)) {
    if (saveBaseline === 'always' || regressions(nextBaseline) === 0) {
      mkdirSync(path.dirname(path.resolve(baseline)), { recursive: true });
      copyFileSync(nextBaseline, baseline);
      baselineUpdated = true;
    }
  }

  if (code === 1) {
    annotate(
      'error',
      effectiveFailOn === 'regression'
        ? t('有事项比基线变差（见作业摘要）', 'items got worse than in the baseline (see the job summary)')
        : t(`有事项未达标（--fail-on ${effectiveFailOn}，见作业摘要）`, `items below the --fail-on ${effectiveFailOn} level (see the job summary)`),
    );
  } else if (code !== 0) {
    annotate('error', t(`xxgk-check 退出码 ${code}（见日志）`, `xxgk-check exited with code ${code} (see the log)`));
  }

  setOutput('exit-code', String(code));
  setOutput('reports', outputs.filter((file) => existsSync(file)).join('\n'));
  setOutput('markdown', existsSync(markdown) ? markdown : '');
  setOutput('baseline-updated', String(baselineUpdated));
  process.exitCode = code;
}

await main();
