// What every command gets from the CLI: where to write, the environment, and a place for its exit code.
export interface CliContext {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** The command sets this; `main` returns it. */
  exitCode: number;
}
