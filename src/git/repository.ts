// What a repository is and what its revisions name. Every revision from a user, an
// event payload or a hook is resolved with --end-of-options, so a ref named like an
// option can never become one.
import { existsSync, statSync } from "node:fs";
import { resolve as resolvePath } from "node:path";
import { UsageError } from "../types.js";
import { GitError, runGit, tryGitText, type GitOptions } from "./process.js";

export interface RepoInfo {
  /** Absolute work tree top level, or the git directory for a bare repository. */
  root: string;
  gitDir: string;
  bare: boolean;
  shallow: boolean;
}

/** Checks that `repo` is a git repository and describes it; UsageError otherwise. */
export async function inspectRepository(repo: string, env?: NodeJS.ProcessEnv): Promise<RepoInfo> {
  const dir = resolvePath(repo);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`${repo}: not a directory`);
  let out: string;
  try {
    out = (await runGit(["rev-parse", "--absolute-git-dir", "--is-bare-repository", "--is-shallow-repository"], { cwd: dir, env })).toString("utf8");
  } catch (err) {
    if (!(err instanceof GitError)) throw err;
    throw new UsageError(`${repo}: ${/not a git repository/i.test(err.message) ? "not a git repository" : err.message}`);
  }
  const [gitDir, bare, shallow] = out.split("\n").map((s) => s.trim());
  let root = gitDir;
  if (bare !== "true") root = (await tryGitText(["rev-parse", "--show-toplevel"], { cwd: dir, env })) || gitDir; // empty inside .git itself
  return { root, gitDir, bare: bare === "true", shallow: shallow === "true" };
}

/** The commit a revision names, or null when it names none here. */
export async function tryResolveCommit(rev: string, o: GitOptions): Promise<string | null> {
  const id = await tryGitText(["rev-parse", "--verify", "--quiet", "--end-of-options", `${rev}^{commit}`], o);
  return id && /^[0-9a-f]{40,64}$/.test(id) ? id : null;
}

/** Resolves one revision to a commit id; UsageError naming it when unknown. */
export async function resolveCommit(rev: string, o: GitOptions): Promise<string> {
  const id = await tryResolveCommit(rev, o);
  if (!id) throw new UsageError(`unknown revision '${rev}'`);
  return id;
}

export const PSEUDO_OPTION = /^--(all|not|branches|tags|remotes)(=.*)?$|^--(glob|exclude)=.+$/;

/**
 * Turns user revisions into arguments git cannot mistake for options: allowed
 * pseudo-options pass through, everything else becomes commit ids (`^id`, `a..b`, `a...b`).
 */
export async function resolveRevs(revs: string[], o: GitOptions): Promise<string[]> {
  const out: string[] = [];
  for (const rev of revs) {
    if (PSEUDO_OPTION.test(rev)) {
      out.push(rev);
      continue;
    }
    if (!rev) throw new UsageError("empty revision");
    const sym = rev.indexOf("...");
    const dots = sym >= 0 ? sym : rev.indexOf("..");
    if (dots >= 0) {
      const sep = sym >= 0 ? "..." : "..";
      const left = rev.slice(0, dots) || "HEAD";
      const right = rev.slice(dots + sep.length) || "HEAD";
      out.push(`${await resolveCommit(left, o)}${sep}${await resolveCommit(right, o)}`);
    } else if (rev.startsWith("^")) {
      out.push("^" + (await resolveCommit(rev.slice(1), o)));
    } else {
      out.push(await resolveCommit(rev, o));
    }
  }
  return out;
}

export function isZeroSha(sha: string | undefined | null): boolean {
  return !sha || /^0+$/.test(sha);
}

export async function topLevel(dir: string): Promise<string | null> {
  return tryGitText(["rev-parse", "--show-toplevel"], { cwd: dir });
}

export async function isShallow(dir: string): Promise<boolean> {
  return (await tryGitText(["rev-parse", "--is-shallow-repository"], { cwd: dir })) === "true";
}

export async function mergeBase(dir: string, a: string, b: string): Promise<string | null> {
  const out = await tryGitText(["merge-base", "--end-of-options", a, b], { cwd: dir });
  return out ? out.split("\n")[0] : null;
}

export async function isAncestor(dir: string, a: string, b: string): Promise<boolean> {
  return (await tryGitText(["merge-base", "--is-ancestor", "--end-of-options", a, b], { cwd: dir })) !== null;
}

/** Number of commits rev-list yields for these (already resolved) arguments. */
export async function countCommits(dir: string, revs: string[], env?: NodeJS.ProcessEnv): Promise<number> {
  const out = await runGit(["rev-list", "--count", ...revs, "--"], { cwd: dir, env });
  return Number(out.toString("utf8").trim()) || 0;
}

/** `git fetch` from origin without tags; returns the error message instead of throwing. */
export async function fetchOrigin(dir: string, args: string[]): Promise<string | null> {
  try {
    await runGit(["fetch", "--quiet", "--no-tags", "--no-write-fetch-head", "origin", ...args], { cwd: dir });
    return null;
  } catch (err) {
    if (err instanceof GitError) return err.message;
    throw err;
  }
}
