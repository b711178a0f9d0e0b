// The history database: every run recorded in an SQLite file (docs/history.md).
export { DEFAULT_HISTORY_PATH, HistoryDb, HistoryError, historyErrorMessage, openHistory } from './db.js';
export { APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION } from './schema.js';
export { recordedChecklist, RunRecorder } from './record.js';
export { isSqliteFile, latestCompleteRun, readRun } from './read.js';
export { itemAvailability } from './availability.js';
