// What a report says about itself: the institution, the statistics period, the school year.
import type { Period } from '../types.js';

export interface ReportMeta {
  institution?: string;
  period?: Period;
  /** e.g. 2023-2024学年度信息公开清单事项, from the report's school year. */
  title?: string;
}

const NAME = '[\\u4e00-\\u9fff（）()]{2,30}?(?:大学|学院|学校)';

function isoDate(year: string, month: string, day: string): string | undefined {
  const iso = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
  const date = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(iso) ? iso : undefined;
}

/** Reads the institution, period and school year from the report's text (any format, as plain text). */
export function readReportMeta(text: string): ReportMeta {
  const meta: ReportMeta = {};
  const lines = text.split(/\r\n|\r|\n/).map((l) => l.replace(/[\s\u3000]+/g, ''));
  const alone = new RegExp(`^(${NAME})$`);
  const named = lines.map((l) => alone.exec(l)?.[1]).find(Boolean);
  const contact = new RegExp(`(?:与|联系)(${NAME})信息公开`).exec(text.replace(/\s+/g, ''))?.[1];
  const heading = new RegExp(`^(${NAME})\\d{4}[-—–至]\\d{4}学年`).exec(lines.find((l) => /学年/.test(l)) ?? '')?.[1];
  const institution = named ?? heading ?? contact;
  if (institution !== undefined) meta.institution = institution;

  const flat = text.replace(/[\s\u3000]+/g, '');
  const period = /统计(?:时间|时段|期间)(?:为|是|：|:)?(\d{4})年(\d{1,2})月(\d{1,2})日(?:至|到|—|-|－)(\d{4})年(\d{1,2})月(\d{1,2})日/.exec(flat);
  if (period) {
    const from = isoDate(period[1]!, period[2]!, period[3]!);
    const to = isoDate(period[4]!, period[5]!, period[6]!);
    if (from && to && from <= to) meta.period = { from, to };
  }
  const year = /(\d{4})[-—–至](\d{4})学年/.exec(flat);
  if (year && Number(year[2]) === Number(year[1]) + 1) meta.title = `${year[1]}-${year[2]}学年度信息公开清单事项`;
  return meta;
}
