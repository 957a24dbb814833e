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
}
