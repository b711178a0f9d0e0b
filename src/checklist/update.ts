// The `update` and `due` keys of a checklist item: how often the item's page must be updated.
import type { UpdateDeadline } from '../types.js';

/** A deadline written as a count of days, weeks, months or years. */
export interface UpdateInterval {
  count: number;
  unit: 'd' | 'w' | 'm' | 'y';
}

const INTERVAL = /^([1-9]\d{0,3})([dwmy])$/;

/** `2w`, `6m`, `1y`, `30d` → the interval; anything else → undefined. */
export function parseInterval(text: string): UpdateInterval | undefined {
  const match = INTERVAL.exec(text.trim().toLowerCase());
  if (!match) return undefined;
  return { count: Number(match[1]), unit: match[2] as UpdateInterval['unit'] };
}

/** The value of `update:` as written (`2w`, `annual`, `none`…), or undefined when it is not one. */
export function parseUpdate(text: string): UpdateDeadline | undefined {
  const value = text.trim().toLowerCase();
  if (value === 'none' || value === 'annual') return value;
  const interval = parseInterval(value);
  return interval ? (`${interval.count}${interval.unit}` as UpdateDeadline) : undefined;
}

/** `MM-DD` of a day that every year has (02-29 is not one), or undefined. */
export function parseDue(text: string): string | undefined {
  const match = /^(\d{2})-(\d{2})$/.exec(text.trim());
  if (!match) return undefined;
  const month = Number(match[1]);
  const day = Number(match[2]);
  if (month < 1 || month > 12 || day < 1) return undefined;
  // 2023 is not a leap year: a day that exists in it exists in every year.
  if (day > new Date(Date.UTC(2023, month, 0)).getUTCDate()) return undefined;
  return `${match[1]}-${match[2]}`;
}

/** How a deadline reads for people: `2w` → 2 周 / 2 weeks. */
export function updateLabel(update: string, lang: 'zh' | 'en'): string {
  if (update === 'annual') return lang === 'zh' ? '每年' : 'yearly';
  if (update === 'none') return lang === 'zh' ? '无需更新' : 'none';
  const interval = parseInterval(update);
  if (!interval) return update;
  const { count, unit } = interval;
  if (lang === 'zh') return `${count} ${{ d: '天', w: '周', m: '个月', y: '年' }[unit]}`;
  const word = { d: 'day', w: 'week', m: 'month', y: 'year' }[unit];
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}
