// `xxgk-check diff <a.yaml> <b.yaml>`: what changed between two checklists (last year's and this year's):
// items added, removed, retitled, relinked, renumbered or moved to another category. Items are matched by
// number and title together, then by normalised title (numbering shifted, e.g. a provincial item inserted),
// then by similar title, then by number alone; each change says how its items were matched.
import { Option, type Command } from 'commander';
import type { CliContext } from './context.js';
import { EXIT } from '../errors.js';
import type { Checklist, Item, Lang } from '../types.js';
import { detectLang, t } from '../i18n.js';
import { allItems, formatProblem, hasErrors, loadChecklist } from '../checklist/index.js';

export type MatchedBy = 'number' | 'title' | 'similar-title';
export type ItemChangeKind = 'renumbered' | 'retitled' | 'relinked' | 'recategorised';

interface ItemRef {
  no: number;
  title: string;
  category: string;
  urls: string[];
}

export interface ItemDiff {
  status: 'added' | 'removed' | 'changed';
  matchedBy?: MatchedBy;
  changes: ItemChangeKind[];
  before?: ItemRef;
  after?: ItemRef;
}

export interface FieldDiff {
  field: string;
  before?: string | number | undefined;
  after?: string | number | undefined;
}

export interface ChecklistDiff {
  a: string;
  b: string;
  identical: boolean;
  fields: FieldDiff[];
  items: ItemDiff[];
}

