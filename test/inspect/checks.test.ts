// Each check on hand-made pages: it fires on its case and stays silent on good pages that look close to it.
import { afterEach, describe, expect, it } from 'vitest';
import { CHECKS, crossPageFindings, inspectPage } from '../../src/inspect/index.js';
import { finding } from '../../src/findings.js';
import { LONG_ARTICLE, codes, htmlFetch, makeContext, makeItem, pageWith } from './helpers.js';
import { maskNumber } from '../../src/inspect/personal-data/numbers.js';
import { mobiles, residentIds, withWrongCheck } from '../helpers/personal-data.js';

const ctx = makeContext();
const item = makeItem('学校章程及制定的各项规章制度');
const goodArticle = pageWith(`<h2>学校章程</h2><p>发布时间：2025-03-01</p>${LONG_ARTICLE}`, '学校章程-示例大学信息公开网');

describe('a good page', () => {
  it('draws no finding', () => {
    const inspection = inspectPage(htmlFetch(goodArticle), { ...item, update: 'annual' }, ctx);
    expect(inspection.findings).toEqual([]);
    expect(inspection.title).toBe('学校章程-示例大学信息公开网');
    expect(inspection.judgeOwnText).toBe(true);
  });
});

describe('SOFT_404', () => {
  it('fires on a 200 error page', () => {
    for (const html of [
      pageWith('<h2>抱歉，您访问的页面不存在或已被删除！</h2>', '提示信息'),
      '<html><head><title>404 Not Found</title></head><body><h1>Not Found</h1></body></html>',
      pageWith('<p>出错了！请稍后再试。</p>'),
      '<html><head><title>页面不存在</title></head><body>' + '<a href="/">首页</a> '.repeat(60) + '</body></html>',
    ]) {
      expect(codes(inspectPage(htmlFetch(html), item, ctx).findings), html.slice(0, 80)).toEqual(['SOFT_404']);
    }
  });
  it('does not fire on an article that mentions 404 or 不存在 in long text', () => {
    const html = pageWith(`<h2>关于印发第404号文件的通知</h2>${LONG_ARTICLE}<p>经核查，所述问题不存在，页面不存在的链接已修复。</p>`, '学校章程');
    expect(codes(inspectPage(htmlFetch(html), item, ctx).findings)).not.toContain('SOFT_404');
  });
});

describe('EMPTY_PAGE (single page)', () => {
  it('fires on 暂无内容 and on an empty list', () => {
    const placeholder = inspectPage(htmlFetch(pageWith('<h2>学校章程</h2><div class="list"><p>暂无内容</p></div>')), item, ctx);
    expect(placeholder.findings).toEqual([finding('EMPTY_PAGE', { reason: 'placeholder', phrase: '暂无内容' })]);
    const list = inspectPage(htmlFetch(pageWith('<h2>学校章程</h2><ul class="news_list">\n</ul>')), item, ctx);
    expect(list.findings).toEqual([finding('EMPTY_PAGE', { reason: 'empty-list' })]);
  });
  it('does not fire on a list with entries, or a page with one empty section among content', () => {
    const list = pageWith('<h2>学校章程</h2><ul class="news_list"><li><a href="/info/1/2.htm">学校章程（2024年修订）</a><span>2025/01/02</span></li></ul><ul class="sub_list"></ul>');
    expect(codes(inspectPage(htmlFetch(list), item, ctx).findings)).toEqual([]);
    const sections = pageWith(`<h2>学校章程</h2>${LONG_ARTICLE}<h3>附件</h3><p>暂无附件</p>`);
    expect(codes(inspectPage(htmlFetch(sections), item, ctx).findings)).toEqual([]);
  });
  it('does not fire on a page whose content is a scanned picture or an embedded PDF', () => {
    const picture = pageWith('<h2>学校章程</h2><p><img src="/_upload/scan1.jpg"></p><ul class="news_list"></ul>');
    expect(codes(inspectPage(htmlFetch(picture), item, ctx).findings)).toEqual([]);
  });
});

