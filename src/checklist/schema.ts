// Schema 1 of the checklist file: walks the YAML node tree (not plain JS values) so that every problem
// can name its line and column, and collects every problem instead of stopping at the first.
import { isAlias, isMap, isScalar, isSeq, type Document, type LineCounter, type Node as YamlNode } from 'yaml';
import type { Category, Checklist, ChecklistProblem, Item, Lang, Period } from '../types.js';
import { nearestKey } from './suggest.js';
import { parseDue, parseUpdate } from './update.js';
import { detach } from '../strings.js';

export const TOP_KEYS = ['schema', 'institution', 'title', 'period', 'site', 'categories'] as const;
export const PERIOD_KEYS = ['from', 'to'] as const;
export const CATEGORY_KEYS = ['name', 'declared', 'items'] as const;
export const ITEM_KEYS = ['no', 'title', 'url', 'keywords', 'update', 'due', 'freshness', 'external', 'weight'] as const;

/** Words a report writes instead of a link when an item has no published page. */
const NO_LINK_WORDS = new Set(['无', '暂无', '']);

type Place = YamlNode | null | undefined;

interface Entry {
  key: YamlNode;
  value: YamlNode | null;
}

/** The known keys of one mapping, plus the keys already suggested for misspelt ones. */
interface Entries extends Map<string, Entry> {
  suggested?: Set<string>;
}

/** Reads one parsed document into a Checklist, recording problems with their places. */
export class ChecklistReader {
  readonly problems: ChecklistProblem[] = [];
  private readonly firstItemByNo = new Map<number, number>();
  private readonly firstCategoryByName = new Map<string, number>();

  constructor(
    private readonly doc: Document,
    private readonly lines: LineCounter,
    private readonly file: string,
    private readonly lang: Lang,
    private readonly siteOverride?: string,
  ) {}

  // ─────────────── problems ───────────────

  private position(node: Place): { line: number; col: number } {
    const offset = node?.range?.[0];
    if (offset === undefined) return { line: 0, col: 0 };
    const { line, col } = this.lines.linePos(offset);
    // A file without any newline: the line counter knows no line start, but the place is line 1.
    return line === 0 ? { line: 1, col: offset + 1 } : { line, col };
  }

  lineOf(node: Place): number {
    return this.position(node).line;
  }

  private report(severity: ChecklistProblem['severity'], node: Place, zh: string, en: string): void {
    this.problems.push({ severity, file: this.file, ...this.position(node), message: this.lang === 'zh' ? zh : en });
  }

  error(node: Place, zh: string, en: string): void {
    this.report('error', node, zh, en);
  }

  warn(node: Place, zh: string, en: string): void {
    this.report('warning', node, zh, en);
  }

  // ─────────────── node helpers ───────────────

  /** Follows an alias (`*name`) to its anchored node; the alias count was bounded before reading. */
  private deref(node: YamlNode | null | undefined): YamlNode | null {
    if (node === null || node === undefined) return null;
    if (isAlias(node)) return (node.resolve(this.doc) as YamlNode | undefined) ?? null;
    return node;
  }

  /** The key/value pairs of a mapping; unknown and non-string keys are reported (with a suggestion). */
  private entries(map: YamlNode, known: readonly string[], where: { zh: string; en: string }): Entries {
    const result: Entries = new Map<string, Entry>();
    result.suggested = new Set();
    if (!isMap(map)) return result;
    for (const pair of map.items) {
      const keyNode = this.deref(pair.key as YamlNode | null);
      const valueNode = (pair.value as YamlNode | null | undefined) ?? null;
      if (!isScalar(keyNode) || (typeof keyNode.value !== 'string' && typeof keyNode.value !== 'number')) {
        this.error(keyNode ?? map, `${where.zh}的键必须是文字`, `keys of ${where.en} must be plain words`);
        continue;
      }
      const key = String(keyNode.value);
      if (!known.includes(key)) {
        const suggestion = nearestKey(key, known);
        if (suggestion) result.suggested.add(suggestion);
        const knownList = known.map((k) => `\`${k}\``).join(', ');
        this.error(
          keyNode,
          suggestion
            ? `未知的键 \`${key}\`（${where.zh}）：是不是 \`${suggestion}\`？`
            : `未知的键 \`${key}\`（${where.zh}），可用的键：${knownList}`,
          suggestion
            ? `unknown key \`${key}\` in ${where.en}: did you mean \`${suggestion}\`?`
            : `unknown key \`${key}\` in ${where.en}; known keys: ${knownList}`,
        );
        continue;
      }
      result.set(key, { key: keyNode, value: this.deref(valueNode) });
    }
    return result;
  }

