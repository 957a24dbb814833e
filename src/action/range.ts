// Which commits an event adds, computed with git itself (merge-base, rev-list), never
// from the REST list of a pull request's commits (that list is paged and capped).
//
// Decisions, per event:
// - push, branch updated:  merge-base(before, after)..after. For a fast-forward this is
//   before..after; for a force push it is every commit of the new history that the old
//   one did not have (rewritten commits are new objects, so they are scanned again).
//   When `before` no longer exists anywhere (force push after gc), fall back to the
//   new-branch rule, except on the default branch itself, where that is an error.
// - push, new branch:      after --not origin/<default branch>: only commits not already
//   on the default branch. A first push of the default branch itself scans all of it.
// - push, tag:             same as a new branch (a tag usually names a commit that is
//   already on the default branch, so usually nothing).
// - push, deleted ref:     nothing.
// - pull_request(_target): merge-base(base.sha, head.sha)..head.sha. The head commits are
//   fetched as objects only; nothing from the pull request is checked out or run.
// - merge_group:           merge-base(base_sha, head_sha)..head_sha: what the queue adds.
// - schedule, workflow_dispatch, anything else: full history (--all).
// Base equal to head is an empty range, not an error.
import type { ActionInputs, ScanMode } from "./inputs.js";
import { UsageError } from "../types.js";
import type { ActionEvent } from "./event.js";
import { countCommits, fetchOrigin, isAncestor, isShallow, mergeBase, tryResolveCommit } from "../git/repository.js";


/** What an event asks to be scanned, before git is consulted. */
export type RangeRequest =
  | { kind: "none"; reason: string }
  | { kind: "full"; reason: string }
  /** Commits reachable from head but not from the default branch. */
  | { kind: "new-ref"; head: string; defaultBranch: string; reason: string; allIfDefault?: boolean }
  /** merge-base(base, head)..head; `headRefs` name refs on origin that carry head. */
  | { kind: "since"; base: string; head: string; reason: string; headRefs?: string[]; fallbackDefaultBranch?: string };

export function requestFor(event: ActionEvent, mode: ScanMode): RangeRequest {
  if (mode === "full") return { kind: "full", reason: "scan-mode: full" };
  const req = autoRequest(event);
  if (mode === "diff" && req.kind === "full") {
    throw new UsageError(`scan-mode: diff needs a push, pull_request or merge_group event, not '${event.kind === "full" ? event.name : event.kind}'`);
  }
  return req;
}

function autoRequest(e: ActionEvent): RangeRequest {
  switch (e.kind) {
    case "push": {
      const what = e.ref.startsWith("refs/tags/") ? "tag" : "branch";
      if (e.deleted) return { kind: "none", reason: `push deleted ${what} ${e.ref}: nothing to scan` };
      if (e.before === e.after) return { kind: "none", reason: `push of ${e.ref} did not move it: nothing to scan` };
      if (what === "tag") {
        return { kind: "new-ref", head: e.after, defaultBranch: e.defaultBranch, reason: `push of tag ${e.ref}: commits not on ${e.defaultBranch}` };
      }
      if (e.created) {
        const isDefault = e.ref === `refs/heads/${e.defaultBranch}`;
        return {
          kind: "new-ref",
          head: e.after,
          defaultBranch: e.defaultBranch,
          allIfDefault: isDefault,
          reason: isDefault ? `first push of ${e.ref}: all of its history` : `new branch ${e.ref}: commits not on ${e.defaultBranch}`,
        };
      }
      return {
        kind: "since",
        base: e.before,
        head: e.after,
        // On the default branch itself "not on the default branch" means nothing: no fallback.
        fallbackDefaultBranch: e.ref === `refs/heads/${e.defaultBranch}` ? undefined : e.defaultBranch,
        reason: `${e.forced ? "force push" : "push"} to ${e.ref}`,
      };
    }
    case "pull_request":
      return {
        kind: "since",
        base: e.baseSha,
        head: e.headSha,
        headRefs: [`refs/pull/${e.number}/head`],
        reason: `${e.name} #${e.number}`,
      };
    case "merge_group":
      return { kind: "since", base: e.baseSha, head: e.headSha, reason: "merge_group" };
    case "full":
      return { kind: "full", reason: `${e.name} event: full history` };
  }
}

