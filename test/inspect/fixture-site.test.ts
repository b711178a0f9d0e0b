// The checks over the fixture site through the real fetcher: each problem page draws its finding, and every good
// page draws no warning or failure (false alarms are the worst bug of a checker).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createFetcher, DEFAULT_FETCH_OPTIONS } from '../../src/fetch/index.js';
import type { Fetcher } from '../../src/fetch/types.js';
import { checkAttachments, crossPageFindings, defaultPeriod, inspectPage, yieldsToEmptyPage } from '../../src/inspect/index.js';
import type { InspectContext, PageInspection } from '../../src/inspect/index.js';
import {
  EXPECTED_CODES, FIXTURE_ITEMS, GOOD_KINDS, SECOND_ITEMS, demoChecklistYaml, itemUrl, secondChecklistYaml, startFixtureSite,
  type FixtureItem, type FixtureSite,
} from '../../src/fixture-site/index.js';
import type { AttachmentResult, Finding, Item } from '../../src/types.js';
import { param } from '../helpers/findings.js';
import { answered } from '../helpers/fetch.js';
import { createDocumentPool, type DocumentPool } from '../../src/inspect/documents/pool.js';
import { DocumentScanner } from '../../src/inspect/documents/scanner.js';

let site: FixtureSite;
let fetcher: Fetcher;
let pool: DocumentPool;
const now = new Date();
const SLOW_MS = 1000;
interface Outcome { item: FixtureItem; finalUrl: string; inspection: PageInspection; attachments: AttachmentResult[]; findings: Finding[] }
const outcomes: Outcome[] = [];

function toItem(fixture: FixtureItem, url: string): Item {
  const item: Item = { no: fixture.no, title: fixture.title, category: fixture.category, urls: [url] };
  if (fixture.keywords) item.keywords = fixture.keywords;
  if (fixture.update) item.update = fixture.update;
  if (fixture.due) item.due = fixture.due;
  if (fixture.external) item.external = fixture.external;
  return item;
}

beforeAll(async () => {
  site = await startFixtureSite({ slowMs: 1300, now });
  fetcher = createFetcher({ ...DEFAULT_FETCH_OPTIONS, timeoutMs: 3000, backoffBaseMs: 1, retries: 1, maxBytes: 1024 * 1024 });
  const ctx: InspectContext = {
    checklist: { site: site.url, institution: '示例理工大学' }, period: defaultPeriod(now), now, slowMs: SLOW_MS, staleSoonDays: 30,
    personalData: { mobileThreshold: 5 },
  };
  pool = createDocumentPool(1);
  const scanner = new DocumentScanner({ pool, maxBytes: 5 * 1024 * 1024, timeoutMs: 60_000, mobileThreshold: 5, now });
  const inspected = FIXTURE_ITEMS.filter((item) => item.path !== undefined && !['hang', 'reset', 'tls', 'loop', 'bad-redirect'].includes(item.kind));
  await Promise.all(
    inspected.map(async (fixture) => {
      const url = itemUrl(site, fixture)!;
      const fetched = await fetcher.fetch({ url });
      if (fetched.failure) throw new Error(`${url}: ${fetched.failure.code}`);
      const inspection = inspectPage(fetched, toItem(fixture, url), ctx);
      const checked = await checkAttachments(inspection.attachmentLinks, fetcher, { maxAttachments: 50 });
      outcomes.push({ item: fixture, finalUrl: fetched.finalUrl, inspection, attachments: checked.attachments, findings: [...inspection.findings, ...checked.findings] });
    }),
  );
  outcomes.sort((a, b) => a.item.no - b.item.no);
  // Then the attachments are read for personal data, after the pages were timed (reading them on this loaded
  // 2-core machine while pages load would make SLOW_RESPONSE a matter of luck).
  for (const outcome of outcomes) {
    const read = await checkAttachments(outcome.inspection.attachmentLinks, fetcher, { maxAttachments: 50, scanner });
    outcome.findings.push(...read.findings.filter((f) => f.code.startsWith('PERSONAL_DATA')));
  }
  const cross = crossPageFindings(outcomes.map((o) => ({ finalUrl: o.finalUrl, inspection: o.inspection })));
  for (const [index, findings] of cross) {
    // As runChecks does: an empty page's STALE gives way to its EMPTY_PAGE.
    const outcome = outcomes[index]!;
    outcome.findings = [...outcome.findings.filter((f) => !yieldsToEmptyPage(f)), ...findings];
  }
}, 120_000);

