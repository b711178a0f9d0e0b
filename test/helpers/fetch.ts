// A fetch result that must be a response: its response fields, or a test failure that names what came instead.
import type { FetchResponse, FetchResult } from '../../src/types.js';

export function answered(result: FetchResult): FetchResponse {
  if (result.kind === 'response') return result;
  throw new Error(`${result.url}: no response but ${result.failure.code} ${JSON.stringify(result.failure.params)}`);
}
