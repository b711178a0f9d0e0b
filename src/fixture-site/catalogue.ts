// The fictional university's checklist: the Ministry of Education's 50 items (教办函〔2014〕23号), each published on
// a page of the fixture site whose kind says what the checker should find there. checklists/demo-university.yaml
// is rendered from this table (test/inspect/fixture-site.test.ts keeps the two in step).
import type { FindingCode, UpdateDeadline } from '../types.js';

export const UNIVERSITY = '示例理工大学';
export const SITE_NAME = '示例理工大学信息公开网';

/** What a page of the fixture site is, and so what xxgk-check should report for it. */
export type PageKind =
  | 'vsb-list' // good: 博达 VSB list page, recent dated entries, a couple of attachments
  | 'webplus-article' // good: 苏迪 WebPlus article page
  | 'vsb-article' // good: VSB article page with a download.jsp attachment (name only in Content-Disposition)
  | 'gbk' // good: GBK page, charset only in <meta>
  | 'pdf' // good: the item URL serves a PDF directly
  | 'many-attachments' // good, ATTACHMENTS_CAPPED: 55 attachments
  | 'slow' // good, SLOW_RESPONSE
  | 'flaky' // good, RETRIED: 503 with Retry-After on every other request
  | 'big' // good, BODY_TRUNCATED: a page larger than 10 MiB
  | 'external-ok' // good: redirects to another host, item marked external
  | 'pinned-list' // good: a 2019 entry pinned to the top (置顶) over entries a few days old
  | 'no-dates' // STALE: a column whose entries carry no date (未注明信息发布时间，视为不更新)
  | 'stale-soon' // STALE_SOON: an annual column whose newest entry is 345 days old
  | 'annual-missing' // STALE: the annual-report column lacks the report of the year just ended (due 10-31)
  | 'masked-list' // good: a list of people with ID and mobile numbers masked, on the page and in its XLSX
  | 'personal-data' // PERSONAL_DATA + PERSONAL_DATA_PHONE: a list page whose XLSX shows full ID and mobile numbers
  | 'blank' // EMPTY_PAGE (cross-page): only the column title besides the shared layout
  | 'placeholder' // EMPTY_PAGE: 暂无内容
  | 'empty-list' // EMPTY_PAGE: list container with no entries
  | 'soft-404' // SOFT_404
  | 'login' // LOGIN_REQUIRED: 302 to VSB caslogin.jsp, then to a CAS login page
  | 'home' // REDIRECTED_HOME
  | 'off-site' // OFF_SITE_REDIRECT
  | 'stale' // STALE: annual item with dates only years before
  | 'off-topic' // KEYWORDS_MISSING
  | 'broken-attachment' // BROKEN_ATTACHMENT: a 404 PDF and a .docx link that serves an HTML error page
  | 'challenge' // BOT_CHALLENGE: 412 with a 瑞数-style $_ts script
  | 'challenge-202' // BOT_CHALLENGE: the same script-only shell answered 202 (older 瑞数 versions)
  | 'not-found' // HTTP_ERROR 404
  | 'server-error' // HTTP_ERROR 500
  | 'loop' // TOO_MANY_REDIRECTS
  | 'bad-redirect' // BAD_REDIRECT (Location: javascript:…)
  | 'reset' // CONNECTION_ERROR (socket destroyed)
  | 'tls' // TLS_ERROR: redirect to the fixture's self-signed HTTPS origin
  | 'hang' // TIMEOUT: never answers
  | 'dns' // DNS_ERROR: a host under the reserved .invalid TLD
  | 'none'; // NO_LINK: url 无

export interface FixtureItem {
  no: number;
  category: string;
  title: string;
  kind: PageKind;
  /** Path on the fixture site (relative URL in the checklist); absent for `none` and `dns`. */
  path?: string;
  /** Extra URLs of the item (paths of the fixture site). */
  morePaths?: string[];
  keywords?: string[];
  /** The item's update deadline (`update:` in the checklist) and, for `annual`, its yearly due day. */
  update?: UpdateDeadline;
  due?: string;
  external?: boolean;
}

const C1 = '基本信息';
const C2 = '招生考试信息';
const C3 = '财务、资产及收费信息';
const C4 = '人事师资信息';
const C5 = '教学质量信息';
const C6 = '学生管理服务信息';
const C7 = '学风建设信息';
const C8 = '学位、学科信息';
const C9 = '对外交流与合作信息';
const C10 = '其他';

