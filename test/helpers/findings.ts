// Reading a finding's params in tests without narrowing on its code (`Finding` is a union typed per code).
import type { FindingParamValue } from '../../src/types.js';

/** The param `key` of a finding or fetch failure, whatever its code; undefined when it has none of that name. */
export function param(f: { params: object } | undefined, key: string): FindingParamValue | undefined {
  return (f?.params as Record<string, FindingParamValue | undefined> | undefined)?.[key];
}
