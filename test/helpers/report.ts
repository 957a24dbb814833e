// The JSON report as tests read it.
import type { Finding } from "../../src/types.js";

export type JsonFinding = Finding;

/** Findings of a `--format json` report. */
export function jsonFindings(stdout: string): JsonFinding[] {
  return (JSON.parse(stdout) as { findings: JsonFinding[] }).findings;
}
