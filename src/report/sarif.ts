// SARIF 2.1.0 for GitHub code scanning: rules in tool.driver.rules, stable
// partialFingerprints so alerts survive line moves, secrets redacted in snippets.
import type { Finding, Severity } from "../types.js";
import type { ReportInput } from "./types.js";

const LEVEL: Record<Severity, "error" | "warning" | "note"> = {
  critical: "error",
  high: "error",
  medium: "warning",
  low: "note",
  info: "note",
};

/** GitHub orders code-scanning alerts by this 0-10 score. */
const SECURITY_SEVERITY: Record<Severity, string> = {
  critical: "9.5",
  high: "8.0",
  medium: "5.5",
  low: "3.0",
  info: "1.0",
};

function sev(s: string | undefined): Severity {
  return s === "critical" || s === "high" || s === "medium" || s === "low" || s === "info" ? s : "high";
}

export function renderSarif(input: ReportInput): string {
  const used = [...new Set(input.findings.map((f) => f.ruleId))].sort();
  const meta = new Map(input.rules.map((r) => [r.id, r]));
  const rules = used.map((id) => {
    const r = meta.get(id);
    const severity = sev(r?.severity);
    return {
      id,
      name: id.replace(/(^|-)(\w)/g, (_m, _d, c: string) => c.toUpperCase()),
      shortDescription: { text: r?.description ?? id },
      fullDescription: { text: r?.description ?? id },
      help: {
        text: "Remove the secret from the code and rotate it if it was ever pushed. Mark false positives with a leakguard:allow comment or list the fingerprint in .leakguardignore.",
      },
      defaultConfiguration: { level: LEVEL[severity] },
      properties: { tags: ["security", "secret", ...(r?.tags ?? [])], "security-severity": SECURITY_SEVERITY[severity], precision: "high" },
    };
  });
  const index = new Map(used.map((id, i) => [id, i]));
  const results = input.findings.map((f: Finding) => ({
    ruleId: f.ruleId,
    ruleIndex: index.get(f.ruleId) ?? 0,
    level: LEVEL[f.severity] ?? "error",
    message: {
      text: `${f.description}: ${f.secret}${f.commit ? ` (commit ${f.commit.slice(0, 12)})` : ""}`,
    },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: encodeURI(f.file), uriBaseId: "%SRCROOT%" },
          region: {
            startLine: f.startLine,
            startColumn: f.startColumn,
            endLine: f.endLine,
            endColumn: Math.max(f.endColumn, 1),
            snippet: { text: f.match },
          },
        },
      },
    ],
    partialFingerprints: {
      "leakguardFingerprint/v1": f.fingerprint,
      ...(f.commit ? { commitSha: f.commit } : {}),
    },
    properties: {
      fingerprint: f.fingerprint,
      entropy: f.entropy,
      confidence: f.confidence,
      ...(f.context ? { fileRole: f.context.fileRole, lineRole: f.context.lineRole } : {}),
      ...(f.expired ? { expired: true } : {}),
      ...(f.decodedFrom ? { decodedFrom: f.decodedFrom } : {}),
      ...(f.commit ? { commit: f.commit, author: f.author, email: f.email, date: f.date, commitMessage: f.message } : {}),
    },
  }));
  const log = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "leakguard",
            version: input.toolVersion,
            semanticVersion: input.toolVersion,
            informationUri: "https://www.npmjs.com/package/leakguard",
            rules,
          },
        },
        originalUriBaseIds: { "%SRCROOT%": { uri: "file:///" } },
        results,
        columnKind: "unicodeCodePoints",
      },
    ],
  };
  return JSON.stringify(log, null, 2) + "\n";
}
