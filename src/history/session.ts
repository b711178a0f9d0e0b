// The history side of one `run --db`: what to check (on `--resume`, only the items not recorded yet), recording
// each item as it finishes, and the run the reports show (on resume, every part of it, read back from the file).
import type { Checklist, ItemResult, Lang, RunOptions, RunResult } from '../types.js';
import { redactItem, redactRun, redactUrl } from '../run/redact.js';
import type { Baseline } from '../run/baseline.js';
import { t } from '../i18n.js';
import { HistoryError, type HistoryDb } from './db.js';
import { checklistsKey, PlacesByNumber, recordedChecklist, RunRecorder, type RecordedChecklist } from './record.js';
import { memoryStore, type ItemStore } from '../run/store.js';
import { allItems } from '../checklist/index.js';
import { latestCompleteRun, readRun, recordedItems, runChain, runToResume, type RunRow } from './read.js';

export interface HistorySession {
  /** The checklists to check now: all of them, or on resume each without the items already recorded. */
  readonly toCheck: Checklist[];
  /** The run this one continues, when resuming. */
  readonly resumedFrom?: RunRow;
  /** Items taken over from the earlier parts. */
  readonly itemsResumed: number;
  /** The recorder's run id. */
  readonly runId: number;
  /** The first error writing the history (recording stops there; the run and its reports go on). */
  readonly recordingError: HistoryError | undefined;
  /**
   * Where the run puts each item as soon as it is done (src/run/store.ts), by its place in `toCheck`: it is
   * recorded in the history at once (URLs redacted), and read back from there for the reports.
   */
  readonly store: ItemStore;
  /** Close the run in the history; returns the run every report shows (URLs redacted). */
  finish(gathered: RunResult): RunResult;
}

/** The checklists' identity in the history (what `--resume` and `--baseline last` match). */
export function historyKey(checklists: readonly Checklist[]): { recorded: RecordedChecklist[]; key: string } {
  const recorded = checklists.map((c) => recordedChecklist(c, redactUrl));
  return { recorded, key: checklistsKey(recorded) };
}

/**
 * Start recording a run of `checklists`. With `resume`, continue the latest run of the same checklists when it is
 * incomplete: its items (same number, title and URLs) are not checked again. `notes` get one-line messages.
 */
