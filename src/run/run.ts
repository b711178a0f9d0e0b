// The orchestrator: checklist → fetch → inspect → verdict, for one or many checklists in one run.
//
// Every distinct URL of the run is fetched once (a URL listed by two items, or by two checklists, shares one
// fetch); each item that lists it is inspected against the same response, then the body is dropped. Only the small
// facts of each page (status, title, attachments, text-block hashes for the cross-page pass) are kept.
import type {
  AttachmentResult,
  Category,
  Checklist,
  ChecklistResult,
  FetchResponse,
  FetchResult,
  Finding,
  Item,
  ItemResult,
  ItemStatus,
  PageResult,
  Period,
  RunOptions,
  RunResult,
} from '../types.js';
import { ITEM_STATUSES } from '../types.js';
import type { Fetcher } from '../fetch/types.js';
import type { InspectContext, PageInspection } from '../inspect/types.js';
import { finding, mapParamText } from '../findings.js';
import { checkAttachments, crossPageOf, defaultPeriod, fetchFindings, inspectPage, yieldsToEmptyPage } from '../inspect/index.js';
import { isInterrupted, wouldRetry } from '../fetch/index.js';
import { releaseBody } from '../fetch/decode.js';
import { addCounts, itemStatus, summarize, uncheckedItem } from '../verdict/verdict.js';
import { allItems } from '../checklist/index.js';
import { itemAt, itemCount, urlAt } from '../checklist/pack.js';
import { TOOL_NAME, TOOL_VERSION } from '../version.js';
import { originOf, runInWindow } from './window.js';
import { UrlIndex } from './urls.js';
import { memoryShelf, tempShelf } from './cross-page.js';
import { HostStatsCollector } from './hosts.js';
import { firstLine } from '../errors.js';
import { createDocumentPool } from '../inspect/documents/pool.js';
import { DocumentScanner } from '../inspect/documents/scanner.js';
import { isHtmlResponse } from '../inspect/parse.js';
import { memoryStore, storedResult, type ItemStore } from './store.js';
import { detach } from '../strings.js';

/** The options of a run when nobody sets them (the CLI's defaults), from the option table. */
export { DEFAULT_RUN_OPTIONS } from '../options.js';

export interface RunHooks {
  /** Called when an item's checks are done (before the cross-page pass may add EMPTY_PAGE), with its checklist. */
  onItemDone?(item: ItemResult, checklist: Checklist): void;
  /** Stops the run: no new requests; what was gathered is returned with `complete: false`. */
  signal?: AbortSignal;
  /**
   * Stops the run gently: no new request once it aborts, but pages already on the wire may finish and are kept
   * (until `signal` aborts too). Either one makes the result `complete: false`.
   */
  stop?: AbortSignal;
  /** Time of the run (tests fix it). */
  now?: Date;
  /**
   * Where item results go as they finish (src/run/store.ts); default: memory. With a store outside memory, the
   * results' items are read back from it when a report reads them, and the run keeps only their statuses.
   */
  store?: ItemStore;
}

/** One fetched URL and what each item that lists it made of it. */
interface UrlOutcome {
  page: PageResult;
  /** Findings of the page for each item (by its job number) that lists it: inspection is item-specific (keywords, freshness, external). */
  findingsByJob: Map<number, Finding[]>;
  /** Inspection kept for the cross-page pass (body already dropped). */
  inspection?: PageInspection;
}

/**
 * The items of a run, numbered in order (checklists in order, each checklist's items in allItems order): item `job` is
 * made from its checklist when it is needed (src/checklist/pack.ts), so the run keeps numbers, not objects, per item.
 */
class RunItems {
  /** `starts[c]`: the number of checklist c's first item; `starts[checklists.length]`: how many items in all. */
  private readonly starts: number[] = [0];
  /** Per checklist, the number (within the checklist) of each category's first item. */
  private readonly categoryStarts: number[][] = [];