  /** The place to point at for an entry: its value when there is one, else its key. */
  private at(entry: Entry): YamlNode {
    return entry.value && entry.value.range ? entry.value : entry.key;
  }

  private scalarValue(node: YamlNode | null): unknown {
    if (node === null) return null;
    if (isScalar(node)) return node.value;
    return node; // a collection: never a valid scalar value
  }

  private optionalString(entry: Entry | undefined, name: string): string | undefined {
    if (!entry) return undefined;
    const value = this.scalarValue(entry.value);
    if (value === null) return undefined;
    if (typeof value !== 'string') {
      this.error(this.at(entry), `\`${name}\` 必须是文字`, `\`${name}\` must be text`);
      return undefined;
    }
    return value.trim();
  }

  // ─────────────── the checklist ───────────────

  read(): Checklist | undefined {
    const root = this.deref(this.doc.contents);
    if (root === null || (isScalar(root) && (root.value === null || root.value === ''))) {
      this.error(null, '清单文件是空的', 'the checklist file is empty');
      return undefined;
    }
    if (!isMap(root)) {
      this.error(
        root,
        '清单必须是键值映射，包含 schema、institution、categories 等键',
        'the checklist must be a mapping with keys such as schema, institution and categories',
      );
      return undefined;
    }
    const top = this.entries(root, TOP_KEYS, { zh: '清单顶层', en: 'the checklist' });

    const schemaEntry = top.get('schema');
    if (!schemaEntry && !top.suggested?.has('schema')) {
      this.error(root, '缺少 `schema: 1`', 'missing `schema: 1`');
    } else if (schemaEntry && this.scalarValue(schemaEntry.value) !== 1) {
      const shown = isScalar(schemaEntry.value) ? String(schemaEntry.value.value) : '?';
      this.error(
        this.at(schemaEntry),
        `不支持的 schema ${shown}：本版本只读 \`schema: 1\``,
        `unsupported schema ${shown}: this version reads \`schema: 1\``,
      );
    }

    const institutionEntry = top.get('institution');
    const institution = this.optionalString(institutionEntry, 'institution');
    if (!institution) {
      if (institutionEntry ? institution === '' || this.scalarValue(institutionEntry.value) === null : !top.suggested?.has('institution')) {
        this.error(
          institutionEntry ? this.at(institutionEntry) : root,
          '缺少学校名称 `institution`',
          'missing `institution` (the name of the university)',
        );
      }
    }

    const title = this.optionalString(top.get('title'), 'title') || undefined;
    const period = this.readPeriod(top.get('period'));
    const site = this.readSite(top.get('site'));

    const categoriesEntry = top.get('categories');
    const categories: Category[] = [];
    if (!categoriesEntry) {
      if (!top.suggested?.has('categories')) this.error(root, '缺少 `categories`（类别及其事项）', 'missing `categories` (the categories and their items)');
    } else if (!isSeq(categoriesEntry.value)) {
      this.error(this.at(categoriesEntry), '`categories` 必须是列表（每项以 “- name:” 开头）', '`categories` must be a list (each entry starting with "- name:")');
    } else {
      for (const node of categoriesEntry.value.items) {
        const category = this.readCategory(this.deref(node as YamlNode | null), categoriesEntry.value, site);
        if (category) categories.push(category);
      }
      const itemCount = categories.reduce((sum, c) => sum + c.items.length, 0);
      if (categoriesEntry.value.items.length === 0) {
        this.error(this.at(categoriesEntry), '`categories` 是空的：清单没有任何类别', '`categories` is empty: the checklist has no categories');
      } else if (itemCount === 0 && !this.problems.some((p) => p.severity === 'error')) {
        this.error(this.at(categoriesEntry), '清单没有列出任何事项', 'the checklist lists no items');
      }
    }

    if (this.problems.some((p) => p.severity === 'error') || institution === undefined) return undefined;
    const checklist: Checklist = { schema: 1, file: this.file, institution, categories };
    if (title !== undefined) checklist.title = title;
    if (period !== undefined) checklist.period = period;
    if (site !== undefined) checklist.site = site;
    return checklist;
  }

