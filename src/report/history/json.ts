// The JSON history report: the HistoryReport as it is, with a schema version first. Described by the JSON Schema
// docs/history-report.schema.json (a test validates every report against it). Times are ISO 8601 with the offset of
// the report's time zone; availability is a fraction 0..1.
import type { HistoryReport } from '../../history/report-types.js';
import type { ReportOptions } from './common.js';

/** The version of the JSON history report's shape; raised on any change a reader could trip on. */
export const HISTORY_JSON_SCHEMA = 1;

export function renderHistoryJson(report: HistoryReport, _options: ReportOptions): string {
  return `${JSON.stringify({ schema: HISTORY_JSON_SCHEMA, ...report }, null, 2)}\n`;
}
