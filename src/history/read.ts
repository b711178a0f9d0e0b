// Reading runs back from the history into the project's RunResult, for reports, `--resume`, `--baseline last`
// and `merge`.
//
// An item is read from its serialized result (`items.result`), so a run read back is the run that was recorded;
// the other tables are for analysts' queries. A resumed run is the chain of its parts (`runs.resumed_from`): each
// item comes from the latest part that checked it.
import { ITEM_STATUSES } from '../types.js';
import type { ChecklistResult, ItemResult, ItemStatus, RunOptions, RunResult } from '../types.js';
import { addCounts, summarize } from '../verdict/verdict.js';
import type { HistoryDb } from './db.js';
import { historyErrorMessage, HistoryError } from './db.js';
import type { RecordedChecklist } from './record.js';
import type { SqlRow, SqlValue } from './sqlite.js';

/** One row of the `runs` table. */
export interface RunRow {
  id: number;
  startedAt: string;
  finishedAt?: string;
  toolName: string;
  toolVersion: string;
  complete: boolean;
  checklistsKey: string;
  resumedFrom?: number;
}

const STATUSES: readonly ItemStatus[] = ITEM_STATUSES;

function text(value: SqlValue | undefined): string {
  return typeof value === 'string' ? value : value === null || value === undefined ? '' : String(value);
}

function int(value: SqlValue | undefined): number {
  return typeof value === 'bigint' ? Number(value) : typeof value === 'number' ? value : Number(value);
}

function runRow(row: SqlRow): RunRow {
  const run: RunRow = {
    id: int(row.id),
    startedAt: text(row.started_at),
    toolName: text(row.tool_name),
    toolVersion: text(row.tool_version),
    complete: int(row.complete) === 1,
    checklistsKey: text(row.checklists_key),
  };
  if (typeof row.finished_at === 'string') run.finishedAt = row.finished_at;
  if (row.resumed_from !== null && row.resumed_from !== undefined) run.resumedFrom = int(row.resumed_from);
  return run;
}

const RUN_COLUMNS = 'id, started_at, finished_at, tool_name, tool_version, complete, checklists_key, resumed_from';

/** The run with this id, if recorded. */
export function getRun(db: HistoryDb, id: number): RunRow | undefined {
  const row = db.query((sqlite) => sqlite.prepare(`SELECT ${RUN_COLUMNS} FROM runs WHERE id = ?`).get(id));
  return row ? runRow(row) : undefined;
}

/**
 * A run that could not reach the network (src/run/control.ts) has `unverified` items: it knows nothing of the sites,
 * so it is never a baseline or the run `merge` takes, although it ran to its end.
 */
const REACHED_NETWORK = "NOT EXISTS (SELECT 1 FROM items u WHERE u.run_id = runs.id AND u.status = 'unverified')";

/**
 * The latest complete run (of these checklists, when a key is given) that reached the network: the run
 * `--baseline last` compares with and `merge` reads.
 */
export function latestCompleteRun(db: HistoryDb, checklistsKey?: string): RunRow | undefined {
  const row = db.query((sqlite) =>
    checklistsKey === undefined
      ? sqlite.prepare(`SELECT ${RUN_COLUMNS} FROM runs WHERE complete = 1 AND ${REACHED_NETWORK} ORDER BY id DESC LIMIT 1`).get()
      : sqlite
          .prepare(`SELECT ${RUN_COLUMNS} FROM runs WHERE complete = 1 AND checklists_key = ? AND ${REACHED_NETWORK} ORDER BY id DESC LIMIT 1`)
          .get(checklistsKey),
  );
  return row ? runRow(row) : undefined;
}

/** The run `--resume` continues: the latest run of these checklists, when it is incomplete. */
export function runToResume(db: HistoryDb, checklistsKey: string): RunRow | undefined {
  const row = db.query((sqlite) =>
    sqlite.prepare(`SELECT ${RUN_COLUMNS} FROM runs WHERE checklists_key = ? ORDER BY id DESC LIMIT 1`).get(checklistsKey),
  );
  if (!row) return undefined;
  const run = runRow(row);
  return run.complete ? undefined : run;
}

/** The parts of a run, first part first: the run itself and the runs it resumed. */
export function runChain(db: HistoryDb, id: number): RunRow[] {
  const chain: RunRow[] = [];
  const seen = new Set<number>();
  let next: number | undefined = id;
  while (next !== undefined && !seen.has(next)) {
    seen.add(next);
    const run = getRun(db, next);
    if (!run) break;
    chain.unshift(run);
    next = run.resumedFrom;
  }
  return chain;
}

