// STALE and STALE_SOON by update deadline, on hand-made pages shaped like VSB / WebPlus lists and articles: each
// rule firing, and staying silent on the look-alike good page.
import { describe, expect, it } from 'vitest';
import { inspectPage, parsePage } from '../../src/inspect/index.js';
import { publicationEvidence } from '../../src/inspect/published.js';
import { showsReportYear } from '../../src/inspect/checks/stale.js';
import { addInterval } from '../../src/inspect/dates.js';
import { finding } from '../../src/findings.js';
import type { Item } from '../../src/types.js';
import { LONG_ARTICLE, NOW, codes, htmlFetch, makeContext, makeItem, pageWith } from './helpers.js';

// NOW is 2025-06-15 (China time).
const ctx = makeContext();
const news = makeItem('校内中层干部任免、人员招聘信息', { update: '2w', keywords: ['招聘'] });
const notices = makeItem('校内中层干部任免、人员招聘信息', { update: '6m', keywords: ['招聘'] });

/** A VSB-style list: `[title, date, pinned?]` rows, the date in its own span. */
function list(rows: [string, string, boolean?][]): string {
  const entries = rows
    .map(([title, date, pinned], i) =>
      pinned
        ? `<li id="line_u8_${i}" class="top"><a href="/info/1025/${5000 + i}.htm"><font color="red">【置顶】</font>${title}</a><span>${date}</span></li>`
        : `<li id="line_u8_${i}"><a href="/info/1025/${5000 + i}.htm">${title}</a><span>${date}</span></li>`,
    )
    .join('\n');
  return pageWith(`<div class="list"><h2>人员招聘</h2><ul class="news_list">${entries}</ul></div>`, '人员招聘-示例大学信息公开网');
}

function findingsOf(html: string, item: Item, context = ctx) {
  return inspectPage(htmlFetch(html), item, context).findings;
}

describe('list pages: the newest entry decides, 置顶 entries do not', () => {
  it('is fresh when the newest entry is 3 days old under a pinned 2019 entry', () => {
    const html = list([
      ['关于做好信息公开工作的通知（长期有效）', '2019-03-01', true],
      ['2025年专任教师招聘公告', '2025-06-12'],
      ['2025年管理岗位招聘公告', '2025-06-03'],
      ['中层干部任免公示', '2025-05-20'],
    ]);
    expect(findingsOf(html, news)).toEqual([]);
    // The same without the 置顶 mark: the old entry on top is out of date order and changes nothing either.
    expect(findingsOf(html.replace('<font color="red">【置顶】</font>', '').replace(' class="top"', ''), news)).toEqual([]);
  });

  it('is stale when a pinned fresh entry sits over a list whose entries are old', () => {
    const html = list([
      ['关于2025年招聘工作安排的说明', '2025-06-10', true],
      ['2024年专任教师招聘公告', '2024-11-20'],
      ['2024年管理岗位招聘公告', '2024-10-08'],
    ]);
    expect(findingsOf(html, notices)).toEqual([finding('STALE', { reason: 'overdue', update: '6m', latest: '2024-11-20', deadline: '2025-05-20' })]);
    // Unpinned, the same fresh entry makes the column current.
    expect(findingsOf(html.replace('<font color="red">【置顶】</font>', '').replace(' class="top"', ''), notices)).toEqual([]);
  });

  it('uses pinned entries when every dated entry is pinned', () => {
    const html = list([['2025年招聘公告', '2025-06-10', true]]);
    expect(findingsOf(html, news)).toEqual([]);
  });

  it('reads a date split over a day block and a year-month block (VSB/WebPlus list templates)', () => {
    const rows = [['09', '2025-06', '2025年专任教师招聘公告'], ['28', '2025-05', '中层干部任免公示']]
      .map(([day, month, title], i) => `<li><div class="time"><span>${day}</span><p>${month}</p></div><a href="/info/1025/${i}.htm">${title}</a></li>`)
      .join('');
    const html = pageWith(`<div class="list"><h2>人员招聘</h2><ul class="news_list">${rows}</ul></div>`);
    expect(publicationEvidence(parsePage(htmlFetch(html)), NOW)).toMatchObject({ latest: { iso: '2025-06-09' }, source: 'list' });
    expect(findingsOf(html, news)).toEqual([]);
    const monthDayThenYear = html.replace('<span>09</span><p>2025-06</p>', '<span>06-09</span><p>2025</p>');
    expect(publicationEvidence(parsePage(htmlFetch(monthDayThenYear)), NOW).latest?.iso).toBe('2025-06-09');
  });

  it('ignores a future event date in an entry title: it is not a publication date', () => {
    const html = list([['关于2025年12月1日举行招聘考试的通知', '2024-11-20'], ['2024年招聘公告', '2024-10-08']]);
    expect(codes(findingsOf(html, notices))).toEqual(['STALE']);
  });

  it('does not judge a list whose dates have no year ([06-09])', () => {
    const rows = ['06-09', '05-28'].map((d, i) => `<li><a href="/info/${i}.htm">招聘公告${i}</a><span>[${d}]</span></li>`).join('');
    const html = pageWith(`<div class="list"><h2>人员招聘</h2><ul class="news_list">${rows}</ul></div>`);
    expect(findingsOf(html, news)).toEqual([]);
  });
});