  private readPeriod(entry: Entry | undefined): Period | undefined {
    if (!entry || this.scalarValue(entry.value) === null) return undefined;
    if (!isMap(entry.value)) {
      this.error(this.at(entry), '`period` 必须写成 `{ from: YYYY-MM-DD, to: YYYY-MM-DD }`', '`period` must be `{ from: YYYY-MM-DD, to: YYYY-MM-DD }`');
      return undefined;
    }
    const fields = this.entries(entry.value, PERIOD_KEYS, { zh: '`period`', en: '`period`' });
    const dates: Partial<Record<'from' | 'to', string>> = {};
    for (const end of PERIOD_KEYS) {
      const field = fields.get(end);
      if (!field) {
        this.error(entry.value, `\`period\` 缺少 \`${end}\``, `\`period\` is missing \`${end}\``);
        continue;
      }
      const value = this.scalarValue(field.value);
      const text = typeof value === 'string' ? value.trim() : isScalar(field.value) ? String(value) : '';
      if (typeof value !== 'string' || !isRealDate(text)) {
        this.error(
          this.at(field),
          `\`period.${end}\` 不是有效日期：\`${text}\`（应为 YYYY-MM-DD，例如 2023-09-01）`,
          `\`period.${end}\` is not a real date: \`${text}\` (write YYYY-MM-DD, e.g. 2023-09-01)`,
        );
        continue;
      }
      dates[end] = text;
    }
    if (dates.from === undefined || dates.to === undefined) return undefined;
    if (dates.from > dates.to) {
      this.error(
        entry.value,
        `\`period\` 的开始日期 ${dates.from} 晚于结束日期 ${dates.to}`,
        `\`period\` starts (${dates.from}) after it ends (${dates.to})`,
      );
      return undefined;
    }
    return { from: dates.from, to: dates.to };
  }

  private readSite(entry: Entry | undefined): string | undefined {
    if (this.siteOverride !== undefined) {
      const parsed = parseHttpUrl(this.siteOverride);
      if (!parsed) {
        this.error(null, `--site 不是 http(s) 网址：${this.siteOverride}`, `--site is not an http(s) URL: ${this.siteOverride}`);
        return undefined;
      }
      return parsed.href;
    }
    const raw = this.optionalString(entry, 'site');
    if (!entry || !raw) return undefined;
    const parsed = parseHttpUrl(raw);
    if (!parsed) {
      this.error(this.at(entry), `\`site\` 必须是完整的 http(s) 网址：\`${raw}\``, `\`site\` must be a full http(s) URL: \`${raw}\``);
      return undefined;
    }
    return parsed.href;
  }

