// Shared body of `leakguard push` (pre-push) and `leakguard pre-receive`: read the ref
// updates from stdin, scan only the commits the other side does not have yet with the
// history scanner, and block with the same message as the commit guard.
import { openScan } from "../cmd/pipeline.js";
import type { OutputOptions } from "../cmd/pipeline.js";
import { UsageError, type Confidence } from "../types.js";
import { IGNORE_FILE_NAME } from "../filter/ignore-file.js";
import { gitRaw, readObjectsByName } from "./git.js";
import { finishGuard } from "./finish.js";
import { commitsPresent, type RefUpdate } from "./refs.js";

/** Above this many commits a worker pool pays for its start-up. */
const INLINE_COMMIT_LIMIT = 50;

export interface HistoryGuardOptions {
  kind: "push" | "receive";
  cwd: string;
  updates: RefUpdate[];
  revsFor: (updates: RefUpdate[], present: ReadonlySet<string>) => string[] | undefined;
  out: OutputOptions;
  configFile?: string;
  baselineFile?: string;
  threads?: number;
  minConfidence?: Confidence;
}

/**
 * Config and ignore file as committed on HEAD (the checked-out branch locally, the default
 * branch on a server): what is being pushed cannot switch off its own check.
 */
export function readHeadConfig(cwd: string): { configText: string | null; configLabel: string; ignoreText: string | null } {
  const [config, ignore] = readObjectsByName([`HEAD:.leakguard.toml`, `HEAD:${IGNORE_FILE_NAME}`], { cwd });
  return {
    configText: config ? config.toString("utf8") : null,
    configLabel: "HEAD:.leakguard.toml",
    ignoreText: ignore ? ignore.toString("utf8") : null,
  };
}

function commitCount(revs: string[], cwd: string): number {
  const r = gitRaw(["rev-list", "--count", ...revs, "--"], { cwd });
  if (r.code !== 0) throw new UsageError(`git rev-list failed: ${r.stderr.split("\n")[0]}`);
  return Number(r.stdout.toString("utf8").trim()) || 0;
}

export async function runHistoryGuard(o: HistoryGuardOptions): Promise<number> {
  const oids = o.updates.flatMap((u) => [u.newOid, u.oldOid]).filter((x): x is string => x !== undefined);
  const present = commitsPresent([...new Set(oids)], o.cwd);
  for (const u of o.updates) {
    // Pre-receive: git has the pushed objects (in quarantine); a missing one means the
    // environment did not reach us.
    if (o.kind === "receive" && u.newOid && !present.has(u.newOid) && !objectExists(u.newOid, o.cwd)) {
      throw new UsageError(`${u.ref}: object ${u.newOid} not found (is the hook environment passed through?)`);
    }
  }
  const revs = o.revsFor(o.updates, present);
  if (!revs) {
    process.stderr.write(`leakguard: nothing to scan (${o.updates.length ? "only deletions" : "no refs on stdin"})\n`);
    return 0;
  }
  const count = commitCount(revs, o.cwd);
  if (count === 0) {
    process.stderr.write("leakguard: nothing to scan (no new commits)\n");
    return 0;
  }
  const cfg = o.configFile ? {} : readHeadConfig(o.cwd);
  const session = await openScan({
    root: o.cwd,
    configFile: o.configFile,
    ...cfg,
    baselineFile: o.baselineFile,
    threads: o.threads ?? (count > INLINE_COMMIT_LIMIT ? undefined : 1),
    minConfidence: o.minConfidence,
  });
  const { scanHistory } = await import("../sources/git-history.js");
  await scanHistory(session, { repo: o.cwd, revs });
  return finishGuard(session, { ...o.out, unit: "blobs" }, o.kind);
}

function objectExists(oid: string, cwd: string): boolean {
  return gitRaw(["cat-file", "-e", oid], { cwd }).code === 0;
}

/** Standard input as text; a terminal means the hook protocol is not being followed. */
export async function readRefLines(command: string): Promise<string> {
  if (process.stdin.isTTY) throw new UsageError(`${command}: expects the ref lines git passes to the hook on standard input`);
  const { readStdin } = await import("../sources/stdin.js");
  return (await readStdin()).toString("utf8");
}