  constructor(readonly checklists: readonly Checklist[]) {
    for (const checklist of checklists) {
      const firsts: number[] = [];
      let count = 0;
      for (const category of checklist.categories) {
        firsts.push(count);
        count += itemCount(category);
      }
      this.categoryStarts.push(firsts);
      this.starts.push(this.starts.at(-1)! + count);
    }
  }

  get count(): number {
    return this.starts.at(-1)!;
  }

  /** How many items checklist `index` has. */
  countOf(index: number): number {
    return this.starts[index + 1]! - this.starts[index]!;
  }

  /** The checklist of item `job` (its index in `checklists`). */
  checklistIndex(job: number): number {
    let low = 0;
    let high = this.checklists.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.starts[middle]! <= job) low = middle;
      else high = middle - 1;
    }
    return low;
  }

  /** Item `job`'s place in its checklist (allItems order). */
  position(job: number, checklistIndex = this.checklistIndex(job)): number {
    return job - this.starts[checklistIndex]!;
  }

  /** Item `job`, made now. */
  item(job: number): Item {
    const [category, index] = this.place(job);
    return itemAt(category, index);
  }

  /** The k-th URL of item `job`, made now (not the rest of the item). */
  url(job: number, k: number): string {
    const [category, index] = this.place(job);
    return urlAt(category, index, k);
  }

  /** Item `job`'s category, and its place there. */
  private place(job: number): [Category, number] {
    const ci = this.checklistIndex(job);
    const position = this.position(job, ci);
    const firsts = this.categoryStarts[ci]!;
    let category = firsts.length - 1;
    while (firsts[category]! > position) category -= 1;
    return [this.checklists[ci]!.categories[category]!, position - firsts[category]!];
  }
}

export async function runChecks(
  checklists: readonly Checklist[],
  options: RunOptions,
  fetcher: Fetcher,
  hooks: RunHooks = {},
): Promise<RunResult> {
  const startedAt = new Date();
  // Documents are read for personal data in worker threads (started only when a document needs reading).
  const pool = options.personalData ? createDocumentPool() : undefined;
  const scanner = pool
    ? new DocumentScanner({
        pool,
        maxBytes: options.scanMaxBytes,
        timeoutMs: options.scanTimeoutMs,
        mobileThreshold: options.mobileThreshold,
        now: hooks.now ?? startedAt,
      })
    : undefined;
  // Every attempt of the run counted per host (requests, failures by kind, times); control URLs probed after the run
  // are not counted.
  const hosts = new HostStatsCollector();
  const unobserve = fetcher.observe?.(hosts.add);
  try {
    // The document reader (a worker thread with pdf.js: ~30-40 MB) is needed only while pages are fetched: it closes
    // when the last URL is done, before the cross-page pass and the reports, which then have its memory.
    const run = await checkAll(checklists, options, fetcher, hooks, startedAt, scanner, async () => pool?.close());
    if (unobserve !== undefined) run.hosts = hosts.stats();
    return run;
  } finally {
    unobserve?.();
    await pool?.close();
  }
}

