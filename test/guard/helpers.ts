// Shared by the guard suites: real git runs that may fail (hooks refusing), and the
// command the installed hooks use to reach this checkout's CLI.
import { BIN, runProcess, type RunResult } from "../helpers/cli.js";

/** What an installed hook runs: this checkout's CLI by absolute path (temp repos have no node_modules). */
export const HOOK_COMMAND = `'${process.execPath}' '${BIN}'`;

const GIT_ENV = {
  GIT_AUTHOR_NAME: "Test Author",
  GIT_AUTHOR_EMAIL: "author@example.com",
  GIT_COMMITTER_NAME: "Test Author",
  GIT_COMMITTER_EMAIL: "author@example.com",
  GIT_CONFIG_NOSYSTEM: "1",
  GIT_TERMINAL_PROMPT: "0",
  HUSKY: "",
};

/** Runs git and reports the outcome instead of throwing (a refused commit is an outcome). */
export function gitTry(cwd: string, args: string[], opts: { input?: string; env?: NodeJS.ProcessEnv } = {}): Promise<RunResult> {
  return runProcess("git", args, { cwd, input: opts.input, env: { ...GIT_ENV, ...opts.env } });
}

/** Both output streams, for messages a hook may print on either. */
export function output(r: RunResult): string {
  return r.stdout + r.stderr;
}
