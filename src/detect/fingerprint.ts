import { createHash } from "node:crypto";
import type { Candidate, CommitMeta, Finding, FindingLocation } from "../types.js";

export function sha256Hex(s: string): string {
  return createHash("sha256").update(s, "utf8").digest("hex");
}

/** `file:ruleId:<16 hex of SHA-256(secret)>`, plus `@commit` in history modes. */
export function fingerprintOf(file: string, ruleId: string, secretHash: string, commit?: string): string {
  const base = `${file}:${ruleId}:${secretHash.slice(0, 16)}`;
  return commit ? `${base}@${commit}` : base;
}

/** Attaches location, origin and identity to a detector candidate. */
export function toFinding(c: Candidate, file: string, commit?: CommitMeta, location: FindingLocation = "file"): Finding {
  const secretHash = sha256Hex(c.secret);
  const { lineText, ...rest } = c;
  void lineText;
  return {
    ...rest,
    file,
    location,
    fingerprint: fingerprintOf(file, c.ruleId, secretHash, commit?.commit),
    secretHash,
    ...(commit
      ? { commit: commit.commit, author: commit.author, email: commit.email, date: commit.date, message: commit.message }
      : {}),
  };
}