afterAll(async () => {
  await pool?.close();
  await fetcher?.close();
  await site?.close();
});

const serious = (findings: Finding[]): string[] => findings.filter((f) => f.severity !== 'info').map((f) => f.code);

describe('fixture site through the real fetcher', () => {
  it('draws no warning or failure on any good page', () => {
    const good = outcomes.filter((o) => GOOD_KINDS.includes(o.item.kind));
    // 24 since item 8 became the leaking list of personal data.
    expect(good.length).toBeGreaterThanOrEqual(24);
    for (const outcome of good) {
      expect(serious(outcome.findings), `${outcome.item.no} ${outcome.item.kind} ${outcome.finalUrl}`).toEqual([]);
    }
  });

  it('draws the expected finding on each problem page, and only that one', () => {
    const problems = outcomes.filter((o) => EXPECTED_CODES[o.item.kind] !== undefined && !GOOD_KINDS.includes(o.item.kind));
    expect(problems.length).toBeGreaterThanOrEqual(14);
    for (const outcome of problems) {
      const codes = [...new Set(serious(outcome.findings))];
      expect(codes, `${outcome.item.no} ${outcome.item.kind}`).toEqual(EXPECTED_CODES[outcome.item.kind]);
    }
  });

  it('lists every attachment with its status; names VSB download.jsp files from Content-Disposition', () => {
    const vsb = outcomes.find((o) => o.item.kind === 'vsb-article')!;
    expect(vsb.attachments).toHaveLength(1);
    expect(vsb.attachments[0]).toMatchObject({ ok: true, status: 200, name: '学生奖学金实施细则.pdf' });
    expect(vsb.attachments[0]!.url).toContain('download.jsp');
    const broken = outcomes.find((o) => o.item.kind === 'broken-attachment')!;
    expect(broken.attachments.map((a) => [a.name, a.ok, a.error])).toEqual([
      ['收支决算总表实施细则.pdf', true, undefined],
      ['2024年决算说明.pdf', false, 'HTTP 404'],
      ['决算报表.docx', false, 'html'],
    ]);
    const many = outcomes.find((o) => o.item.kind === 'many-attachments')!;
    expect(many.attachments).toHaveLength(50);
    expect(many.findings.find((f) => f.code === 'ATTACHMENTS_CAPPED')!.params).toEqual({ found: 55, limit: 50 });
    expect(site.requests('/_upload/article/files/18/zb51.pdf')).toBe(0);
  });

  it('reads the attachments: names the leaking list and its cells, passes the masked one, reads every document', () => {
    const leak = outcomes.find((o) => o.item.kind === 'personal-data')!;
    const ids = leak.findings.find((f) => f.code === 'PERSONAL_DATA')!;
    expect(ids.params).toMatchObject({ count: 24, cells: '测试结果!E2:E25' });
    expect(String(ids.params.file)).toMatch(/一览表\.xlsx$/);
    expect(String(ids.params.samples)).toMatch(/^4299\*{12}[\dX]{2}, /);
    expect(leak.findings.find((f) => f.code === 'PERSONAL_DATA_PHONE')!.params).toMatchObject({ count: 24, cells: '测试结果!F2:F25' });
    const masked = outcomes.find((o) => o.item.kind === 'masked-list')!;
    expect(masked.attachments.map((a) => a.ok)).toEqual([true]);
    expect(masked.findings.map((f) => f.code)).toEqual([]);
    // Every fixture document has text: none is left unread (a "not scanned" note there would be noise in the demo).
    expect(outcomes.flatMap((o) => o.findings).filter((f) => f.code === 'PERSONAL_DATA_NOT_SCANNED')).toEqual([]);
  });

  it('finds the page that is empty only once the shared layout is set aside', () => {
    const blank = outcomes.find((o) => o.item.kind === 'blank')!;
    // Alone, the page is only undated; the pass finds it empty, and that replaces the STALE.
    expect(blank.inspection.findings.map((f) => f.code)).toEqual(['STALE']);
    expect(blank.findings.map((f) => param(f, 'reason'))).toEqual(['no-own-text']);
  });

  it('decodes the GBK page (charset only in <meta>) and reads its title', () => {
    const gbk = outcomes.find((o) => o.item.kind === 'gbk')!;
    expect(gbk.inspection.title).toBe('教职工代表大会相关制度-示例理工大学信息公开网');
  });
});