describe('the date forms of real pages', () => {
  const cases: [string, string][] = [
    ['<p class="arti_metas"><span class="arti_update">发布时间：2024-09-09</span></p>', '2024-09-09'],
    ['<h4 class="information">发布日期：2024年3月5日 浏览量：12次</h4>', '2024-03-05'],
    ['<p>更新时间:2024/05/01</p>', '2024-05-01'],
    ['<div class="list"><ul><li><a href="/a.htm">通知</a>[2024-05-01]</li></ul></div>', '2024-05-01'],
    ['<p>本办法自2024年3月5日起施行。</p>', '2024-03-05'],
  ];
  for (const [html, iso] of cases) {
    it(`reads ${iso} from ${html.slice(0, 40)}…`, () => {
      expect(publicationEvidence(parsePage(htmlFetch(pageWith(`${html}${LONG_ARTICLE}`))), NOW).latest?.iso).toBe(iso);
    });
  }
  it('takes VSB\'s <meta name="PubDate"> when the text gives no date', () => {
    const html = pageWith(LONG_ARTICLE).replace('<title>', '<META Name="PubDate" Content="2025-06-01 19:02" /><title>');
    expect(publicationEvidence(parsePage(htmlFetch(html)), NOW)).toMatchObject({ latest: { iso: '2025-06-01' }, source: 'label' });
  });
  it('prefers the labelled publication date to dates the article mentions', () => {
    const html = pageWith(`<p>发布时间：2019-03-01</p><p>本办法自2025年6月1日起施行。</p>${LONG_ARTICLE}`);
    expect(publicationEvidence(parsePage(htmlFetch(html)), NOW).latest?.iso).toBe('2019-03-01');
  });
});

describe('footer lines are not publication dates', () => {
  it('does not take a copyright line for a publication date, even outside a marked footer', () => {
    const html = pageWith(`<h2>人员招聘</h2><p>2019年3月5日</p>${LONG_ARTICLE}<div class="bottom">Copyright © 2025-06-01 示例大学 版权所有 示ICP备00000000号</div>`);
    expect(findingsOf(html, notices)).toEqual([finding('STALE', { reason: 'overdue', update: '6m', latest: '2019-03-05', deadline: '2019-09-05' })]);
  });
  it('does not read ©2019-2024 as a date: an undated page stays undated', () => {
    const html = pageWith(`<h2>人员招聘</h2>${LONG_ARTICLE}<div class="bottom">©2019-2024 示例大学</div>`);
    expect(findingsOf(html, notices)).toEqual([finding('STALE', { reason: 'no-date' })]);
  });
});

describe('pages without any date', () => {
  const undated = pageWith(`<h2>学校章程</h2>${LONG_ARTICLE}`);
  it('are STALE for an item with a deadline (未注明信息发布时间的视为不更新)', () => {
    const found = findingsOf(undated, makeItem('学校章程及制定的各项规章制度', { update: '1y' }));
    expect(found).toEqual([finding('STALE', { reason: 'no-date' })]);
  });
  it('are fine for a regulation (update: none) and for an item without a deadline', () => {
    expect(findingsOf(undated, makeItem('学校章程及制定的各项规章制度', { update: 'none' }))).toEqual([]);
    expect(findingsOf(undated, makeItem('学校章程及制定的各项规章制度'))).toEqual([]);
    // A regulation with an old date never goes stale either.
    const old = pageWith(`<h2>学校章程</h2><p>发布时间：2014-09-01</p>${LONG_ARTICLE}`);
    expect(findingsOf(old, makeItem('学校章程及制定的各项规章制度', { update: 'none' }))).toEqual([]);
  });
});

