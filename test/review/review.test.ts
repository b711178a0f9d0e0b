// `review`: the annual report judged as the evaluators do (parts, the 清单 table against the Ministry's list, period,
// date and deadline, link addresses), and `run REPORT`. Nothing here reaches the internet: reviews run with
// --no-fetch, and the runs that fetch point the report's links at a server on 127.0.0.1.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadChecklist } from '../../src/checklist/index.js';
import { loadChecklists } from '../../src/commands/run.js';
import { importReport, importReportBytes } from '../../src/import/index.js';
import { reviewReport } from '../../src/review/index.js';
import type { Checklist, Item, ReportReview } from '../../src/types.js';
import type { JsonReport } from '../../src/report/json.js';
import { cli } from '../helpers/cli.js';
import { startHttpServer, type TestServer } from '../helpers/servers.js';
import { capture, reports, repoRoot, seedFile } from '../import/helpers.js';
import { validateJsonReport } from '../helpers/json-schema.js';

const seedText = readFileSync(seedFile, 'utf8');
let moe: Checklist;
let wust: Checklist;
const scratch = mkdtempSync(join(tmpdir(), 'xxgk-review-'));

beforeAll(async () => {
  moe = (await loadChecklist(resolve(repoRoot, 'checklists/moe-2014.yaml'))).checklist!;
  wust = (await loadChecklist(resolve(repoRoot, 'checklists/wust-2023-2024.yaml'))).checklist!;
});

async function reviewText(text: string, due?: string): Promise<ReportReview> {
  const imported = await importReportBytes(Buffer.from(text), 'report.txt');
  return reviewReport(imported, { mandated: moe, ...(due ? { due } : {}) });
}

function lines(review: ReportReview, code: string, status?: string) {
  return review.requirements.filter((r) => r.code === code && (status === undefined || r.status === status));
}