async function checkAll(
  checklists: readonly Checklist[],
  options: RunOptions,
  fetcher: Fetcher,
  hooks: RunHooks,
  startedAt: Date,
  scanner: DocumentScanner | undefined,
  crawled: () => Promise<void>,
): Promise<RunResult> {
  const now = hooks.now ?? startedAt;
  const signal = hooks.signal;
  const stop = hooks.stop;

  // The run's URLs, each once, numbered in the order the items first list them, and which items list each (urls.ts).
  const items = new RunItems(checklists);
  const urls = new UrlIndex((job, k) => items.url(job, k));
  // Per item, how many of its URLs are still under way (a URL the item lists twice counts twice); 0 once it is made.
  const left = new Int32Array(items.count);
  for (let job = 0; job < items.count; job++) {
    const itemUrls = items.item(job).urls;
    left[job] = itemUrls.length;
    itemUrls.forEach((url, k) => urls.add(url, job, k));
  }
  const listingOf = (url: string): readonly number[] => {
    const id = urls.idOf(url);
    return id < 0 ? [] : urls.listing(id);
  };

  const contexts = new Map<Checklist, InspectContext>();
  const contextOf = (checklist: Checklist): InspectContext => {
    let ctx = contexts.get(checklist);
    if (!ctx) {
      const period: Period = checklist.period ?? defaultPeriod(now);
      ctx = { checklist, period, now, slowMs: options.slowMs, staleSoonDays: options.staleSoonDays };
      if (options.personalData) ctx.personalData = { mobileThreshold: options.mobileThreshold };
      contexts.set(checklist, ctx);
    }
    return ctx;
  };

  const run: UrlRun = { options, fetcher, items, contextOf, signal, stop, scanner };
  // Each item is made as soon as the last of its URLs is done, and goes to the store at once (src/run/store.ts): the
  // run keeps only each item's status, and of each URL what the cross-page pass needs (on a shelf: cross-page.ts).
  const store = hooks.store ?? memoryStore();
  const shelf = store.external ? await tempShelf() : memoryShelf();
  try {
    const statuses = new ItemStatuses(checklists.map((_, index) => items.countOf(index)));
    // Outcomes of the URLs that are done, until no item waits for them.
    const settled = new Map<string, UrlOutcome | undefined>();
    const itemDone = (job: number, result: ItemResult | undefined): void => {
      if (!result) return;
      const index = items.checklistIndex(job);
      const position = items.position(job, index);
      statuses.set(index, position, result.status);
      store.put(index, position, result);
      hooks.onItemDone?.(result, checklists[index]!);
    };
    for (let job = 0; job < items.count; job++) {
      if (left[job] === 0) itemDone(job, checkItem(job, items.item(job), settled, signal));
    }
    const urlDone = (id: number, outcome: UrlOutcome | undefined): void => {
      const url = urls.url(id);
      settled.set(url, outcome);
      if (outcome?.inspection) shelf.add(urls.seq(id), { url, ...crossPageOf(outcome.page.finalUrl, outcome.inspection) });
      for (const job of urls.listing(id)) {
        const waiting = left[job]!;
        if (waiting === 0) continue;
        left[job] = waiting - 1;
        if (waiting > 1) continue;
        const item = items.item(job);
        itemDone(job, checkItem(job, item, settled, signal));
        // The URLs of this item that no other item waits for any more: drop their pages and findings.
        for (const done of item.urls) if (listingOf(done).every((other) => left[other] === 0)) settled.delete(done);
      }
    };
    // URLs start a window at a time, fairly across sites (window.ts); the fetcher's scheduler still holds what is on
    // the wire to the overall and per-host limits. The window is wide enough to keep every slot of both busy.
    await runInWindow<UrlOutcome | undefined, number>(
      numbersBelow(urls.count),
      (id) => {
        const url = urls.url(id);
        const listing = urls.listing(id);
        // A bug anywhere in one URL's processing (even a Fetcher that throws) becomes INTERNAL_ERROR for the items
        // that list it; the promise never rejects, so no other item and no later pass can trip over it.
        return checkUrl(url, listing, run).catch((err: unknown) => failedOutcome(url, listing, err));
      },
      urlDone,
      {
        total: Math.max(4 * options.concurrency, 64),
        perOrigin: 2 * options.perHost,
        signals: [signal, stop],
        originOf: (id) => originOf(urls.url(id)),
      },
    );
    await crawled();

    // Cross-page pass: text shared by several pages of a site is navigation; what is left decides EMPTY_PAGE. Each
    // origin's pages are taken in the run's URL order (the order the pass has always seen them in).
    for (const { url, findings: extra } of shelf.emptyPages()) {
      if (extra.length === 0) continue;
      for (const job of listingOf(url)) {
        const ci = items.checklistIndex(job);
        const position = items.position(job, ci);
        const result = store.get(ci, position);
        if (!result) continue;
        const item = items.item(job);
        result.findings = result.findings.filter((f) => !(yieldsToEmptyPage(f) && (f.url === undefined || f.url === url)));
        result.findings.push(...extra.map((f) => withUrl(f, url, item)));
        result.status = itemStatus(true, result.findings);
        statuses.set(ci, position, result.status);
        store.put(ci, position, result);
      }
    }
    return finishRun(items, statuses, store, signal, stop, startedAt, options);
  } finally {
    shelf.close();
  }
}

