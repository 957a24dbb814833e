// Hand-built findings for module-level revocation tests (secrets come from test/helpers/secrets.ts).
import { createHash } from "node:crypto";
import type { Finding } from "../../src/types.js";

export function sha256(s: string): string {
  return createHash("sha256").update(s, "utf8").digest("hex");
}

export function makeFinding(secret: string, over: Partial<Finding> = {}): Finding {
  const ruleId = over.ruleId ?? "github-pat";
  const file = over.file ?? "src/config.js";
  const secretHash = sha256(secret);
  return {
    ruleId,
    description: "test finding",
    file,
    location: "file",
    startLine: 3,
    endLine: 3,
    startColumn: 7,
    endColumn: 7 + secret.length,
    secret,
    match: secret,
    entropy: 4.5,
    fingerprint: `${file}:${ruleId}:${secretHash.slice(0, 16)}`,
    severity: "critical",
    tags: ["vcs", "github"],
    confidence: "high",
    secretHash,
    ...over,
  };
}