describe('EMPTY_PAGE (cross-page)', () => {
  const onTopic = makeItem('信息公开', { keywords: ['信息公开'] });
  const site = 'https://xxgk.demo.edu.cn';
  const shared = (main: string): string =>
    `<html><head><title>t</title></head><body><div class="top">学校主页 | English | 信息公开意见箱 | 依申请公开</div>${main}<div class="bottom">示例大学信息公开办公室 地址：示例市大学路1号 电话：027-0000000</div></body></html>`;
  const pages = [
    shared(`<h2>学校章程</h2>${LONG_ARTICLE}`),
    shared('<h2>规章制度</h2><ul><li><a href="/a.htm">关于印发学生管理规定的通知</a> 2025-01-02</li><li><a href="/b.htm">关于印发财务管理办法的通知</a> 2025-02-02</li></ul>'),
    shared('<h2>年度报告</h2><p>2024-2025学年信息公开年度报告已经学校审议通过，现予公布，全文见下。</p>'),
    shared('<h2>学术委员会</h2>'),
  ].map((html, i) => {
    const url = `${site}/p${i}.htm`;
    return { finalUrl: url, inspection: inspectPage(htmlFetch(html, { url, finalUrl: url }), onTopic, ctx) };
  });
  it('sets aside text shared by the pages of a site and finds the page with nothing of its own', () => {
    // Single-page checks cannot see it: the shared header and footer look like text.
    expect(pages[3]!.inspection.findings).toEqual([]);
    const result = crossPageFindings(pages);
    expect([...result.keys()]).toEqual([3]);
    expect(result.get(3)).toEqual([finding('EMPTY_PAGE', { reason: 'no-own-text', chars: 5 })]);
  });
  it('does not empty pages that two items share, nor judge with fewer than three pages', () => {
    const same = [pages[0]!, pages[0]!, pages[1]!, pages[1]!];
    expect(crossPageFindings(same).size).toBe(0);
    expect(crossPageFindings([pages[3]!, pages[0]!]).size).toBe(0);
  });
});

describe('LOGIN_REQUIRED', () => {
  it('fires on a redirect to VSB caslogin.jsp / CAS, on a login page and on 401 with WWW-Authenticate', () => {
    const cas = htmlFetch('<html><body>loading</body></html>', {
      finalUrl: 'https://authserver.demo.edu.cn/authserver/login?service=x',
      redirects: [
        { url: 'https://xxgk.demo.edu.cn/info/1011/1234.htm', status: 302 },
        { url: 'https://xxgk.demo.edu.cn/system/resource/code/auth/caslogin.jsp?data_r=abc', status: 302 },
      ],
    });
    expect(codes(inspectPage(cas, item, ctx).findings)).toEqual(['LOGIN_REQUIRED']);
    const form = htmlFetch('<html><head><title>统一身份认证</title></head><body><form><input name="u"><input type="password" name="p"></form></body></html>');
    expect(codes(inspectPage(form, item, ctx).findings)).toEqual(['LOGIN_REQUIRED']);
    const basic = htmlFetch('<html><body>Unauthorized</body></html>', {
      status: 401,
      headers: { 'www-authenticate': 'Basic realm="xxgk"' },
    });
    expect(codes(inspectPage(basic, item, ctx).findings)).toEqual(['HTTP_ERROR', 'LOGIN_REQUIRED']);
  });
  it('does not fire on a real page with a login box in its header, or a page about logins', () => {
    const widget = goodArticle.replace('<div class="header">', '<div class="header"><form class="login-box"><input type="password"></form>');
    expect(codes(inspectPage(htmlFetch(widget), item, ctx).findings)).toEqual([]);
    const blog = htmlFetch(goodArticle, { url: 'https://xxgk.demo.edu.cn/loginfo/list.htm', finalUrl: 'https://xxgk.demo.edu.cn/loginfo/list.htm' });
    expect(codes(inspectPage(blog, item, ctx).findings)).toEqual([]);
  });
});