  private readCategory(node: YamlNode | null, list: YamlNode, site: string | undefined): Category | undefined {
    if (!isMap(node)) {
      this.error(node ?? list, '每个类别必须是含 `name` 和 `items` 的映射', 'each category must be a mapping with `name` and `items`');
      return undefined;
    }
    const fields = this.entries(node, CATEGORY_KEYS, { zh: '类别', en: 'a category' });
    const nameEntry = fields.get('name');
    const name = this.optionalString(nameEntry, 'name');
    if (!name) {
      if (nameEntry ? name === '' || this.scalarValue(nameEntry.value) === null : !fields.suggested?.has('name')) {
        this.error(nameEntry ? this.at(nameEntry) : node, '类别缺少名称 `name`', 'the category has no `name`');
      }
    } else {
      const first = this.firstCategoryByName.get(name);
      if (first !== undefined) {
        this.error(nameEntry!.value, `类别名称“${name}”重复（第 ${first} 行已有）`, `duplicate category name "${name}" (first at line ${first})`);
      } else {
        this.firstCategoryByName.set(name, this.lineOf(nameEntry!.value));
      }
    }

    let declared: number | undefined;
    const declaredEntry = fields.get('declared');
    if (declaredEntry) {
      const value = this.scalarValue(declaredEntry.value);
      if (typeof value === 'number' && Number.isInteger(value) && value >= 0) declared = value;
      else if (value !== null) {
        this.error(this.at(declaredEntry), '`declared` 必须是非负整数（报告声明的事项数）', '`declared` must be a whole number (the item count the report declares)');
      }
    }

    const items: Item[] = [];
    const itemsEntry = fields.get('items');
    const categoryName = name ?? '';
    if (!itemsEntry || this.scalarValue(itemsEntry.value) === null) {
      this.warn(itemsEntry ? itemsEntry.key : node, `类别“${categoryName}”没有列出事项`, `category "${categoryName}" lists no items`);
    } else if (!isSeq(itemsEntry.value)) {
      this.error(this.at(itemsEntry), '`items` 必须是列表（每项以 “- no:” 开头）', '`items` must be a list (each entry starting with "- no:")');
    } else {
      for (const itemNode of itemsEntry.value.items) {
        const item = this.readItem(this.deref(itemNode as YamlNode | null), itemsEntry.value, categoryName, site);
        if (item) items.push(item);
      }
      if (itemsEntry.value.items.length === 0 && declared === undefined) {
        this.warn(itemsEntry.key, `类别“${categoryName}”没有列出事项`, `category "${categoryName}" lists no items`);
      }
      if (declared !== undefined && declared !== itemsEntry.value.items.length) {
        const listed = itemsEntry.value.items.length;
        this.warn(
          declaredEntry!.value,
          `类别“${categoryName}”声明 ${declared} 项，实际列出 ${listed} 项`,
          `category "${categoryName}" declares ${declared} items but lists ${listed}`,
        );
      }
    }
    if (name === undefined || name === '') return undefined;
    const category: Category = { name, items };
    if (declared !== undefined) category.declared = declared;
    return category;
  }

  private readItem(node: YamlNode | null, list: YamlNode, category: string, site: string | undefined): Item | undefined {
    if (!isMap(node)) {
      this.error(node ?? list, '每个事项必须是含 `no`、`title`、`url` 的映射', 'each item must be a mapping with `no`, `title` and `url`');
      return undefined;
    }
    const line = this.lineOf(node);
    const fields = this.entries(node, ITEM_KEYS, { zh: '事项', en: 'an item' });

    let no: number | undefined;
    const noEntry = fields.get('no');
    if (!noEntry) {
      if (!fields.suggested?.has('no')) this.error(node, '事项缺少序号 `no`', 'the item has no number `no`');
    } else {
      const value = this.scalarValue(noEntry.value);
      if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 1) {
        const first = this.firstItemByNo.get(value);
        if (first !== undefined) {
          this.error(this.at(noEntry), `序号 ${value} 重复（第 ${first} 行已有）`, `duplicate item number ${value} (first at line ${first})`);
        } else {
          this.firstItemByNo.set(value, this.lineOf(this.at(noEntry)));
        }
        no = value;
      } else {
        const shown = isScalar(noEntry.value) ? String(value) : '…';
        const quoted = typeof value === 'string' && /^\s*\d+\s*$/.test(value);
        this.error(
          this.at(noEntry),
          `序号 \`no\` 必须是正整数，不能是 \`${shown}\`${quoted ? '（去掉引号）' : ''}`,
          `item number \`no\` must be a positive whole number, not \`${shown}\`${quoted ? ' (remove the quotes)' : ''}`,
        );
      }
    }

    const titleEntry = fields.get('title');
    const title = this.optionalString(titleEntry, 'title');
    const titleMissing = titleEntry ? title === '' || this.scalarValue(titleEntry.value) === null : !fields.suggested?.has('title');
    if (!title && titleMissing) {
      this.error(titleEntry ? this.at(titleEntry) : node, `事项${no ?? ''}缺少名称 \`title\``, `item ${no ?? ''} has no \`title\``.replace('  ', ' '));
    }

    const urls = this.readUrls(fields.get('url'), site);
    // The title is kept for the whole run: one flat string, not the pieces the YAML parser built it from (strings.ts).
    const item: Item = { no: no ?? 0, title: detach(title ?? ''), category, urls, line };

