// .gitleaksignore, as gitleaks documents it: one finding fingerprint per line,
// `file:rule-id:start-line` from a directory scan or `commit:file:rule-id:start-line`
// from a git scan (`#` comments). An entry silences the finding at that file and line (in
// that commit, when it names one). The rule id is not compared: gitleaks' rule ids are
// not leakguard's, and the entry records a reviewed secret on that line either way.
import type { Finding } from "../types.js";

export const GITLEAKS_IGNORE_NAME = ".gitleaksignore";

export interface GitleaksIgnoreEntry {
  commit?: string;
  file: string;
  line: number;
}

export function parseGitleaksIgnore(text: string): GitleaksIgnoreEntry[] {
  const out: GitleaksIgnoreEntry[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const entry = raw.trim();
    if (!entry || entry.startsWith("#")) continue;
    // From the right: file names may hold colons, line numbers and rule ids do not.
    const parts = entry.split(":");
    if (parts.length < 3) continue;
    const line = Number(parts.pop());
    parts.pop(); // rule id
    if (!Number.isInteger(line) || line < 1) continue;
    const commit = /^[0-9a-f]{40}$/i.test(parts[0] ?? "") && parts.length > 1 ? parts.shift()!.toLowerCase() : undefined;
    out.push({ commit, file: parts.join(":"), line });
  }
  return out;
}

export function gitleaksIgnored(f: Pick<Finding, "file" | "startLine" | "commit">, entries: readonly GitleaksIgnoreEntry[]): boolean {
  return entries.some((e) => e.file === f.file && e.line === f.startLine && (!e.commit || e.commit === f.commit?.toLowerCase()));
}
