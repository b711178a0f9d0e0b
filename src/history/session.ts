// The history side of one `run --db`: what to check (on `--resume`, only the items not recorded yet), recording
// each item as it finishes, and the run the reports show (on resume, every part of it, read back from the file).
import type { Checklist, ItemResult, Lang, RunOptions, RunResult } from '../types.js';
import { redactItem, redactRun, redactUrl } from '../run/redact.js';
import type { Baseline } from '../run/baseline.js';
import { t } from '../i18n.js';
import { HistoryError, type HistoryDb } from './db.js';
import { checklistsKey, recordedChecklist, RunRecorder, type RecordedChecklist } from './record.js';
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
  /** Note when a URL's first request started (for `pages.started_at`). */
  fetchStarted(url: string): void;
  /** Record an item as soon as it is done. */
  itemDone(item: ItemResult, checklist: Checklist): void;
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
  const indexOf = new Map<Checklist, number>(toCheck.map((checklist, index) => [checklist, index]));
  const recorder = RunRecorder.start(db, checklists, {
    startedAt: new Date().toISOString(),
    options,
    checklists: recorded,
    ...(resumedFrom ? { resumedFrom: resumedFrom.id } : {}),
  });
  const started = new Map<string, string>();
  const startedAt = (url: string): string | undefined => started.get(url);
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

  return {
    toCheck,
    ...(resumedFrom ? { resumedFrom } : {}),
    itemsResumed: done.size,
    runId: recorder.runId,
    get recordingError() {
      return recordingError;
    },
    fetchStarted(url) {
      const shown = redactUrl(url);
      if (!started.has(shown)) started.set(shown, new Date().toISOString());
    },
    itemDone(item, checklist) {
      const index = indexOf.get(checklist);
      if (index === undefined) return;
      guard(() => recorder.recordItem(index, checklist.institution, checklist.file, redactItem(item), startedAt));
    },
    finish(gathered) {
      const redacted = redactRun(gathered);
      guard(() =>
        recorder.finish(
          redacted,
          redacted.results.flatMap((result, checklistIndex) =>
            // An item the run did not reach is not a result: left out, `--resume` checks it.
            result.items.filter((item) => item.status !== 'unchecked').map((item) => ({
              checklistIndex,
              institution: result.checklist.institution,
              ...(result.checklist.file !== undefined ? { checklistFile: result.checklist.file } : {}),
              item,
            })),
          ),
          startedAt,
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