export function beginRecording(
  db: HistoryDb,
  checklists: readonly Checklist[],
  options: RunOptions,
  settings: { resume: boolean; lang: Lang; note: (message: string) => void },
): HistorySession {
  const { recorded, key } = historyKey(checklists);
  const { lang } = settings;
  let resumedFrom: RunRow | undefined;
  const done = new Set<string>();
  if (settings.resume) {
    resumedFrom = runToResume(db, key);
    if (!resumedFrom) {
      settings.note(
        t(
          lang,
          `${db.shownAs} 中没有这些清单的未完成检查可续查，将从头开始检查`,
          `${db.shownAs} has no interrupted run of these checklists to resume: checking from the start`,
        ),
      );
    } else {
      for (const entry of recordedItems(db, runChain(db, resumedFrom.id))) {
        const checklist = checklists[entry.checklistIndex];
        const item = checklist?.categories.flatMap((c) => c.items).find((i) => i.no === entry.item.no);
        // An item edited since (title or URLs) is checked again.
        if (item && item.title === entry.item.title && JSON.stringify(item.urls.map(redactUrl)) === JSON.stringify(entry.item.urls)) {
          done.add(`${entry.checklistIndex}:${item.no}`);
        }
      }
    }
  }
  const toCheck = checklists.map((checklist, index) =>
    done.size === 0
      ? checklist
      : {
          ...checklist,
          categories: checklist.categories.map((category) => ({ ...category, items: category.items.filter((item) => !done.has(`${index}:${item.no}`)) })),
        },
  );
  if (resumedFrom) {
    settings.note(
      t(
        lang,
        `续查 ${db.shownAs} 中 ${resumedFrom.startedAt} 开始的检查：${done.size} 项已检查，不再请求`,
        `resuming the run of ${resumedFrom.startedAt} in ${db.shownAs}: ${done.size} item${done.size === 1 ? '' : 's'} already checked, not requested again`,
      ),
    );
  }
  const recorder = RunRecorder.start(db, checklists, {
    startedAt: new Date().toISOString(),
    options,
    checklists: recorded,
    ...(resumedFrom ? { resumedFrom: resumedFrom.id } : {}),
  });
  let recordingError: HistoryError | undefined;
  const guard = (work: () => void): void => {
    if (recordingError) return;
    try {
      work();
    } catch (err) {
      if (!(err instanceof HistoryError)) throw err;
      recordingError = err;
    }
  };

  // Items by their place in `toCheck` → item number (the history keys items by checklist and number).
  const numbers = toCheck.map((checklist) => allItems(checklist).map((item) => item.no));
  // Items whose recording failed stay in memory, so that the reports still have them.
  const unrecorded = memoryStore();
  const select = db.query((sqlite) => ({
    one: sqlite.prepare('SELECT result FROM items WHERE run_id = ? AND checklist_index = ? AND no = ?'),
    all: sqlite.prepare('SELECT no, result FROM items WHERE run_id = ? AND checklist_index = ? ORDER BY position'),
  }));
  const store: ItemStore = {
    external: true,
    put(checklistIndex, position, item) {
      const checklist = toCheck[checklistIndex];
      if (!checklist) return;
      // An item the run did not reach is never recorded (`--resume` checks it): the reports have it from memory.
      if (item.status === 'unchecked') {
        unrecorded.put(checklistIndex, position, item);
        return;
      }
      guard(() => recorder.recordItem(checklistIndex, checklist.institution, checklist.file, redactItem(item)));
      if (recordingError) unrecorded.put(checklistIndex, position, item);
    },
    get(checklistIndex, position) {
      const kept = unrecorded.get(checklistIndex, position);
      if (kept || recordingError) return kept;
      const row = db.query(() => select.one.get(recorder.runId, checklistIndex, numbers[checklistIndex]?.[position] ?? -1));
      return row ? (JSON.parse(String(row.result)) as ItemResult) : undefined;
    },
    items(checklistIndex) {
      const positions = new PlacesByNumber(numbers[checklistIndex] ?? []);
      const items: { position: number; item: ItemResult }[] = [];
      // Row by row: an institution's rows (JSON text) are never all held next to its parsed items.
      db.query(() => {
        for (const row of select.all.iterate(recorder.runId, checklistIndex)) {
          items.push({ position: positions.get(Number(row.no)) ?? -1, item: JSON.parse(String(row.result)) as ItemResult });
        }
      });
      const kept = unrecorded.items(checklistIndex);
      if (kept.length === 0) return items.map((entry) => entry.item);
      // Merge the items kept in memory, in checklist order.
      const recordedNos = new Set(items.map((entry) => entry.item.no));
      for (const item of kept) if (!recordedNos.has(item.no)) items.push({ position: positions.get(item.no) ?? -1, item });
      return items.sort((a, b) => a.position - b.position).map((entry) => entry.item);
    },
    close() {},
  };

  return {
    toCheck,
    ...(resumedFrom ? { resumedFrom } : {}),
    itemsResumed: done.size,
    runId: recorder.runId,
    get recordingError() {
      return recordingError;
    },
    store,
    finish(gathered) {
      const redacted = redactRun(gathered);
      guard(() =>
        recorder.finish(
          redacted,
          // The items changed after the store had them: only when this machine was found offline (unverified). An
          // item the run did not reach is not a result: left out, `--resume` checks it.
          (redacted.network?.offline ? redacted.results : []).flatMap((result, checklistIndex) =>
            result.items.filter((item) => item.status !== 'unchecked').map((item) => ({
              checklistIndex,
              institution: result.checklist.institution,
              ...(result.checklist.file !== undefined ? { checklistFile: result.checklist.file } : {}),
              item,
            })),
          ),
        ),
      );
      if (!resumedFrom || recordingError) return redacted;
      // Every part of the run, read back: the reports cover every item and say when each part was checked.
      try {
        // The host figures are not recorded: those of this part stand for the run (docs/json-report.md says so).
        const read = readRun(db, recorder.runId);
        if (redacted.hosts !== undefined) read.hosts = redacted.hosts;
        return read;
      } catch (err) {
        if (!(err instanceof HistoryError)) throw err;
        recordingError = err;
        return redacted;
      }
    },
  };
}

/** `--baseline last`: the latest complete run recorded (of the same checklists when there is one). */
export function lastRecordedBaseline(db: HistoryDb, checklists: readonly Checklist[]): Baseline | undefined {
  const { key } = historyKey(checklists);
  const row = latestCompleteRun(db, key) ?? latestCompleteRun(db);
  if (!row) return undefined;
  return { file: `${db.shownAs} #${row.id}`, run: readRun(db, row.id) };
}
