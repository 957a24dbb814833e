import type { ReportInput } from "./types.js";

/** The finding contract: `{ "version": 1, "findings": [...] }`. */
export function renderJson(input: ReportInput): string {
  return JSON.stringify({ version: 1, findings: input.findings }, null, 2) + "\n";
}

/** One finding per line (same objects as in the JSON report), for streaming tools. */
export function renderJsonl(input: ReportInput): string {
  return input.findings.map((f) => JSON.stringify(f) + "\n").join("");
}