/** Each item's status once it is made, by checklist and place: a byte an item (an array of them took 8 bytes). */
class ItemStatuses {
  /** Per checklist, per item: 0 while the item is not made, else 1 + its status's place in ITEM_STATUSES. */
  private readonly codes: Uint8Array[];

  constructor(counts: readonly number[]) {
    this.codes = counts.map((count) => new Uint8Array(count));
  }

  set(checklistIndex: number, position: number, status: ItemStatus): void {
    this.codes[checklistIndex]![position] = ITEM_STATUSES.indexOf(status) + 1;
  }

  get(checklistIndex: number, position: number): ItemStatus | undefined {
    const code = this.codes[checklistIndex]![position]!;
    return code === 0 ? undefined : ITEM_STATUSES[code - 1];
  }

  /** Whether every item has its status. */
  all(): boolean {
    return this.codes.every((codes) => !codes.includes(0));
  }
}

/** The run's result from the statuses and the store, once every URL is done or the run was stopped. */
function finishRun(
  items: RunItems,
  statuses: ItemStatuses,
  store: ItemStore,
  signal: AbortSignal | undefined,
  stop: AbortSignal | undefined,
  startedAt: Date,
  options: RunOptions,
): RunResult {
  const { checklists } = items;
  const complete = !signal?.aborted && !stop?.aborted && statuses.all();
  // An interrupted run lists every item it did not reach as `unchecked`, in its place (never recorded in the
  // history: session.ts leaves them out, so `--resume` checks them).
  const finishedAt = new Date().toISOString();
  if (!complete) {
    for (let job = 0; job < items.count; job++) {
      const ci = items.checklistIndex(job);
      const position = items.position(job, ci);
      if (statuses.get(ci, position) !== undefined) continue;
      statuses.set(ci, position, 'unchecked');
      store.put(ci, position, uncheckedItem(items.item(job), finishedAt));
    }
  }
  const results = checklists.map((checklist, index) => {
    // The summary from the statuses alone (the items stay in the store).
    const checked = allItems(checklist).flatMap((item, position) => {
      const status = statuses.get(index, position);
      return status === undefined ? [] : [{ category: item.category, status }];
    });
    const fields = { checklist: checklistMeta(checklist), summary: summarize(checklist.categories, checked) };
    return store.external ? storedResult(fields, () => store.items(index)) : { ...fields, items: store.items(index) };
  });
  return {
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    startedAt: startedAt.toISOString(),
    finishedAt,
    complete,
    options,
    results,
    summary: addCounts(results.map((r) => r.summary)),
  };
}

/** What every URL of a run is checked with. */
interface UrlRun {
  options: RunOptions;
  fetcher: Fetcher;
  /** The run's items, by number. */
  items: RunItems;
  /** The inspect context of a checklist (made once per checklist). */
  contextOf: (checklist: Checklist) => InspectContext;
  signal: AbortSignal | undefined;
  stop: AbortSignal | undefined;
  /** Reads documents for personal data (absent: --no-personal-data). */
  scanner: DocumentScanner | undefined;
}

