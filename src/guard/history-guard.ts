// Shared body of `leakguard push` (pre-push) and `leakguard pre-receive`: read the ref
// updates from stdin, scan only the commits the other side does not have yet with the
// history scanner, and block with the same message as the commit guard.
import { ScanSession, type SessionOptions } from "../engine/session.js";
import { configAt } from "../git/config-at.js";
import { gitSync } from "../git/process.js";
import { deliver, warn, type OutputOptions } from "../report/deliver.js";
import { historySource } from "../sources/history.js";
import { UsageError, type Confidence } from "../types.js";
import { displayText, renderBlocked } from "./message.js";
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

function commitCount(revs: string[], cwd: string): number {
  const r = gitSync(["rev-list", "--count", ...revs, "--"], { cwd });
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
  // The config as committed on HEAD (the checked-out branch locally, the default branch
  // on a server), with everything it extends: what is pushed cannot switch off its check.
  const trusted = o.configFile ? undefined : configAt(o.cwd, "HEAD");
  const opts: SessionOptions = {
    root: o.cwd,
    configFile: o.configFile,
    config: trusted?.files,
    ignoreText: trusted ? trusted.ignoreText : undefined,
    baselineFile: o.baselineFile,
    threads: o.threads ?? (count > INLINE_COMMIT_LIMIT ? undefined : 1),
    warn: (m) => warn(displayText(m)),
    minConfidence: o.minConfidence,
  };
  const session = await openTrusted(o.kind, opts);
  try {
    await session.scan(historySource({ repo: o.cwd, revs }));
  } catch (err) {
    await session.abort();
    throw err;
  }
  return deliver(await session.finish(), o.out, (shown, color) => renderBlocked(o.kind, shown, color));
}

/**
 * On a server a broken committed config must not lock the repository (every push,
 * including the one that fixes it, would be refused): the built-in rules check it.
 */
async function openTrusted(kind: HistoryGuardOptions["kind"], opts: SessionOptions): Promise<ScanSession> {
  try {
    return await ScanSession.open(opts);
  } catch (err) {
    if (kind !== "receive" || !(err instanceof UsageError) || !opts.config) throw err;
    opts.warn(`${err.message}; checking with the built-in rules`);
    return ScanSession.open({ ...opts, config: { text: null, label: opts.config.label, read: opts.config.read } });
  }
}

function objectExists(oid: string, cwd: string): boolean {
  return gitSync(["cat-file", "-e", oid], { cwd }).code === 0;
}

/** Standard input as text; a terminal means the hook protocol is not being followed. */
export async function readRefLines(command: string): Promise<string> {
  if (process.stdin.isTTY) throw new UsageError(`${command}: expects the ref lines git passes to the hook on standard input`);
  const { readStdin } = await import("../sources/stdin.js");
  return (await readStdin()).toString("utf8");
}
