// What every command gets from the CLI: where to write, the environment, and a place for its exit code.
export interface CliContext {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  env: NodeJS.ProcessEnv;
  cwd: string;
  /**
   * The control URLs `--control-url` defaults to (src/run/control.ts); absent: DEFAULT_CONTROL_URLS. Tests set
   * local ones (test/helpers/cli.ts) so that no test can reach the real defaults.
   */
  defaultControlUrls?: readonly string[];
  /** The command sets this; `main` returns it. */
  exitCode: number;
  /**
   * The process is the command's own (the `xxgk-check` program, not a test or a program embedding main()): run and
   * watch may then tune V8 for the whole process (src/run/heap.ts).
   */
  ownProcess?: boolean;
}
