// Shared by the guard suites: real git runs that may fail (hooks refusing), and the
// command the installed hooks use to reach this checkout's CLI.
import { BIN, runProcess, type RunResult } from "../helpers/cli.js";
import { GIT_ENV as BASE_GIT_ENV } from "../helpers/tmp.js";

/** What an installed hook runs: this checkout's CLI by absolute path (temp repos have no node_modules). */
export const HOOK_COMMAND = `'${process.execPath}' '${BIN}'`;

// Test identity for git, and no husky inside the temp repos.
const GIT_ENV = { ...BASE_GIT_ENV, HUSKY: "" };

/** Runs git and reports the outcome instead of throwing (a refused commit is an outcome). */
export function gitTry(cwd: string, args: string[], opts: { input?: string; env?: NodeJS.ProcessEnv } = {}): Promise<RunResult> {
  return runProcess("git", args, { cwd, input: opts.input, env: { ...GIT_ENV, ...opts.env } });
}

/** Both output streams, for messages a hook may print on either. */
export function output(r: RunResult): string {
  return r.stdout + r.stderr;
}
