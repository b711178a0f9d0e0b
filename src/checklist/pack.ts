// A checklist's items, kept compact while a run holds the checklist.
//
// A run keeps every checklist it checks until its reports are written. As objects, an item costs ~250 bytes of V8
// heap (the item, its title, its URL, its URL list), and V8 sizes its heap after what is live: at N = 100,000 the
// checklists were ~25 MB of a 65 MB live heap. Packed, a category's items are columns — every title in one string,
// every URL in another without its site (`https://xxgk.example.edu.cn`, the same for nearly every URL of a
// checklist, is kept once), numbers in typed arrays — about 80 bytes an item, and an `Item` is made only when one is
// asked for.
//
// A packed category still has `items`: a getter that makes the whole list (the same array while it is in use, through
// a WeakRef), so every reader of a checklist works unchanged. A run reads one item at a time with `itemAt`.
import type { Category, Checklist, Item } from '../types.js';

/** The fields of an item beyond the five every item has (keywords, update, due, external, weight…), when it has any. */
type ItemExtras = Omit<Partial<Item>, 'no' | 'title' | 'category' | 'urls' | 'line'>;

const NO_LINE = -1;

/** A URL's site: scheme, `//` and authority (`https://xxgk.example.edu.cn:8443`), when it has them. */
const SITE = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i;

class PackedItems {
  readonly count: number;
  private readonly category: string;
  private readonly nos: Int32Array;
  private readonly lines: Int32Array;
  /** Every title, one after another; `titleEnds[i]` is where item i's title ends. */
  private readonly titles: string;
  private readonly titleEnds: Uint32Array;
  /**
   * Every URL without its site, one after another: URL k is `sites[urlSites[k]]` then its rest, which ends at
   * `urlEnds[k]`; item i has URLs `urlFirst[i]` to `urlFirst[i + 1]`.
   */
  private readonly urls: string;
  private readonly urlEnds: Uint32Array;
  private readonly sites: string[] = [];
  private readonly urlSites: Uint8Array | Uint16Array | Uint32Array;
  private readonly urlFirst: Uint32Array;
  private readonly extras: Map<number, ItemExtras> | undefined;
  private cache: WeakRef<Item[]> | undefined;

  constructor(category: string, items: readonly Item[]) {
    this.category = category;
    this.count = items.length;
    this.nos = new Int32Array(items.length);
    this.lines = new Int32Array(items.length);
    this.titleEnds = new Uint32Array(items.length);
    this.urlFirst = new Uint32Array(items.length + 1);
    const urlCount = items.reduce((n, item) => n + item.urls.length, 0);
    this.urlEnds = new Uint32Array(urlCount);
    const titles: string[] = [];
    const urls: string[] = [];
    const siteNumbers = new Map<string, number>();
    const urlSites: number[] = [];
    let titleAt = 0;
    let urlAt = 0;
    let extras: Map<number, ItemExtras> | undefined;
    for (const [i, item] of items.entries()) {
      const { no, title, category: itemCategory, urls: itemUrls, line, ...rest } = item;
      this.nos[i] = no;
      this.lines[i] = line ?? NO_LINE;
      titles.push(title);
      titleAt += title.length;
      this.titleEnds[i] = titleAt;
      this.urlFirst[i] = urls.length;
      for (const url of itemUrls) {
        const site = SITE.exec(url)?.[0] ?? '';
        let siteNumber = siteNumbers.get(site);
        if (siteNumber === undefined) {
          siteNumber = this.sites.push(site) - 1;
          siteNumbers.set(site, siteNumber);
        }
        urlSites.push(siteNumber);
        const rest = url.slice(site.length);
        urls.push(rest);
        urlAt += rest.length;
        this.urlEnds[urls.length - 1] = urlAt;
      }
      // An item of another category than the one it is listed in, or with more fields, keeps them as they are.
      const more: ItemExtras & { category?: string } = itemCategory === category ? rest : { category: itemCategory, ...rest };
      if (Object.keys(more).length > 0) (extras ??= new Map()).set(i, more);
    }
    this.urlFirst[items.length] = urls.length;
    this.titles = titles.join('');
    this.urls = urls.join('');
    const sites = this.sites.length;
    this.urlSites = sites <= 0x100 ? Uint8Array.from(urlSites) : sites <= 0x10000 ? Uint16Array.from(urlSites) : Uint32Array.from(urlSites);
    this.extras = extras;
  }

