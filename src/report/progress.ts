// The progress bar on stderr while a run goes: done/total, failures so far, the host being fetched. Redrawn in place
// (carriage return + clear line), at most 10 times a second; `enabled: false` writes nothing at all.
import stringWidth from 'string-width';
import type { Lang } from '../types.js';
import { truncateToWidth } from './common.js';

export interface Progress {
  /** A fetch of `url` on `host` started. */
  start(url: string, host: string): void;
  /** An item (or page) finished; `failed` counts it among the failures. */
  done(result: { failed: boolean }): void;
  /** Erase the bar (call before printing the report). Safe to call twice. */
  stop(): void;
}

export interface ProgressOptions {
  enabled: boolean;
  total: number;
  lang: Lang;
}

/** Minimum gap between two redraws, in ms. */
export const REDRAW_INTERVAL_MS = 100;
const BAR_WIDTH = 24;
const CLEAR_LINE = '\r\x1b[2K';

type ProgressStream = Pick<NodeJS.WriteStream, 'write'> & { columns?: number };

export function createProgress(stream: ProgressStream, options: ProgressOptions): Progress {
  if (!options.enabled) return { start() {}, done() {}, stop() {} };
  const { lang } = options;
  const total = Math.max(0, options.total);
  let done = 0;
  let failed = 0;
  let lastHost = '';
  let lastDraw = 0;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let drawn = false;

  const line = (): string => {
    const ratio = total === 0 ? 1 : Math.min(1, done / total);
    const filled = Math.round(ratio * BAR_WIDTH);
    const bar = `${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)}`;
    const failures = lang === 'zh' ? `失败 ${failed}` : `${failed} failed`;
    const text = `${bar} ${done}/${total} · ${failures}${lastHost ? ` · ${lastHost}` : ''}`;
    const columns = stream.columns && stream.columns > 0 ? stream.columns : 80;
    // One column short of the edge, so the cursor never wraps to a new line.
    return stringWidth(text) < columns ? text : truncateToWidth(text, columns - 1);
  };

  const draw = (): void => {
    if (stopped) return;
    timer = undefined;
    lastDraw = Date.now();
    drawn = true;
    stream.write(CLEAR_LINE + line());
  };

  const schedule = (): void => {
    if (stopped || timer) return;
    const wait = lastDraw + REDRAW_INTERVAL_MS - Date.now();
    if (wait <= 0) draw();
    else {
      timer = setTimeout(draw, wait);
      timer.unref();
    }
  };

  return {
    start(_url, host) {
      lastHost = host;
      schedule();
    },
    done(result) {
      done++;
      if (result.failed) failed++;
      schedule();
    },
    stop() {
      if (stopped) return;
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      if (drawn) stream.write(CLEAR_LINE);
    },
  };
}