export const CATEGORIES = [C1, C2, C3, C4, C5, C6, C7, C8, C9, C10];

/** Column codes of the fixture site, one per category (VSB-style folder names). */
export const CATEGORY_FOLDERS: Record<string, string> = {
  [C1]: 'jbxx', [C2]: 'zsksxx', [C3]: 'cwzcsfxx', [C4]: 'rsszxx', [C5]: 'jxzlxx',
  [C6]: 'xsglfwxx', [C7]: 'xfjsxx', [C8]: 'xwxkxx', [C9]: 'dwjlhzxx', [C10]: 'qt',
};

export const DNS_FAILURE_URL = 'http://xxgk.demo-university.invalid/xwxkxx/tdxlrz.htm';

export const FIXTURE_ITEMS: FixtureItem[] = [
  { no: 1, category: C1, title: '办学规模、校级领导班子简介及分工、学校机构设置、学科情况、专业情况、各类在校生情况、教师和专业技术人员数量等办学基本情况', kind: 'vsb-list', path: '/jbxx/bxjbqk.htm', update: 'annual' },
  { no: 2, category: C1, title: '学校章程及制定的各项规章制度', kind: 'vsb-list', path: '/jbxx/xxzc.htm', update: 'none' },
  { no: 3, category: C1, title: '教职工代表大会相关制度、工作报告', kind: 'gbk', path: '/jbxx/jdh.htm', update: 'annual' },
  { no: 4, category: C1, title: '学术委员会相关制度、年度报告', kind: 'blank', path: '/jbxx/xswyh.htm', update: 'annual' },
  { no: 5, category: C1, title: '学校发展规划、年度工作计划及重点工作安排', kind: 'webplus-article', path: '/2025/0310/c1005a20501/page.htm', update: 'annual' },
  { no: 6, category: C1, title: '信息公开年度报告', kind: 'annual-missing', path: '/jbxx/xxgkndbg.htm', update: 'annual', due: '10-31' },
  { no: 7, category: C2, title: '招生章程及特殊类型招生办法，分批次、分科类招生计划', kind: 'home', path: '/zsksxx/zszc.htm', update: 'annual' },
  { no: 8, category: C2, title: '保送、自主选拔录取、高水平运动员和艺术特长生招生等特殊类型招生入选考生资格及测试结果', kind: 'personal-data', path: '/zsksxx/tslxzs.htm', update: 'annual' },
  { no: 9, category: C2, title: '考生个人录取信息查询渠道和办法，分批次、分科类录取人数和录取最低分', kind: 'external-ok', path: '/zsksxx/lqcx.htm', external: true, update: 'annual' },
  { no: 10, category: C2, title: '招生咨询及考生申诉渠道，新生复查期间有关举报、调查及处理结果', kind: 'webplus-article', path: '/2025/0402/c1010a20502/page.htm', update: 'annual' },
  { no: 11, category: C2, title: '研究生招生简章、招生专业目录、复试录取办法，各院（系、所）或学科、专业招收研究生人数', kind: 'off-site', path: '/zsksxx/yjszsjz.htm', update: 'annual' },
  { no: 12, category: C2, title: '参加研究生复试的考生成绩', kind: 'login', path: '/info/1012/3012.htm', update: 'annual' },
  { no: 13, category: C2, title: '拟录取研究生名单', kind: 'stale-soon', path: '/zsksxx/nlqyjsmd.htm', update: 'annual' },
  { no: 14, category: C2, title: '研究生招生咨询及申诉渠道', kind: 'webplus-article', path: '/2025/0415/c1014a20503/page.htm', update: 'annual' },
  { no: 15, category: C3, title: '财务、资产管理制度', kind: 'vsb-list', path: '/cwzcsfxx/cwzcglzd.htm', update: 'none' },
  { no: 16, category: C3, title: '受捐赠财产的使用与管理情况', kind: 'server-error', path: '/cwzcsfxx/sjzcc.htm', update: 'annual' },
  { no: 17, category: C3, title: '校办企业资产、负债、国有资产保值增值等信息', kind: 'webplus-article', path: '/2025/0520/c1017a20504/page.htm', update: 'annual' },
  { no: 18, category: C3, title: '仪器设备、图书、药品等物资设备采购和重大基建工程的招投标', kind: 'many-attachments', path: '/cwzcsfxx/ztb.htm', update: '6m' },
  { no: 19, category: C3, title: '收支预算总表、收入预算表、支出预算表、财政拨款支出预算表', kind: 'pdf', path: '/_upload/article/files/9a/3c/budget/bmys.pdf', update: 'annual' },
  { no: 20, category: C3, title: '收支决算总表、收入决算表、支出决算表、财政拨款支出决算表', kind: 'broken-attachment', path: '/info/1020/3020.htm', update: 'annual' },
  { no: 21, category: C3, title: '收费项目、收费依据、收费标准及投诉方式', kind: 'vsb-list', path: '/cwzcsfxx/sfxm.htm', update: 'annual' },
  { no: 22, category: C4, title: '校级领导干部社会兼职情况', kind: 'webplus-article', path: '/2025/0601/c1022a20505/page.htm', update: 'annual' },
  { no: 23, category: C4, title: '校级领导干部因公出国（境）情况', kind: 'vsb-list', path: '/rsszxx/ygcj.htm', update: 'annual' },
  { no: 24, category: C4, title: '岗位设置管理与聘用办法', kind: 'soft-404', path: '/info/1024/3024.htm', update: 'none' },
  { no: 25, category: C4, title: '校内中层干部任免、人员招聘信息', kind: 'pinned-list', path: '/rsszxx/rmzp.htm', update: '6m' },
  { no: 26, category: C4, title: '教职工争议解决办法', kind: 'challenge', path: '/rsszxx/zyjj.htm', update: 'none' },
  { no: 27, category: C5, title: '本科生占全日制在校生总数的比例、教师数量及结构', kind: 'webplus-article', path: '/2025/0612/c1027a20506/page.htm', update: 'annual' },
  { no: 28, category: C5, title: '专业设置、当年新增专业、停招专业名单', kind: 'no-dates', path: '/jxzlxx/zysz.htm', update: 'annual' },
  { no: 29, category: C5, title: '全校开设课程总门数、实践教学学分占总学分比例、选修课学分占总学分比例', kind: 'slow', path: '/jxzlxx/kcms.htm', update: 'annual' },
  { no: 30, category: C5, title: '主讲本科课程的教授占教授总数的比例、教授授本科课程占课程总门次数的比例', kind: 'webplus-article', path: '/2025/0618/c1030a20507/page.htm', update: 'annual' },
  { no: 31, category: C5, title: '促进毕业生就业的政策措施和指导服务', kind: 'vsb-list', path: '/jxzlxx/jyzc.htm', morePaths: ['/jxzlxx/jyzc-full.htm'], update: '6m' },
  { no: 32, category: C5, title: '毕业生的规模、结构、就业率、就业流向', kind: 'flaky', path: '/jxzlxx/bysgm.htm', update: 'annual' },
  { no: 33, category: C5, title: '高校毕业生就业质量年度报告', kind: 'none', keywords: ['就业质量'], update: 'annual' },
  { no: 34, category: C5, title: '艺术教育发展年度报告', kind: 'not-found', path: '/jxzlxx/ysjy.htm', update: 'annual' },
  { no: 35, category: C5, title: '本科教学质量报告', kind: 'stale', path: '/jxzlxx/bkjxzlbg.htm', keywords: ['本科教学质量报告', '教学质量'], update: 'annual' },
  { no: 36, category: C6, title: '学籍管理办法', kind: 'webplus-article', path: '/2025/0301/c1036a20508/page.htm', update: 'none' },
  { no: 37, category: C6, title: '学生奖学金、助学金、学费减免、助学贷款、勤工俭学的申请与管理规定', kind: 'vsb-article', path: '/info/1037/3037.htm', update: 'none' },
  { no: 38, category: C6, title: '学生奖励处罚办法', kind: 'masked-list', path: '/xsglfwxx/jlcf.htm', update: 'none' },
  { no: 39, category: C6, title: '学生申诉办法', kind: 'off-topic', path: '/xsglfwxx/xsss.htm', update: 'none' },
  { no: 40, category: C7, title: '学风建设机构', kind: 'placeholder', path: '/xfjsxx/xfjsjg.htm', update: 'none' },
  { no: 41, category: C7, title: '学术规范制度', kind: 'vsb-list', path: '/xfjsxx/xsgfzd.htm', update: 'none' },
  { no: 42, category: C7, title: '学术不端行为查处机制', kind: 'empty-list', path: '/xfjsxx/xsbd.htm', update: 'none' },
  { no: 43, category: C8, title: '授予博士、硕士、学士学位的基本要求', kind: 'webplus-article', path: '/2025/0320/c1043a20509/page.htm', update: 'none' },
  { no: 44, category: C8, title: '拟授予硕士、博士学位同等学力人员资格审查和学力水平认定', kind: 'dns', update: 'annual' },
  { no: 45, category: C8, title: '新增硕士、博士学位授权学科或专业学位授权点审核办法', kind: 'loop', path: '/xwxkxx/xzsq.htm', update: 'none' },
  { no: 46, category: C8, title: '拟新增学位授权学科或专业学位授权点的申报及论证材料', kind: 'reset', path: '/xwxkxx/sblz.htm', update: 'none' },
  { no: 47, category: C9, title: '中外合作办学情况', kind: 'tls', path: '/dwjlhzxx/zwhz.htm', update: 'annual' },
  { no: 48, category: C9, title: '来华留学生管理相关规定', kind: 'challenge-202', path: '/dwjlhzxx/lhlxs.htm', update: 'none' },
  { no: 49, category: C10, title: '巡视组反馈意见，落实反馈意见整改情况', kind: 'bad-redirect', path: '/qt/xsfk.htm', update: 'none' },
  { no: 50, category: C10, title: '自然灾害等突发事件的应急处理预案、预警信息和处置情况，涉及学校的重大事件的调查和处理情况', kind: 'hang', path: '/qt/yjcl.htm', update: 'none' },
];