describe('review: the seed report', () => {
  it('passes every part check, flags item 34 (no link) and the category declaring 7 and listing 8', async () => {
    const review = await reviewText(seedText);
    const parts = lines(review, 'PART_PRESENT');
    expect(parts).toHaveLength(8);
    expect(parts.filter((p) => p.status !== 'pass')).toEqual([]);
    expect(parts.map((p) => p.message.zh)).toContain('“四、对信息公开的评议情况”（第 81 行）');

    const unlinked = lines(review, 'ITEM_LINKED', 'fail');
    expect(unlinked.map((r) => r.subject)).toEqual(['(34)']);
    expect(unlinked[0]!.message.en).toBe('(34) 高校毕业生就业质量年度报告: no link in the report (“无”)');

    const counts = lines(review, 'CATEGORY_COUNT', 'warn');
    expect(counts.map((r) => r.message.en)).toEqual(['category “财务、资产及收费信息” declares 7 items and lists 8']);

    expect(lines(review, 'ITEM_COVERED').map((r) => r.status)).toEqual(['pass']);
    expect(lines(review, 'ITEM_EXTRA').map((r) => [r.status, r.subject])).toEqual([['pass', '(15)']]);
    expect(lines(review, 'ITEM_EXTRA')[0]!.message.zh).toMatch(/财务省级部门预算公开/);
    expect(lines(review, 'PERIOD_STATED', 'pass')[0]!.message.en).toMatch(/2023-09-01 to 2024-08-31/);
    expect(lines(review, 'REPORT_DATED', 'pass')[0]!.message.en).toMatch(/dated 2024-11-20/);
    expect(lines(review, 'LINK_SITE').map((r) => r.status)).toEqual(['pass']);
    expect(review.summary.fail).toBe(1);
  });

  it('a copy with one part removed and one Ministry item deleted from the table fails naming both', async () => {
    const cut = seedText
      .replace(/\n四、对信息公开的评议情况\n\n[^\n]+\n/, '\n')
      .replace(/\n\t\t\(12\) 参加研究生复试的考生成绩\t\S+/, '');
    expect(cut).not.toMatch(/评议情况\n/);
    expect(cut).not.toMatch(/参加研究生复试的考生成绩/);
    const review = await reviewText(cut);
    const failed = review.requirements.filter((r) => r.status === 'fail');
    const missingPart = failed.filter((r) => r.code === 'PART_PRESENT');
    expect(missingPart.map((r) => r.subject)).toEqual(['对信息公开的评议情况']);
    expect(missingPart[0]!.message.zh).toMatch(/缺少“对信息公开的评议情况”部分/);
    const missingItem = failed.filter((r) => r.code === 'ITEM_COVERED');
    expect(missingItem.map((r) => r.message.en)).toEqual([
      "missing the Ministry's item no. 12 “参加研究生复试的考生成绩” (招生考试信息)",
    ]);
    // The other parts are still found.
    expect(lines(review, 'PART_PRESENT', 'pass')).toHaveLength(7);
  });

  it('dated 2024年11月20日, warns on timeliness under the default deadline, naming the rule and --due; not with --due 11-30', async () => {
    const late = lines(await reviewText(seedText), 'REPORT_ON_TIME');
    expect(late.map((r) => r.status)).toEqual(['warn']);
    expect(late[0]!.message.en).toMatch(/2024-11-20, 20 days after the deadline 2024-10-31 \(the Ministry's rule: published by 31 October .* --due MM-DD/);
    expect(late[0]!.message.zh).toMatch(/晚于截止日期 2024-10-31.*--due MM-DD/);
    const onTime = lines(await reviewText(seedText, '11-30'), 'REPORT_ON_TIME');
    expect(onTime.map((r) => r.status)).toEqual(['pass']);
    expect(onTime[0]!.message.en).toMatch(/by the deadline 2024-11-30 \(as set by --due 11-30/);
  });

  it('the HTML, Word and PDF renderings give the same review as the text', async () => {
    const expected = (await reviewText(seedText)).requirements.map((r) => [r.code, r.status, r.subject]);
    for (const file of ['report.html', 'report.docx', 'report.pdf']) {
      const review = reviewReport(await importReport(join(reports, file)), { mandated: moe });
      expect(review.requirements.map((r) => [r.code, r.status, r.subject]), file).toEqual(expected);
    }
  });
});

describe('review: other shapes of report', () => {
  /** An HTML report whose table has four categories and the columns in another order (序号 类别 相关链接 公开事项). */
  function fewCategoriesHtml(items: Item[]): string {
    const groups = [items.slice(0, 14), items.slice(14, 27), items.slice(27, 44), items.slice(44)];
    const names = ['基本信息和招生考试信息', '财务与人事信息', '教学与学生信息', '其他信息'];
    let rows = '';
    groups.forEach((group, g) => {
      group.forEach((item, k) => {
        const lead = k === 0 ? `<td rowspan="${group.length}">${g + 1}</td><td rowspan="${group.length}">${names[g]}（${group.length}项）</td>` : '';
        const link = item.urls[0] ? `<a href="${item.urls[0]}">${item.urls[0]}</a>` : '无';
        rows += `<tr>${lead}<td>${link}</td><td>（${item.no}）${item.title}</td></tr>\n`;
      });
    });
    return `<!doctype html><html><body><h1>某某大学</h1><h2>2023-2024学年信息公开工作年度报告</h2>
<h3>一、概述</h3><p>统计时间为2023年9月1日至2024年8月31日。</p>
<h3>二、信息公开工作情况</h3><h4>（一）主动公开情况</h4><p>……</p><h4>（二）依申请公开和不予公开情况</h4><p>……</p>
<h4>（三）信息公开评议和举报、复议、诉讼情况</h4><p>……</p>
<h3>三、存在的问题和改进措施</h3><p>……</p>
<h3>四、清单事项公开情况</h3>
<table><tr><th>序号</th><th>类别</th><th>相关链接</th><th>公开事项</th></tr>
${rows}</table><p>某某大学</p><p>二〇二四年十月三十日</p></body></html>`;
  }

  it('four merged categories, columns reordered, three top-level parts: every Ministry item found, no cry of wolf', async () => {
    const items = wust.categories.flatMap((c) => c.items).filter((i) => i.no !== 15);
    const html = fewCategoriesHtml(items.map((i, k) => ({ ...i, no: k + 1, urls: i.urls.map((u) => u.replace('wust.edu.cn', 'example.edu.cn')) })));
    const review = reviewReport(await importReportBytes(Buffer.from(html), 'report.html'), { mandated: moe });
    // The one failure is the item the report gives no link for (the seed's 34, here 33).
    expect(review.requirements.filter((r) => r.status === 'fail').map((r) => [r.code, r.subject])).toEqual([['ITEM_LINKED', '(33)']]);
    expect(lines(review, 'TABLE_READ', 'pass')[0]!.message.en).toMatch(/4 categories, 50 items/);
    expect(lines(review, 'ITEM_COVERED', 'pass')).toHaveLength(1);
    expect(lines(review, 'CATEGORY_COUNT').map((r) => r.status)).toEqual(['pass']);
    // 概述 is a heading; 其他需要报告的事项 is not: a warning, not a failure.
    expect(lines(review, 'PART_PRESENT', 'warn').map((r) => r.subject)).toEqual(['其他需要报告的事项']);
    expect(lines(review, 'REPORT_DATED', 'pass')[0]!.message.en).toMatch(/dated 2024-10-30/);
    expect(lines(review, 'REPORT_ON_TIME').map((r) => r.status)).toEqual(['pass']);
  });

  it("names a link to another institution's site and a link that is no page", async () => {
    const text = seedText
      .replace('https://xxgk.wust.edu.cn/kjfw/jbxx/xxzcjzddgxgzd.htm', 'https://xxgk.hust.edu.cn/kjfw/jbxx/xxzcjzddgxgzd.htm')
      .replace('https://xxgk.wust.edu.cn/kjfw/jbxx/jzgdbdhxgzd_gzbg.htm', 'https://xxgk.wust.edu.cn/');
    expect(text).toMatch(/hust\.edu\.cn/);
    const review = await reviewText(text);
    expect(lines(review, 'LINK_SITE', 'warn').map((r) => r.message.en)).toEqual([
      "(2) links to another institution's site hust.edu.cn (this one's is wust.edu.cn): https://xxgk.hust.edu.cn/kjfw/jbxx/xxzcjzddgxgzd.htm",
    ]);
    expect(lines(review, 'LINK_PAGE', 'warn').map((r) => r.subject)).toEqual(['https://xxgk.wust.edu.cn/']);
  });

  it('a report without a stated period or date fails the period and warns on the date', async () => {
    const review = await reviewText('某某大学\n一、概述\n学校概况。\n');
    expect(lines(review, 'PERIOD_STATED', 'fail')).toHaveLength(1);
    expect(lines(review, 'REPORT_DATED', 'warn')).toHaveLength(1);
    expect(lines(review, 'TABLE_READ', 'fail')).toHaveLength(1);
    expect(lines(review, 'REPORT_ON_TIME')).toEqual([]);
  });
});

describe('review and run on the command line', () => {
  let server: TestServer;
  let requests: string[];
  beforeAll(async () => {
    requests = [];
    server = await startHttpServer((req, res) => {
      requests.push(req.url ?? '');
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<html><head><title>信息公开</title></head><body><h1>${req.url}</h1><p>${'本页公开的内容。'.repeat(40)}</p><p>2024-03-01</p></body></html>`);
    });
  });
  afterAll(async () => server.close());

  it('review --no-fetch --format json: a requirements array with code, status, message; exit 1 for the fail', async () => {
    const out = await cli(['review', seedFile, '--no-fetch', '--format', 'json', '--lang', 'zh']);
    expect(out.code).toBe(1);
    const json = JSON.parse(out.stdout) as JsonReport;
    const review = json.results[0]!.review!;
    expect(json.results[0]!.items).toEqual([]);
    expect(review.requirements.find((r) => r.status === 'fail')).toEqual({
      code: 'ITEM_LINKED',
      status: 'fail',
      subject: '(34)',
      message: '(34) 高校毕业生就业质量年度报告：报告中没有链接（“无”）',
    });
    expect(review.summary).toEqual({ pass: 15, warn: 2, fail: 1 });
  });

  it('review -o writes the requirements into every report format; the JSON fits the schema', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xxgk-review-out-'));
    const formats = ['json', 'md', 'html', 'csv', 'xml', 'xlsx'];
    const out = await cli(['review', join(reports, 'report.docx'), '--no-fetch', '--lang', 'zh', ...formats.flatMap((f) => ['-o', join(dir, `r.${f}`)])]);
    expect(out.code).toBe(1);
    const json = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as JsonReport;
    expect(validateJsonReport(json), JSON.stringify(validateJsonReport.errors)).toBe(true);
    for (const f of ['md', 'html', 'csv', 'xml']) {
      const text = readFileSync(join(dir, `r.${f}`), 'utf8');
      expect(text, f).toMatch(/ITEM_LINKED/);
      expect(text, f).toMatch(/\(34\) 高校毕业生就业质量年度报告/);
      if (f !== 'csv') expect(text, f).toMatch(/年度报告审查/);
    }
    expect(readFileSync(join(dir, 'r.xml'), 'utf8')).toMatch(/<failure message="\(34\) 高校毕业生就业质量年度报告：报告中没有链接（“无”）" type="ITEM_LINKED"\/>/);
    const { default: Excel } = await import('exceljs');
    const workbook = new Excel.Workbook();
    await workbook.xlsx.readFile(join(dir, 'r.xlsx'));
    const sheet = workbook.getWorksheet('年度报告审查')!;
    expect(sheet.getRow(1).values).toEqual([undefined, '学校', '报告文件', '结果', '代码', '对象', '说明']);
    const rows = sheet.getSheetValues().slice(2).map((row) => (row as unknown[]).slice(3, 6));
    expect(rows).toContainEqual(['不符合', 'ITEM_LINKED', '(34)']);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['年度报告审查']);
  });

  it('review prints one line per requirement in the terminal, in English and Chinese', async () => {
    const en = await cli(['review', seedFile, '--no-fetch', '--due', '11-30']);
    expect(en.stdout).toMatch(/Report review: .*seed\.txt \(pass 16 · warn 1 · fail 1\)/);
    expect(en.stdout).toMatch(/\n {2}fail {2}\(34\) 高校毕业生就业质量年度报告: no link in the report \(“无”\)\n/);
    expect(en.stdout).toMatch(/Links not fetched \(--no-fetch\)/);
    const zh = await cli(['review', seedFile, '--no-fetch', '--lang', 'zh']);
    expect(zh.stdout).toMatch(/年度报告审查：.*（符合 15 · 注意 2 · 不符合 1）/);
    expect(zh.stdout).toMatch(/注意\s+报告日期 2024-11-20 晚于截止日期 2024-10-31/);
    // Two reports reviewed without fetching: two reviews, and no overview of empty matrices.
    const two = await cli(['review', seedFile, join(reports, 'report.html'), '--no-fetch', '--lang', 'zh']);
    expect(two.stdout.match(/年度报告审查：/g)).toHaveLength(2);
    expect(two.stdout).not.toMatch(/各校概览|合规率/);
  });

  it('review rejects a --due that is not a day, and a report that cannot be read, with exit 2', async () => {
    const bad = await cli(['review', seedFile, '--no-fetch', '--due', '13-01']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--due takes a month and day, MM-DD/);
    const missing = await cli(['review', '/nonexistent/report.docx', '--no-fetch']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/\/nonexistent\/report\.docx.*ENOENT/);
  });

  it('review without --no-fetch checks every link as run does, after the requirements', async () => {
    const file = join(scratch, 'local.txt');
    writeFileSync(file, seedText.replaceAll('https://xxgk.wust.edu.cn/', `${server.origin}/`));
    requests.length = 0;
    const out = await cli(['review', file, '--format', 'json', '-q', '--no-attachments']);
    const json = JSON.parse(out.stdout) as JsonReport;
    expect(json.results[0]!.items).toHaveLength(51);
    expect(json.results[0]!.items.find((i) => i.no === 34)!.status).toBe('missing');
    expect(json.results[0]!.review!.requirements.length).toBeGreaterThan(10);
    expect(new Set(requests).size).toBe(50);
    expect(out.code).toBe(1);
  });

  it('run REPORT.docx and REPORT.pdf load the same 51 items as checklists/wust-2023-2024.yaml', async () => {
    const strip = (c: Checklist) => c.categories.flatMap((cat) => cat.items.map((i) => ({ no: i.no, category: i.category, title: i.title, urls: i.urls })));
    const expected = strip(wust);
    expect(expected).toHaveLength(51);
    for (const file of ['report.docx', 'report.pdf']) {
      const c = capture();
      const { checklists: loaded } = await loadChecklists([join(reports, file)], c.ctx, 'en');
      expect(loaded, `${file}: ${c.err()}`).toBeDefined();
      expect(strip(loaded[0]!), file).toEqual(expected);
      expect(loaded[0]!.institution).toBe('武汉科技大学');
      // what import found is said, as import says it
      expect(c.err()).toMatch(/51 items, 1 without a link/);
    }
  });

  it('run REPORT.txt checks the report items against a local server', async () => {
    const file = join(scratch, 'table.txt');
    writeFileSync(file, readFileSync(join(reports, 'report.txt'), 'utf8').replaceAll('https://xxgk.wust.edu.cn/', `${server.origin}/`));
    requests.length = 0;
    const out = await cli(['run', file, '--format', 'json', '-q', '--no-attachments']);
    const json = JSON.parse(out.stdout) as JsonReport;
    const items = json.results[0]!.items;
    expect(items.map((i) => i.no)).toEqual(wust.categories.flatMap((c) => c.items.map((i) => i.no)));
    expect(items.map((i) => i.title)).toEqual(wust.categories.flatMap((c) => c.items.map((i) => i.title)));
    expect(new Set(requests).size).toBe(50);
    expect(out.stderr).toMatch(/table header at line 12/);
    expect(json.results[0]!.review).toBeUndefined();
  });

  it('run on a file that is neither a checklist nor a report with a table says so and exits 2', async () => {
    const file = join(scratch, 'notes.txt');
    writeFileSync(file, '没有表格的文字。\n');
    const out = await cli(['run', file]);
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/no appendix table found/);
    expect(out.stderr).toMatch(/notes\.txt: no item could be read to check/);
  });
});