describe('REDIRECTED_HOME and OFF_SITE_REDIRECT', () => {
  const redirected = (finalUrl: string, from = 'https://xxgk.demo.edu.cn/info/1011/1234.htm') =>
    htmlFetch(goodArticle, { url: from, finalUrl, redirects: [{ url: from, status: 302 }] });
  it('REDIRECTED_HOME fires when the item lands on the root or the checklist site', () => {
    expect(codes(inspectPage(redirected('https://xxgk.demo.edu.cn/index.htm'), item, ctx).findings)).toEqual(['REDIRECTED_HOME']);
    expect(codes(inspectPage(redirected('https://xxgk.demo.edu.cn/'), item, ctx).findings)).toEqual(['REDIRECTED_HOME']);
  });
  it('REDIRECTED_HOME does not fire for a moved page, or an item that is the home page', () => {
    expect(codes(inspectPage(redirected('https://xxgk.demo.edu.cn/info/1011/9999.htm'), item, ctx).findings)).toEqual([]);
    expect(codes(inspectPage(redirected('https://xxgk.demo.edu.cn/index.htm', 'https://xxgk.demo.edu.cn/'), item, ctx).findings)).toEqual([]);
  });
  it('OFF_SITE_REDIRECT fires for another registrable domain, unless the item is external', () => {
    const off = inspectPage(redirected('https://gaokao.chsi.com.cn/zsgs/zhangcheng/1.htm'), item, ctx);
    expect(off.findings).toEqual([finding('OFF_SITE_REDIRECT', { host: 'gaokao.chsi.com.cn' })]);
    expect(codes(inspectPage(redirected('https://gaokao.chsi.com.cn/a.htm'), { ...item, external: true }, ctx).findings)).toEqual([]);
  });
  it('OFF_SITE_REDIRECT does not fire within the university (xxgk → www, http → https)', () => {
    expect(codes(inspectPage(redirected('https://www.demo.edu.cn/xxgk/zc.htm'), item, ctx).findings)).toEqual([]);
    expect(codes(inspectPage(redirected('https://xxgk.demo.edu.cn/a.htm', 'http://xxgk.demo.edu.cn/a.htm'), item, ctx).findings)).toEqual([]);
  });
});

describe('KEYWORDS_MISSING', () => {
  it('fires when no keyword appears in the title or main text (navigation does not count)', () => {
    const html = pageWith('<h2>我校举行田径运动会</h2><p>运动会为期三天，来自各学院的两千余名运动员参加比赛，共设项目四十二项。</p>'.repeat(3), '校园新闻')
      .replace('<li><a href="/zsxx.htm">招生考试信息</a></li>', '<li><a href="/zc.htm">学校章程</a></li>');
    expect(inspectPage(htmlFetch(html), item, ctx).findings).toEqual([finding('KEYWORDS_MISSING', { keywords: '学校章程、制定的各项规章制度' })]);
    expect(codes(inspectPage(htmlFetch(html), { ...item, keywords: ['章程'] }, ctx).findings)).toEqual(['KEYWORDS_MISSING']);
  });
  it('does not fire when a keyword or a 4-character part of a derived term appears', () => {
    const html = pageWith(`<h2>规章制度汇编</h2>${LONG_ARTICLE}`, '规章制度');
    expect(codes(inspectPage(htmlFetch(html), item, ctx).findings)).toEqual([]);
    expect(codes(inspectPage(htmlFetch(goodArticle), { ...item, keywords: ['信息公开'] }, ctx).findings)).toEqual([]);
  });
});

describe('STALE', () => {
  const annual = { ...item, update: 'annual' as const };
  it('fires for an annual item whose dates are all before the period', () => {
    const html = pageWith(`<h2>学校章程</h2><ul><li><a href="/a.htm">学校章程（2019年修订）</a><span>2019/05/20</span></li><li><a href="/b.htm">学校章程</a><span>2021年3月</span></li></ul>${LONG_ARTICLE}`);
    expect(inspectPage(htmlFetch(html), annual, ctx).findings).toEqual([finding('STALE', { reason: 'period', from: '2024-06-16', latest: '2021-03' })]);
    const none = inspectPage(htmlFetch(pageWith(`<h2>学校章程</h2>${LONG_ARTICLE}`)), annual, ctx);
    expect(none.findings).toEqual([finding('STALE', { reason: 'no-date' })]);
  });
  it('does not fire with a date in the period or later, nor for items without freshness', () => {
    expect(codes(inspectPage(htmlFetch(goodArticle), annual, ctx).findings)).toEqual([]);
    const later = pageWith(`<h2>学校章程</h2><p>2025年6月1日</p>${LONG_ARTICLE}`);
    expect(codes(inspectPage(htmlFetch(later), annual, ctx).findings)).toEqual([]);
    const old = pageWith(`<h2>学校章程</h2><p>2019-01-01</p>${LONG_ARTICLE}`);
    expect(codes(inspectPage(htmlFetch(old), item, ctx).findings)).toEqual([]);
  });
  it('does not count a far-future typo or a date in the footer', () => {
    const html = pageWith(`<h2>学校章程</h2><p>2019-01-01 2095-01-01</p>${LONG_ARTICLE}`).replace('Copyright 2025', '更新时间 2025-06-01');
    expect(codes(inspectPage(htmlFetch(html), annual, ctx).findings)).toEqual(['STALE']);
  });
});