/** What the history scanner is given. */
export interface ScanPlan {
  /** rev-list arguments; empty = nothing to scan. */
  revs: string[];
  /** Human description for the log and the job summary. */
  label: string;
  /** Lower end of the range (merge base), when there is one. */
  base?: string;
  head?: string;
  /** The default branch's tip, when the range was measured against it (new refs). */
  defaultBranchCommit?: string;
  commits: number;
}

export type Log = (line: string) => void;

const DEEPEN_STEPS = [50, 200, 1000];

/**
 * Makes sure `head` (and `base`) exist locally, fetching them as plain objects when
 * they don't, and deepens a shallow clone until their merge base is present.
 */
export async function resolvePlan(dir: string, req: RangeRequest, log: Log): Promise<ScanPlan> {
  switch (req.kind) {
    case "none":
      return { revs: [], label: req.reason, commits: 0 };
    case "full":
      return resolveFull(dir, req.reason, log);
    case "new-ref":
      return resolveNewRef(dir, req, log);
    case "since":
      return resolveSince(dir, req, log);
  }
}

async function resolveFull(dir: string, reason: string, log: Log): Promise<ScanPlan> {
  if (await isShallow(dir)) {
    log(`leakguard: shallow clone: fetching the full history for a full scan`);
    const err = await fetchOrigin(dir, ["--unshallow"]);
    if (err && (await isShallow(dir))) {
      throw new UsageError(`cannot scan the full history: the clone is shallow and 'git fetch --unshallow' failed (${err}); use actions/checkout with fetch-depth: 0`);
    }
  }
  const revs = ["--all"];
  return { revs, label: reason, commits: await countCommits(dir, revs) };
}

/** Fetches a commit by id (and optionally refs that carry it) when it is not present. */
export async function ensureCommit(dir: string, sha: string, refs: string[] = []): Promise<boolean> {
  if (await tryResolveCommit(sha, { cwd: dir })) return true;
  const depth = (await isShallow(dir)) ? ["--depth=1"] : [];
  // Fetching by id writes no ref and checks nothing out: the commits are only data.
  await fetchOrigin(dir, [...depth, sha]);
  if (await tryResolveCommit(sha, { cwd: dir })) return true;
  for (const ref of refs) {
    await fetchOrigin(dir, [...depth, ref]);
    if (await tryResolveCommit(sha, { cwd: dir })) return true;
  }
  return false;
}

async function ensureDefaultBranch(dir: string, branch: string): Promise<string | null> {
  const local = `refs/remotes/origin/${branch}`;
  if (await tryResolveCommit(local, { cwd: dir })) return local;
  const depth = (await isShallow(dir)) ? ["--depth=1"] : [];
  await fetchOrigin(dir, [...depth, `+refs/heads/${branch}:${local}`]);
  return (await tryResolveCommit(local, { cwd: dir })) ? local : null;
}

/**
 * Deepens a shallow clone until `a` and `b` have a merge base, or until it is no longer
 * shallow (then they really have none). Returns the merge base or null.
 */
async function deepenForMergeBase(dir: string, a: string, b: string, log: Log): Promise<string | null> {
  let mb = await mergeBase(dir, a, b);
  if (mb || !(await isShallow(dir))) return mb;
  const shas = [a, b].filter((s) => /^[0-9a-f]{40,64}$/.test(s));
  for (const n of DEEPEN_STEPS) {
    log(`leakguard: shallow clone: fetching ${n} more commits of history to find where the range starts`);
    const err = await fetchOrigin(dir, [`--deepen=${n}`, ...shas]);
    if (err) throw new UsageError(`cannot deepen the shallow clone to find the merge base of ${a.slice(0, 12)} and ${b.slice(0, 12)} (${err}); use actions/checkout with fetch-depth: 0`);
    mb = await mergeBase(dir, a, b);
    if (mb || !(await isShallow(dir))) return mb;
  }
  log(`leakguard: shallow clone: fetching the rest of the history`);
  const err = await fetchOrigin(dir, ["--unshallow", ...shas]);
  if (err && (await isShallow(dir))) {
    throw new UsageError(`cannot unshallow the clone to find the merge base of ${a.slice(0, 12)} and ${b.slice(0, 12)} (${err}); use actions/checkout with fetch-depth: 0`);
  }
  return mergeBase(dir, a, b);
}

