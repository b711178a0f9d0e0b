// The benchmark's load site, as pure functions: which page lives on which origin, what status it answers,
// what its HTML looks like, the checklists that list the pages, and the physical time limit T_limit of a run.
// The server (bench/site-server.ts) and the harness (bench/run.ts) both build on this file, so the harness
// knows in advance exactly what the server will answer.

/** Shape of the load site. */
export interface SiteParams {
  /** Number of item pages (checklist URLs). */
  pages: number;
  /** Number of origins (separate ports on 127.0.0.1). */
  origins: number;
  /** Delay of every response, in ms. */
  latencyMs: number;
}

export type PageStatus = 200 | 404 | 500;

/** Share of pages that answer 404 (spread over the whole checklist). */
export const SHARE_404 = 0.03;
/**
 * Share of pages that answer 500 on every attempt. They sit in the first tenth of the checklist so that the
 * backoff waits of their retries end long before the run does (a 500 at the very end would add the whole
 * backoff to the wall time, which no scheduler can avoid and which would say nothing about throughput).
 */
export const SHARE_500 = 0.01;
/** Share of 200 pages that link one attachment (a PDF served by the same origin). */
export const SHARE_ATTACHMENT = 0.05;

/** A 32-bit integer hash (splitmix-like), stable across runs: the site is the same every time. */
export function hash32(n: number): number {
  let x = (n ^ 0x9e3779b9) >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b) >>> 0;
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35) >>> 0;
  return (x ^ (x >>> 16)) >>> 0;
}

/** The status page `index` (0-based) answers, on every attempt. */
export function pageStatus(index: number, pages: number): PageStatus {
  const h = hash32(index) % 10_000;
  if (h < SHARE_404 * 10_000) return 404;
  // 500s: 10 % of the first tenth of the pages = SHARE_500 of all pages.
  if (index < pages / 10 && h < (SHARE_404 + SHARE_500 * 10) * 10_000) return 500;
  return 200;
}

/** Whether page `index` (a 200 page) links an attachment. */
export function pageHasAttachment(index: number, pages: number): boolean {
  return pageStatus(index, pages) === 200 && hash32(index + 0x5bd1e995) % 10_000 < SHARE_ATTACHMENT * 10_000;
}

/** The origin (0-based) that serves page `index`. */
export function originOf(index: number, origins: number): number {
  return index % origins;
}

// ───────────────────────────── the checklist's vocabulary ─────────────────────────────

/** The ten categories of the Ministry's checklist, with a URL slug and a few of their items (short titles). */
export const CATEGORIES: { name: string; slug: string; items: { title: string; slug: string }[] }[] = [
  {
    name: '基本信息',
    slug: 'jbxx',
    items: [
      { title: '学校章程及制定的各项规章制度', slug: 'xxzc' },
      { title: '教职工代表大会相关制度、工作报告', slug: 'jdh' },
      { title: '学术委员会相关制度、年度报告', slug: 'xswyh' },
      { title: '学校发展规划、年度工作计划', slug: 'fzgh' },
      { title: '信息公开年度报告', slug: 'ndbg' },
    ],
  },
  {
    name: '招生考试信息',
    slug: 'zsks',
    items: [
      { title: '招生章程及特殊类型招生办法', slug: 'zszc' },
      { title: '考生个人录取信息查询渠道和办法', slug: 'lqcx' },
      { title: '研究生招生简章、招生专业目录', slug: 'yjszs' },
      { title: '拟录取研究生名单', slug: 'nlq' },
    ],
  },
  {
    name: '财务、资产及收费信息',
    slug: 'cwzc',
    items: [
      { title: '财务、资产管理制度', slug: 'cwzd' },
      { title: '受捐赠财产的使用与管理情况', slug: 'jzcc' },
      { title: '收费项目、收费依据、收费标准及投诉方式', slug: 'sfxm' },
      { title: '收支预算总表、收入预算表、支出预算表', slug: 'yusuan' },
    ],
  },
  {
    name: '人事师资信息',
    slug: 'rssz',
    items: [
      { title: '校级领导干部社会兼职情况', slug: 'shjz' },
      { title: '岗位设置管理与聘用办法', slug: 'gwsz' },
      { title: '教职工争议解决办法', slug: 'zyjj' },
    ],
  },
  {
    name: '教学质量信息',
    slug: 'jxzl',
    items: [
      { title: '专业设置、当年新增专业、停招专业名单', slug: 'zysz' },
      { title: '毕业生的规模、结构、就业率、就业流向', slug: 'bysjy' },
      { title: '本科教学质量报告', slug: 'jxzlbg' },
    ],
  },
  {
    name: '学生管理服务信息',
    slug: 'xsgl',
    items: [
      { title: '学籍管理办法', slug: 'xjgl' },
      { title: '学生奖学金、助学金、学费减免的申请与管理规定', slug: 'jzxj' },
      { title: '学生申诉办法', slug: 'xsss' },
    ],
  },
  {
    name: '学风建设信息',
    slug: 'xfjs',
    items: [
      { title: '学风建设机构', slug: 'xfjg' },
      { title: '学术不端行为查处机制', slug: 'xsbd' },
    ],
  },
  {
    name: '学位、学科信息',
    slug: 'xwxk',
    items: [
      { title: '授予博士、硕士、学士学位的基本要求', slug: 'xwyq' },
      { title: '新增硕士、博士学位授权学科审核办法', slug: 'xzsq' },
    ],
  },
  {
    name: '对外交流与合作信息',
    slug: 'dwjl',
    items: [
      { title: '中外合作办学情况', slug: 'zwhz' },
      { title: '来华留学生管理相关规定', slug: 'lhlx' },
    ],
  },
  {
    name: '其他',
    slug: 'qt',
    items: [
      { title: '巡视组反馈意见及整改情况', slug: 'xszg' },
      { title: '突发事件的应急处理预案和处置情况', slug: 'yjya' },
    ],
  },
];

