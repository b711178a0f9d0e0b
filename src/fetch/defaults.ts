// The fetch stage's default options, apart from the fetcher itself: commands read them when they parse their
// options, before anything is fetched, so this module must not load undici (src/fetch/index.ts does).
import { DEFAULT_RUN_OPTIONS, fetchPart } from '../options.js';
import type { FetchOptions } from './types.js';

/** The fetch options of a run with the CLI's defaults (src/options.ts), and the backoff base. */
export const DEFAULT_FETCH_OPTIONS: FetchOptions = { ...fetchPart(DEFAULT_RUN_OPTIONS), backoffBaseMs: 500 };
