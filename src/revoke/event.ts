// The JSON document a webhook receives and a command reads on stdin.
import type { Finding } from "../types.js";
import type { Target } from "./plan.js";

export interface LeakLocation {
  repository: string | null;
  commit: string | null;
  file: string;
  line: number;
  column: number;
  fingerprint: string;
}

export interface LeakEvent {
  type: "leakguard.leak";
  version: 1;
  ruleId: string;
  description: string;
  severity: string;
  tags: string[];
  confidence: string;
  fingerprint: string;
  /** SHA-256 (hex) of the secret: enough to look a credential up without holding it. */
  secretHash: string;
  location: LeakLocation;
  /** Every place this secret was found in the scan (the first is `location`). */
  occurrences: LeakLocation[];
  /** When leakguard decided to revoke (ISO 8601). */
  detectedAt: string;
  /** When the commit that introduced it was made (history modes). */
  committedAt?: string;
  /** Only with includeSecret = true. */
  secret?: string;
}

function locationOf(f: Finding, repository: string | null): LeakLocation {
  return {
    repository,
    commit: f.commit ?? null,
    file: f.file,
    line: f.startLine,
    column: f.startColumn,
    fingerprint: f.fingerprint,
  };
}

export function buildEvent(t: Target, o: { repository: string | null; detectedAt: Date; includeSecret: boolean }): LeakEvent {
  const f = t.finding;
  const event: LeakEvent = {
    type: "leakguard.leak",
    version: 1,
    ruleId: f.ruleId,
    description: f.description,
    severity: f.severity,
    tags: f.tags,
    confidence: f.confidence,
    fingerprint: f.fingerprint,
    secretHash: t.secretHash,
    location: locationOf(f, o.repository),
    occurrences: t.occurrences.map((x) => locationOf(x, o.repository)),
    detectedAt: o.detectedAt.toISOString(),
  };
  if (f.date) event.committedAt = f.date;
  if (o.includeSecret) event.secret = f.secret;
  return event;
}