/** Items of all categories in checklist order: page `index` is item `index % ALL_ITEMS.length` of its round. */
const ALL_ITEMS = CATEGORIES.flatMap((category, c) => category.items.map((item) => ({ ...item, c })));

/** What page `index` is about: its category, its item title and the path it is served at. */
export function pageSubject(index: number): { category: string; categorySlug: string; title: string; path: string } {
  const item = ALL_ITEMS[index % ALL_ITEMS.length]!;
  const round = Math.floor(index / ALL_ITEMS.length) + 1;
  const category = CATEGORIES[item.c]!;
  return {
    category: category.name,
    categorySlug: category.slug,
    title: `${item.title}（第${round}批）`,
    path: `/kjfw/${category.slug}/${item.slug}_${index}.htm`,
  };
}

/** The page index a request path names, or undefined for paths that are not item pages. */
export function pageIndexOfPath(path: string): number | undefined {
  const m = /^\/kjfw\/[a-z]+\/[a-z]+_(\d+)\.htm$/.exec(path);
  return m ? Number(m[1]) : undefined;
}

/** The path of page `index`'s attachment. */
export function attachmentPath(index: number): string {
  return `/__local/${(hash32(index) % 256).toString(16).padStart(2, '0')}/fj_${index}.pdf`;
}

/** The page index an attachment path names, or undefined. */
export function pageIndexOfAttachment(path: string): number | undefined {
  const m = /^\/__local\/[0-9a-f]{2}\/fj_(\d+)\.pdf$/.exec(path);
  return m ? Number(m[1]) : undefined;
}

/** The reporting period the generated checklists declare; every list page shows dates inside it. */
export const PERIOD = { from: '2025-09-01', to: '2026-08-31' } as const;

// ───────────────────────────── pages ─────────────────────────────

const ENTRY_WORDS = [
  '关于印发',
  '关于公布',
  '关于做好',
  '关于开展',
  '关于调整',
  '关于进一步加强',
  '关于修订',
  '关于公示',
];
const ENTRY_TOPICS = [
  '实施细则的通知',
  '管理办法的通知',
  '工作安排的通知',
  '结果的公示',
  '有关事项的说明',
  '年度报告',
  '工作方案',
  '专项检查情况的通报',
];

/** A date inside PERIOD, picked from `seed`. */
function periodDate(seed: number): string {
  const from = Date.parse(`${PERIOD.from}T00:00:00Z`);
  const to = Date.parse(`${PERIOD.to}T00:00:00Z`);
  const day = 86_400_000;
  const t = from + (seed % Math.floor((to - from) / day)) * day;
  return new Date(t).toISOString().slice(0, 10);
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[ch]!);
}

