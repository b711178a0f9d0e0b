// The history database: every run recorded in an SQLite file (docs/history.md).
export { DEFAULT_HISTORY_PATH, HistoryDb, HistoryError, historyErrorMessage, openHistory, type HistoryErrorKind, type OpenHistoryOptions } from './db.js';
export { APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION } from './schema.js';
export { checklistsKey, pageOutcome, recordedChecklist, RunRecorder, type PageOutcome, type RecordedChecklist } from './record.js';
export { getRun, isSqliteFile, latestCompleteRun, listRuns, readRun, recordedItems, runChain, runToResume, type RunRow } from './read.js';
export {
  DEFAULT_LOAD_LIMIT_MS,
  itemAvailability,
  probeFailed,
  summarizeProbes,
  type AvailabilityOptions,
  type ItemAvailability,
  type Outage,
  type Probe,
} from './availability.js';
