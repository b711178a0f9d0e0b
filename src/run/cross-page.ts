// Where a run keeps what the cross-page pass needs of each page until the end (src/inspect/index.ts
// emptyPagesOfOrigin): its origin, final address and text-block hashes. A run with its items in memory keeps the
// pages in memory too; a run whose items are stored outside memory (src/run/store.ts) shelves them in a temporary
// SQLite file, so that memory does not grow with the number of pages (~50 blocks × 8 bytes a page: 40 MB at
// 100,000 pages), and the pass reads them back one origin at a time.
import { crossPageOrigin, emptyPagesOfOrigin, type CrossPage } from '../inspect/index.js';
import type { Finding } from '../types.js';
import { openTempDatabase, type TempDatabase } from './store.js';

/** A page on the shelf: the cross-page facts and the URL the run fetched (which the findings are for). */
export interface ShelvedPage extends CrossPage {
  url: string;
}

export interface PageShelf {
  /** Shelve a page; `seq` is its URL's place in the run (the pass sees an origin's pages in that order). */
  add(seq: number, page: ShelvedPage): void;
  /** The pass, origin by origin: each EMPTY_PAGE finding with the URL of its page. */
  emptyPages(): Iterable<{ url: string; findings: Finding[] }>;
  close(): void;
}

/** Every page in memory (embedders, tests, small runs). */
export function memoryShelf(): PageShelf {
  const byOrigin = new Map<string, { seq: number; page: ShelvedPage }[]>();
  return {
    add(seq, page) {
      const origin = crossPageOrigin(page.finalUrl);
      const list = byOrigin.get(origin);
      if (list) list.push({ seq, page });
      else byOrigin.set(origin, [{ seq, page }]);
    },
    *emptyPages() {
      for (const list of byOrigin.values()) {
        list.sort((a, b) => a.seq - b.seq);
        for (const [index, findings] of emptyPagesOfOrigin(list.map((entry) => entry.page))) yield { url: list[index]!.page.url, findings };
      }
    },
    close() {
      byOrigin.clear();
    },
  };
}

/** Pages written per transaction. */
const BATCH = 256;

/** Pages in a temporary SQLite file, read back one origin at a time by the pass. */
export async function tempShelf(): Promise<PageShelf> {
  const temp: TempDatabase = await openTempDatabase(
    'xxgk-check-pages-',
    `CREATE TABLE pages (origin TEXT NOT NULL, seq INTEGER NOT NULL, url TEXT NOT NULL, final_url TEXT NOT NULL,
                         judge INTEGER NOT NULL, hashes BLOB, lengths BLOB,
                         PRIMARY KEY (origin, seq)) WITHOUT ROWID;`,
  );
  const { sqlite } = temp;
  const insert = sqlite.prepare('INSERT OR REPLACE INTO pages (origin, seq, url, final_url, judge, hashes, lengths) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const origins = sqlite.prepare('SELECT DISTINCT origin FROM pages ORDER BY origin');
  const pagesOf = sqlite.prepare('SELECT url, final_url, judge, hashes, lengths FROM pages WHERE origin = ? ORDER BY seq');
  let pending = 0;
  const commit = (): void => {
    if (pending === 0) return;
    sqlite.exec('COMMIT');
    pending = 0;
  };
  return {
    add(seq, page) {
      if (pending === 0) sqlite.exec('BEGIN');
      const { hashes, lengths } = page.blocks;
      insert.run(crossPageOrigin(page.finalUrl), seq, page.url, page.finalUrl, page.judge ? 1 : 0, bytesOf(hashes), bytesOf(lengths));
      if (++pending >= BATCH) commit();
    },
    *emptyPages() {
      commit();
      const names = origins.all().map((row) => String(row.origin));
      // One origin's blocks in two word columns reused origin after origin, and each page's blocks views into them.
      // Each row's BLOBs are copied out as it is read, so they die young: an ArrayBuffer per BLOB kept for the
      // origin's pass would outlive the young generation, and V8 frees those only at a full collection, which the
      // pass hardly triggers (at 100,000 pages ~11 MB of them piled up, with as much again of allocator overhead).
      const hashes = new WordColumn();
      const lengths = new WordColumn();
      let scratch = new Uint32Array(0);
      for (const origin of names) {
        hashes.clear();
        lengths.clear();
        const rows: { url: string; finalUrl: string; judge: boolean; hashesAt: number; lengthsAt: number }[] = [];
        for (const row of pagesOf.iterate(origin)) {
          rows.push({
            url: String(row.url),
            finalUrl: String(row.final_url),
            judge: row.judge === 1 || row.judge === 1n,
            hashesAt: hashes.append(row.hashes),
            lengthsAt: lengths.append(row.lengths),
          });
        }
        const pages: ShelvedPage[] = rows.map((row, i) => ({
          url: row.url,
          finalUrl: row.finalUrl,
          judge: row.judge,
          blocks: { hashes: hashes.view(row.hashesAt, rows[i + 1]?.hashesAt), lengths: lengths.view(row.lengthsAt, rows[i + 1]?.lengthsAt) },
        }));
        if (scratch.length < hashes.length) scratch = new Uint32Array(hashes.capacity);
        for (const [index, findings] of emptyPagesOfOrigin(pages, scratch)) yield { url: pages[index]!.url, findings };
      }
    },
    close() {
      try {
        commit();
      } finally {
        temp.close();
      }
    },
  };
}

function bytesOf(words: Uint32Array): Uint8Array {
  return new Uint8Array(words.buffer, words.byteOffset, words.byteLength);
}

/**
 * 32-bit words appended BLOB by BLOB (the bytes bytesOf wrote, whatever their alignment in SQLite's copy), in one
 * array that grows by doubling. Take views only once every BLOB of the origin is in: growing replaces the array.
 */
class WordColumn {
  private words = new Uint32Array(1024);
  length = 0;

  get capacity(): number {
    return this.words.length;
  }

  clear(): void {
    this.length = 0;
  }

  /** Append a BLOB's words (none for NULL: an empty BLOB comes back NULL); returns where they start. */
  append(blob: unknown): number {
    const start = this.length;
    if (!(blob instanceof Uint8Array)) return start;
    const count = blob.byteLength >>> 2;
    if (start + count > this.words.length) {
      let size = this.words.length * 2;
      while (size < start + count) size *= 2;
      const grown = new Uint32Array(size);
      grown.set(this.words.subarray(0, start));
      this.words = grown;
    }
    new Uint8Array(this.words.buffer, start * 4, count * 4).set(blob.subarray(0, count * 4));
    this.length = start + count;
    return start;
  }

  /** The words from `start` to `end` (default: the end of the column). */
  view(start: number, end = this.length): Uint32Array {
    return this.words.subarray(start, end);
  }
}