/** Inline style and script that every page of a VSB site carries (shared by all pages, about 14 KB). */
const SHARED_HEAD = (() => {
  const rules: string[] = [];
  for (let i = 0; i < 120; i++) {
    rules.push(
      `.list-${i} li a{color:#333;font-size:14px;line-height:36px;padding-left:12px;background:url(/images/dot.png) no-repeat left center}`,
    );
  }
  const script: string[] = [];
  for (let i = 0; i < 40; i++) {
    script.push(
      `function _vsb_fn${i}(el){if(!el){return;}var s=el.getAttribute("data-v${i}")||"";el.setAttribute("title",s.replace(/\\s+/g," "));}`,
    );
  }
  return `<style type="text/css">${rules.join('\n')}</style>\n<script type="text/javascript">${script.join('\n')}</script>\n`;
})();

const NAV = (() => {
  const links = CATEGORIES.map((c) => `<li><a href="/${c.slug}.htm" title="${c.name}">${c.name}</a></li>`).join('');
  return `<div class="nav"><ul><li><a href="/index.htm">首页</a></li>${links}<li><a href="/ysqgk.htm">依申请公开</a></li></ul></div>\n`;
})();

function footer(origin: number): string {
  return (
    `<div class="footer"><div class="inner"><p>版权所有 © 测试大学${origin + 1}号 信息公开办公室　地址：湖北省武汉市测试区学府路${origin + 1}号　邮编：430000</p>` +
    `<p>联系电话：027-6886${String(origin).padStart(4, '0')}　电子邮箱：xxgk${origin + 1}@example.edu.cn　鄂ICP备0500000${origin % 10}号</p>` +
    `<p>信息公开监督电话：027-6886${String(origin + 1000).padStart(4, '0')}　<a href="/ysqgk.htm">依申请公开</a>　<a href="/sitemap.htm">网站地图</a></p></div></div>\n` +
    `<script type="text/javascript">_jsq_(1001,'/list.jsp',-1,1588800000)</script>\n`
  );
}

/**
 * HTML of item page `index` answering 200: a VSB-like column list page of about 30 KB (UTF-8) with nav,
 * breadcrumb, the item's own heading and description, a list of dated entries, pagination and footer.
 */
export function renderPage(index: number, params: SiteParams): string {
  const origin = originOf(index, params.origins);
  const subject = pageSubject(index);
  const title = escapeHtml(subject.title);
  const entries: string[] = [];
  const seed = hash32(index);
  for (let e = 0; e < 36; e++) {
    const s = hash32(seed + e);
    const text = `${ENTRY_WORDS[s % ENTRY_WORDS.length]}${subject.title.replace(/（.*$/, '')}${ENTRY_TOPICS[(s >>> 8) % ENTRY_TOPICS.length]}`;
    entries.push(
      `<li id="line_u8_${e}"><a href="/info/10${(s % 90) + 10}/${(s >>> 4) % 90_000 + 10_000}.htm" target="_blank" title="${escapeHtml(text)}">${escapeHtml(text)}</a><span class="date">${periodDate(s >>> 3)}</span></li>`,
    );
  }
  const attachment = pageHasAttachment(index, params.pages)
    ? `<p class="fj">附件：<a href="${attachmentPath(index)}">${title}.pdf</a></p>`
    : '';
  return (
    `<!DOCTYPE html>\n<html><head>\n<meta http-equiv="Content-Type" content="text/html; charset=UTF-8">\n` +
    `<title>${title}-测试大学${origin + 1}号信息公开网</title>\n` +
    `<meta name="keywords" content="信息公开,${escapeHtml(subject.category)}">\n` +
    `<!--Announced by Visual SiteBuilder 9-->\n${SHARED_HEAD}</head>\n<body>\n` +
    `<div class="header"><div class="logo"><a href="/index.htm"><img src="/images/logo.png" alt="测试大学${origin + 1}号信息公开网"></a></div></div>\n` +
    NAV +
    `<div class="main"><div class="left"><h3>${escapeHtml(subject.category)}</h3></div>\n` +
    `<div class="right"><div class="position">当前位置：<a href="/index.htm">首页</a> &gt; <a href="/${subject.categorySlug}.htm">${escapeHtml(subject.category)}</a> &gt; ${title}</div>\n` +
    `<h2 class="item-title">${title}</h2>\n` +
    `<div class="intro"><p>根据《高等学校信息公开办法》和《高等学校信息公开事项清单》的要求，现将${title}有关信息予以公开。` +
    `本栏目由学校相关职能部门负责维护，内容随工作进展及时更新，欢迎师生员工和社会各界监督。</p>${attachment}</div>\n` +
    `<div class="list-${index % 120}"><ul>\n${entries.join('\n')}\n</ul></div>\n` +
    `<div class="pb_sys_common"><span class="p_t">共${36 + (seed % 200)}条</span> <span class="p_pages"><span class="p_first_d">首页</span><span class="p_prev_d">上页</span><span class="p_no_d">1</span><span class="p_no"><a href="?a2t=2">2</a></span><span class="p_next"><a href="?a2t=2">下页</a></span></span></div>\n` +
    `</div></div>\n` +
    footer(origin) +
    `</body></html>\n`
  );
}

