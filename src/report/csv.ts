import type { Finding } from "../types.js";
import type { ReportInput } from "./types.js";

const COLUMNS: Array<keyof Finding> = [
  "ruleId", "description", "file", "startLine", "endLine", "startColumn", "endColumn", "secret", "match",
  "entropy", "fingerprint", "severity", "commit", "author", "email", "date",
];

/** RFC 4180 quoting; cells that spreadsheets would run as formulas get a leading quote. */
export function csvCell(v: unknown): string {
  let s = v === undefined || v === null ? "" : Array.isArray(v) ? v.join(";") : String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = "'" + s;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function* csvParts(input: ReportInput): Generator<string> {
  yield COLUMNS.join(",") + "\n";
  for (const f of input.findings) yield COLUMNS.map((c) => csvCell(f[c])).join(",") + "\n";
}