/** A stored value that does not parse: the file was edited by hand or damaged. */
function damaged(db: HistoryDb, where: string): HistoryError {
  return new HistoryError('corrupt', historyErrorMessage('corrupt', db.shownAs, db.lang, where), db.shownAs);
}

function parseJson<T>(db: HistoryDb, value: SqlValue | undefined, where: string): T {
  try {
    return JSON.parse(text(value)) as T;
  } catch {
    throw damaged(db, where);
  }
}

/** An item as recorded, with where it belongs in the run. */
export interface RecordedItem {
  runId: number;
  checklistIndex: number;
  position: number;
  item: ItemResult;
}

/** The items of a run's parts; for an item checked in several parts, the latest part's result. */
export function recordedItems(db: HistoryDb, chain: readonly RunRow[]): RecordedItem[] {
  const byPlace = new Map<string, RecordedItem>();
  for (const part of chain) {
    const rows = db.query((sqlite) =>
      sqlite.prepare('SELECT id, checklist_index, position, no, result FROM items WHERE run_id = ? ORDER BY id').all(part.id),
    );
    for (const row of rows) {
      const item = parseJson<ItemResult>(db, row.result, `items.result, id ${text(row.id)}`);
      if (typeof item !== 'object' || item === null || !STATUSES.includes(item.status) || !Array.isArray(item.findings) || !Array.isArray(item.pages)) {
        throw damaged(db, `items.result, id ${text(row.id)}`);
      }
      const checklistIndex = int(row.checklist_index);
      byPlace.set(`${checklistIndex}:${int(row.no)}`, { runId: part.id, checklistIndex, position: int(row.position), item });
    }
  }
  return [...byPlace.values()].sort((a, b) => a.checklistIndex - b.checklistIndex || a.position - b.position);
}

/** The checklists recorded with a run. */
export function recordedChecklists(db: HistoryDb, runId: number): RecordedChecklist[] {
  const row = db.query((sqlite) => sqlite.prepare('SELECT checklists FROM runs WHERE id = ?').get(runId));
  const checklists = parseJson<RecordedChecklist[]>(db, row?.checklists, `runs.checklists, id ${runId}`);
  if (!Array.isArray(checklists)) throw damaged(db, `runs.checklists, id ${runId}`);
  return checklists;
}

/**
 * The run with this id as a RunResult: every item of its parts, summaries recomputed, and `resumed` listing the
 * parts when it continued an interrupted run.
 */
export function readRun(db: HistoryDb, id: number): RunResult {
  const chain = runChain(db, id);
  const last = chain[chain.length - 1];
  if (!last || last.id !== id) throw damaged(db, `runs.id ${id}`);
  const optionsRow = db.query((sqlite) => sqlite.prepare('SELECT options FROM runs WHERE id = ?').get(id));
  const options = parseJson<RunOptions>(db, optionsRow?.options, `runs.options, id ${id}`);
  const checklists = recordedChecklists(db, id);
  const items = recordedItems(db, chain);

  const results: ChecklistResult[] = checklists.map((recorded, index) => {
    const own = items.filter((entry) => entry.checklistIndex === index).map((entry) => entry.item);
    return { checklist: recorded.checklist, items: own, summary: summarize(recorded.categories, own) };
  });
  const lastChecked = items.map((entry) => entry.item.checkedAt).sort().pop();
  const run: RunResult = {
    tool: { name: last.toolName, version: last.toolVersion },
    startedAt: chain[0]!.startedAt,
    finishedAt: last.finishedAt ?? lastChecked ?? last.startedAt,
    complete: last.complete,
    options,
    results,
    summary: addCounts(results.map((r) => r.summary)),
  };
  if (chain.length > 1) {
    run.resumed = {
      parts: chain.map((part) => ({
        startedAt: part.startedAt,
        finishedAt: part.finishedAt ?? items.filter((e) => e.runId === part.id).map((e) => e.item.checkedAt).sort().pop() ?? part.startedAt,
        items: items.filter((e) => e.runId === part.id).length,
        complete: part.complete,
      })),
    };
  }
  return run;
}

/** Whether a file starts with SQLite's header (to tell a history database from a JSON report). */
export async function isSqliteFile(file: string): Promise<boolean> {
  const { open } = await import('node:fs/promises');
  const handle = await open(file, 'r').catch(() => undefined);
  if (!handle) return false;
  try {
    const header = Buffer.alloc(16);
    const { bytesRead } = await handle.read(header, 0, 16, 0);
    return bytesRead === 16 && header.toString('latin1') === 'SQLite format 3\u0000';
  } finally {
    await handle.close();
  }
}