/** Fetch one URL, inspect it for every item that lists it, check its attachments once. */
async function checkUrl(url: string, listing: readonly number[], run: UrlRun): Promise<UrlOutcome | undefined> {
  const { options, fetcher, signal, stop, scanner } = run;
  if (signal?.aborted || stop?.aborted) return undefined;
  const fetched = await fetcher.fetch({ url, ...(signal ? { signal } : {}), ...(stop ? { stop } : {}) });
  if (signal?.aborted) return undefined;
  // Stopped while this URL was being fetched: keep the page only if it is a final answer — not cut short, and not
  // one a retry (which the stop prevented) could have changed.
  if (stop?.aborted && (isInterrupted(fetched) || wouldRetry(fetched))) return undefined;
  const page = pageOf(fetched);
  const findingsByJob = new Map<number, Finding[]>();

  if (fetched.kind === 'failure') {
    const failed = fetchFindings(fetched);
    for (const job of listing) findingsByJob.set(job, failed);
    return { page, findingsByJob };
  }

  // Inspected in a function of its own: what it returns shares no memory with the page, and nothing of the page's
  // text stays in this async function's frame while it waits below (V8 keeps a suspended frame's registers, and a
  // title cut from the page would keep the whole page's text alive: 350 pages at once in a heap snapshot).
  let inspection = inspectForItems(fetched, listing, run, findingsByJob);
  // A document served as the item's page (PDF, XLSX, CSV…) is read for personal data like an attachment.
  if (scanner && inspection && !isHtmlResponse(fetched) && fetched.status < 400 && fetched.body !== undefined) {
    try {
      const found = await scanner.page(fetched, inspection.title);
      for (const job of listing) findingsByJob.get(job)?.push(...found.map(detachFinding));
    } catch (err) {
      for (const job of listing) findingsByJob.get(job)?.push(internalError(err));
    }
  }
  // The body is not needed any more: give its memory back before waiting on attachments.
  releaseBody(fetched.body);
  delete fetched.body;
  delete fetched.text;

  if (inspection) {
    if (inspection.title !== undefined) page.title = inspection.title;
    if (options.checkAttachments && inspection.attachmentLinks.length > 0) {
      // The item cannot be judged without its attachments: a stop before or during their check drops it.
      if (signal?.aborted || stop?.aborted) return undefined;
      try {
        const checked = await checkAttachments(inspection.attachmentLinks, fetcher, {
          maxAttachments: options.maxAttachments,
          ...(signal ? { signal } : {}),
          ...(stop ? { stop } : {}),
          ...(scanner ? { scanner } : {}),
        });
        if (signal?.aborted || stop?.aborted) return undefined;
        page.attachments = checked.attachments.map((a) => ({
          ...a,
          url: detach(a.url),
          ...(a.name !== undefined ? { name: detach(a.name) } : {}),
        }));
        for (const job of listing) findingsByJob.get(job)?.push(...checked.findings.map(detachFinding));
      } catch (err) {
        for (const job of listing) findingsByJob.get(job)?.push(internalError(err));
      }
    }
    // Keep only what the cross-page pass needs.
    inspection = { blocks: inspection.blocks, judgeOwnText: inspection.judgeOwnText, attachmentLinks: [], findings: [] };
  }
  return { page, findingsByJob, ...(inspection ? { inspection } : {}) };
}

/**
 * Inspect a page for every item that lists it: each item's findings go into `findingsByJob` (detached: strings.ts), and the
 * inspection of the first item is returned with its title and attachment links detached and no findings.
 */
function inspectForItems(
  fetched: FetchResponse,
  listing: readonly number[],
  run: UrlRun,
  findingsByJob: Map<number, Finding[]>,
): PageInspection | undefined {
  let inspection: PageInspection | undefined;
  for (const job of listing) {
    try {
      const checklist = run.items.checklists[run.items.checklistIndex(job)]!;
      const pageInspection = inspectPage(fetched, run.items.item(job), run.contextOf(checklist));
      findingsByJob.set(job, pageInspection.findings.map(detachFinding));
      if (!inspection) {
        inspection = {
          ...pageInspection,
          attachmentLinks: pageInspection.attachmentLinks.map((link) => ({
            url: detach(link.url),
            ...(link.name !== undefined ? { name: detach(link.name) } : {}),
          })),
          findings: [],
        };
        if (pageInspection.title !== undefined) inspection.title = detach(pageInspection.title);
      }
    } catch (err) {
      // inspectPage contains its checks' errors; this is a last line of defence.
      findingsByJob.set(job, fetchFindings(fetched, [internalError(err)]));
    }
  }
  return inspection;
}

