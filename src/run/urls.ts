// The distinct URLs of a run, and which items list each, kept compact.
//
// A run fetches each URL once however many items list it, and must know for each URL the items that wait for it, all
// through the crawl. As a Map from URL to items this took ~6.6 MB of V8 heap at 100,000 URLs — the Map's table (3.5 MB:
// V8's slots are 8 bytes in Node) and a string per key (3.1 MB) — and V8 sizes its heap a quarter above what is live
// (docs/scale.md, Memory). Here a URL is a number, its place in the order the items first list it, and the index is
// typed arrays outside V8's heap (~2.5 MB at 100,000 URLs): an open-addressing hash table of the numbers, and per URL
// its hash, its items and which of its first item's URLs it is. Its text is made again from that item when it is
// needed (`url`).

/** A column of 32-bit integers that grows as it is appended to. */
class IntColumn {
  values = new Int32Array(1024);

  set(index: number, value: number): void {
    if (index >= this.values.length) {
      const grown = new Int32Array(Math.max(this.values.length * 2, index + 1));
      grown.set(this.values);
      this.values = grown;
    }
    this.values[index] = value;
  }
}

/** 32-bit FNV-1a of the string's UTF-16 code units. */
function hashOf(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash | 0;
}

export class UrlIndex {
  /** URLs recorded. */
  count = 0;
  /** Open addressing, linear probing: a URL's number + 1, 0 when the slot is free. Never more than half full. */
  private slots = new Int32Array(2048);
  private readonly hashes = new IntColumn();
  /** Per URL: the one item that lists it (its job number, ≥ 0), or −1 − k for `shared[k]`, the items listing it. */
  private readonly listings = new IntColumn();
  /** Per URL: which URL of its first item it is. */
  private readonly places = new IntColumn();
  private readonly shared: number[][] = [];

  /** `urlOf(job, k)`: the k-th URL of item `job`. */
  constructor(private readonly urlOf: (job: number, k: number) => string) {}

  /**
   * Record that item `job` lists `url` as its k-th URL. An item that lists a URL twice is recorded twice (it waits for
   * the URL twice).
   */
  add(url: string, job: number, k: number): void {
    const hash = hashOf(url);
    const found = this.find(url, hash);
    if (found >= 0) {
      const listing = this.listings.values[found]!;
      if (listing < 0) this.shared[-1 - listing]!.push(job);
      else {
        this.shared.push([listing, job]);
        this.listings.values[found] = -this.shared.length;
      }
      return;
    }
    const id = this.count++;
    this.hashes.set(id, hash);
    this.listings.set(id, job);
    this.places.set(id, k);
    if (this.count * 2 > this.slots.length) this.rehash(this.slots.length * 2);
    else this.slots[this.freeSlot(hash)] = id + 1;
  }

  /** The number of `url`, or −1 when no item lists it. */
  idOf(url: string): number {
    return this.find(url, hashOf(url));
  }

  /** URL number `id`'s text. */
  url(id: number): string {
    return this.urlOf(this.firstJob(id), this.places.values[id]!);
  }

  /** The items that list URL `id`, in the order they list it. */
  listing(id: number): readonly number[] {
    const listing = this.listings.values[id]!;
    return listing < 0 ? this.shared[-1 - listing]! : [listing];
  }

  /** URL `id`'s place in the run's order of URLs (first listed, first), from the first item that lists it. */
  seq(id: number): number {
    return this.firstJob(id) * 65_536 + Math.min(this.places.values[id]!, 65_535);
  }

  private firstJob(id: number): number {
    const listing = this.listings.values[id]!;
    return listing < 0 ? this.shared[-1 - listing]![0]! : listing;
  }

  private find(url: string, hash: number): number {
    const mask = this.slots.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const entry = this.slots[slot]!;
      if (entry === 0) return -1;
      // Equal hashes are (nearly always) the same URL: only then is the URL's text made to compare.
      if (this.hashes.values[entry - 1] === hash && this.url(entry - 1) === url) return entry - 1;
    }
  }

  private freeSlot(hash: number): number {
    const mask = this.slots.length - 1;
    let slot = hash & mask;
    while (this.slots[slot] !== 0) slot = (slot + 1) & mask;
    return slot;
  }

  private rehash(size: number): void {
    this.slots = new Int32Array(size);
    for (let id = 0; id < this.count; id++) this.slots[this.freeSlot(this.hashes.values[id]!)] = id + 1;
  }
}