/** The 404 page of the site's CMS (small, says so in Chinese). */
export function renderNotFound(): string {
  return '<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>404 页面不存在</title></head><body><h1>404</h1><p>抱歉，您访问的页面不存在或已被删除。</p><p><a href="/index.htm">返回首页</a></p></body></html>\n';
}

/** The 500 page of the site's application server. */
export function renderServerError(): string {
  return '<!DOCTYPE html>\n<html><head><title>500 Internal Server Error</title></head><body><h1>HTTP Status 500 – Internal Server Error</h1><p>服务器内部错误</p></body></html>\n';
}

/** A small valid PDF, served for every attachment. */
export const ATTACHMENT_PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n' +
    '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
  'latin1',
);

// ───────────────────────────── checklists ─────────────────────────────

/** YAML of a string scalar (double-quoted, so that titles with colons or full-width marks stay strings). */
function yamlString(text: string): string {
  return JSON.stringify(text);
}

/**
 * Schema-1 checklists listing every page: one checklist per origin (one "university" per site), each with the
 * origin's pages as items in page order, grouped by category. `baseUrls[o]` is origin o's `http://127.0.0.1:port`.
 */
export function buildChecklists(params: SiteParams, baseUrls: readonly string[]): { name: string; yaml: string }[] {
  const out: { name: string; yaml: string }[] = [];
  for (let o = 0; o < params.origins; o++) {
    const byCategory = new Map<string, string[]>();
    let no = 0;
    for (let i = o; i < params.pages; i += params.origins) {
      const subject = pageSubject(i);
      no++;
      const lines = byCategory.get(subject.category) ?? [];
      lines.push(`      - no: ${no}\n        title: ${yamlString(subject.title)}\n        url: ${baseUrls[o]}${subject.path}`);
      byCategory.set(subject.category, lines);
    }
    const categories = [...byCategory].map(([name, items]) => `  - name: ${yamlString(name)}\n    items:\n${items.join('\n')}`);
    out.push({
      name: `load-${String(o + 1).padStart(2, '0')}.yaml`,
      yaml:
        `# Generated by bench/ for a benchmark run; the site is a loopback load site, not a real university.\n` +
        `schema: 1\ninstitution: ${yamlString(`测试大学${o + 1}号`)}\n` +
        `period:\n  from: ${PERIOD.from}\n  to: ${PERIOD.to}\n` +
        `categories:\n${categories.join('\n')}\n`,
    });
  }
  return out;
}

// ───────────────────────────── the physical limit ─────────────────────────────

/**
 * The fastest any checker can finish, in ms, when every response takes `latencyMs`: the requests cannot go
 * faster than `concurrency` at a time over all origins, nor `perHost` at a time on one origin.
 * T_limit = max(R·L / C, max over origins of R_o·L / P), R = requests (page fetches, retries, attachment checks).
 */
export function tLimitMs(requestsPerOrigin: readonly number[], latencyMs: number, concurrency: number, perHost: number): number {
  let total = 0;
  let busiest = 0;
  for (const r of requestsPerOrigin) {
    total += r;
    busiest = Math.max(busiest, r);
  }
  return Math.max((total * latencyMs) / concurrency, (busiest * latencyMs) / perHost);
}

/**
 * The requests a checker that checks every page, retries every 500 `retries` times and checks each attachment
 * with one request must make, per origin.
 */
export function plannedRequests(params: SiteParams, retries: number, checksAttachments: boolean): number[] {
  const perOrigin = new Array<number>(params.origins).fill(0);
  for (let i = 0; i < params.pages; i++) {
    const o = originOf(i, params.origins);
    const status = pageStatus(i, params.pages);
    perOrigin[o]! += status === 500 ? 1 + retries : 1;
    if (checksAttachments && pageHasAttachment(i, params.pages)) perOrigin[o]! += 1;
  }
  return perOrigin;
}
