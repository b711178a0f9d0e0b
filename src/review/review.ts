// `review`: judges an annual report as the evaluators do, one requirement per line (pass / warn / fail): its parts,
// its 清单 table against the Ministry's list, its period and date, and the addresses of its links. Reads what
// `import` read (src/import); fetches nothing. docs/review.md documents every code and rule.
import type { Checklist, Item, Lang, Requirement, RequirementCode, RequirementStatus, ReportReview } from '../types.js';
import type { ImportResult } from '../import/index.js';
import { formatPlace } from '../import/index.js';
import { redactText } from '../run/redact.js';
import { daysBetween, deadlineFor, DEFAULT_DUE, findPeriod, findReportDate } from './dates.js';
import { allItemsOf, compareItems } from './items.js';
import { isInstitutionDomain, linkShape, linkSites } from './links.js';
import { findHeadings, findParts } from './parts.js';
import { titleSimilarity } from './similarity.js';
import { splitReportText } from './text.js';
import { siteOf } from '../inspect/domain.js';

export interface ReviewOptions {
  /** The Ministry's list to match the table against (checklists/moe-2014.yaml). */
  mandated: Checklist;
  /** The deadline's month and day, MM-DD; `10-31` (the Ministry's rule) by default. */
  due?: string;
}

/** A period shorter or longer than this many days is not a year's report. */
const PERIOD_DAYS = { min: 300, max: 400 } as const;

type Text = Record<Lang, string>;

function itemName(item: Pick<Item, 'no' | 'title'>): string {
  return `(${item.no}) ${item.title}`;
}

/** `（第 9 行）` / ` (line 9)` after a quotation, for text reports only. */
function lineOf(result: ImportResult, line: number, lang: Lang): string {
  if (result.format !== 'text') return '';
  return lang === 'zh' ? `（第 ${line} 行）` : ` (line ${line})`;
}

/** `，第 9 行` / `, line 9`: a line of the report, for text reports only (other formats' lines are not the user's). */
function at(result: ImportResult, line: number, lang: Lang): string {
  if (result.format !== 'text') return '';
  return lang === 'zh' ? `，第 ${line} 行` : `, line ${line}`;
}