    const keywordsEntry = fields.get('keywords');
    if (keywordsEntry && this.scalarValue(keywordsEntry.value) !== null) {
      const keywords: string[] = [];
      if (!isSeq(keywordsEntry.value)) {
        this.error(this.at(keywordsEntry), '`keywords` 必须是文字列表，例如 `[就业质量, 年度报告]`', '`keywords` must be a list of words, e.g. `[就业质量, 年度报告]`');
      } else {
        for (const keywordNode of keywordsEntry.value.items) {
          const keyword = this.deref(keywordNode as YamlNode | null);
          const value = this.scalarValue(keyword);
          if (typeof value === 'string' && value.trim() !== '') keywords.push(value.trim());
          else {
            this.error(keyword ?? keywordsEntry.value, '关键词必须是非空文字（数字请加引号，如 "2024"）', 'each keyword must be non-empty text (quote numbers, e.g. "2024")');
          }
        }
        item.keywords = keywords.slice();
      }
    }

    this.readUpdate(fields, item);

    const externalEntry = fields.get('external');
    if (externalEntry && this.scalarValue(externalEntry.value) !== null) {
      const value = this.scalarValue(externalEntry.value);
      if (typeof value === 'boolean') item.external = value;
      else this.error(this.at(externalEntry), '`external` 只能是 `true` 或 `false`', '`external` must be `true` or `false`');
    }

    const weightEntry = fields.get('weight');
    if (weightEntry && this.scalarValue(weightEntry.value) !== null) {
      const value = this.scalarValue(weightEntry.value);
      if (typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 1000) item.weight = value;
      else {
        this.error(
          this.at(weightEntry),
          `\`weight\`（评分权重）应为 0 到 1000 之间的数，如 \`2\` 或 \`0.5\`，不能是 \`${String(value)}\``,
          `\`weight\` (the item's share of the score) must be a number from 0 to 1000, e.g. \`2\` or \`0.5\`, not \`${String(value)}\``,
        );
      }
    }

