// The job summary: what was scanned and a table of findings (redacted).
import * as core from "@actions/core";
import type { Finding } from "../types.js";

/** File names, rule ids and commit data come from the scanned repository: escape them. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"'`|]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A finding's verification in a cell: the status, and why when it is unknown. */
export function verificationCell(f: Finding): string {
  const v = f.verification;
  if (!v) return "";
  const text = v.status === "live" ? "<strong>live</strong>" : escapeHtml(v.status);
  return v.reason ? `${text} (${escapeHtml(v.reason)})` : text;
}

/** `2 live, 1 invalid`: the statuses of a verified run, live first. */
export function verificationCounts(findings: Finding[]): string {
  const order = ["live", "unknown", "invalid", "not-verifiable"] as const;
  const n = (s: string) => findings.filter((f) => f.verification?.status === s).length;
  return order
    .filter((s) => n(s))
    .map((s) => `${n(s)} ${s}`)
    .join(", ");
}

export function summaryRows(findings: Finding[], pathPrefix = ""): string[][] {
  const verified = findings.some((f) => f.verification);
  return findings.map((f) => [
    `<code>${escapeHtml(f.ruleId)}</code>`,
    `<code>${escapeHtml(`${pathPrefix}${f.file}:${f.startLine}`)}</code>`,
    f.commit ? `<code>${escapeHtml(f.commit.slice(0, 12))}</code>` : "",
    `<code>${escapeHtml(f.secret)}</code>`,
    ...(verified ? [verificationCell(f)] : []),
  ]);
}

export interface SummaryInput {
  findings: Finding[];
  scanned: string;
  pathPrefix?: string;
  notes?: string[];
}

export async function writeJobSummary(s: SummaryInput): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) return;
  const n = s.findings.length;
  core.summary.addHeading("leakguard", 2);
  core.summary.addRaw(`<p>${escapeHtml(s.scanned)}</p>`, true);
  if (n === 0) {
    core.summary.addRaw(`<p>No secrets found.</p>`, true);
  } else {
    core.summary.addRaw(`<p><strong>${n} secret${n === 1 ? "" : "s"} found.</strong> Remove ${n === 1 ? "it and rotate the credential" : "them and rotate the credentials"}: a pushed secret stays in history.</p>`, true);
    const verified = s.findings.some((f) => f.verification);
    if (verified) core.summary.addRaw(`<p>Checked with the providers: ${verificationCounts(s.findings)}.</p>`, true);
    core.summary.addTable([
      [
        { data: "Rule", header: true },
        { data: "File:line", header: true },
        { data: "Commit", header: true },
        { data: "Secret (redacted)", header: true },
        ...(verified ? [{ data: "Verification", header: true }] : []),
      ],
      ...summaryRows(s.findings, s.pathPrefix),
    ]);
  }
  for (const note of s.notes ?? []) core.summary.addRaw(`<p>${escapeHtml(note)}</p>`, true);
  await core.summary.write();
}
