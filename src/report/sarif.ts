// SARIF 2.1.0 for GitHub code scanning: rules in tool.driver.rules, stable
// partialFingerprints so alerts survive line moves, secrets redacted in snippets.
import type { Finding, Severity } from "../types.js";
import { indent } from "./json.js";
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

export function* sarifParts(input: ReportInput): Generator<string> {
  const seen = new Set<string>();
  for (const f of input.findings) seen.add(f.ruleId);
  const used = [...seen].sort();
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
  const result = (f: Finding) => ({
    ruleId: f.ruleId,
    ruleIndex: index.get(f.ruleId) ?? 0,
    // Verified: only a live key is an error; unverified findings keep the rule's level.
    level: f.verification ? (f.verification.status === "live" ? "error" : "warning") : (LEVEL[f.severity] ?? "error"),
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
      // Organisation audits: the same path and secret in two repositories are two alerts.
      ...(f.repository ? { repository: f.repository } : {}),
    },
    properties: {
      fingerprint: f.fingerprint,
      ...(f.repository ? { repository: f.repository } : {}),
      entropy: f.entropy,
      confidence: f.confidence,
      ...(f.context ? { fileRole: f.context.fileRole, lineRole: f.context.lineRole } : {}),
      ...(f.expired ? { expired: true } : {}),
      ...(f.decodedFrom ? { decodedFrom: f.decodedFrom } : {}),
      ...(f.verification ? { verification: f.verification } : {}),
      ...(f.commit ? { commit: f.commit, author: f.author, email: f.email, date: f.date, commitMessage: f.message } : {}),
    },
  });
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
        results: RESULTS,
        columnKind: "unicodeCodePoints",
      },
    ],
  };
  // The results array is streamed in place of its marker, one result at a time.
  const [head, tail] = (JSON.stringify(log, null, 2) + "\n").split(JSON.stringify(RESULTS));
  yield head;
  let i = 0;
  if (!input.findings.length) yield "[]";
  else {
    yield "[\n";
    for (const f of input.findings) yield indent(JSON.stringify(result(f), null, 2), "        ") + (++i < input.findings.length ? ",\n" : "\n");
    yield "      ]";
  }
  yield tail;
}

const RESULTS = "\u0000leakguard-results\u0000";
