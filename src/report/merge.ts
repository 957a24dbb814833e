// Audits of several repositories as one report: findings from each repository (or from
// each shard's JSON report) merged without duplicates, what was covered and what failed,
// written in any report format.
import { z } from "zod";
import { exitCodeFor, sortFindings } from "../engine/result.js";
import { parseReport } from "../revoke/report-file.js";
import { emptyStats, type Finding, type ScanStats } from "../types.js";
import { VERSION } from "../version.js";
import { defaultColor } from "./color.js";
import { writeParts, type OutputOptions } from "./deliver.js";
import type { AuditSummary } from "./types.js";

export interface AuditResult {
  /** Already redacted unless --show-secrets (they were when their repository finished). */
  findings: Finding[];
  audit: AuditSummary;
}

const auditSchema = z.object({
  scanned: z.array(z.string()),
  failed: z.array(z.object({ repository: z.string(), error: z.string() })),
});

/** A `--format json` report (a shard's, or any scan's); its `audit` block when it has one. */
export function parseAuditReport(text: string, label: string): AuditResult {
  const findings = parseReport(text, label);
  const audit = auditSchema.safeParse((JSON.parse(text) as { audit?: unknown }).audit);
  const repos = [...new Set(findings.map((f) => f.repository).filter((r): r is string => !!r))];
  return { findings, audit: audit.success ? audit.data : { scanned: repos, failed: [] } };
}

/** A finding's identity across reports (the fingerprint alone is shared by one secret on two lines). */
const key = (f: Finding) => `${f.repository ?? ""}\0${f.fingerprint}\0${f.startLine}:${f.startColumn}`;

/**
 * One result from many: a finding reported twice (the same repository and fingerprint)
 * is kept once; a repository scanned anywhere is no longer failed; order is by
 * repository, then the usual finding order.
 */
export function mergeAudits(parts: readonly AuditResult[]): AuditResult {
  const seen = new Map<string, Finding>();
  for (const p of parts) for (const f of p.findings) if (!seen.has(key(f))) seen.set(key(f), f);
  const byRepo = new Map<string, Finding[]>();
  for (const f of seen.values()) byRepo.set(f.repository ?? "", [...(byRepo.get(f.repository ?? "") ?? []), f]);
  const findings = [...byRepo.keys()].sort().flatMap((r) => sortFindings(byRepo.get(r)!));
  const scanned = [...new Set(parts.flatMap((p) => p.audit.scanned))].sort();
  const done = new Set(scanned);
  const failed = new Map<string, string>();
  for (const p of parts) for (const x of p.audit.failed) if (!done.has(x.repository)) failed.set(x.repository, x.error);
  return {
    findings,
    audit: { scanned, failed: [...failed].sort(([a], [b]) => (a < b ? -1 : 1)).map(([repository, error]) => ({ repository, error })) },
  };
}

/** The rule table SARIF wants, from the findings themselves (a merge has no rule files). */
export function rulesOf(findings: readonly Finding[]): { id: string; description: string; severity?: string; tags?: string[] }[] {
  const rules = new Map<string, { id: string; description: string; severity?: string; tags?: string[] }>();
  for (const f of findings) if (!rules.has(f.ruleId)) rules.set(f.ruleId, { id: f.ruleId, description: f.description, severity: f.severity, tags: f.tags });
  return [...rules.values()];
}

/** `leakguard: audited 200 repositories (3 failed: a/b, c/d, e/f); 12 findings in 7 repositories`. */
export function auditSummaryLine(r: AuditResult, extra: string[] = []): string {
  const total = r.audit.scanned.length + r.audit.failed.length;
  const failedNames = r.audit.failed.map((f) => f.repository);
  const failed = failedNames.length ? ` (${failedNames.length} failed: ${failedNames.slice(0, 5).join(", ")}${failedNames.length > 5 ? ", ..." : ""})` : "";
  const withFindings = new Set(r.findings.map((f) => f.repository)).size;
  const findings = `${r.findings.length} finding${r.findings.length === 1 ? "" : "s"}` + (r.findings.length ? ` in ${withFindings} repositor${withFindings === 1 ? "y" : "ies"}` : "");
  return ["leakguard: audited " + `${total} repositor${total === 1 ? "y" : "ies"}${failed}`, ...extra, findings].join("; ");
}

/** Writes the merged report and the summary line; returns the exit code (findings, as for any scan). */
export async function deliverAudit(r: AuditResult, out: OutputOptions, extraSummary: string[] = []): Promise<number> {
  const { reportParts } = await import("./index.js");
  const color = out.output ? false : (out.color ?? defaultColor(process.stdout));
  await writeParts(reportParts(out.format, { findings: r.findings, stats: statsOf(r), rules: rulesOf(r.findings), color, toolVersion: VERSION, audit: r.audit }), out.output);
  process.stderr.write(auditSummaryLine(r, extraSummary) + "\n");
  return exitCodeFor(r.findings.length, 0, out.exitCode);
}

function statsOf(r: AuditResult): ScanStats {
  return { ...emptyStats(), findings: r.findings.length };
}