/** The second institution of the demo: a small college on the same fixture server, for the league table. */
export const SECOND_UNIVERSITY = '示例师范学院';

/**
 * 示例师范学院's checklist: five good columns (pages it shares with 示例理工大学's site) and five columns that show
 * only 暂无内容 — five EMPTY_PAGE items, the one-strike verdict (单项否决) of five blank columns.
 */
export const SECOND_ITEMS: FixtureItem[] = [
  { no: 1, category: C1, title: FIXTURE_ITEMS[0]!.title, kind: 'vsb-list', path: FIXTURE_ITEMS[0]!.path!, update: 'annual' },
  { no: 2, category: C1, title: '学校章程及制定的各项规章制度', kind: 'vsb-list', path: '/jbxx/xxzc.htm', update: 'none' },
  { no: 3, category: C1, title: '教职工代表大会相关制度、工作报告', kind: 'placeholder', path: '/sfxy/jbxx/jdh.htm', update: 'annual' },
  { no: 4, category: C1, title: '学术委员会相关制度、年度报告', kind: 'placeholder', path: '/sfxy/jbxx/xswyh.htm', update: 'annual' },
  { no: 5, category: C1, title: '学校发展规划、年度工作计划及重点工作安排', kind: 'placeholder', path: '/sfxy/jbxx/fzgh.htm', update: 'annual' },
  { no: 6, category: C2, title: FIXTURE_ITEMS[7]!.title, kind: 'vsb-list', path: FIXTURE_ITEMS[7]!.path!, update: 'annual' },
  { no: 7, category: C2, title: '招生咨询及考生申诉渠道，新生复查期间有关举报、调查及处理结果', kind: 'webplus-article', path: FIXTURE_ITEMS[9]!.path!, update: 'annual' },
  { no: 8, category: C2, title: '研究生招生咨询及申诉渠道', kind: 'webplus-article', path: FIXTURE_ITEMS[13]!.path!, update: 'annual' },
  { no: 9, category: C3, title: '财务、资产管理制度', kind: 'placeholder', path: '/sfxy/cwzcsfxx/cwzd.htm', update: 'none' },
  { no: 10, category: C3, title: '受捐赠财产的使用与管理情况', kind: 'placeholder', path: '/sfxy/cwzcsfxx/jzcc.htm', update: 'annual' },
];