describe('BOT_CHALLENGE', () => {
  it('replaces HTTP_ERROR for a 412 瑞数 challenge and skips the content checks', () => {
    const fetch = htmlFetch(`<html><head><script>$_ts=window['$_ts'];if(!$_ts)$_ts={};$_ts.nsd=1;</script></head><body></body></html>`, {
      status: 412,
    });
    expect(inspectPage(fetch, { ...item, update: 'annual' }, ctx).findings).toEqual([finding('BOT_CHALLENGE', { vendor: '瑞数 Rivers Security' })]);
  });
  it('recognises 521 (加速乐), 安全狗, 雷池 and JavaScript challenges', () => {
    const cases: [string, number, Record<string, string>][] = [
      ['<html><body><script>document.cookie="__jsl_clearance_s=1"</script></body></html>', 521, {}],
      ['<html><body>网站防火墙 您的访问被安全狗拦截</body></html>', 403, { server: 'Safedog' }],
      ['<html><body><div id="safeline">请稍候</div></body></html>', 468, {}],
      ['<html><head><title>安全验证</title></head><body>请开启JavaScript并刷新该页</body></html>', 200, {}],
    ];
    for (const [html, status, headers] of cases) {
      const fetch = htmlFetch(html, { status, headers: { 'content-type': 'text/html', ...headers } });
      expect(codes(inspectPage(fetch, item, ctx).findings), html).toEqual(['BOT_CHALLENGE']);
    }
  });
  it('does not fire on a real page that has a <noscript> note or an ordinary 403', () => {
    const html = goodArticle.replace('<body>', '<body><noscript>请开启JavaScript以获得更好的浏览体验</noscript><p>请开启JavaScript</p>');
    expect(codes(inspectPage(htmlFetch(html), item, ctx).findings)).toEqual([]);
    const forbidden = htmlFetch('<html><body><h1>403 Forbidden</h1></body></html>', { status: 403 });
    expect(codes(inspectPage(forbidden, item, ctx).findings)).toEqual(['HTTP_ERROR']);
  });
});

describe('SLOW_RESPONSE', () => {
  it('fires above ctx.slowMs and not below; retry waits do not count', () => {
    expect(inspectPage(htmlFetch(goodArticle, { elapsedMs: 9100 }), item, ctx).findings).toEqual([finding('SLOW_RESPONSE', { seconds: '9.1' })]);
    expect(inspectPage(htmlFetch(goodArticle, { elapsedMs: 7900 }), item, ctx).findings).toEqual([]);
    const retried = htmlFetch(goodArticle, { elapsedMs: 9100, retryWaits: [{ ms: 5000, retryAfter: true }], attempts: 2 });
    expect(inspectPage(retried, item, ctx).findings).toEqual([finding('RETRIED', { retries: 1, retryAfter: 5 })]);
  });
});

