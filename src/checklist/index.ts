// The checklist stage: reading and validating checklist files (schema 1). See docs/checklist-format.md.
export { parseChecklist, loadChecklist, formatProblem, hasErrors, allItems, MAX_CHECKLIST_BYTES } from './load.js';
export type { LoadedChecklist } from './load.js';
export { isRealDate } from './schema.js';