/** checklists/demo-college.yaml, rendered from SECOND_ITEMS. */
export function secondChecklistYaml(): string {
  const lines: string[] = [
    '# 示例师范学院 — the second fictional institution of `xxgk-check demo` (src/fixture-site/catalogue.ts, SECOND_ITEMS),',
    '# served by the same fixture site: five good columns and five blank ones (暂无内容), a one-strike verdict.',
    '# Rendered from src/fixture-site/catalogue.ts; edit that table, not this file.',
    'schema: 1',
    `institution: ${SECOND_UNIVERSITY}`,
    'title: 示例师范学院信息公开清单事项（演示）',
    'site: http://127.0.0.1:8080/',
    'categories:',
  ];
  for (const category of CATEGORIES) {
    const items = SECOND_ITEMS.filter((item) => item.category === category);
    if (items.length === 0) continue;
    lines.push(`  - name: ${yamlString(category)}`, `    declared: ${items.length}`, '    items:');
    for (const item of items) {
      lines.push(`      - no: ${item.no}`, `        title: ${yamlString(item.title)}`, `        url: ${item.path!.slice(1)}`);
      if (item.update) lines.push(`        update: ${item.update}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** The finding codes each page kind must produce (beyond info findings such as RETRIED), for tests and docs. */
export const EXPECTED_CODES: Partial<Record<PageKind, FindingCode[]>> = {
  blank: ['EMPTY_PAGE'],
  placeholder: ['EMPTY_PAGE'],
  'empty-list': ['EMPTY_PAGE'],
  'soft-404': ['SOFT_404'],
  login: ['LOGIN_REQUIRED'],
  home: ['REDIRECTED_HOME'],
  'off-site': ['OFF_SITE_REDIRECT'],
  stale: ['STALE'],
  'no-dates': ['STALE'],
  'stale-soon': ['STALE_SOON'],
  'annual-missing': ['STALE'],
  'challenge-202': ['BOT_CHALLENGE'],
  'off-topic': ['KEYWORDS_MISSING'],
  'broken-attachment': ['BROKEN_ATTACHMENT'],
  challenge: ['BOT_CHALLENGE'],
  slow: ['SLOW_RESPONSE'],
  'many-attachments': ['ATTACHMENTS_CAPPED'],
  'not-found': ['HTTP_ERROR'],
  'server-error': ['HTTP_ERROR'],
  'personal-data': ['PERSONAL_DATA', 'PERSONAL_DATA_PHONE'],
};

/** Kinds whose pages must draw no finding of severity warn or fail from the inspect stage. */
export const GOOD_KINDS: PageKind[] = ['vsb-list', 'pinned-list', 'webplus-article', 'vsb-article', 'gbk', 'pdf', 'many-attachments', 'flaky', 'external-ok', 'big', 'masked-list'];

function yamlString(text: string): string {
  return /^[\w\u3400-\u9fff（）()、，,]+$/u.test(text) && !/^\d/.test(text) ? text : JSON.stringify(text);
}

/** checklists/demo-university.yaml, rendered from FIXTURE_ITEMS. */
export function demoChecklistYaml(): string {
  const lines: string[] = [
    '# 示例理工大学 — the fictional university of `xxgk-check demo` and of the tests (src/fixture-site/).',
    '# Rendered from src/fixture-site/catalogue.ts; edit that table, not this file.',
    '# URLs are relative to `site`; the demo replaces `site` with the address of the fixture server it starts.',
    '# No `period`: the reporting period is the 12 months before the run, which is when the fixture pages are dated.',
    'schema: 1',
    `institution: ${UNIVERSITY}`,
    'title: 示例理工大学信息公开清单事项（演示）',
    'site: http://127.0.0.1:8080/',
    'categories:',
  ];
  for (const category of CATEGORIES) {
    const items = FIXTURE_ITEMS.filter((item) => item.category === category);
    lines.push(`  - name: ${yamlString(category)}`, `    declared: ${items.length}`, '    items:');
    for (const item of items) {
      lines.push(`      - no: ${item.no}`, `        title: ${yamlString(item.title)}`);
      if (item.kind === 'none') lines.push('        url: 无');
      else if (item.kind === 'dns') lines.push(`        url: ${DNS_FAILURE_URL}`);
      else if (item.morePaths) {
        lines.push('        url:');
        for (const path of [item.path!, ...item.morePaths]) lines.push(`          - ${path.slice(1)}`);
      } else lines.push(`        url: ${item.path!.slice(1)}`);
      if (item.keywords) lines.push(`        keywords: [${item.keywords.map(yamlString).join(', ')}]`);
      if (item.update) lines.push(`        update: ${item.update}`);
      if (item.due) lines.push(`        due: "${item.due}"`);
      if (item.external) lines.push('        external: true');
    }
  }
  return `${lines.join('\n')}\n`;
}
