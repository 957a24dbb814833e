// What a finished scan means: the order findings are reported in and the exit code.
import type { Finding } from "../types.js";

/**
 * Where a finding sits: commit date, file, then commit id, so one file's findings in one
 * commit stay together (the text report streams by them) and commits of the same second
 * still come in file order rather than by their random ids.
 */
export function comparePlaces(a: Pick<Finding, "date" | "commit" | "file">, b: Pick<Finding, "date" | "commit" | "file">): number {
  return (a.date && b.date ? a.date.localeCompare(b.date) : 0) || a.file.localeCompare(b.file) || (a.commit ?? "").localeCompare(b.commit ?? "");
}

/** The report order: place, line, column, rule. */
export function compareFindings(a: Finding, b: Finding): number {
  return comparePlaces(a, b) || a.startLine - b.startLine || a.startColumn - b.startColumn || a.ruleId.localeCompare(b.ruleId);
}

export function sortFindings(list: readonly Finding[]): Finding[] {
  return [...list].sort(compareFindings);
}

/** Findings -> `exitCode`; a failed revocation fails the run even with --exit-code 0. */
export function exitCodeFor(findings: number, revokeFailed: number, exitCode: number): number {
  const base = findings ? exitCode : 0;
  return revokeFailed ? Math.max(base, 1) : base;
}