async function resolveNewRef(dir: string, req: Extract<RangeRequest, { kind: "new-ref" }>, log: Log): Promise<ScanPlan> {
  if (!(await ensureCommit(dir, req.head))) {
    throw new UsageError(`commit ${req.head} (the pushed ref) is not in the checkout and cannot be fetched from origin`);
  }
  const head = (await tryResolveCommit(req.head, { cwd: dir })) as string;
  if (req.allIfDefault) return allOf(dir, head, req.reason, log);
  const def = await ensureDefaultBranch(dir, req.defaultBranch);
  if (!def) {
    log(`leakguard: warning: default branch '${req.defaultBranch}' not found on origin; scanning all history of ${head.slice(0, 12)}`);
    return allOf(dir, head, req.reason, log);
  }
  const mb = await deepenForMergeBase(dir, head, def, log);
  const revs = [head, "--not", def];
  const commits = await countCommits(dir, revs);
  const defaultBranchCommit = (await tryResolveCommit(def, { cwd: dir })) ?? undefined;
  return { revs: commits ? revs : [], label: `${req.reason} (${commits} commit${commits === 1 ? "" : "s"})`, base: mb ?? undefined, head, defaultBranchCommit, commits };
}

async function allOf(dir: string, head: string, reason: string, log: Log): Promise<ScanPlan> {
  if (await isShallow(dir)) {
    log(`leakguard: shallow clone: fetching the full history of ${head.slice(0, 12)}`);
    const err = await fetchOrigin(dir, ["--unshallow", head]);
    if (err && (await isShallow(dir))) throw new UsageError(`cannot unshallow the clone to scan all of ${head.slice(0, 12)} (${err}); use actions/checkout with fetch-depth: 0`);
  }
  const revs = [head];
  const commits = await countCommits(dir, revs);
  return { revs, label: `${reason} (${commits} commit${commits === 1 ? "" : "s"})`, head, commits };
}

async function resolveSince(dir: string, req: Extract<RangeRequest, { kind: "since" }>, log: Log): Promise<ScanPlan> {
  if (req.base === req.head) return { revs: [], label: `${req.reason}: base equals head, nothing to scan`, base: req.base, head: req.head, commits: 0 };
  if (!(await ensureCommit(dir, req.head, req.headRefs))) {
    throw new UsageError(`${req.reason}: head commit ${req.head} is not in the checkout and cannot be fetched from origin`);
  }
  if (!(await ensureCommit(dir, req.base))) {
    if (req.fallbackDefaultBranch) {
      log(`leakguard: ${req.reason}: previous tip ${req.base.slice(0, 12)} no longer exists; scanning commits not on ${req.fallbackDefaultBranch} instead`);
      return resolveNewRef(dir, { kind: "new-ref", head: req.head, defaultBranch: req.fallbackDefaultBranch, reason: `${req.reason} (previous tip gone)` }, log);
    }
    throw new UsageError(`${req.reason}: base commit ${req.base} is not in the checkout and cannot be fetched from origin, so the new commits are unknown (scan-mode: full scans everything)`);
  }
  const mb = await deepenForMergeBase(dir, req.base, req.head, log);
  if (mb && !(await isAncestor(dir, req.base, req.head))) {
    log(`leakguard: ${req.reason}: ${req.base.slice(0, 12)} is not an ancestor of ${req.head.slice(0, 12)}; scanning from their merge base ${mb.slice(0, 12)}`);
  }
  // Without a merge base the histories are unrelated: everything head brings is new.
  const revs = mb ? [`${mb}..${req.head}`] : [req.head, "--not", req.base];
  const commits = await countCommits(dir, revs);
  const span = mb ? `${mb.slice(0, 12)}..${req.head.slice(0, 12)}` : `${req.head.slice(0, 12)} --not ${req.base.slice(0, 12)}`;
  return {
    revs: commits ? revs : [],
    label: `${req.reason}: ${span} (${commits} commit${commits === 1 ? "" : "s"})`,
    base: mb ?? undefined,
    head: req.head,
    commits,
  };
}

/** The event's range, or merge-base(base, head)..head when the `base` input is set. */
export function rangeFor(inputs: Pick<ActionInputs, "base" | "head" | "scanMode">, event: ActionEvent): RangeRequest {
  if (!inputs.base) {
    if (inputs.head) throw new UsageError("input 'head' needs 'base'");
    return requestFor(event, inputs.scanMode);
  }
  const fromEvent = inputs.head ? undefined : requestFor(event, "auto");
  const head = inputs.head ?? (fromEvent && "head" in fromEvent ? fromEvent.head : "HEAD");
  return { kind: "since", base: inputs.base, head, reason: `inputs base=${inputs.base} head=${head}` };
}