/** The result of an item whose URLs are all done (their outcomes in `settled`); undefined when one was not checked. */
function checkItem(job: number, item: Item, settled: ReadonlyMap<string, UrlOutcome | undefined>, signal: AbortSignal | undefined): ItemResult | undefined {
  const base = { no: item.no, category: item.category, title: item.title, urls: item.urls, ...(item.weight !== undefined ? { weight: item.weight } : {}) };
  if (item.urls.length === 0) {
    return { ...base, status: 'missing', pages: [], findings: [finding('NO_LINK')], checkedAt: new Date().toISOString() };
  }
  try {
    const pages: PageResult[] = [];
    const findings: Finding[] = [];
    for (const url of item.urls) {
      const outcome = settled.get(url);
      if (!outcome) return undefined; // interrupted before this URL was checked
      pages.push(outcome.page);
      for (const f of outcome.findingsByJob.get(job) ?? []) findings.push(withUrl(f, url, item));
    }
    if (signal?.aborted && pages.length < item.urls.length) return undefined;
    return { ...base, status: itemStatus(true, findings), pages, findings, checkedAt: new Date().toISOString() };
  } catch (err) {
    return {
      ...base,
      status: 'fail',
      pages: [],
      findings: [internalError(err)],
      checkedAt: new Date().toISOString(),
    };
  }
}

/** The checklist's header as results carry it. */
function checklistMeta(checklist: Checklist): ChecklistResult['checklist'] {
  const meta: ChecklistResult['checklist'] = { institution: checklist.institution };
  if (checklist.file !== undefined) meta.file = checklist.file;
  if (checklist.title !== undefined) meta.title = checklist.title;
  if (checklist.period !== undefined) meta.period = checklist.period;
  if (checklist.site !== undefined) meta.site = checklist.site;
  return meta;
}

function detachFinding(f: Finding): Finding {
  const detached = mapParamText(f, detach);
  return f.url === undefined ? detached : { ...detached, url: detach(f.url) };
}

/** On items with several pages, each finding says which page it is about. */
function withUrl(f: Finding, url: string, item: Item): Finding {
  if (item.urls.length < 2 || f.url !== undefined) return f;
  return { ...f, url };
}

/** 0, 1, …, n − 1. */
function* numbersBelow(n: number): Generator<number> {
  for (let i = 0; i < n; i++) yield i;
}

function pageOf(fetched: FetchResult): PageResult {
  const page: PageResult = {
    url: fetched.url,
    finalUrl: fetched.finalUrl,
    redirects: fetched.redirects,
    bytes: fetched.kind === 'response' ? fetched.bytes : 0,
    elapsedMs: fetched.elapsedMs,
    attempts: fetched.attempts,
    attachments: [] as AttachmentResult[],
  };
  if (fetched.startedAt !== undefined) page.startedAt = fetched.startedAt;
  if (fetched.kind === 'response') {
    page.status = fetched.status;
    if (fetched.contentType !== undefined) page.contentType = fetched.contentType;
  }
  return page;
}

/** The outcome of a URL whose processing threw: each item that lists it gets INTERNAL_ERROR. */
function failedOutcome(url: string, listing: readonly number[], err: unknown): UrlOutcome {
  const page: PageResult = { url, finalUrl: url, redirects: [], bytes: 0, elapsedMs: 0, attempts: 0, attachments: [] };
  return { page, findingsByJob: new Map(listing.map((job) => [job, [internalError(err)]])) };
}

/** INTERNAL_ERROR with the first line of the error's message (never a stack trace), at most 200 characters. */
function internalError(err: unknown): Finding {
  return finding('INTERNAL_ERROR', { error: firstLine(err, 200) });
}
