// Recording a run into the history: one row for the run, then each item as it finishes, in one small transaction
// per item, so that a killed process loses nothing already checked.
import { ITEM_STATUSES, type Checklist, type ChecklistResult, type Finding, type ItemResult, type PageResult, type RunOptions } from '../types.js';
import { findingMessage } from '../findings.js';
import { allItems } from '../checklist/index.js';
import { TOOL_NAME, TOOL_VERSION } from '../version.js';
import type { HistoryDb } from './db.js';
import type { SqliteStatement } from './sqlite.js';

/** How the fetch of one page ended, as the `pages.outcome` column stores it. */
export type PageOutcome = 'ok' | 'http' | 'dns' | 'connection' | 'timeout' | 'tls' | 'redirect' | 'error';

/** What the history keeps of a checklist for the reports: its header and its categories (for the summaries). */
export interface RecordedChecklist {
  checklist: ChecklistResult['checklist'];
  categories: { name: string; declared?: number }[];
}

/** The checklist as the history records it (`runs.checklists`). */
export function recordedChecklist(checklist: Checklist, redact: (url: string) => string = (url) => url): RecordedChecklist {
  const meta: ChecklistResult['checklist'] = { institution: checklist.institution };
  if (checklist.file !== undefined) meta.file = checklist.file;
  if (checklist.title !== undefined) meta.title = checklist.title;
  if (checklist.period !== undefined) meta.period = checklist.period;
  if (checklist.site !== undefined) meta.site = redact(checklist.site);
  return {
    checklist: meta,
    categories: checklist.categories.map((c) => (c.declared !== undefined ? { name: c.name, declared: c.declared } : { name: c.name })),
  };
}

/**
 * What makes two runs "of the same checklists" (for `--resume`): the checklist files and institutions, in order.
 * Items are compared one by one on resume (an edited item is checked again).
 */
export function checklistsKey(checklists: readonly RecordedChecklist[]): string {
  return JSON.stringify(checklists.map((c) => [c.checklist.file ?? null, c.checklist.institution]));
}

const FAILURE_OUTCOMES: Partial<Record<Finding['code'], PageOutcome>> = {
  DNS_ERROR: 'dns',
  CONNECTION_ERROR: 'connection',
  TIMEOUT: 'timeout',
  TLS_ERROR: 'tls',
  TOO_MANY_REDIRECTS: 'redirect',
  BAD_REDIRECT: 'redirect',
};

/** How the fetch of one of the item's pages ended, from its status and the item's findings about it. */
export function pageOutcome(page: PageResult, item: Pick<ItemResult, 'urls' | 'findings'>): PageOutcome {
  const about = item.findings.filter((f) => item.urls.length < 2 || f.url === undefined || f.url === page.url);
  for (const f of about) {
    const outcome = FAILURE_OUTCOMES[f.code];
    if (outcome !== undefined) return outcome;
  }
  if (page.status === undefined) return 'error';
  return page.status >= 400 ? 'http' : 'ok';
}

export interface StartRunOptions {
  startedAt: string;
  options: RunOptions;
  checklists: readonly RecordedChecklist[];
  /** The run this one continues (`--resume`). */
  resumedFrom?: number;
}

/**
 * Where each item number sits in its checklist: the numbers sorted, in a typed array, with their places (a Map was
 * ~30 bytes an item). A number listed twice gives its last place, as a Map built in order would.
 */
export class PlacesByNumber {
  readonly count: number;
  private readonly numbers: Float64Array;
  private readonly places: Int32Array;

  constructor(numbers: readonly number[]) {
    this.count = numbers.length;
    const order = Array.from(numbers.keys()).sort((a, b) => numbers[a]! - numbers[b]! || a - b);
    this.numbers = Float64Array.from(order, (place) => numbers[place]!);
    this.places = Int32Array.from(order);
  }

