// Small git plumbing helpers for the Action. Arguments go to git as an argv array (never
// through a shell) and refs come after --end-of-options, because refs and paths are
// untrusted data (they come from the event payload and the repository).
import { execFile } from "node:child_process";

export class GitError extends Error {
  override name = "GitError";
  constructor(
    readonly args: string[],
    readonly stderr: string,
    readonly code: number | null,
  ) {
    super(`git ${args[0]}: ${stderr.trim().split("\n")[0] || `exit ${code}`}`);
  }
}

// Literal pathspecs: file names from the repository must not act as glob patterns.
const GIT_ENV = { GIT_TERMINAL_PROMPT: "0", LC_ALL: "C", GIT_LITERAL_PATHSPECS: "1" };

export function git(dir: string, args: string[], opts: { maxBuffer?: number } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      "git",
      args,
      { cwd: dir, env: { ...process.env, ...GIT_ENV }, maxBuffer: opts.maxBuffer ?? 64 * 1024 * 1024, encoding: "buffer" },
      (err, stdout, stderr) => {
        if (err) {
          const code = typeof (err as NodeJS.ErrnoException & { code?: unknown }).code === "number" ? Number(err.code) : null;
          reject(new GitError(args, stderr.toString("utf8") || err.message, code));
        } else resolve(stdout.toString("utf8"));
      },
    );
  });
}

/** Like git() but returns null when git exits non-zero. */
export async function tryGit(dir: string, args: string[]): Promise<string | null> {
  try {
    return await git(dir, args);
  } catch (err) {
    if (err instanceof GitError) return null;
    throw err;
  }
}

export const ZERO_SHA = /^0+$/;

export function isZeroSha(sha: string | undefined | null): boolean {
  return !sha || ZERO_SHA.test(sha);
}

export async function topLevel(dir: string): Promise<string | null> {
  const out = await tryGit(dir, ["rev-parse", "--show-toplevel"]);
  return out === null ? null : out.trim();
}

export async function isShallow(dir: string): Promise<boolean> {
  return (await tryGit(dir, ["rev-parse", "--is-shallow-repository"]))?.trim() === "true";
}

/** The commit a rev names, or null when it is not in the local object store. */
export async function resolveCommit(dir: string, rev: string): Promise<string | null> {
  const out = await tryGit(dir, ["rev-parse", "--verify", "--quiet", "--end-of-options", `${rev}^{commit}`]);
  return out === null ? null : out.trim();
}

export async function mergeBase(dir: string, a: string, b: string): Promise<string | null> {
  const out = await tryGit(dir, ["merge-base", "--end-of-options", a, b]);
  return out === null || !out.trim() ? null : out.trim().split("\n")[0];
}

export async function isAncestor(dir: string, a: string, b: string): Promise<boolean> {
  return (await tryGit(dir, ["merge-base", "--is-ancestor", "--end-of-options", a, b])) !== null;
}

/** Number of commits rev-list yields for these arguments. */
export async function countCommits(dir: string, revs: string[]): Promise<number> {
  const out = await git(dir, ["rev-list", "--count", ...revs]);
  return Number(out.trim());
}

/** The blob at `commit:path`, or null when the path does not exist there. */
export async function showFile(dir: string, commit: string, path: string): Promise<string | null> {
  // `commit` is a full hex id we resolved ourselves, so `commit:path` cannot be read as an option.
  return tryGit(dir, ["cat-file", "blob", `${commit}:${path.replace(/^\.\//, "")}`]);
}

/** `git fetch` from origin without tags; returns the error message instead of throwing. */
export async function fetchOrigin(dir: string, args: string[]): Promise<string | null> {
  try {
    await git(dir, ["fetch", "--quiet", "--no-tags", "--no-write-fetch-head", "origin", ...args]);
    return null;
  } catch (err) {
    if (err instanceof GitError) return err.message;
    throw err;
  }
}