/** Title for matching: no whitespace, full-width ASCII folded, punctuation unified. */
export function normaliseTitle(title: string): string {
  return title
    .normalize('NFKC')
    .replace(/[\s、，,。.;；:：()（）「」“”"']/g, '')
    .toLowerCase();
}

function bigrams(text: string): Map<string, number> {
  const grams = new Map<string, number>();
  for (let i = 0; i < text.length - 1; i++) grams.set(text.slice(i, i + 2), (grams.get(text.slice(i, i + 2)) ?? 0) + 1);
  return grams;
}

/** Dice coefficient of character bigrams, 0..1. */
function similarity(a: string, b: string): number {
  if (a === b) return 1;
  // A title extended or shortened (本科教学质量报告 → 本科教学质量报告、高等职业教育…) is the same item.
  if (Math.min(a.length, b.length) >= 4 && (a.includes(b) || b.includes(a))) return 0.9;
  const x = bigrams(a);
  const y = bigrams(b);
  let shared = 0;
  for (const [gram, n] of x) shared += Math.min(n, y.get(gram) ?? 0);
  const total = Math.max(1, a.length - 1) + Math.max(1, b.length - 1);
  return (2 * shared) / total;
}

const ref = (item: Item): ItemRef => ({ no: item.no, title: item.title, category: item.category, urls: item.urls });

function sameUrls(a: string[], b: string[]): boolean {
  return a.length === b.length && [...a].sort().every((url, k) => url === [...b].sort()[k]);
}

export function diffChecklists(a: Checklist, b: Checklist, names: { a: string; b: string }): ChecklistDiff {
  const fields: FieldDiff[] = [];
  const field = (name: string, x?: string | number, y?: string | number): void => {
    if (x !== y) fields.push({ field: name, before: x, after: y });
  };
  field('institution', a.institution, b.institution);
  field('title', a.title, b.title);
  field('period', a.period ? `${a.period.from}..${a.period.to}` : undefined, b.period ? `${b.period.from}..${b.period.to}` : undefined);
  field('site', a.site, b.site);
  const declared = (c: Checklist) => new Map(c.categories.map((cat) => [cat.name, cat.declared]));
  const da = declared(a);
  const db = declared(b);
  for (const name of new Set([...da.keys(), ...db.keys()])) {
    if (!da.has(name)) fields.push({ field: `category`, after: name });
    else if (!db.has(name)) fields.push({ field: `category`, before: name });
    else field(`declared ${name}`, da.get(name), db.get(name));
  }

  const left = allItems(a);
  const right = allItems(b);
  const pairs: { x: Item; y: Item; by: MatchedBy }[] = [];
  const used = new Set<Item>();
  const take = (x: Item, y: Item, by: MatchedBy): void => {
    pairs.push({ x, y, by });
    used.add(x);
    used.add(y);
  };
  // 1. Same number, same title.
  for (const x of left) {
    const y = right.find((r) => !used.has(r) && r.no === x.no && normaliseTitle(r.title) === normaliseTitle(x.title));
    if (y) take(x, y, 'number');
  }
  // 2. Same title under another number (numbering shifted).
  for (const x of left.filter((i) => !used.has(i))) {
    const y = right.find((r) => !used.has(r) && normaliseTitle(r.title) === normaliseTitle(x.title));
    if (y) take(x, y, 'title');
  }
  // 3. Similar titles (a title reworded or extended), best pairs first.
  const candidates: { x: Item; y: Item; score: number }[] = [];
  for (const x of left.filter((i) => !used.has(i))) {
    for (const y of right.filter((i) => !used.has(i))) {
      const score = similarity(normaliseTitle(x.title), normaliseTitle(y.title));
      if (score >= 0.5) candidates.push({ x, y, score });
    }
  }
  candidates.sort((p, q) => q.score - p.score || Math.abs(p.x.no - p.y.no) - Math.abs(q.x.no - q.y.no));
  for (const { x, y } of candidates) if (!used.has(x) && !used.has(y)) take(x, y, 'similar-title');
  // 4. What is left with the same number is the same item, retitled.
  for (const x of left.filter((i) => !used.has(i))) {
    const y = right.find((r) => !used.has(r) && r.no === x.no);
    if (y) take(x, y, 'number');
  }

  const items: ItemDiff[] = [];
  for (const { x, y, by } of pairs) {
    const changes: ItemChangeKind[] = [];
    if (x.no !== y.no) changes.push('renumbered');
    if (x.title !== y.title) changes.push('retitled');
    if (!sameUrls(x.urls, y.urls)) changes.push('relinked');
    if (x.category !== y.category) changes.push('recategorised');
    if (changes.length) items.push({ status: 'changed', matchedBy: by, changes, before: ref(x), after: ref(y) });
  }
  for (const x of left) if (!used.has(x)) items.push({ status: 'removed', changes: [], before: ref(x) });
  for (const y of right) if (!used.has(y)) items.push({ status: 'added', changes: [], after: ref(y) });
  const key = (d: ItemDiff): number => d.after?.no ?? d.before?.no ?? 0;
  items.sort((p, q) => key(p) - key(q) || (p.before?.no ?? 0) - (q.before?.no ?? 0));
  return { a: names.a, b: names.b, identical: fields.length === 0 && items.length === 0, fields, items };
}

const urlText = (urls: string[], lang: Lang): string => (urls.length ? urls.join(' ') : t(lang, '无', 'none'));

/** The diff for people, in zh or en. */
export function renderDiff(diff: ChecklistDiff, lang: Lang): string {
  const out: string[] = [`${diff.a} → ${diff.b}`];
  if (diff.identical) {
    out.push(t(lang, '两份清单相同。', 'the checklists are identical.'));
    return `${out.join('\n')}\n`;
  }
  const fieldName: Record<string, string> = { institution: '学校', title: '标题', period: '统计时间', site: '网站' };
  for (const f of diff.fields) {
    const name = lang === 'zh' ? (f.field.startsWith('declared ') ? `声明项数 ${f.field.slice(9)}` : f.field === 'category' ? '类别' : fieldName[f.field] ?? f.field) : f.field;
    out.push(`  ${name}: ${f.before ?? '—'} → ${f.after ?? '—'}`);
  }
  const count = (pred: (d: ItemDiff) => boolean): number => diff.items.filter(pred).length;
  const added = count((d) => d.status === 'added');
  const removed = count((d) => d.status === 'removed');
  const has = (k: ItemChangeKind) => count((d) => d.changes.includes(k));
  out.push(
    t(
      lang,
      `新增 ${added} 项，删除 ${removed} 项，改名 ${has('retitled')} 项，改链接 ${has('relinked')} 项，重新编号 ${has('renumbered')} 项，改类别 ${has('recategorised')} 项`,
      `${added} added, ${removed} removed, ${has('retitled')} retitled, ${has('relinked')} relinked, ${has('renumbered')} renumbered, ${has('recategorised')} moved to another category`,
    ),
  );
  const by: Record<MatchedBy, [string, string]> = {
    number: ['按编号匹配', 'matched by number'],
    title: ['按名称匹配', 'matched by title'],
    'similar-title': ['按相近名称匹配', 'matched by similar title'],
  };
  const kind: Record<ItemChangeKind, [string, string]> = {
    renumbered: ['重新编号', 'renumbered'],
    retitled: ['改名', 'retitled'],
    relinked: ['改链接', 'relinked'],
    recategorised: ['改类别', 'moved'],
  };
  for (const d of diff.items) {
    if (d.status === 'added') {
      out.push(`+ (${d.after!.no}) ${d.after!.title}  [${d.after!.category}]  ${urlText(d.after!.urls, lang)}`);
    } else if (d.status === 'removed') {
      out.push(`- (${d.before!.no}) ${d.before!.title}  [${d.before!.category}]`);
    } else {
      const x = d.before!;
      const y = d.after!;
      const no = x.no === y.no ? `(${y.no})` : `(${x.no}→${y.no})`;
      const kinds = d.changes.map((k) => kind[k][lang === 'zh' ? 0 : 1]).join(lang === 'zh' ? '、' : ', ');
      out.push(`~ ${no} ${y.title}  — ${kinds}（${by[d.matchedBy!][lang === 'zh' ? 0 : 1]}）`);
      if (d.changes.includes('retitled')) out.push(`      ${t(lang, '原名', 'was')}: ${x.title}`);
      if (d.changes.includes('relinked')) out.push(`      ${t(lang, '链接', 'link')}: ${urlText(x.urls, lang)} → ${urlText(y.urls, lang)}`);
      if (d.changes.includes('recategorised')) out.push(`      ${t(lang, '类别', 'category')}: ${x.category} → ${y.category}`);
    }
  }
  return `${out.join('\n')}\n`;
}

export function registerDiff(program: Command, ctx: CliContext, lang: Lang): void {
  program
    .command('diff')
    .description(t(lang, '比较两份清单，如去年的和今年的', "compare two checklists, e.g. last year's and this year's"))
    .argument('<a>', t(lang, '旧清单', 'the older checklist'))
    .argument('<b>', t(lang, '新清单', 'the newer checklist'))
    .addOption(new Option('--format <format>', t(lang, '输出格式', 'output format')).choices(['text', 'json']).default('text'))
    .addOption(new Option('--lang <lang>', t(lang, '输出和帮助的语言（默认按 LANG 等区域设置）', 'language of the output and the help (default: from LANG)')).choices(['zh', 'en']))
    .action(async (a: string, b: string, options: { format: 'text' | 'json'; lang?: string }) => {
      ctx.exitCode = await runDiff(a, b, options, ctx);
    });
}

export async function runDiff(a: string, b: string, options: { format?: 'text' | 'json'; lang?: string }, ctx: CliContext): Promise<number> {
  const lang = detectLang(ctx.env, options.lang);
  const { resolve } = await import('node:path');
  const [la, lb] = await Promise.all([loadChecklist(resolve(ctx.cwd, a), { lang }), loadChecklist(resolve(ctx.cwd, b), { lang })]);
  if (hasErrors(la.problems) || hasErrors(lb.problems) || !la.checklist || !lb.checklist) {
    for (const problem of [...la.problems, ...lb.problems]) ctx.stderr.write(`${formatProblem(problem)}\n`);
    ctx.stderr.write(t(lang, '清单有错误，无法比较。\n', 'a checklist has errors; nothing compared.\n'));
    return EXIT.usage;
  }
  const diff = diffChecklists(la.checklist, lb.checklist, { a, b });
  ctx.stdout.write(options.format === 'json' ? `${JSON.stringify(diff, null, 2)}\n` : renderDiff(diff, lang));
  return diff.identical ? EXIT.ok : EXIT.gaps;
}