  /** The place of item `no` (its last place, if listed twice), or undefined. */
  get(no: number): number | undefined {
    // The first index whose number is greater than `no`; the one before it is the last place of `no`.
    let low = 0;
    let high = this.count;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.numbers[middle]! <= no) low = middle + 1;
      else high = middle;
    }
    return low > 0 && this.numbers[low - 1] === no ? this.places[low - 1] : undefined;
  }
}

/** Writes one run into the history. */
export class RunRecorder {
  /**
   * The fingerprint of each recorded item, by checklist and position (NaN: not recorded), to rewrite those a later
   * pass changed. Numbers in typed arrays: at 100,000 items a Map of string keys and values was ~15 MB of heap.
   */
  private readonly recorded: Float64Array[];
  private readonly positions: PlacesByNumber[];
  /** Prepared once: preparing five statements per item cost more than the inserts. */
  private readonly statements: {
    deleteItem: SqliteStatement;
    insertItem: SqliteStatement;
    insertFinding: SqliteStatement;
    insertPage: SqliteStatement;
    insertHop: SqliteStatement;
    insertAttachment: SqliteStatement;
  };

  private constructor(
    private readonly db: HistoryDb,
    readonly runId: number,
    checklists: readonly Checklist[],
  ) {
    this.positions = checklists.map((checklist) => new PlacesByNumber(allItems(checklist).map((item) => item.no)));
    this.recorded = this.positions.map((places) => new Float64Array(places.count).fill(Number.NaN));
    this.statements = db.query((sqlite) => ({
      deleteItem: sqlite.prepare('DELETE FROM items WHERE run_id = ? AND checklist_index = ? AND no = ?'),
      insertItem: sqlite.prepare(
        `INSERT INTO items (run_id, checklist_index, position, institution, checklist_file, no, title, category, url, urls,
                            status, checked_at, elapsed_ms, result)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      insertFinding: sqlite.prepare(
        'INSERT INTO findings (item_id, seq, code, severity, url, params, message_zh, message_en) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      insertPage: sqlite.prepare(
        `INSERT INTO pages (item_id, seq, url, final_url, http_status, outcome, content_type, title, started_at, load_ms, bytes, attempts)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      insertHop: sqlite.prepare('INSERT INTO redirects (page_id, seq, url, http_status) VALUES (?, ?, ?, ?)'),
      insertAttachment: sqlite.prepare('INSERT INTO attachments (page_id, seq, url, name, http_status, ok, error) VALUES (?, ?, ?, ?, ?, ?, ?)'),
    }));
  }

  /** Insert the run's row (complete = 0) and return a recorder for its items. */
  static start(db: HistoryDb, checklists: readonly Checklist[], start: StartRunOptions): RunRecorder {
    const runId = db.transaction(() => {
      const inserted = db.sqlite
        .prepare(
          `INSERT INTO runs (started_at, tool_name, tool_version, options, checklists, checklists_key, complete, resumed_from)
           VALUES (?, ?, ?, ?, ?, ?, 0, ?)`,
        )
        .run(
          start.startedAt,
          TOOL_NAME,
          TOOL_VERSION,
          JSON.stringify(start.options),
          JSON.stringify(start.checklists),
          checklistsKey(start.checklists),
          start.resumedFrom ?? null,
        );
      return Number(inserted.lastInsertRowid);
    });
    return new RunRecorder(db, runId, checklists);
  }

  /**
   * Record one item of checklist `checklistIndex` (its place in the run) in its own transaction; recording it again
   * replaces it.
   */
  recordItem(checklistIndex: number, institution: string, checklistFile: string | undefined, item: ItemResult): void {
    const position = this.positions[checklistIndex]?.get(item.no) ?? -1;
    const { deleteItem, insertItem, insertFinding, insertPage, insertHop, insertAttachment } = this.statements;
    this.db.transaction(() => {
      deleteItem.run(this.runId, checklistIndex, item.no);
      const elapsed = item.pages.reduce((sum, page) => sum + page.elapsedMs, 0);
      const itemId = Number(
        insertItem
          .run(
            this.runId,
            checklistIndex,
            position,
            institution,
            checklistFile ?? null,
            item.no,
            item.title,
            item.category,
            item.urls[0] ?? null,
            JSON.stringify(item.urls),
            item.status,
            item.checkedAt,
            Math.round(elapsed),
            JSON.stringify(item),
          ).lastInsertRowid,
      );
      item.findings.forEach((f, seq) => {
        insertFinding.run(itemId, seq, f.code, f.severity, f.url ?? null, JSON.stringify(f.params), message(f, 'zh'), message(f, 'en'));
      });
      item.pages.forEach((page, seq) => {
        // In UTC, as every time of the file. A page fetched by this version knows when its first request started; one
        // read from an older report or history entry does not: the end of the item's check less its load time stands in.
        const startedAt = new Date(page.startedAt !== undefined ? Date.parse(page.startedAt) : Date.parse(item.checkedAt) - page.elapsedMs).toISOString();
        const pageId = Number(
          insertPage.run(
            itemId,
            seq,
            page.url,
            page.finalUrl,
            page.status ?? null,
            pageOutcome(page, item),
            page.contentType ?? null,
            page.title ?? null,
            startedAt,
            Math.round(page.elapsedMs),
            page.bytes,
            page.attempts,
          ).lastInsertRowid,
        );
        page.redirects.forEach((hop, hopSeq) => insertHop.run(pageId, hopSeq, hop.url, hop.status));
        page.attachments.forEach((a, aSeq) =>
          insertAttachment.run(pageId, aSeq, a.url, a.name ?? null, a.status ?? null, a.ok ? 1 : 0, a.error ?? null),
        );
      });
    });
    const fingerprints = this.recorded[checklistIndex];
    if (fingerprints && position >= 0) fingerprints[position] = fingerprint(item);
  }

  /**
   * Close the run: rewrite the items a later pass changed (the cross-page EMPTY_PAGE pass adds findings after an
   * item was recorded), then set its times and whether it is complete, in one transaction.
   */
  finish(
    run: { startedAt: string; finishedAt: string; complete: boolean; options: RunOptions },
    items: readonly { checklistIndex: number; institution: string; checklistFile?: string | undefined; item: ItemResult }[],
  ): void {
    for (const entry of items) {
      const position = this.positions[entry.checklistIndex]?.get(entry.item.no) ?? -1;
      const before = this.recorded[entry.checklistIndex]?.[position];
      if (before !== fingerprint(entry.item)) this.recordItem(entry.checklistIndex, entry.institution, entry.checklistFile, entry.item);
    }
    this.db.transaction(() => {
      this.db.sqlite
        .prepare('UPDATE runs SET started_at = ?, finished_at = ?, complete = ?, options = ? WHERE id = ?')
        .run(run.startedAt, run.finishedAt, run.complete ? 1 : 0, JSON.stringify(run.options), this.runId);
    });
  }
}

/**
 * What a later pass may change about an item — its status and its number of findings — and when it was checked, as
 * one number: the check time in ms (< 2^42 until the year 2109) × 2^11, plus the status (3 bits) and the number of
 * findings (8 bits, capped: a pass that only adds findings past 255 is not told apart; none does).
 */
function fingerprint(item: ItemResult): number {
  const at = Date.parse(item.checkedAt);
  const status = ITEM_STATUSES.indexOf(item.status); // six statuses: 3 bits
  return (Number.isNaN(at) ? 0 : at) * 2048 + (status + 1) * 256 + Math.min(item.findings.length, 255);
}

function message(f: Finding, lang: 'zh' | 'en'): string {
  try {
    return findingMessage(f, lang);
  } catch {
    // A finding whose parameters do not fit its message still gets recorded.
    return f.code;
  }
}
