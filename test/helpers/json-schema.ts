// Validate JSON reports against docs/json-report.schema.json (draft 2020-12, with standard formats such as date-time).
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

const schema = JSON.parse(readFileSync(new URL('../../docs/json-report.schema.json', import.meta.url), 'utf8')) as object;
const ajv = new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true });
addFormats.default(ajv);

/** The compiled validator: call it with a parsed report; `.errors` says what is wrong. */
export const validateJsonReport = ajv.compile(schema);

const historySchema = JSON.parse(readFileSync(new URL('../../docs/history-report.schema.json', import.meta.url), 'utf8')) as object;

/** The validator of the JSON history report (`history --format json`, docs/history-report.schema.json). */
export const validateHistoryReport = ajv.compile(historySchema);
