// The JUnit XML report, for CI dashboards: a <testsuite> per category, a <testcase> per item. fail and missing
// items are <failure>s carrying every finding's message; warnings pass with their messages in <system-out>.
import { junitReview } from './requirements.js';
import { findingMessage } from '../findings.js';
import type { ItemResult, RunResult } from '../types.js';
import { baselineTitleNote, incompleteNote, networkNote, changeLabel, itemsByCategory, sortedFindings, statusLabel, reportTimeZone, joinLineBlocks, type ReportOptions } from './common.js';
import { isoWithOffset } from '../time.js';
import { TEXT } from './labels.js';
import type { Lang } from '../types.js';

/** Escape for XML text and attribute values, dropping characters XML 1.0 cannot carry at all. */
export function escapeXml(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\r/g, '&#13;')
    .replace(/\n/g, '&#10;')
    .replace(/\t/g, '&#9;');
}

/** Escape for element text, where line breaks may stay as they are. */
function escapeText(text: string): string {
  return escapeXml(text).replace(/&#10;/g, '\n').replace(/&#9;/g, '\t');
}

function seconds(item: ItemResult): string {
  return (item.pages.reduce((ms, p) => ms + p.elapsedMs, 0) / 1000).toFixed(3);
}

/** `变化：变差（基线：通过）` / `change: regressed (baseline: pass)`; '' for an unchanged item or no baseline. */
function changeNote(item: ItemResult, lang: Lang): string {
  if (!item.change || item.change === 'unchanged') return '';
  const before = item.baselineStatus ? statusLabel(item.baselineStatus, lang) : '';
  if (lang === 'zh') return `变化：${changeLabel(item.change, lang)}${before ? `（基线：${before}）` : ''}`;
  return `change: ${changeLabel(item.change, lang)}${before ? ` (baseline: ${before})` : ''}`;
}

/** Each item's change as testcase properties (the JUnit extension pytest and the Jenkins plugin read). */
function changeProperties(item: ItemResult): string[] {
  if (!item.change) return [];
  const props = [`<property name="change" value="${item.change}"/>`];
  if (item.baselineStatus) props.push(`<property name="baselineStatus" value="${item.baselineStatus}"/>`);
  return [`      <properties>${props.join('')}</properties>`];
}

function testcase(item: ItemResult, suite: string, options: ReportOptions): string[] {
  const { lang } = options;
  const name = `${item.no}. ${item.title}`;
  const notes = [changeNote(item, lang), baselineTitleNote(item, lang)].filter(Boolean);
  const messages = sortedFindings(item).map((f) => `${f.code}: ${findingMessage(f, lang)}${f.url ? ` <${f.url}>` : ''}`);
  const urls = item.urls.length > 0 ? item.urls : [TEXT.noLink[lang]];
  const open = `    <testcase classname="${escapeXml(suite)}" name="${escapeXml(name)}" time="${seconds(item)}"`;
  const properties = changeProperties(item);
  if (item.status === 'fail' || item.status === 'missing') {
    const first = messages[0] ?? statusLabel(item.status, lang);
    return [
      `${open}>`,
      ...properties,
      `      <failure message="${escapeXml(first)}" type="${item.status}">${escapeText([...notes, ...messages, ...urls].join('\n'))}</failure>`,
      '    </testcase>',
    ];
  }
  if (item.status === 'unverified' || item.status === 'unchecked') {
    // Not checked for want of a network, or the run was interrupted before it: skipped, never a failure of the site.
    const why = item.status === 'unchecked' ? [TEXT.uncheckedItem[lang]] : [];
    return [
      `${open}>`,
      ...properties,
      `      <skipped message="${escapeXml(statusLabel(item.status, lang))}">${escapeText([...why, ...notes, ...messages, ...urls].join('\n'))}</skipped>`,
      '    </testcase>',
    ];
  }
  if (messages.length > 0 || notes.length > 0) {
    return [`${open}>`, ...properties, `      <system-out>${escapeText([...notes, ...messages, ...urls].join('\n'))}</system-out>`, '    </testcase>'];
  }
  if (properties.length > 0) return [`${open}>`, ...properties, '    </testcase>'];
  return [`${open}/>`];
}

/** The whole JUnit report: the join of `junitChunks`. */
export function renderJunit(run: RunResult, options: ReportOptions): string {
  return [...junitChunks(run, options)].join('');
}

/** The JUnit report piece by piece: the totals (from the run's summary), then one piece per institution. */
export function* junitChunks(run: RunResult, options: ReportOptions): Generator<string, void, undefined> {
  yield* joinLineBlocks(junitBlocks(run, options));
}

function* junitBlocks(run: RunResult, options: ReportOptions): Generator<string[], void, undefined> {
  const multi = run.results.length > 1;
  const reviewed = run.results.map((r) => r.review?.summary).filter((s) => s !== undefined);
  const failures = run.summary.fail + run.summary.missing + reviewed.reduce((n, s) => n + s.fail, 0);
  const tests = run.summary.total + reviewed.reduce((n, s) => n + s.pass + s.warn + s.fail, 0);
  const timestamp = escapeXml(isoWithOffset(run.startedAt, reportTimeZone(options), { seconds: true }));
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${escapeXml(run.tool.name)}" tests="${tests}" failures="${failures}" errors="0" timestamp="${timestamp}">`,
  ];
  const network = networkNote(run, options.lang);
  if (network !== undefined) lines.push(`  <!-- ${network.replaceAll('--', '- -')} -->`);
  const incomplete = incompleteNote(run, 'en');
  if (incomplete !== undefined) lines.push(`  <!-- ${incomplete.replaceAll('--', '- -')} -->`);
  lines.push(...junitReview(run, options.lang, escapeXml));
  yield lines;
  for (const result of run.results) {
    const block: string[] = [];
    for (const group of itemsByCategory(result.items)) {
      const suite = multi ? `${result.checklist.institution} / ${group.name}` : group.name;
      const groupFailures = group.items.filter((i) => i.status === 'fail' || i.status === 'missing').length;
      const groupSkipped = group.items.filter((i) => i.status === 'unverified' || i.status === 'unchecked').length;
      const time = group.items.reduce((s, i) => s + Number(seconds(i)), 0).toFixed(3);
      block.push(
        `  <testsuite name="${escapeXml(suite)}" tests="${group.items.length}" failures="${groupFailures}" errors="0" skipped="${groupSkipped}" time="${time}" timestamp="${timestamp}">`,
      );
      if (!run.complete) {
        block.push(`    <properties><property name="complete" value="false"/></properties>`);
      }
      for (const item of group.items) block.push(...testcase(item, suite, options));
      block.push('  </testsuite>');
    }
    yield block;
  }
  yield ['</testsuites>', ''];
}