describe('fixture site server', () => {
  it('serves the fetch-level failures the demo shows', async () => {
    const byKind = (kind: string) => itemUrl(site, FIXTURE_ITEMS.find((i) => i.kind === kind)!)!;
    expect((await fetcher.fetch({ url: byKind('loop') })).failure?.code).toBe('TOO_MANY_REDIRECTS');
    expect((await fetcher.fetch({ url: byKind('bad-redirect') })).failure?.code).toBe('BAD_REDIRECT');
    expect((await fetcher.fetch({ url: byKind('reset') })).failure?.code).toBe('CONNECTION_ERROR');
    expect((await fetcher.fetch({ url: byKind('tls') })).failure?.code).toBe('TLS_ERROR');
    const big = answered(await fetcher.fetch({ url: new URL('jxzlxx/jyzc-full.htm', site.url).href }));
    expect(big.truncated).toBe(true);
  });

  it('breaks and fixes pages at run time, and counts requests', async () => {
    const path = '/jbxx/xxzc.htm';
    const url = new URL(path.slice(1), site.url).href;
    const before = site.requests(path);
    site.setPage(path, null);
    expect((await fetcher.fetch({ url })).status).toBe(404);
    site.setPage(path, { body: '<html><head><title>fixed</title></head><body>ok</body></html>' });
    const fixed = answered(await fetcher.fetch({ url }));
    expect([fixed.status, fixed.text?.includes('fixed')]).toEqual([200, true]);
    expect(site.requests(path)).toBe(before + 2);
  });

  it('has an off-site host that really answers under another name', async () => {
    expect(new URL(site.offSiteUrl).hostname).toBe('localhost');
    const res = await fetcher.fetch({ url: new URL('lqcx/index.htm', site.offSiteUrl).href });
    expect(res.status).toBe(200);
  });
});

describe('checklists/demo-university.yaml', () => {
  it('is the rendering of the fixture catalogue, with every finding code the demo should show', () => {
    const yaml = readFileSync(new URL('../../checklists/demo-university.yaml', import.meta.url), 'utf8');
    expect(yaml).toBe(demoChecklistYaml());
    expect(FIXTURE_ITEMS).toHaveLength(50);
    expect(new Set(FIXTURE_ITEMS.map((i) => i.category)).size).toBe(10);
    expect(FIXTURE_ITEMS.filter((i) => GOOD_KINDS.includes(i.kind) || i.kind === 'slow').length).toBeGreaterThanOrEqual(25);
    expect(yaml).toContain('url: 无');
  });
});

describe('checklists/demo-college.yaml', () => {
  it('is the rendering of SECOND_ITEMS, the second institution of the demo', () => {
    const yaml = readFileSync(new URL('../../checklists/demo-college.yaml', import.meta.url), 'utf8');
    expect(yaml).toBe(secondChecklistYaml());
    expect(SECOND_ITEMS).toHaveLength(10);
  });
});
