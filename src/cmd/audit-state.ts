// The --state file of an organisation audit: one JSON line per finished repository
// (its redacted findings, or why it failed), appended as each one ends, so an
// interrupted audit resumes where it stopped. A line cut short by a crash is ignored.
import { appendFileSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { UsageError, type Finding } from "../types.js";

const HEADER = { leakguard: "audit-state", version: 1 };

export type RepoOutcome = { repository: string; status: "done"; findings: Finding[] } | { repository: string; status: "failed"; error: string };

export interface AuditState {
  /** Repositories already audited: their outcome is reused, they are not cloned again. */
  done: Map<string, Finding[]>;
  record(outcome: RepoOutcome): void;
}

/** Opens (or starts) a state file for audits of `target`; no file: nothing is recorded. */
export function openAuditState(file: string | undefined, target: string): AuditState {
  const done = new Map<string, Finding[]>();
  if (!file) return { done, record() {} };
  if (existsSync(file)) {
    const lines = readFileSync(file, "utf8").split("\n");
    let header: { leakguard?: string; target?: string } | undefined;
    try {
      header = JSON.parse(lines[0]) as typeof header;
    } catch {
      header = undefined;
    }
    if (header?.leakguard !== HEADER.leakguard) throw new UsageError(`${file}: not a leakguard audit state file`);
    if (header.target !== target) throw new UsageError(`${file}: state of an audit of '${header.target}', not '${target}'`);
    for (const line of lines.slice(1)) {
      let o: RepoOutcome;
      try {
        o = JSON.parse(line) as RepoOutcome;
      } catch {
        continue; // the last line of an interrupted run
      }
      if (o.status === "done") done.set(o.repository, o.findings);
    }
  } else {
    try {
      writeFileSync(file, JSON.stringify({ ...HEADER, target }) + "\n");
    } catch (err) {
      throw new UsageError(`${file}: cannot write state (${(err as NodeJS.ErrnoException).code ?? err})`);
    }
  }
  return {
    done,
    record(outcome) {
      // One write per line: a crash leaves at most one partial line, skipped on resume.
      appendFileSync(file, JSON.stringify(outcome) + "\n");
    },
  };
}
