// Append-only JSON-lines audit log. It is also the state: a secret a backend has already
// revoked (or accepted) is not sent to it again. It never holds a secret.
import { appendFileSync, mkdirSync, readFileSync } from "node:fs";
import { dirname } from "node:path";
import { stateKey } from "./plan.js";

/** Outcomes a backend can report. */
export type BackendOutcome = "revoked" | "rotated" | "queued" | "failed";

/** After one of these the backend has the secret in hand: sending it again is pointless. */
export const DONE_OUTCOMES: ReadonlySet<string> = new Set(["revoked", "rotated", "queued"]);

export interface AuditEntry {
  time: string;
  fingerprint: string;
  secretHash: string;
  ruleId: string;
  backend: string;
  backendType: string;
  outcome: BackendOutcome;
  detail?: string;
  latency_ms: number;
  /** When revokeFindings was called for this run (the detection -> request clock starts). */
  detected_at: string;
}

export class AuditLog {
  constructor(readonly path: string) {}

  /** "backend\0secretHash" keys already handled; unreadable or partial lines are ignored. */
  readDone(): Set<string> {
    const done = new Set<string>();
    let text: string;
    try {
      text = readFileSync(this.path, "utf8");
    } catch {
      return done;
    }
    for (const line of text.split("\n")) {
      if (!line.trim()) continue;
      let e: Partial<AuditEntry>;
      try {
        e = JSON.parse(line) as Partial<AuditEntry>;
      } catch {
        continue; // a torn write from a killed run: the next run simply retries that secret
      }
      if (typeof e.backend === "string" && typeof e.secretHash === "string" && DONE_OUTCOMES.has(String(e.outcome))) {
        done.add(stateKey(e.backend, e.secretHash));
      }
    }
    return done;
  }

  /** One write per line with O_APPEND, so concurrent runs interleave whole lines. */
  append(entry: AuditEntry): void {
    mkdirSync(dirname(this.path), { recursive: true, mode: 0o700 });
    appendFileSync(this.path, JSON.stringify(entry) + "\n", { mode: 0o600 });
  }
}
