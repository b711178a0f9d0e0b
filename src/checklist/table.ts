// The checklist as a table for a terminal (`xxgk-check list`): 序号 / 公开事项 / 链接, by category.
// Widths are display columns (string-width), so Chinese text (two columns a character) lines up.
import { displayWidth as stringWidth, padToWidth, truncateToWidth } from '../text-width.js';
import type { Checklist, Lang } from '../types.js';
import { allItems } from './load.js';

export interface TableOptions {
  lang: Lang;
  /** Display columns available; titles are cut to fit. 0 or Infinity: never cut. */
  width: number;
}

const GAP = '  ';
/** Below this many columns for titles the link goes on its own line under the title. */
const MIN_TITLE_COLUMNS = 24;

const padEndToWidth = (text: string, columns: number): string => padToWidth(text, columns, 'left');
const padStartToWidth = (text: string, columns: number): string => padToWidth(text, columns, 'right');

/** The lines of the table (without trailing newlines). */
export function renderChecklistTable(checklist: Checklist, options: TableOptions): string[] {
  const { lang } = options;
  const width = options.width > 0 ? options.width : Infinity;
  const zh = lang === 'zh';
  const items = allItems(checklist);
  const noLink = zh ? '— 无链接 —' : '— no link —';
  const heads = zh ? { no: '序号', title: '公开事项', link: '链接', stacked: '公开事项 / 链接' } : { no: 'No.', title: 'Item', link: 'Link', stacked: 'Item / link' };

  const noColumns = Math.max(stringWidth(heads.no), ...items.map((item) => String(item.no).length));
  const linkColumns = Math.max(stringWidth(heads.link), stringWidth(noLink), ...items.flatMap((item) => item.urls.map((u) => stringWidth(u))));
  const longestTitle = Math.max(stringWidth(heads.title), ...items.map((item) => stringWidth(item.title)));
  const titleRoom = width - noColumns - GAP.length - GAP.length - linkColumns;
  // Side by side when the links fit next to a readable title column; else each link under its title.
  const sideBySide = titleRoom >= Math.min(MIN_TITLE_COLUMNS, longestTitle);
  const titleColumns = sideBySide
    ? Math.min(longestTitle, titleRoom)
    : Math.min(longestTitle, Math.max(8, width - noColumns - GAP.length));
  const indent = ' '.repeat(noColumns) + GAP;

  const lines: string[] = [];
  const heading = [checklist.institution, checklist.title].filter(Boolean).join(' · ');
  lines.push(heading);
  const about: string[] = [];
  if (checklist.period) about.push(zh ? `统计时间 ${checklist.period.from} 至 ${checklist.period.to}` : `period ${checklist.period.from} to ${checklist.period.to}`);
  if (checklist.site) about.push(zh ? `网站 ${checklist.site}` : `site ${checklist.site}`);
  if (about.length) lines.push(about.join(zh ? '；' : '; '));

  checklist.categories.forEach((category, index) => {
    lines.push('');
    const count = category.items.length;
    let label: string;
    if (zh) {
      label = `${index + 1}. ${category.name}（${count} 项${category.declared !== undefined && category.declared !== count ? `，报告声明 ${category.declared} 项` : ''}）`;
    } else {
      label = `${index + 1}. ${category.name} (${count} item${count === 1 ? '' : 's'}${category.declared !== undefined && category.declared !== count ? `; the report declares ${category.declared}` : ''})`;
    }
    lines.push(label);
    if (sideBySide) {
      lines.push(trimEnd(padStartToWidth(heads.no, noColumns) + GAP + padEndToWidth(heads.title, titleColumns) + GAP + heads.link));
    } else {
      lines.push(padStartToWidth(heads.no, noColumns) + GAP + heads.stacked);
    }
    for (const item of category.items) {
      const title = truncateToWidth(item.title, titleColumns);
      const links = item.urls.length ? item.urls : [noLink];
      const no = padStartToWidth(String(item.no), noColumns);
      if (sideBySide) {
        lines.push(no + GAP + padEndToWidth(title, titleColumns) + GAP + links[0]);
        for (const link of links.slice(1)) lines.push(indent + ' '.repeat(titleColumns) + GAP + link);
      } else {
        lines.push(no + GAP + title);
        for (const link of links) lines.push(indent + link);
      }
    }
  });

  lines.push('');
  const gaps = items.filter((item) => item.urls.length === 0).length;
  lines.push(
    zh
      ? `共 ${checklist.categories.length} 个类别、${items.length} 个事项，其中 ${gaps} 个无链接。`
      : `${checklist.categories.length} categories, ${items.length} items, ${gaps} without a link.`,
  );
  return lines;
}

function trimEnd(line: string): string {
  return line.replace(/\s+$/, '');
}
