// One error model, after undici's lib/core/errors.js: every error xxgk-check means to show a user is an XxgkError
// with a stable `code` (for tests and scripts, never translated) and the `exitCode` the process ends with. Commands
// throw them; `main` in src/cli.ts prints the one-line message and returns the exit code, in one place. Anything
// else that escapes a command is a bug: src/cli.ts reports it as an internal error (exit 3).

/** Exit codes, documented in README.md ("Exit codes") and docs/ci.md. */
export const EXIT = {
  /** No gap at the --fail-on level. */
  ok: 0,
  /** Gaps found (with --fail-on regression: an item got worse than in the baseline); `diff`: the checklists differ. */
  gaps: 1,
  /** Usage error, invalid checklist or unreadable input file, or a report that could not be written. */
  usage: 2,
  /** A bug in xxgk-check: an INTERNAL_ERROR finding or a crash. */
  internal: 3,
  /** Interrupted (Ctrl-C, SIGTERM). */
  interrupted: 130,
  /**
   * The reader of the output went away (`xxgk-check list x.yaml | head -1`): 128 + SIGPIPE, what a shell reports for
   * a program a closed pipe ended. Nothing more is printed; report files (`-o`) are still written.
   */
  brokenPipe: 141,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** The base of every error xxgk-check shows to a user. `message` is one line in the user's language. */
export class XxgkError extends Error {
  /** Stable identifier of the kind of error (`XXGK_ERR_…`). */
  readonly code: string = 'XXGK_ERR';
  /** The process's exit code when this error ends a command. */
  readonly exitCode: ExitCode = EXIT.internal;
  /** The details were already written (e.g. each checklist problem, file:line:col): print nothing more. */
  readonly reported: boolean;

  constructor(message: string, options: { cause?: unknown; reported?: boolean } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'XxgkError';
    this.reported = options.reported ?? false;
  }
}

/** The command line asks for something that cannot be done (`--fail-on regression` without `--baseline`…). */
export class UsageError extends XxgkError {
  override readonly code = 'XXGK_ERR_USAGE';
  override readonly exitCode = EXIT.usage;
  constructor(message: string, options: { cause?: unknown; reported?: boolean } = {}) {
    super(message, options);
    this.name = 'UsageError';
  }
}

/** A checklist that cannot be used; its problems (file:line:col) have been printed already. */
export class ChecklistError extends XxgkError {
  override readonly code = 'XXGK_ERR_CHECKLIST';
  override readonly exitCode = EXIT.usage;
  constructor(message: string, options: { cause?: unknown; reported?: boolean } = {}) {
    super(message, options);
    this.name = 'ChecklistError';
  }
}

/** A report path whose format cannot be told or a file that cannot be written; the message names the path. */
export class ReportWriteError extends XxgkError {
  override readonly code = 'XXGK_ERR_REPORT_WRITE';
  override readonly exitCode = EXIT.usage;
  constructor(
    message: string,
    readonly path: string,
    options: { cause?: unknown } = {},
  ) {
    super(message, options);
    this.name = 'ReportWriteError';
  }
}

/** A file that is not a readable xxgk-check JSON report (`--baseline`, `merge`). `message` is one line and names the file. */
export class JsonReportError extends XxgkError {
  override readonly code = 'XXGK_ERR_JSON_REPORT';
  override readonly exitCode = EXIT.usage;
  constructor(
    message: string,
    readonly file: string,
    options: { cause?: unknown } = {},
  ) {
    super(message, options);
    this.name = 'JsonReportError';
  }
}

/**
 * Why a history database (`run --db`, docs/history.md) cannot be used: `foreign` another application's SQLite file;
 * `newer` written by a newer xxgk-check; `corrupt` not SQLite or damaged; `missing` does not exist (reading only);
 * `unavailable` this Node has no node:sqlite; `failed` anything else SQLite reported (permissions, disk full, locked…).
 */
export type HistoryErrorKind = 'foreign' | 'newer' | 'corrupt' | 'missing' | 'unavailable' | 'failed';

/** A history database that cannot be used; `message` is one line naming the file. Such a file is never written to. */
export class HistoryError extends XxgkError {
  override readonly code = 'XXGK_ERR_HISTORY';
  override readonly exitCode = EXIT.usage;
  constructor(
    readonly kind: HistoryErrorKind,
    message: string,
    readonly file: string,
    options: { cause?: unknown } = {},
  ) {
    super(message, options);
    this.name = 'HistoryError';
  }
}

/** The message of anything thrown: an Error's message, or the value as a string. */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** The first line of `errorMessage(err)` (never a stack trace), cut to `max` characters when given. */
export function firstLine(err: unknown, max?: number): string {
  const line = errorMessage(err).split('\n', 1)[0] ?? '';
  return max === undefined ? line : line.slice(0, max);
}
