import type { ReportInput } from "./types.js";

/** The finding contract: `{ "version": 1, "findings": [...] }`. */
export function renderJson(input: ReportInput): string {
  return JSON.stringify({ version: 1, findings: input.findings }, null, 2) + "\n";
}
