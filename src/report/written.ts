// Which report files this process was asked for and which it has written, so that a crash can say where the
// partial results are (src/cli.ts `crashed`). Paths are kept as the user gave them.

const requested: string[] = [];
const written = new Set<string>();

/** Record the report files a run will write. */
export function noteReportsRequested(paths: readonly string[]): void {
  for (const p of paths) if (!requested.includes(p)) requested.push(p);
}

/** Record a report file as written (complete, renamed into place). */
export function noteReportWritten(path: string): void {
  written.add(path);
}

/** Report files asked for and those written so far, in the order asked. */
export function reportFiles(): { requested: string[]; written: string[] } {
  return { requested: [...requested], written: requested.filter((p) => written.has(p)) };
}

/**
 * One clause for a crash message: which reports were written and which were not, or '' when none was asked for.
 * `reports written: r.json; not written: r.html` / `no report was written (r.json, r.html)`.
 */
export function reportFilesClause(lang: 'zh' | 'en'): string {
  const { requested: asked, written: done } = reportFiles();
  if (asked.length === 0) return '';
  const missing = asked.filter((p) => !done.includes(p));
  if (done.length === 0) {
    return lang === 'zh' ? `未写出任何报告（${asked.join('、')}）` : `no report was written (${asked.join(', ')})`;
  }
  if (lang === 'zh') return `已写出的报告：${done.join('、')}${missing.length > 0 ? `；未写出：${missing.join('、')}` : ''}`;
  return `reports written: ${done.join(', ')}${missing.length > 0 ? `; not written: ${missing.join(', ')}` : ''}`;
}
