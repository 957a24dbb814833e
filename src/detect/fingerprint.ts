import { createHash, createHmac } from "node:crypto";
import type { Candidate, CommitMeta, Finding, FindingLocation } from "../types.js";

/**
 * Unkeyed SHA-256: only to recognise fingerprints and hashes written by versions before
 * keyed hashes (legacy baselines, ignore files, audit logs). Never put into output.
 */
export function sha256Hex(s: string): string {
  return createHash("sha256").update(s, "utf8").digest("hex");
}

/** The hash every finding carries: HMAC-SHA-256 of the secret under the repository's key. */
export type SecretHasher = (secret: string) => string;

export function keyedHasher(key: string | Buffer): SecretHasher {
  return (secret) => createHmac("sha256", key).update(secret, "utf8").digest("hex");
}

/** `file:ruleId:<16 hex of the secret's keyed hash>`, plus `@commit` in history modes. */
export function fingerprintOf(file: string, ruleId: string, secretHash: string, commit?: string): string {
  const base = `${file}:${ruleId}:${secretHash.slice(0, 16)}`;
  return commit ? `${base}@${commit}` : base;
}

/** The fingerprint an older version (unkeyed SHA-256) gave this finding: for migration only. */
export function legacyFingerprint(f: Pick<Finding, "file" | "ruleId" | "secret" | "commit">): string {
  return fingerprintOf(f.file, f.ruleId, sha256Hex(f.secret), f.commit);
}

/** Attaches location, origin and identity to a detector candidate. */
export function toFinding(c: Candidate, file: string, hash: SecretHasher, commit?: CommitMeta, location: FindingLocation = "file"): Finding {
  const secretHash = hash(c.secret);
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