  /** Item `i`, made now. */
  item(i: number): Item {
    const titleStart = i === 0 ? 0 : this.titleEnds[i - 1]!;
    const first = this.urlFirst[i]!;
    const end = this.urlFirst[i + 1]!;
    const urls = new Array<string>(end - first);
    for (let k = first; k < end; k++) urls[k - first] = this.urlNumber(k);
    const item: Item = { no: this.nos[i]!, title: this.titles.slice(titleStart, this.titleEnds[i]), category: this.category, urls };
    const line = this.lines[i]!;
    if (line !== NO_LINE) item.line = line;
    const more = this.extras?.get(i);
    return more === undefined ? item : { ...item, ...more };
  }

  /** The k-th URL of item `i`, made now without the rest of the item. */
  url(i: number, k: number): string {
    const at = this.urlFirst[i]! + k;
    if (k < 0 || at >= this.urlFirst[i + 1]!) throw new RangeError(`item ${i} of category ${this.category} has no URL ${k}`);
    return this.urlNumber(at);
  }

  /** URL number `k` of the category. */
  private urlNumber(k: number): string {
    return this.sites[this.urlSites[k]!]! + this.urls.slice(k === 0 ? 0 : this.urlEnds[k - 1]!, this.urlEnds[k]);
  }

  /** Every item: the same array as the last call while anything still holds it. */
  all(): Item[] {
    const kept = this.cache?.deref();
    if (kept) return kept;
    const items = Array.from({ length: this.count }, (_, i) => this.item(i));
    this.cache = new WeakRef(items);
    return items;
  }
}

const packs = new WeakMap<Category, PackedItems>();

/**
 * Pack every category of `checklist` in place (its `items` become a getter over the packed columns) and return it.
 * Packing a packed checklist does nothing. Assigning `items` afterwards replaces the packed list with the new array.
 */
export function packChecklist<T extends Checklist>(checklist: T): T {
  for (const category of checklist.categories) {
    if (packs.has(category)) continue;
    const pack = new PackedItems(category.name, category.items);
    packs.set(category, pack);
    Object.defineProperty(category, 'items', {
      configurable: true,
      enumerable: true,
      get: () => pack.all(),
      set(items: Item[]) {
        packs.delete(category);
        Object.defineProperty(category, 'items', { configurable: true, enumerable: true, writable: true, value: items });
      },
    });
  }
  return checklist;
}

/** Item `index` of `category`: made from the packed columns without making the others, or read from the list. */
export function itemAt(category: Category, index: number): Item {
  const pack = packs.get(category);
  if (pack) {
    if (index < 0 || index >= pack.count) throw new RangeError(`no item ${index} in category ${category.name}`);
    return pack.item(index);
  }
  const item = category.items[index];
  if (item === undefined) throw new RangeError(`no item ${index} in category ${category.name}`);
  return item;
}

/** The k-th URL of item `index` of `category`, without making the item when the category is packed. */
export function urlAt(category: Category, index: number, k: number): string {
  const pack = packs.get(category);
  if (pack) return pack.url(index, k);
  const url = itemAt(category, index).urls[k];
  if (url === undefined) throw new RangeError(`item ${index} of category ${category.name} has no URL ${k}`);
  return url;
}

/** How many items `category` has, without making them. */
export function itemCount(category: Category): number {
  return packs.get(category)?.count ?? category.items.length;
}
