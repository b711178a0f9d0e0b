// The parts of an annual report (年度报告的组成部分), each found by its heading. The Ministry's rules
// (《高等学校信息公开办法》, 教育部令第29号; the yearly notices, e.g. 教办厅函〔2018〕80号) name what a report must cover;
// the seed report names them as eight parts. Real reports number and group them differently: 一、 or （一） or 1. or
// no number; 中山大学 splits 重点领域信息公开情况 out of 主动公开情况; others merge several into three or four parts
// (“四、信息公开评议和举报、复议、诉讼情况”). So a part is found when any heading, at any level, names it, and one
// heading may stand for several parts. docs/review.md lists the parts, their words and which are required.
import type { Lang } from '../types.js';
import { compactText, type TextLine } from './text.js';

export interface ReportPart {
  id: string;
  name: Record<Lang, string>;
  /** `required`: missing → fail; `recommended`: missing → warn. */
  level: 'required' | 'recommended';
  /** Words that identify the part in a heading. */
  pattern: RegExp;
}

/** The parts, in the order of the seed report. */
export const REPORT_PARTS: readonly ReportPart[] = [
  { id: 'overview', name: { zh: '概述', en: 'overview' }, level: 'recommended', pattern: /概述|概况|总体情况|基本情况|总体概述/ },
  { id: 'proactive', name: { zh: '主动公开情况', en: 'proactive disclosure' }, level: 'required', pattern: /主动公开|重点领域/ },
  {
    id: 'on-request',
    name: { zh: '依申请公开和不予公开情况', en: 'disclosure on request and withheld information' },
    level: 'required',
    pattern: /依申请|不予公开|申请公开/,
  },
  { id: 'evaluation', name: { zh: '对信息公开的评议情况', en: 'evaluation of the disclosure work' }, level: 'required', pattern: /评议/ },
  {
    id: 'complaints',
    name: { zh: '因学校信息公开工作受到举报、复议、诉讼的情况', en: 'complaints, reviews and lawsuits about the disclosure' },
    level: 'required',
    pattern: /举报|复议|诉讼|投诉/,
  },
  {
    id: 'improvement',
    name: { zh: '主要经验、问题和下一步改进措施', en: 'main experience, problems and improvements' },
    level: 'required',
    pattern: /改进|问题|不足|整改|经验|努力方向|下一步/,
  },
  { id: 'other', name: { zh: '其他需要报告的事项', en: 'other matters to report' }, level: 'recommended', pattern: /其他需要报告|其他需报告|其他事项|其它需要报告/ },
  { id: 'checklist', name: { zh: '清单事项公开情况表', en: 'checklist table (清单事项公开情况表)' }, level: 'required', pattern: /清单/ },
];

export interface Heading {
  line: number;
  /** The heading as printed, with its number: 四、对信息公开的评议情况. */
  text: string;
  /** 1: 一、  2: （一）  3: 1.  4: (1)  5: unnumbered. */
  level: number;
  /** The heading's words without the number, cut at the first full stop or colon. */
  words: string;
}

const NUMBERED: { level: number; pattern: RegExp }[] = [
  { level: 1, pattern: /^(第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+[、.．])\s*(.*)$/ },
  { level: 2, pattern: /^([（(][一二三四五六七八九十]+[）)])\s*(.*)$/ },
  { level: 3, pattern: /^(\d{1,2}[、.．](?!\d))\s*(.*)$/ },
  { level: 4, pattern: /^([（(]\d{1,2}[）)])\s*(.*)$/ },
];
/** A heading's words end at the first of these (a numbered paragraph often runs on after its heading). */
const HEADING_END = /[。；;：:！!？?]/;
const MAX_HEADING = 40;
const MAX_UNNUMBERED = 30;

/** The headings of the report's body: numbered lines, and short lines without a full stop. */
export function findHeadings(body: readonly TextLine[]): Heading[] {
  const headings: Heading[] = [];
  for (const { line, text } of body) {
    const trimmed = text.trim();
    let found = false;
    for (const { level, pattern } of NUMBERED) {
      const match = pattern.exec(trimmed);
      if (!match) continue;
      const words = compactText(match[2]!).split(HEADING_END)[0]!.slice(0, MAX_HEADING);
      if (words) headings.push({ line, text: `${match[1]}${words}`, level, words });
      found = true;
      break;
    }
    if (found) continue;
    const compact = compactText(trimmed);
    if (compact.length >= 2 && compact.length <= MAX_UNNUMBERED && !/[。，,；;]/.test(compact)) {
      headings.push({ line, text: compact, level: 5, words: compact });
    }
  }
  return headings;
}

export interface PartFound {
  part: ReportPart;
  /** Headings naming the part, highest level first; empty when the part is missing. */
  headings: Heading[];
}

/** Each part with the headings that name it. */
export function findParts(headings: readonly Heading[]): PartFound[] {
  return REPORT_PARTS.map((part) => ({
    part,
    headings: headings.filter((h) => part.pattern.test(h.words)).sort((a, b) => a.level - b.level || a.line - b.line),
  }));
}
