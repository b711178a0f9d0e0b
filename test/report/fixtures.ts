// A realistic RunResult for the reporter tests: the shape of a real university checklist (10 categories,
// Chinese titles, 50 items), a mix of pass / warn / fail / missing with findings, redirects and attachments,
// plus hostile strings that every format must neutralise or escape.
import { finding } from '../../src/findings.js';
import type {
  CategorySummary,
  ChecklistResult,
  Finding,
  ItemResult,
  ItemStatus,
  PageResult,
  RunOptions,
  RunResult,
  StatusCounts,
} from '../../src/types.js';
import { DEFAULT_RUN_OPTIONS } from '../../src/run/run.js';

export const HOSTILE = {
  script: '<script>alert(1)</script>',
  hyperlink: '=HYPERLINK("http://evil","x")',
  plus: '+1',
  minus: '-2',
  at: '@SUM(A1)',
  tab: '\tTAB起始',
  cr: '\rCR起始',
  pipe: '收支 | 决算 *表* `代码` [链接](http://x)',
  long: '学校'.repeat(10) + '本科教学质量报告、高等职业教育人才培养质量年度报告及其他长标题'.repeat(3),
  url: 'https://xxgk.example.edu.cn/list.jsp?a=1&b="2"&c=\'3\'',
} as const;

const SITE = 'https://xxgk.example.edu.cn';
const CHECKED_AT = '2024-11-20T08:01:30.000Z';

interface Spec {
  title: string;
  status?: ItemStatus;
  findings?: Finding[];
  urls?: string[];
  http?: number;
  redirects?: { url: string; status: number }[];
  finalUrl?: string;
  pageTitle?: string;
  attachments?: PageResult['attachments'];
}

/** The categories and items, in checklist order. Items not given a status pass. */
function specs(): { name: string; declared: number; items: Spec[] }[] {
  return [
    {
      name: '基本信息',
      declared: 6,
      items: [
        { title: '办学规模、校级领导班子简介及分工、学校机构设置等办学基本情况' },
        { title: '学校章程及制定的各项规章制度', pageTitle: HOSTILE.script },
        { title: '教职工代表大会相关制度、工作报告' },
        { title: '学术委员会相关制度、年度报告', status: 'warn', findings: [finding('STALE', { from: '2023-09-01', latest: '2021-06-30' })] },
        { title: '学校发展规划、年度工作计划及重点工作安排' },
        { title: '信息公开年度报告' },
      ],
    },
    {
      name: '招生考试信息',
      declared: 8,
      items: [
        { title: '招生章程及特殊类型招生办法，分批次、分科类招生计划' },
        {
          title: '特殊类型招生入选考生资格及测试结果',
          status: 'fail',
          http: 404,
          findings: [finding('HTTP_ERROR', { status: 404 })],
        },
        { title: '考生个人录取信息查询渠道和办法' },
        { title: '招生咨询及考生申诉渠道' },
        {
          title: '研究生招生简章、招生专业目录、复试录取办法',
          redirects: [
            { url: `${SITE}/zsks/yjszsjz.htm`, status: 301 },
            { url: `https://yz.example.edu.cn/zsjz.htm`, status: 302 },
          ],
          finalUrl: 'https://yz.example.edu.cn/info/1012/zsjz.htm',
          status: 'warn',
          findings: [finding('OFF_SITE_REDIRECT', { host: 'yz.example.edu.cn' })],
        },
        { title: '参加研究生复试的考生成绩' },
        { title: '拟录取研究生名单' },
        { title: '研究生招生咨询及申诉渠道' },
      ],
    },
    {
      name: '财务、资产及收费信息',
      declared: 7,
      items: [
        { title: '财务省级部门预算公开' },
        { title: HOSTILE.hyperlink, pageTitle: HOSTILE.hyperlink },
        { title: HOSTILE.plus },
        { title: HOSTILE.minus },
        { title: HOSTILE.at },
        { title: HOSTILE.pipe, urls: [HOSTILE.url] },
        {
          title: '收支决算总表、收入决算表、支出决算表、财政拨款支出决算表',
          status: 'warn',
          attachments: [
            { url: `${SITE}/docs/2023决算.pdf`, name: '2023年决算公开.pdf', status: 200, ok: true },
            { url: `${SITE}/docs/2023附表.xlsx`, name: '附表.xlsx', status: 404, ok: false, error: 'HTTP 404' },
          ],
          findings: [finding('BROKEN_ATTACHMENT', { name: '附表.xlsx', error: 'HTTP 404' }, `${SITE}/docs/2023附表.xlsx`)],
        },
      ],
    },
    {
      name: '人事师资信息',
      declared: 5,
      items: [
        { title: HOSTILE.tab },
        { title: HOSTILE.cr },
        { title: '岗位设置管理与聘用办法', status: 'fail', findings: [finding('LOGIN_REQUIRED')] },
        { title: '校内中层干部任免、人员招聘信息' },
        { title: '教职工争议解决办法' },
      ],
    },
    {
      name: '教学质量信息',
      declared: 9,
      items: [
        { title: '本科生占全日制在校生总数的比例、教师数量及结构' },
        { title: '专业设置、当年新增专业、停招专业名单' },
        { title: '全校开设课程总门数、实践教学学分占总学分比例' },
        { title: '主讲本科课程的教授占教授总数的比例' },
        { title: '促进毕业生就业的政策措施和指导服务' },
        { title: '毕业生的规模、结构、就业率、就业流向' },
        { title: '高校毕业生就业质量年度报告', status: 'missing', urls: [], findings: [finding('NO_LINK')] },
        {
          title: '艺术教育发展年度报告',
          status: 'fail',
          findings: [
            finding('SOFT_404', { phrase: '您访问的页面不存在' }),
            finding('KEYWORDS_MISSING', { keywords: '艺术教育、年度报告' }),
            finding('SLOW_RESPONSE', { seconds: '9.2' }),
          ],
        },
        { title: HOSTILE.long },
      ],
    },
    {
      name: '学生管理服务信息',
      declared: 4,
      items: [
        { title: '学籍管理办法' },
        {
          title: '学生奖学金、助学金、学费减免、助学贷款、勤工俭学的申请与管理规定',
          urls: [`${SITE}/xsgl/jxj.htm`, `${SITE}/xsgl/zxj.htm`],
        },
        { title: '学生奖励处罚办法', findings: [finding('RETRIED', { retries: 1 })] },
        { title: '学生申诉办法' },
      ],
    },
    {
      name: '学风建设信息',
      declared: 3,
      items: [
        { title: '学风建设机构' },
        {
          title: '学术规范制度',
          status: 'fail',
          redirects: [{ url: `${SITE}/xfjs/xsgfzd.htm`, status: 302 }],
          finalUrl: `${SITE}/`,
          findings: [finding('REDIRECTED_HOME')],
        },
        { title: '学术不端行为查处机制' },
      ],
    },
    {
      name: '学位、学科信息',
      declared: 4,
      items: [
        { title: '授予博士、硕士、学士学位的基本要求' },
        { title: '同等学力人员资格审查和学力水平认定' },
        { title: '学位授权点审核办法' },
        { title: '拟新增学位授权点的申报及论证材料', status: 'fail', http: 0, findings: [finding('TIMEOUT', { seconds: 15 })] },
      ],
    },
    {
      name: '对外交流与合作信息',
      declared: 2,
      items: [{ title: '中外合作办学情况' }, { title: '来华留学生管理相关规定' }],
    },
    {
      name: '其他',
      declared: 2,
      items: [
        { title: '巡视组反馈意见，落实反馈意见整改情况' },
        { title: '突发事件的应急处理预案、预警信息和处置情况' },
      ],
    },
  ];
}

