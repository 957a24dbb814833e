// What a push sends: the ref update lines git hands to pre-push and pre-receive hooks,
// and the rev-list arguments that select only the commits the remote does not have yet.
import { UsageError } from "../types.js";
import { gitSync } from "../git/process.js";

const OID = /^[0-9a-f]{40}$|^[0-9a-f]{64}$/;
const ZERO = /^0+$/;

export interface RefUpdate {
  ref: string;
  /** Tip after the update; undefined for a deletion. */
  newOid?: string;
  /** Tip before the update; undefined for a new ref. */
  oldOid?: string;
}

function oidField(s: string, what: string, lineNo: number, source: string): string | undefined {
  if (!OID.test(s)) throw new UsageError(`${source}: line ${lineNo}: expected ${what} object id, got '${s.slice(0, 80)}'`);
  return ZERO.test(s) ? undefined : s;
}

/** pre-push stdin: `<local ref> <local oid> <remote ref> <remote oid>` per line. */
export function parsePrePush(text: string): RefUpdate[] {
  const out: RefUpdate[] = [];
  text.split("\n").forEach((raw, i) => {
    const line = raw.replace(/\r$/, "");
    if (!line.trim()) return;
    const f = line.split(" ");
    if (f.length !== 4) throw new UsageError(`stdin: line ${i + 1}: expected '<local ref> <local sha> <remote ref> <remote sha>'`);
    out.push({ ref: f[2], newOid: oidField(f[1], "a local", i + 1, "stdin"), oldOid: oidField(f[3], "a remote", i + 1, "stdin") });
  });
  return out;
}

/** pre-receive stdin: `<old oid> <new oid> <ref>` per line. */
export function parsePreReceive(text: string): RefUpdate[] {
  const out: RefUpdate[] = [];
  text.split("\n").forEach((raw, i) => {
    const line = raw.replace(/\r$/, "");
    if (!line.trim()) return;
    const f = line.split(" ");
    if (f.length !== 3) throw new UsageError(`stdin: line ${i + 1}: expected '<old sha> <new sha> <ref>'`);
    out.push({ ref: f[2], oldOid: oidField(f[0], "an old", i + 1, "stdin"), newOid: oidField(f[1], "a new", i + 1, "stdin") });
  });
  return out;
}

/**
 * Which of `oids` name (or peel to) a commit present in this repository, in one
 * `cat-file --batch-check` call. Tags pointing at trees/blobs and remote tips we never
 * fetched come back false.
 */
export function commitsPresent(oids: string[], cwd: string): Set<string> {
  const present = new Set<string>();
  if (!oids.length) return present;
  const r = gitSync(["cat-file", "--batch-check=%(objecttype)"], { cwd, input: oids.map((o) => `${o}^{commit}\n`).join("") });
  if (r.code !== 0) throw new UsageError(`git cat-file failed: ${r.stderr.split("\n")[0]}`);
  const lines = r.stdout.toString("utf8").split("\n");
  oids.forEach((o, i) => {
    if (lines[i] === "commit") present.add(o);
  });
  return present;
}

/**
 * Commits a pre-push sends: every new tip, minus whatever the remote already has (the old
 * tips, when we have them) and minus every remote-tracking ref. Old tips exclude for all
 * updates at once: a commit reachable from any remote tip is already there. Deletions
 * send nothing. Returns undefined when there is nothing to scan.
 */
export function prePushRevs(updates: RefUpdate[], present: ReadonlySet<string>): string[] | undefined {
  const tips = [...new Set(updates.map((u) => u.newOid).filter((o): o is string => o !== undefined && present.has(o)))];
  if (!tips.length) return undefined;
  const known = [...new Set(updates.map((u) => u.oldOid).filter((o): o is string => o !== undefined && present.has(o)))];
  return [...tips, ...known.map((o) => `^${o}`), "--not", "--remotes"];
}

/**
 * Commits a pre-receive accepts: new tips not reachable from any ref the server already
 * has (while the hook runs, refs still hold their old values).
 */
export function preReceiveRevs(updates: RefUpdate[], present: ReadonlySet<string>): string[] | undefined {
  const tips = [...new Set(updates.map((u) => u.newOid).filter((o): o is string => o !== undefined && present.has(o)))];
  if (!tips.length) return undefined;
  return [...tips, "--not", "--all"];
}