describe('PERSONAL_DATA and PERSONAL_DATA_PHONE on the page', () => {
  const on = makeContext({ personalData: { mobileThreshold: 5 } });
  const ids = residentIds(6, 11);
  const phones = mobiles(6, 13);
  const list = makeItem('奖学金获得者名单');

  it('fires on a table of ID numbers and on a list of mobile numbers, with masked samples only', () => {
    const rows = ids.map((id, i) => `<tr><td>${i + 1}</td><td>学生${i}</td><td>${id}</td><td>${phones[i]}</td></tr>`).join('');
    const inspection = inspectPage(htmlFetch(pageWith(`<h2>2025年奖学金获得者名单公示</h2><table>${rows}</table>${LONG_ARTICLE}`)), list, on);
    expect(codes(inspection.findings)).toEqual(['PERSONAL_DATA', 'PERSONAL_DATA_PHONE']);
    expect(inspection.findings[0]!.params).toEqual({ count: 6, samples: ids.slice(0, 3).map(maskNumber).join(', ') });
    expect(JSON.stringify(inspection.findings)).not.toMatch(/\d{11}/);
  });

  it('stays silent on masked lists, an office mobile and landlines, document numbers and a wrong check digit; and when off', () => {
    const rows = ids.map((id, i) => `<tr><td>学生${i}</td><td>${maskNumber(id)}</td><td>${phones[i]!.slice(0, 3)}****${phones[i]!.slice(7)}</td></tr>`).join('');
    const html = pageWith(
      `<h2>奖学金获得者名单</h2><p>依据教办函〔2014〕23号、鄂教办函〔2024〕7号。咨询电话：027-68862345，值班手机 ${phones[0]}；受理编号 ${withWrongCheck(ids[0]!)}。</p><table>${rows}</table>${LONG_ARTICLE}`,
    );
    expect(inspectPage(htmlFetch(html), list, on).findings).toEqual([]);
    const leaking = pageWith(`<h2>奖学金获得者名单</h2><p>${ids.join(' ')}</p>${LONG_ARTICLE}`);
    expect(codes(inspectPage(htmlFetch(leaking), list, ctx).findings)).toEqual([]); // no personalData in the context
  });
});

describe('documents and odd input', () => {
  it('counts a PDF served directly as content, titled by its file name, with no HTML checks', () => {
    // A document has no decoded text: the key is absent, as the fetch stage leaves it.
    const { text: _text, ...pdf } = htmlFetch('', {
      contentType: 'application/octet-stream',
      headers: { 'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent('2024年部门预算.pdf')}` },
      body: Buffer.from('%PDF-1.4'),
    });
    const inspection = inspectPage(pdf, { ...item, update: 'annual' }, ctx);
    expect(inspection.findings).toEqual([]);
    expect(inspection.title).toBe('2024年部门预算.pdf');
    expect(inspection.judgeOwnText).toBe(false);
  });
  it('keeps the fetch findings and collects attachment links from the main area only', () => {
    const html = pageWith(`${LONG_ARTICLE}<p><a href="/_upload/article/files/a/b/预算.pdf">预算.pdf</a> <a href="/system/_content/download.jsp?urltype=news.DownloadAttachUrl&owner=1&wbfileid=2">附件1</a> <a href="/_upload/article/files/a/b/预算.pdf">again</a></p>`)
      .replace('<div class="footer">', '<div class="footer"><a href="/guide.pdf">信息公开指南.pdf</a>');
    const inspection = inspectPage(htmlFetch(html, { attempts: 2, retryWaits: [{ ms: 100, retryAfter: false }] }), makeItem('信息公开', { keywords: ['规范'] }), ctx);
    expect(codes(inspection.findings)).toEqual(['RETRIED']);
    expect(inspection.attachmentLinks).toEqual([
      { url: 'https://xxgk.demo.edu.cn/_upload/article/files/a/b/%E9%A2%84%E7%AE%97.pdf', name: '预算.pdf' },
      { url: 'https://xxgk.demo.edu.cn/system/_content/download.jsp?urltype=news.DownloadAttachUrl&owner=1&wbfileid=2', name: '附件1' },
    ]);
  });
  it('survives deeply nested and malformed HTML', () => {
    const deep = `<html><body>${'<div>'.repeat(50_000)}学校章程${'</div>'.repeat(10)}<p <<>>< & &#xffffff; <a href="http://[bad">x</a>`;
    const inspection = inspectPage(htmlFetch(deep), item, ctx);
    expect(codes(inspection.findings)).not.toContain('INTERNAL_ERROR');
  });
});

describe('a check that throws', () => {
  afterEach(() => {
    CHECKS.splice(CHECKS.findIndex((c) => c.name === 'test-throws'), 1);
  });
  it('becomes INTERNAL_ERROR and the other checks still run', () => {
    CHECKS.unshift({ name: 'test-throws', phase: 'always', run: () => { throw new Error('boom'); } });
    const inspection = inspectPage(htmlFetch(goodArticle, { elapsedMs: 9100 }), item, ctx);
    expect(inspection.findings).toEqual([
      finding('INTERNAL_ERROR', { error: 'test-throws: boom' }),
      finding('SLOW_RESPONSE', { seconds: '9.1' }),
    ]);
  });
});