describe('STALE_SOON', () => {
  const article = (date: string): string => pageWith(`<h2>招聘公告</h2><p>发布时间：${date}</p>${LONG_ARTICLE}`);
  it('warns within --stale-soon of a 6m deadline, and not with --stale-soon 0', () => {
    expect(findingsOf(article('2024-12-25'), notices)).toEqual([finding('STALE_SOON', { update: '6m', latest: '2024-12-25', deadline: '2025-06-25' })]);
    expect(findingsOf(article('2024-12-25'), notices, makeContext({ staleSoonDays: 0 }))).toEqual([]);
    expect(findingsOf(article('2025-01-25'), notices)).toEqual([]);
  });
  it('warns a 2w column at most a quarter of its interval ahead (3 days), not all the time', () => {
    expect(findingsOf(article('2025-06-06'), news)).toEqual([]); // 5 days left
    expect(codes(findingsOf(article('2025-06-03'), news))).toEqual(['STALE_SOON']); // 2 days left
    expect(codes(findingsOf(article('2025-05-31'), news))).toEqual(['STALE']); // 1 day past
  });
  it('warns an annual item (rolling period) 30 days before its year is up', () => {
    const annual = makeItem('拟录取研究生名单', { update: 'annual', keywords: ['招聘'] });
    expect(findingsOf(article('2024-07-01'), annual)).toEqual([finding('STALE_SOON', { update: 'annual', latest: '2024-07-01', deadline: '2025-07-01' })]);
    expect(findingsOf(article('2024-09-01'), annual)).toEqual([]);
  });
});

describe('the annual report (update: annual, due: 10-31)', () => {
  const report = makeItem('信息公开年度报告', { update: 'annual', due: '10-31' });
  const reports = (...years: string[]): string =>
    pageWith(`<div class="list"><h2>信息公开年度报告</h2><ul class="news_list">${years
      .map((y, i) => `<li><a href="/info/1006/${i}.htm">示例大学${y}信息公开工作年度报告</a><span>${2026 - i}-10-20</span></li>`)
      .join('')}</ul></div>`);
  const on = (day: string) => makeContext({ now: new Date(`${day}T04:00:00Z`) });

  it('is STALE from the due day on when the report of the year just ended is missing, naming the year', () => {
    expect(findingsOf(reports('2024-2025学年', '2023-2024学年'), report, on('2026-11-29'))).toEqual([
      finding('STALE', { reason: 'annual-report', year: '2025-2026', due: '2026-10-31' }),
    ]);
  });
  it('is fine with that report, written as a 学年 range or as a calendar 年度 report', () => {
    expect(findingsOf(reports('2025-2026学年', '2024-2025学年'), report, on('2026-11-29'))).toEqual([]);
    expect(findingsOf(reports('2025—2026学年度'), report, on('2026-11-29'))).toEqual([]);
    expect(findingsOf(reports('2025年度'), report, on('2026-11-29'))).toEqual([]);
    // …but "2024-2025年度" is the earlier academic year, not a 2025年度 report.
    expect(codes(findingsOf(reports('2024-2025年度'), report, on('2026-11-29')))).toEqual(['STALE']);
  });
  it('before the due day asks for the previous year, and warns in the last weeks', () => {
    expect(findingsOf(reports('2024-2025学年'), report, on('2026-06-01'))).toEqual([]);
    expect(findingsOf(reports('2024-2025学年'), report, on('2026-10-10'))).toEqual([
      finding('STALE_SOON', { reason: 'annual-report', year: '2025-2026', due: '2026-10-31' }),
    ]);
    expect(findingsOf(reports('2023-2024学年'), report, on('2026-06-01'))).toEqual([
      finding('STALE', { reason: 'annual-report', year: '2024-2025', due: '2025-10-31' }),
    ]);
  });
  it('matches the year forms reports use', () => {
    expect(showsReportYear('2025-2026学年', 2025)).toBe(true);
    expect(showsReportYear('2025～26学年', 2025)).toBe(true);
    expect(showsReportYear('2025学年-2026学年', 2025)).toBe(true);
    expect(showsReportYear('12025-2026', 2025)).toBe(false);
    expect(showsReportYear('2025-2027', 2025)).toBe(false);
  });
});

describe('deadline arithmetic', () => {
  it('adds days, weeks, months and years on the calendar', () => {
    expect(addInterval('2025-01-31', 1, 'm')).toBe('2025-02-28');
    expect(addInterval('2024-02-29', 1, 'y')).toBe('2025-02-28');
    expect(addInterval('2025-06-01', 2, 'w')).toBe('2025-06-15');
    expect(addInterval('2025-12-20', 30, 'd')).toBe('2026-01-19');
  });
});