export function reviewReport(result: ImportResult, options: ReviewOptions): ReportReview {
  const requirements: Requirement[] = [];
  const add = (code: RequirementCode, status: RequirementStatus, message: Text, subject?: string): void => {
    const line: Requirement = { code, status, message: { zh: redactText(message.zh), en: redactText(message.en) } };
    if (subject !== undefined) line.subject = redactText(subject);
    requirements.push(line);
  };
  const due = options.due ?? DEFAULT_DUE;
  const text = splitReportText(result.text ?? '');
  const { table } = result;
  const listed = table.categories.flatMap((c) => c.items);

  // ── parts ──
  for (const { part, headings } of findParts(findHeadings(text.body))) {
    const name = part.name;
    if (headings.length > 0) {
      // The highest-level heading stands for the part (lower headings may name it too).
      const first = headings[0]!;
      const quoted = `“${first.text}”`;
      add(
        'PART_PRESENT',
        'pass',
        {
          zh: `${first.words.includes(name.zh) ? '' : `${name.zh}：`}${quoted}${lineOf(result, first.line, 'zh')}`,
          en: `${name.en}: ${quoted}${lineOf(result, first.line, 'en')}`,
        },
        name.zh,
      );
    } else if (part.id === 'checklist' && table.header) {
      const where = formatPlace(table.header, 'zh');
      add(
        'PART_PRESENT',
        'pass',
        { zh: `${name.zh}：附件表格（表头在${where}）`, en: `${name.en}: the appendix table (header at ${formatPlace(table.header, 'en')})` },
        name.zh,
      );
    } else if (part.level === 'required') {
      add(
        'PART_PRESENT',
        'fail',
        {
          zh: `缺少“${name.zh}”部分：没有标题提到它（年度报告须包含此部分）`,
          en: `part missing: “${name.zh}” (${name.en}): no heading names it, and a report must contain it`,
        },
        name.zh,
      );
    } else {
      add(
        'PART_PRESENT',
        'warn',
        {
          zh: `没有找到“${name.zh}”部分的标题（通常应有）`,
          en: `no heading for the part “${name.zh}” (${name.en}), which reports usually have`,
        },
        name.zh,
      );
    }
  }

  // ── the table ──
  if (!table.header) {
    add('TABLE_READ', 'fail', {
      zh: '没有找到清单事项公开情况表（表头“序号 / 类别 / 公开事项 / 相关链接”）：无法核对清单事项',
      en: 'no checklist table found (a header row 序号 / 类别 / 公开事项 / 相关链接): the items cannot be checked',
    });
  } else {
    const issues = result.issues.filter((i) => i.kind === undefined);
    add('TABLE_READ', listed.length > 0 ? 'pass' : 'fail', {
      zh: `清单事项公开情况表：${table.categories.length} 类 ${listed.length} 项（表头在${formatPlace(table.header, 'zh')}）`,
      en: `checklist table: ${table.categories.length} categories, ${listed.length} items (header at ${formatPlace(table.header, 'en')})`,
    });
    for (const issue of issues) {
      const where = issue.place ? { zh: `${formatPlace(issue.place, 'zh')}：`, en: `${formatPlace(issue.place, 'en')}: ` } : { zh: '', en: '' };
      add('TABLE_READ', 'warn', { zh: `${where.zh}${issue.message.zh}`, en: `${where.en}${issue.message.en}` });
    }
  }

  if (listed.length > 0) {
    // ── the Ministry's items ──
    const mandated = allItemsOf(options.mandated);
    const comparison = compareItems(listed, mandated);
    if (comparison.missing.length === 0) {
      const reworded = comparison.matches.filter((m) => m.score < 1);
      const note: Text = reworded.length
        ? {
            zh: `；${reworded.length} 项措辞与清单不同，按相似度对应：${reworded.map((m) => `(${m.listed.no})→第 ${m.mandated.no} 项`).join('、')}`,
            en: `; ${reworded.length} worded differently, matched by similarity: ${reworded.map((m) => `(${m.listed.no})→no. ${m.mandated.no}`).join(', ')}`,
          }
        : { zh: '', en: '' };
      add('ITEM_COVERED', 'pass', {
        zh: `教育部清单的 ${mandated.length} 项均已列出${note.zh}`,
        en: `all ${mandated.length} items of the Ministry's list are listed${note.en}`,
      });
    }
    for (const item of comparison.missing) {
      add(
        'ITEM_COVERED',
        'fail',
        {
          zh: `缺少教育部清单第 ${item.no} 项“${item.title}”（${item.category}）`,
          en: `missing the Ministry's item no. ${item.no} “${item.title}” (${item.category})`,
        },
        `${item.no}`,
      );
    }
    for (const item of comparison.extra) {
      const closest = comparison.missing
        .map((m) => ({ m, score: titleSimilarity(item.title, m.title) }))
        .sort((a, b) => b.score - a.score)[0];
      if (closest && closest.score >= 0.3) {
        add(
          'ITEM_EXTRA',
          'warn',
          {
            zh: `${itemName(item)}：不在教育部清单中；是否就是缺少的第 ${closest.m.no} 项“${closest.m.title}”？`,
            en: `${itemName(item)}: not in the Ministry's list; is it the missing no. ${closest.m.no} “${closest.m.title}”?`,
          },
          `(${item.no})`,
        );
      } else {
        add(
          'ITEM_EXTRA',
          'pass',
          {
            zh: `${itemName(item)}：清单外的事项（如本省增加的事项），不影响合规`,
            en: `${itemName(item)}: an extra item, not in the Ministry's list (e.g. a provincial one); fine`,
          },
          `(${item.no})`,
        );
      }
    }

    // ── links given ──
    const unlinked = listed.filter((item) => item.urls.length === 0);
    if (unlinked.length === 0) {
      add('ITEM_LINKED', 'pass', { zh: `${listed.length} 项都给出了链接`, en: `all ${listed.length} items give a link` });
    }
    for (const item of unlinked) {
      add(
        'ITEM_LINKED',
        'fail',
        { zh: `${itemName(item)}：报告中没有链接（“无”）`, en: `${itemName(item)}: no link in the report (“无”)` },
        `(${item.no})`,
      );
    }

    // ── declared counts ──
    const mismatched = table.categories.filter((c) => c.declared !== undefined && c.declared !== c.items.length);
    if (mismatched.length === 0) {
      add('CATEGORY_COUNT', 'pass', {
        zh: `${table.categories.length} 个类别声明的项数与列出的相符`,
        en: `the ${table.categories.length} categories list as many items as they declare`,
      });
    }
    for (const category of mismatched) {
      add(
        'CATEGORY_COUNT',
        'warn',
        {
          zh: `类别“${category.name}”声明 ${category.declared} 项，实际列出 ${category.items.length} 项`,
          en: `category “${category.name}” declares ${category.declared} items and lists ${category.items.length}`,
        },
        category.name,
      );
    }
  }

  // ── period, date, deadline ──
  const stated = findPeriod(text.body);
  const signed = findReportDate(text.body, text.closing);
  if (!stated) {
    add('PERIOD_STATED', 'fail', {
      zh: '没有找到统计时间（如“统计时间为2023年9月1日至2024年8月31日”或“2023-2024学年”）',
      en: 'no reporting period found (e.g. 统计时间为2023年9月1日至2024年8月31日, or 2023-2024学年)',
    });
  } else {
    const { from, to } = stated.period;
    const days = daysBetween(from, to) + 1;
    const source: Text =
      stated.source === 'stated'
        ? { zh: `“${stated.text}”${at(result, stated.line, 'zh')}`, en: `“${stated.text}”${at(result, stated.line, 'en')}` }
        : { zh: `由“${stated.text}”推定为 9 月 1 日至 8 月 31 日`, en: `inferred from “${stated.text}” as 1 September to 31 August` };
    if (days < PERIOD_DAYS.min || days > PERIOD_DAYS.max) {
      add('PERIOD_STATED', 'warn', {
        zh: `统计时间 ${from} 至 ${to} 共 ${days} 天，不是一个学年（${source.zh}）`,
        en: `the reporting period ${from} to ${to} is ${days} days, not a school year (${source.en})`,
      });
    } else if (signed && signed.iso < to) {
      add('PERIOD_STATED', 'warn', {
        zh: `统计时间截至 ${to}，晚于报告日期 ${signed.iso}（${source.zh}）`,
        en: `the reporting period ends ${to}, after the report's date ${signed.iso} (${source.en})`,
      });
    } else {
      add('PERIOD_STATED', 'pass', {
        zh: `统计时间：${from} 至 ${to}（${source.zh}）`,
        en: `reporting period: ${from} to ${to} (${source.en})`,
      });
    }
  }
  if (!signed) {
    add('REPORT_DATED', 'warn', {
      zh: '没有找到报告的落款日期（报告末尾单独一行的日期，如“2024年10月31日”）',
      en: "no date found at the report's end (a date on a line of its own, e.g. 2024年10月31日)",
    });
  } else {
    add('REPORT_DATED', 'pass', {
      zh: `报告日期：${signed.iso}（“${signed.text}”${at(result, signed.line, 'zh')}）`,
      en: `dated ${signed.iso} (“${signed.text}”${at(result, signed.line, 'en')})`,
    });
  }
  if (signed && stated) {
    const deadline = deadlineFor(stated.period, due);
    const [month, day] = due.split('-').map(Number) as [number, number];
    const rule: Text =
      due === DEFAULT_DUE
        ? {
            zh: '教育部规定：统计期结束当年 10 月 31 日前公布；本省规定其他日期时用 --due MM-DD 指定，如 --due 11-30',
            en: 'the Ministry\'s rule: published by 31 October of the year the period ends; where a province sets another date, give it with --due MM-DD, e.g. --due 11-30',
          }
        : {
            zh: `按 --due ${due}：统计期结束后的第一个 ${month} 月 ${day} 日`,
            en: `as set by --due ${due}: the first ${due} after the period ends`,
          };
    if (signed.iso <= deadline) {
      add('REPORT_ON_TIME', 'pass', {
        zh: `报告日期 ${signed.iso} 不晚于截止日期 ${deadline}（${rule.zh}）`,
        en: `dated ${signed.iso}, by the deadline ${deadline} (${rule.en})`,
      });
    } else {
      add('REPORT_ON_TIME', 'warn', {
        zh: `报告日期 ${signed.iso} 晚于截止日期 ${deadline} ${daysBetween(deadline, signed.iso)} 天（${rule.zh}）`,
        en: `dated ${signed.iso}, ${daysBetween(deadline, signed.iso)} days after the deadline ${deadline} (${rule.en})`,
      });
    }
  }

  // ── links as addresses ──
  const linked = listed.flatMap((item) => item.urls.map((url) => ({ item, url })));
  if (linked.length > 0) {
    const sites = linkSites(
      linked.map((l) => l.url),
      result.text ?? '',
    );
    const foreign = linked.filter((l) => {
      const site = siteOf(l.url);
      return site !== undefined && site !== sites.home && isInstitutionDomain(site);
    });
    const others = [...sites.counts].filter(([site]) => site !== sites.home);
    const onHome = sites.home ? (sites.counts.get(sites.home) ?? 0) : 0;
    if (foreign.length === 0) {
      const rest: Text = others.length
        ? {
            zh: `，${linked.length - onHome} 个在其他网站（${others.map(([s, n]) => `${s} ${n} 个`).join('、')}）`,
            en: `, ${linked.length - onHome} on other sites (${others.map(([s, n]) => `${s}: ${n}`).join(', ')})`,
          }
        : { zh: '', en: '' };
      add('LINK_SITE', 'pass', {
        zh: `${linked.length} 个链接中 ${onHome} 个在学校网站 ${sites.home ?? '—'} 上${rest.zh}`,
        en: `${onHome} of ${linked.length} links on the institution's site ${sites.home ?? '—'}${rest.en}`,
      });
    }
    for (const { item, url } of foreign) {
      add(
        'LINK_SITE',
        'warn',
        {
          zh: `(${item.no}) 的链接指向另一所学校的网站 ${siteOf(url)}（本校为 ${sites.home}）：${url}`,
          en: `(${item.no}) links to another institution's site ${siteOf(url)} (this one's is ${sites.home}): ${url}`,
        },
        url,
      );
    }
    const shapes = linked.map((l) => ({ ...l, shape: linkShape(l.url) }));
    const bad = shapes.filter((s) => s.shape !== 'page');
    if (bad.length === 0) {
      add('LINK_PAGE', 'pass', { zh: `${linked.length} 个链接都指向具体网页`, en: `all ${linked.length} links point to a page` });
    }
    for (const { item, url, shape } of bad) {
      if (shape === 'not-a-url') {
        add('LINK_PAGE', 'fail', { zh: `(${item.no}) 的链接不是网页地址：${url}`, en: `(${item.no}): the link is not a web address: ${url}` }, url);
      } else {
        add(
          'LINK_PAGE',
          'warn',
          {
            zh: `(${item.no}) 的链接是网站首页，不是该事项的栏目：${url}`,
            en: `(${item.no}): the link is a site's home page, not the item's page: ${url}`,
          },
          url,
        );
      }
    }
  }

  const summary: Record<RequirementStatus, number> = { pass: 0, warn: 0, fail: 0 };
  for (const r of requirements) summary[r.status]++;
  return { file: result.file, format: result.format, requirements, summary };
}