    return no === undefined || !title ? undefined : item;
  }

  /** `update` (a deadline), its older spelling `freshness` (annual | none), and `due` (MM-DD, annual items only). */
  private readUpdate(fields: Entries, item: Item): void {
    const updateEntry = fields.get('update');
    const freshnessEntry = fields.get('freshness');
    const dueEntry = fields.get('due');
    const shownOf = (entry: Entry): string => (isScalar(entry.value) ? String(this.scalarValue(entry.value)) : '…');
    if (updateEntry && this.scalarValue(updateEntry.value) !== null) {
      const value = this.scalarValue(updateEntry.value);
      const update = typeof value === 'string' ? parseUpdate(value) : undefined;
      if (update) item.update = update;
      else {
        const shown = shownOf(updateEntry);
        this.error(
          this.at(updateEntry),
          `\`update\` 应为更新期限，如 \`2w\`（2 周）、\`6m\`（6 个月）、\`1y\`、\`30d\`，或 \`annual\`、\`none\`，不能是 \`${shown}\``,
          `\`update\` must be a deadline such as \`2w\` (2 weeks), \`6m\` (6 months), \`1y\`, \`30d\`, or \`annual\` or \`none\`, not \`${shown}\``,
        );
      }
    }
    if (freshnessEntry && this.scalarValue(freshnessEntry.value) !== null) {
      const value = this.scalarValue(freshnessEntry.value);
      if (updateEntry) {
        this.error(
          freshnessEntry.key,
          '`freshness` 是 `update` 的旧写法，两者只能写一个（`freshness: annual` 即 `update: annual`）',
          '`freshness` is the older spelling of `update`: write only one of them (`freshness: annual` is `update: annual`)',
        );
      } else if (value === 'annual' || value === 'none') item.update = value;
      else {
        const shown = shownOf(freshnessEntry);
        this.error(this.at(freshnessEntry), `\`freshness\` 只能是 \`annual\` 或 \`none\`，不能是 \`${shown}\``, `\`freshness\` must be \`annual\` or \`none\`, not \`${shown}\``);
      }
    }
    if (dueEntry && this.scalarValue(dueEntry.value) !== null) {
      const value = this.scalarValue(dueEntry.value);
      const due = typeof value === 'string' ? parseDue(value) : undefined;
      if (due === undefined) {
        const shown = shownOf(dueEntry);
        this.error(
          this.at(dueEntry),
          `\`due\` 应为每年的截止日 \`MM-DD\`（加引号也可），如 \`10-31\`，不能是 \`${shown}\``,
          `\`due\` must be the yearly due day \`MM-DD\`, e.g. \`10-31\`, not \`${shown}\``,
        );
      } else if (item.update !== 'annual') {
        this.error(
          dueEntry.key,
          '`due` 只用于每年更新的事项：同时写 `update: annual`',
          '`due` is for yearly items only: add `update: annual`',
        );
      } else item.due = due;
    }
  }

  /** `url`: a string, a list of strings, `null`, `无`, or absent → absolute http(s) URLs. */
  private readUrls(entry: Entry | undefined, site: string | undefined): string[] {
    if (!entry) return [];
    const value = entry.value;
    if (value === null || (isScalar(value) && value.value === null)) return [];
    const nodes: YamlNode[] = [];
    if (isSeq(value)) {
      for (const node of value.items) {
        const resolved = this.deref(node as YamlNode | null);
        if (resolved) nodes.push(resolved);
      }
    } else {
      nodes.push(value);
    }
    const urls: string[] = [];
    for (const node of nodes) {
      const raw = this.scalarValue(node);
      if (typeof raw !== 'string') {
        this.error(node, '`url` 必须是网址文字、网址列表、`null` 或 `无`', '`url` must be a URL, a list of URLs, `null` or `无`');
        continue;
      }
      if (NO_LINK_WORDS.has(raw.trim())) {
        if (isSeq(value)) this.error(node, '网址列表中不能写“无”：没有链接时写 `url: 无`', 'a list of URLs cannot contain "无": write `url: 无` when there is no link');
        continue;
      }
      const url = this.resolveUrl(raw, node, site);
      if (url === undefined) continue;
      if (urls.includes(url)) this.warn(node, `网址重复：${url}`, `the same URL is listed twice: ${url}`);
      else urls.push(url);
    }
    // A copy of exactly its length: an array grown by push keeps room for 17 elements (~150 bytes), and a run holds
    // one per item (at 100,000 items, 18.9 MB of a heap snapshot's 81 MB were these).
    return urls.slice();
  }

  private resolveUrl(raw: string, node: YamlNode, site: string | undefined): string | undefined {
    const text = raw.trim();
    if (/\s/.test(text)) {
      this.warn(node, `网址中含有空白字符（可能是从 PDF 复制时断行造成的）：\`${text}\``, `the URL contains white space (a line break copied from a PDF?): \`${text}\``);
    }
    if (/^[a-z][a-z0-9+.-]*:/i.test(text) && !/^[a-z0-9.-]+:\d/i.test(text)) {
      let url: URL;
      try {
        url = new URL(text);
      } catch {
        this.error(node, `无法解析的网址：\`${text}\``, `not a valid URL: \`${text}\``);
        return undefined;
      }
      if (url.protocol !== 'http:' && url.protocol !== 'https:') {
        const scheme = url.protocol.slice(0, -1);
        this.error(node, `网址协议必须是 http 或 https，不能是 ${scheme}：\`${text}\``, `the URL's scheme must be http or https, not ${scheme}: \`${text}\``);
        return undefined;
      }
      if (url.hostname === '') {
        this.error(node, `网址缺少主机名：\`${text}\``, `the URL has no host: \`${text}\``);
        return undefined;
      }
      return url.href;
    }
    if (/^[a-z0-9-]+(\.[a-z0-9-]+)*\.(cn|com|net|org|edu|gov)(:\d+)?(\/|$)/i.test(text)) {
      this.error(node, `网址缺少协议：应写成 \`https://${text}\``, `the URL has no scheme: did you mean \`https://${text}\`?`);
      return undefined;
    }
    if (site === undefined) {
      this.error(
        node,
        `相对网址 \`${text}\` 需要在清单顶层写 \`site:\`（网站地址）`,
        `relative URL \`${text}\` needs a \`site:\` at the top of the checklist to resolve against`,
      );
      return undefined;
    }
    try {
      return new URL(text, site).href;
    } catch {
      this.error(node, `无法解析的网址：\`${text}\``, `not a valid URL: \`${text}\``);
      return undefined;
    }
  }
}

/** A real calendar date written YYYY-MM-DD (2023-02-30 is not one). */
export function isRealDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function parseHttpUrl(text: string): URL | undefined {
  try {
    const url = new URL(text.trim());
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '' ? url : undefined;
  } catch {
    return undefined;
  }
}
