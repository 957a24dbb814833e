// Baselines store fingerprints and secret hashes only, sorted: no secrets, no line
// numbers, so they don't churn when code moves or branches merge.
import type { Finding } from "../types.js";
import { jsonErrorDetail } from "../config/parse-errors.js";
import { UsageError } from "../types.js";

export interface BaselineFile {
  version: 1;
  fingerprints: string[];
}

export function buildBaseline(findings: Finding[]): BaselineFile {
  const set = new Set<string>();
  for (const f of findings) {
    set.add(f.fingerprint);
  }
  return { version: 1, fingerprints: [...set].sort() };
}

export function parseBaseline(text: string, label: string): Set<string> {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new UsageError(`${label}: invalid baseline JSON at ${jsonErrorDetail(text)}`);
  }
  const fps = (doc as { fingerprints?: unknown })?.fingerprints;
  if (!Array.isArray(fps) || fps.some((f) => typeof f !== "string")) {
    throw new UsageError(`${label}: not a leakguard baseline (expected {"version":1,"fingerprints":[...]})`);
  }
  return new Set(fps as string[]);
}

/** In a baseline when its fingerprint, or the same secret in the same file at any commit, is listed. */
export function inBaseline(f: Finding, baseline: ReadonlySet<string>): boolean {
  if (baseline.has(f.fingerprint)) return true;
  const at = f.fingerprint.lastIndexOf("@");
  if (at > 0 && baseline.has(f.fingerprint.slice(0, at))) return true;
  return false;
}
