// What a finished scan means: the order findings are reported in and the exit code.
import type { Finding } from "../types.js";

export function sortFindings(list: readonly Finding[]): Finding[] {
  return [...list].sort(
    (a, b) =>
      (a.date && b.date ? a.date.localeCompare(b.date) : 0) ||
      a.file.localeCompare(b.file) ||
      a.startLine - b.startLine ||
      a.startColumn - b.startColumn ||
      a.ruleId.localeCompare(b.ruleId),
  );
}

/** Findings -> `exitCode`; a failed revocation fails the run even with --exit-code 0. */
export function exitCodeFor(findings: number, revokeFailed: number, exitCode: number): number {
  const base = findings ? exitCode : 0;
  return revokeFailed ? Math.max(base, 1) : base;
}
