// One workflow annotation per finding, on its file and lines. Findings arrive redacted.
import * as core from "@actions/core";
import type { Finding } from "../types.js";

export interface Annotation {
  level: "error" | "warning";
  message: string;
  properties: core.AnnotationProperties;
}

/** High and critical findings fail the check visibly; the rest are warnings. */
export function annotationFor(f: Finding, pathPrefix = ""): Annotation {
  const v = f.verification;
  // Verified: a live key is an error whatever its rule's severity, a dead one a warning.
  const level = v ? (v.status === "live" ? "error" : "warning") : f.severity === "critical" || f.severity === "high" ? "error" : "warning";
  const where = (f.commit ? ` in commit ${f.commit.slice(0, 12)}` : "") + (v ? ` [${v.status}${v.reason ? `: ${v.reason}` : ""}]` : "");
  return {
    level,
    message: `${f.description}: ${f.secret} (rule ${f.ruleId})${where}. Remove it and rotate the credential; fingerprint ${f.fingerprint}`,
    properties: {
      title: `leakguard: ${f.ruleId}`,
      file: pathPrefix + f.file,
      startLine: f.startLine,
      endLine: f.endLine,
      // Columns are only meaningful (and only accepted) on single-line annotations.
      ...(f.startLine === f.endLine ? { startColumn: f.startColumn, endColumn: Math.max(f.endColumn, f.startColumn) } : {}),
    },
  };
}

export function emitAnnotations(findings: Finding[], pathPrefix = ""): void {
  for (const f of findings) {
    const a = annotationFor(f, pathPrefix);
    if (a.level === "error") core.error(a.message, a.properties);
    else core.warning(a.message, a.properties);
  }
}
