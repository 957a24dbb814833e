// The one way leakguard runs git: argv arrays (never a shell), a fixed environment that
// keeps git from prompting or paging, and one GitError. Async for long or streaming
// commands and for processes that should run beside other work (the pre-commit hook
// starts its git reads first thing); synchronous for a quick answer needed right away.
import { spawn, spawnSync, type ChildProcessByStdio } from "node:child_process";
import type { Readable, Writable } from "node:stream";

/**
 * Environment for every git we run. The caller's environment passes through (so
 * GIT_INDEX_FILE of `git commit <paths>` and a pre-receive hook's quarantine variables
 * keep working); literal pathspecs, because paths from a repository are data, not globs.
 */
export function gitEnv(extra?: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return {
    ...process.env,
    ...extra,
    GIT_TERMINAL_PROMPT: "0",
    GIT_PAGER: "cat",
    GIT_OPTIONAL_LOCKS: "0",
    GIT_LITERAL_PATHSPECS: "1",
    LC_ALL: "C",
  };
}

/** Options every git we run gets: raw (unquoted) paths, no signatures in log output. */
export const GIT_BASE_ARGS = ["-c", "core.quotePath=false", "-c", "log.showSignature=false", "-c", "diff.noprefix=false"];

export class GitError extends Error {
  override name = "GitError";
  constructor(
    readonly args: readonly string[],
    readonly code: number | null,
    readonly stderr: string,
  ) {
    super(gitMessage(stderr) || `git ${args[0] ?? ""} exited with ${code}`);
  }
}

/** First meaningful line of git's stderr, without the `fatal: ` prefix. */
export function gitMessage(stderr: string): string {
  const line = stderr.split("\n").find((l) => l.trim()) ?? "";
  return line.replace(/^(fatal|error): /, "").trim();
}

export interface GitOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  input?: string | Buffer;
}

function spawnFailure(args: readonly string[], e: Error): GitError {
  const code = (e as NodeJS.ErrnoException).code;
  return new GitError(args, null, code === "ENOENT" ? "git not found on PATH" : `cannot run git (${code ?? e.message})`);
}

/** Runs git to completion and returns stdout (small outputs only). */
export function runGit(args: readonly string[], o: GitOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    // No input: no stdin pipe (each pipe is a socket to set up, which a hook pays for).
    const stdin = o.input === undefined ? "ignore" : "pipe";
    const child = spawn("git", [...GIT_BASE_ARGS, ...args], { cwd: o.cwd, env: gitEnv(o.env), stdio: [stdin, "pipe", "pipe"] }) as ChildProcessByStdio<
      Writable | null,
      Readable,
      Readable
    >;
    const out: Buffer[] = [];
    let err = "";
    child.stdout.on("data", (d: Buffer) => out.push(d));
    child.stderr.on("data", (d: Buffer) => (err += d.toString("utf8")));
    child.on("error", (e) => reject(spawnFailure(args, e)));
    child.on("close", (code) => {
      if (code === 0) resolve(Buffer.concat(out));
      else reject(new GitError(args, code, err));
    });
    if (child.stdin) {
      child.stdin.on("error", () => {});
      child.stdin.end(o.input);
    }
  });
}

/** runGit as text without the trailing newline; null when git exits non-zero. */
export async function tryGitText(args: readonly string[], o: GitOptions): Promise<string | null> {
  try {
    return (await runGit(args, o)).toString("utf8").replace(/\n$/, "");
  } catch (err) {
    if (err instanceof GitError && err.code !== null) return null;
    throw err;
  }
}

export interface GitResult {
  code: number | null;
  stdout: Buffer;
  stderr: string;
}

/** Runs git synchronously; never throws for a non-zero exit (see gitSyncOk). */
export function gitSync(args: readonly string[], o: GitOptions): GitResult {
  const r = spawnSync("git", [...GIT_BASE_ARGS, ...args], {
    cwd: o.cwd,
    env: gitEnv(o.env),
    input: o.input,
    maxBuffer: 1024 * 1024 * 1024,
    stdio: ["pipe", "pipe", "pipe"],
  });
  if (r.error) throw spawnFailure(args, r.error);
  return { code: r.status, stdout: r.stdout, stderr: r.stderr.toString("utf8") };
}

/** Runs git synchronously and returns stdout; a non-zero exit becomes a GitError. */
export function gitSyncOk(args: readonly string[], o: GitOptions): Buffer {
  const r = gitSync(args, o);
  if (r.code !== 0) throw new GitError(args, r.code, r.stderr);
  return r.stdout;
}

/** gitSyncOk as text without the trailing newline. */
export function gitSyncText(args: readonly string[], o: GitOptions): string {
  return gitSyncOk(args, o).toString("utf8").replace(/\n$/, "");
}
