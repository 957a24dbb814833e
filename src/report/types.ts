import type { Finding, ScanStats } from "../types.js";

export type ReportFormat = "text" | "json" | "jsonl" | "sarif" | "csv" | "html";
export const REPORT_FORMATS: readonly ReportFormat[] = ["text", "json", "jsonl", "sarif", "csv", "html"];

export interface ReportInput {
  /** Already redacted unless the user asked for --show-secrets. */
  findings: Finding[];
  stats: ScanStats;
  /** Descriptions and metadata of the rules in force, for SARIF's rule table. */
  rules: ReadonlyArray<{ id: string; description: string; severity?: string; tags?: string[] }>;
  color: boolean;
  toolVersion: string;
  /** Remote and organisation audits: which repositories were audited and which failed. */
  audit?: AuditSummary;
}

/** What an audit of several repositories covered (in JSON reports as `audit`). */
export interface AuditSummary {
  /** Repositories audited to the end, by name. */
  scanned: string[];
  /** Repositories that could not be audited (deleted, empty, no permission), with why. */
  failed: { repository: string; error: string }[];
}