function counts(statuses: ItemStatus[]): StatusCounts {
  const c = { pass: 0, warn: 0, fail: 0, missing: 0, unverified: 0, unchecked: 0, total: statuses.length, complianceRate: 0 };
  for (const s of statuses) c[s]++;
  const judged = c.total - c.unverified - c.unchecked;
  c.complianceRate = judged === 0 ? 0 : (c.pass + c.warn) / judged;
  return c;
}

export function buildChecklistResult(institution = '示例科技大学', path = 'xxgk'): ChecklistResult {
  const site = SITE.replace('xxgk', path);
  const items: ItemResult[] = [];
  const categories: CategorySummary[] = [];
  let no = 0;
  for (const category of specs()) {
    const statuses: ItemStatus[] = [];
    for (const spec of category.items) {
      no++;
      const urls = spec.urls ?? [`${site}/kjfw/item${no}.htm`];
      const status = spec.status ?? 'pass';
      const pages: PageResult[] = urls.map((url, i) => ({
        url,
        finalUrl: i === 0 && spec.finalUrl ? spec.finalUrl : url,
        redirects: i === 0 ? (spec.redirects ?? []) : [],
        ...(spec.http === 0 ? {} : { status: spec.http ?? 200 }),
        contentType: 'text/html',
        bytes: 18_000 + no * 37,
        elapsedMs: 120 + no * 11,
        attempts: 1,
        title: spec.pageTitle ?? `${spec.title} - ${institution}信息公开网`,
        attachments: i === 0 ? (spec.attachments ?? []) : [],
      }));
      items.push({
        no,
        category: category.name,
        title: spec.title,
        urls,
        status,
        pages,
        findings: spec.findings ?? [],
        checkedAt: CHECKED_AT,
      });
      statuses.push(status);
    }
    categories.push({ name: category.name, declared: category.declared, ...counts(statuses) });
  }
  const all = counts(items.map((i) => i.status));
  return {
    checklist: {
      file: 'checklists/example-2024.yaml',
      institution,
      title: '2023-2024 学年度信息公开工作报告 清单事项公开情况表',
      period: { from: '2023-09-01', to: '2024-08-31' },
      site,
    },
    items,
    summary: { ...all, categories },
  };
}

export const RUN_OPTIONS: RunOptions = { ...DEFAULT_RUN_OPTIONS, maxAttachments: 20 };

/** A run over one checklist (or several institutions, for the multi-institution layouts). */
export function buildRun(options: { institutions?: number; complete?: boolean } = {}): RunResult {
  const names = ['示例科技大学', '示例师范大学（一个名字很长的学校：用来测试工作表名称截断）', '示例[理工]*大学?'];
  const results = Array.from({ length: options.institutions ?? 1 }, (_, i) =>
    buildChecklistResult(names[i % names.length], i === 0 ? 'xxgk' : `xxgk${i}`),
  );
  const statuses = results.flatMap((r) => r.items.map((i) => i.status));
  return {
    tool: { name: 'xxgk-check', version: '0.1.0' },
    startedAt: '2024-11-20T08:00:00.000Z',
    finishedAt: '2024-11-20T08:01:42.000Z',
    complete: options.complete ?? true,
    options: RUN_OPTIONS,
    results,
    summary: counts(statuses),
  };
}
