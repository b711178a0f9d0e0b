// The report stage's public face: the format table, atomic file writing and the progress bar.
export { REPORT_FORMATS, FORMAT_NAMES, formatForPath, outputExtensions } from './formats.js';
export type { FormatName, ReportFormat } from './formats.js';
export { writeReportFile } from './write.js';
export { createProgress } from './progress.js';
