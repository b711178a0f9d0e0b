// The pages of the fixture disclosure site, generated from code: a shared layout (header, navigation, sidebar,
// footer) around list pages shaped like 博达 VSB, article pages shaped like 苏迪 WebPlus and VSB, and the broken
// pages a real site has. All text is made up; dates are relative to `now` so the good pages are always current.
import { textPdf } from './documents.js';
import { maskNumber } from '../inspect/personal-data/numbers.js';
import { CATEGORIES, CATEGORY_FOLDERS, FIXTURE_ITEMS, SITE_NAME, UNIVERSITY, type FixtureItem } from './catalogue.js';
import { chinaDay } from '../inspect/dates.js';

const DAY = 86_400_000;

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** A date `days` before `now`, written with `sep` (VSB lists use 2024/05/20, WebPlus 2024-05-20). */
export function daysBefore(now: Date, days: number, sep = '-'): string {
  const d = new Date(now.getTime() - days * DAY);
  return `${d.getUTCFullYear()}${sep}${pad(d.getUTCMonth() + 1)}${sep}${pad(d.getUTCDate())}`;
}

/** A short name for an item: the first segment of its title. */
export function shortTitle(item: FixtureItem): string {
  return item.title.split(/[、，,（(]/)[0]!;
}

export const STYLE_CSS = `
body{margin:0;font-family:"Noto Sans CJK SC","Microsoft YaHei",sans-serif;color:#333;background:#f3f5f8;font-size:15px}
a{color:#0b4f9c;text-decoration:none}a:hover{text-decoration:underline}
.top-links{background:#0b3d77;color:#cfe0f5;font-size:13px;padding:6px 40px;text-align:right}
.top-links a{color:#cfe0f5;margin-left:14px}
.header{background:linear-gradient(90deg,#0b4f9c,#1670c8);color:#fff;padding:26px 40px}
.header .logo{font-size:30px;font-weight:bold;letter-spacing:2px}.header .sub{font-size:14px;opacity:.85;margin-top:4px}
.nav{background:#fff;border-bottom:3px solid #0b4f9c}.nav ul{list-style:none;margin:0;padding:0 30px;display:flex;flex-wrap:wrap}
.nav li a{display:block;padding:12px 14px;color:#0b3d77;font-weight:bold}
.main{display:flex;gap:24px;max-width:1200px;margin:24px auto;padding:0 20px}
.sidebar{width:260px;flex:none;background:#fff;border-top:3px solid #0b4f9c}.sidebar h3{margin:0;padding:12px 16px;background:#eaf1fa;color:#0b3d77}
.sidebar ul{list-style:none;margin:0;padding:8px 16px}.sidebar li{padding:6px 0;border-bottom:1px dashed #ddd;font-size:13px}
.content{flex:1;background:#fff;padding:20px 28px;min-height:420px}
.location{font-size:13px;color:#777;border-bottom:1px solid #e5e5e5;padding-bottom:8px;margin-bottom:16px}
.list h2,.article h1,form h2{color:#0b3d77;font-size:22px}
.list ul{list-style:none;padding:0}.list li{display:flex;justify-content:space-between;padding:9px 0;border-bottom:1px dashed #ddd}
.list li span{color:#888;font-size:13px;white-space:nowrap;margin-left:20px}
.arti_metas,.information{color:#888;font-size:13px;text-align:center}
.wp_articlecontent p,.v_news_content p{text-indent:2em;line-height:1.9}
.attach{background:#f7f9fc;border:1px solid #e1e8f0;padding:10px 18px;margin-top:18px}
.bottom{background:#0b3d77;color:#cfe0f5;text-align:center;padding:16px;font-size:13px;line-height:1.8}
.footer{background:#082c56;color:#8fa9c9;text-align:center;padding:8px;font-size:12px}
.pages{color:#777;font-size:13px;text-align:center;margin-top:14px}
`;

function itemsOf(category: string): FixtureItem[] {
  return FIXTURE_ITEMS.filter((item) => item.category === category);
}

function itemHref(item: FixtureItem): string {
  return item.path ?? '#';
}

/** The shared layout: header and navigation, a sidebar with the category's items, and the footer. */
export function layout(options: { title: string; category: string; column: string; body: string; charset?: string }): string {
  const nav = CATEGORIES.map((c) => `<li><a href="/${CATEGORY_FOLDERS[c]}.htm">${escapeHtml(c)}</a></li>`).join('');
  const side = itemsOf(options.category)
    .map((item) => `<li><a href="${escapeHtml(itemHref(item))}">${escapeHtml(shortTitle(item))}</a></li>`)
    .join('');
  return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=${options.charset ?? 'utf-8'}">
<title>${escapeHtml(options.title)}-${SITE_NAME}</title>
<META Name="SiteName" Content="${SITE_NAME}" />
<META Name="ColumnName" Content="${escapeHtml(options.column)}" />
<!--Announced by Visual SiteBuilder 9-->
<link rel="stylesheet" type="text/css" href="/style.css" />
<script type="text/javascript" src="/system/resource/js/counter.js"></script>
</head>
<body>
<div class="top-links"><a href="/index.htm">学校主页</a><a href="/index.htm">English</a><a href="/index.htm">信息公开意见箱</a><a href="/index.htm">依申请公开</a></div>
<div class="header"><div class="logo">${SITE_NAME}</div><div class="sub">求是创新 · 公开透明 · 依法治校</div></div>
<div class="nav"><ul><li><a href="/index.htm">首页</a></li>${nav}</ul></div>
<div class="main">
<div class="sidebar"><h3>${escapeHtml(options.category)}</h3><ul>${side}</ul></div>
<div class="content">
<div class="location">当前位置：<a href="/index.htm">首页</a> &gt; <a href="/${CATEGORY_FOLDERS[options.category] ?? 'jbxx'}.htm">${escapeHtml(options.category)}</a> &gt; ${escapeHtml(options.column)}</div>
${options.body}
</div>
</div>
<div class="bottom"><p>${UNIVERSITY}信息公开办公室　地址：示例省示例市科技大道 1 号　邮编：430081</p><p>联系电话：027-6886 0000　电子邮箱：xxgk@demo-univ.edu.cn　工作时间：周一至周五 8:00-17:30</p></div>
<div class="footer">版权所有 © ${UNIVERSITY}　示ICP备00000000号　本网站由${UNIVERSITY}信息公开办公室维护</div>
</body>
</html>
`;
}

/** Plausible body paragraphs about an item. */
function paragraphs(item: FixtureItem, year: number): string[] {
  const name = item.title;
  return [
    `为进一步做好${name}的公开工作，根据《高等学校信息公开办法》（教育部令第29号）和《高等学校信息公开事项清单》的要求，结合学校实际，现将我校${year}年度有关情况公布如下。`,
    `学校高度重视${shortTitle(item)}相关工作，由分管校领导牵头，相关职能部门具体负责，按照“谁制作、谁公开，谁保存、谁公开”的原则，及时、准确、完整地发布相关信息，主动接受师生员工和社会公众的监督。`,
    `具体内容详见附件。对公开内容如有疑问，可通过信息公开意见箱或电话与学校信息公开办公室联系，我们将在15个工作日内予以答复。`,
  ];
}

const ENTRY_AGES = [9, 38, 71, 118, 163, 214, 265, 330];

/** A VSB list page with dated entries (`li[id^=line_u]`, dates like 2024/05/20) and a couple of attachments. */
export function vsbListPage(item: FixtureItem, now: Date, options: { ages?: number[]; column?: string } = {}): string {
  const ages = options.ages ?? ENTRY_AGES;
  const name = shortTitle(item);
  const entries = ages
    .map((age, i) => {
      const date = daysBefore(now, age, '/');
      const year = date.slice(0, 4);
      const titles = [`${UNIVERSITY}${year}年${name}`, `关于公布${name}有关情况的通知`, `${name}（${year}年修订）`, `${UNIVERSITY}关于${name}的说明`];
      const title = titles[i % titles.length]!;
      return `<li id="line_u8_${i}"><a href="/info/${1000 + item.no}/${5000 + i}.htm" target="_blank" title="${escapeHtml(title)}">${escapeHtml(title)}</a><span>${date}</span></li>`;
    })
    .join('\n');
  const body = `<div class="list">
<h2>${escapeHtml(options.column ?? item.title)}</h2>
<ul class="news_list">
${entries}
</ul>
<div class="pages">共${ages.length}条　1/1 页</div>
<div class="attach">附件：<a href="/_upload/article/files/${item.no}/${escapeHtml(name)}.pdf">${escapeHtml(name)}.pdf</a>　<a href="/_upload/article/files/${item.no}/${escapeHtml(name)}一览表.xlsx">${escapeHtml(name)}一览表.xlsx</a></div>
</div>`;
  return layout({ title: options.column ?? name, category: item.category, column: name, body });
}

/** A column whose newest entries are a few days old, under a 2019 notice pinned to the top (置顶). */
export function pinnedListPage(item: FixtureItem, now: Date): string {
  const name = shortTitle(item);
  const rows = [3, 17, 40, 76, 130]
    .map((age, i) => {
      const title = [`${UNIVERSITY}2025年专任教师招聘公告`, '中层干部任前公示', '管理岗位公开招聘公告', '专职辅导员招聘公告', '中层干部任免通知'][i]!;
      return `<li id="line_u8_${i + 1}"><a href="/info/${1000 + item.no}/${5100 + i}.htm" title="${title}">${title}</a><span>${daysBefore(now, age, '/')}</span></li>`;
    })
    .join('\n');
  const body = `<div class="list">
<h2>${escapeHtml(item.title)}</h2>
<ul class="news_list">
<li id="line_u8_0" class="top"><a href="/info/${1000 + item.no}/5099.htm" title="关于人员招聘信息发布的说明"><font color="red">[置顶]</font> 关于人员招聘信息发布的说明</a><span>2019/03/01</span></li>
${rows}
</ul>
<div class="pages">共6条　1/1 页</div>
</div>`;
  return layout({ title: name, category: item.category, column: name, body });
}

/** A column whose entries carry no date at all. */
export function undatedListPage(item: FixtureItem): string {
  const name = shortTitle(item);
  const rows = ['本科专业设置一览表', '新增本科专业名单', '停止招生本科专业名单', '本科专业结构调整说明']
    .map((title, i) => `<li id="line_u8_${i}"><a href="/info/${1000 + item.no}/${5200 + i}.htm" title="${UNIVERSITY}${title}">${UNIVERSITY}${title}</a></li>`)
    .join('\n');
  const body = `<div class="list">\n<h2>${escapeHtml(item.title)}</h2>\n<ul class="news_list">\n${rows}\n</ul>\n</div>`;
  return layout({ title: name, category: item.category, column: name, body });
}

/**
 * The annual-report column without the report of the academic year that has just ended: with the reports due on
 * 10-31, the newest report shown is the one of the year before (dated relative to the run, so always one behind).
 */
export function annualReportsPage(item: FixtureItem, now: Date, due = '10-31'): string {
  const today = chinaDay(now);
  const year = Number(today.slice(0, 4));
  const dueYear = `${year}-${due}` <= today ? year : year - 1;
  const rows = [1, 2, 3]
    .map((back, i) => {
      const end = dueYear - back;
      const title = `${UNIVERSITY}${end - 1}-${end}学年信息公开工作年度报告`;
      return `<li id="line_u8_${i}"><a href="/info/${1000 + item.no}/${5300 + i}.htm" title="${title}">${title}</a><span>${end}/10/2${i}</span></li>`;
    })
    .join('\n');
  const body = `<div class="list">\n<h2>${escapeHtml(item.title)}</h2>\n<ul class="news_list">\n${rows}\n</ul>\n</div>`;
  return layout({ title: shortTitle(item), category: item.category, column: shortTitle(item), body });
}

/** A WebPlus article page (`.wp_articlecontent`, `arti_metas` with the date, `/_upload/article/files/` attachment). */
export function webplusArticlePage(item: FixtureItem, now: Date): string {
  const date = daysBefore(now, 47);
  const year = Number(date.slice(0, 4));
  const body = `<div class="article" frag="窗口3" portletmode="simpleArticleAttri">
<h1 class="arti_title">${escapeHtml(item.title)}</h1>
<p class="arti_metas"><span class="arti_update">发布时间：${date}</span>　<span class="arti_views">浏览次数：<span class="WP_VisitCount">1${item.no}6</span></span></p>
<div class="entry"><div class="read"><div class='wp_articlecontent'>
${paragraphs(item, year).map((p) => `<p>${escapeHtml(p)}</p>`).join('\n')}
<p><a href="/_upload/article/files/${item.no}/${escapeHtml(shortTitle(item))}.docx" sudyfile-attr="{'title':'${escapeHtml(shortTitle(item))}.docx'}">${escapeHtml(shortTitle(item))}.docx</a></p>
</div></div></div>
</div>`;
  return layout({ title: shortTitle(item), category: item.category, column: shortTitle(item), body });
}

/** The VSB download.jsp address of an attachment (its file name is only in Content-Disposition). */
export function vsbDownloadPath(owner: number, fileId: number): string {
  return `/system/_content/download.jsp?urltype=news.DownloadAttachUrl&owner=${owner}&wbfileid=${fileId}`;
}

/** A VSB article page (`#vsb_content .v_news_content`) with a download.jsp attachment. */
export function vsbArticlePage(item: FixtureItem, now: Date, extraAttachments = ''): string {
  const date = daysBefore(now, 23);
  const year = Number(date.slice(0, 4));
  const download = vsbDownloadPath(1852176512, 9000 + item.no);
  const body = `<form name="_newscontent_fromname">
<h2 class="title">${escapeHtml(item.title)}</h2>
<h4 class="information">发布时间：${date}　　浏览量：<script>_showDynClicks("wbnews", 1852176512, ${item.no})</script>次</h4>
<div class="content"><div id="vsb_content"><div class="v_news_content">
${paragraphs(item, year).map((p) => `<p>${escapeHtml(p)}</p>`).join('\n')}
</div></div></div>
<ul class="attach" style="list-style:none">
<li>附件【<a href="${escapeHtml(download)}" target="_blank">${escapeHtml(shortTitle(item))}实施细则.pdf</a>】已下载<span>12</span>次</li>
${extraAttachments}
</ul>
</form>`;
  return layout({ title: shortTitle(item), category: item.category, column: shortTitle(item), body });
}

/** A page with only the column title besides the shared layout: empty once the shared text is set aside. */
export function blankPage(item: FixtureItem): string {
  return layout({ title: shortTitle(item), category: item.category, column: shortTitle(item), body: `<div class="list"><h2>${escapeHtml(shortTitle(item))}</h2></div>` });
}

export function placeholderPage(item: FixtureItem): string {
  const body = `<div class="list"><h2>${escapeHtml(item.title)}</h2><div class="list-con"><p>暂无内容</p></div></div>`;
  return layout({ title: item.title, category: item.category, column: item.title, body });
}

export function emptyListPage(item: FixtureItem): string {
  const body = `<div class="list"><h2>${escapeHtml(item.title)}</h2>\n<ul class="news_list">\n</ul>\n<div class="pages">共0条</div></div>`;
  return layout({ title: item.title, category: item.category, column: item.title, body });
}

/** VSB's stock error page, answered with status 200. */
export function soft404Page(): string {
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>页面不存在</title></head>
<body style="text-align:center;font-family:sans-serif;padding-top:80px">
<h2>抱歉，您访问的页面不存在或已被删除！</h2>
<p><a href="/index.htm">返回首页</a></p>
</body></html>`;
}

/** A real 404 page (status 404). */
export function notFoundPage(): string {
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>404 Not Found</title></head><body><center><h1>404 Not Found</h1></center><hr><center>nginx</center></body></html>`;
}

export function serverErrorPage(): string {
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>500 Internal Server Error</title></head><body><h1>HTTP Status 500 – Internal Server Error</h1><p>java.lang.NullPointerException</p></body></html>`;
}

/** The CAS login page a VSB login wall ends on. */
export function casLoginPage(): string {
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>统一身份认证平台</title></head>
<body><div class="login-box"><h2>${UNIVERSITY}统一身份认证</h2>
<form method="post" action="/authserver/login"><p><input type="text" name="username" placeholder="学号/工号"></p>
<p><input type="password" name="password" placeholder="密码"></p><p><button type="submit">登录</button></p></form>
<p>忘记密码？请联系网络与信息中心</p></div></body></html>`;
}

/** A 瑞数-style challenge (status 412): a `$_ts` script and no content. */
export function challengePage(): string {
  return `<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"><meta http-equiv="Pragma" content="no-cache"><script type="text/javascript">$_ts=window['$_ts'];if(!$_ts)$_ts={};$_ts.nsd=71023;$_ts.cd="qjrqrrAlDGGEcGqcqxAqrrAlcGGqqGVlqGqqqqAlDGqGcqGqqqqqqqqqkGa";</script><script type="text/javascript" charset="utf-8" src="/4QbVtADbnLVIc/c.FxJzG50F.dfe1675.js" r='m'></script></head><body></body></html>`;
}

/** An off-topic page: sports news where the item's page should be. */
export function offTopicPage(item: FixtureItem, now: Date): string {
  const date = daysBefore(now, 15);
  const body = `<div class="article"><h1 class="arti_title">我校第六十届田径运动会隆重开幕</h1>
<p class="arti_metas"><span class="arti_update">发布时间：${date}</span></p>
<div class='wp_articlecontent'>
<p>秋高气爽，丹桂飘香。${UNIVERSITY}第六十届田径运动会在东区体育场隆重开幕，来自各院系的两千余名运动员参加了开幕式。</p>
<p>开幕式上，各代表队依次入场，精神饱满、步伐整齐。运动会为期三天，共设男女田径项目四十二项，另有拔河、跳绳等群众性体育项目。</p>
<p>本届运动会以“健康校园、活力青春”为主题，旨在推动阳光体育运动，增强广大师生体质。</p>
</div></div>`;
  return layout({ title: '我校第六十届田径运动会隆重开幕', category: item.category, column: '校园新闻', body });
}

/** The home page: the category index with every item. */
export function homePage(now: Date): string {
  const sections = CATEGORIES.map((category) => {
    const rows = FIXTURE_ITEMS.filter((item) => item.category === category)
      .map((item) => `<li><a href="${escapeHtml(itemHref(item))}">${escapeHtml(shortTitle(item))}</a><span>${daysBefore(now, 10 + item.no, '-')}</span></li>`)
      .join('');
    return `<h3>${escapeHtml(category)}</h3><ul>${rows}</ul>`;
  }).join('\n');
  return layout({
    title: '首页',
    category: '基本信息',
    column: '信息公开目录',
    body: `<div class="list"><h2>信息公开目录</h2><p>根据《高等学校信息公开办法》，${UNIVERSITY}主动公开以下信息。</p>${sections}</div>`,
  });
}

/** A category index page (/jbxx.htm …): the category's items. */
export function categoryPage(category: string, now: Date): string {
  const rows = itemsOf(category)
    .map((item) => `<li><a href="${escapeHtml(itemHref(item))}">${escapeHtml(shortTitle(item))}</a><span>${daysBefore(now, 20 + item.no)}</span></li>`)
    .join('');
  return layout({ title: category, category, column: category, body: `<div class="list"><h2>${escapeHtml(category)}</h2><ul>${rows}</ul></div>` });
}

/** A generic article for the list entries (/info/NNNN/NNNN.htm). */
export function genericArticlePage(column: number, id: number, now: Date): string {
  const item = FIXTURE_ITEMS.find((i) => i.no === column - 1000) ?? FIXTURE_ITEMS[0]!;
  return vsbArticlePage({ ...item, title: `${shortTitle(item)}（第${id - 4999}号）` }, now);
}

/** A small PDF with a text layer naming the document. */
export function pdfBytes(title: string): Buffer {
  return textPdf([[`Demo University of Science and Technology`, `Document: ${title}`, 'Published on the information disclosure site.']]);
}

/** A list page of people done right: the table shows ID and mobile numbers masked, and links the masked workbook. */
export function maskedListPage(item: FixtureItem, now: Date, people: { name: string; major: string; id: string; mobile: string; score: number }[]): string {
  const name = shortTitle(item);
  const rows = people
    .map((p, i) => `<tr><td>${i + 1}</td><td>${escapeHtml(p.name)}</td><td>${escapeHtml(p.major)}</td><td>${p.score}</td><td>${maskNumber(p.id)}</td><td>${p.mobile.slice(0, 3)}****${p.mobile.slice(7)}</td></tr>`)
    .join('\n');
  const body = `<div class="article">
<h1>${escapeHtml(UNIVERSITY)}${daysBefore(now, 30).slice(0, 4)}年${escapeHtml(name)}公示</h1>
<p class="date">发布时间：${daysBefore(now, 30)}</p>
<p>现将本年度获奖学生名单公示如下（身份证号、手机号已按规定隐去中间部分）。公示期内如有异议，请与学生工作部联系，电话：027-68862345。</p>
<table class="list"><tr><th>序号</th><th>姓名</th><th>专业</th><th>成绩</th><th>身份证号</th><th>联系电话</th></tr>
${rows}
</table>
<div class="attach">附件：<a href="/_upload/article/files/${item.no}/${escapeHtml(name)}一览表.xlsx">${escapeHtml(name)}一览表.xlsx</a></div>
</div>`;
  return layout({ title: name, category: item.category, column: name, body });
}
