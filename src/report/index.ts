// The report stage's public face: the format table, atomic file writing and the progress bar.
export { REPORT_FORMATS, FORMAT_NAMES, formatForPath, isFormatName, outputExtensions } from './formats.js';
export type { FormatName } from './formats.js';
export type { ReportFormat, ReportOptions } from './common.js';
export { writeReportFile, ReportWriteError } from './write.js';
export { createProgress, REDRAW_INTERVAL_MS, type Progress, type ProgressOptions } from './progress.js';
export { renderTerminal } from './terminal.js';
export { jsonReport, JSON_SCHEMA_VERSION, type JsonReport } from './json.js';
