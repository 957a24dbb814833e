// Baselines store fingerprints and secret hashes only, sorted: no secrets, no line
// numbers, so they don't churn when code moves or branches merge.
import type { Finding } from "../types.js";
import { jsonErrorDetail } from "../parse-errors.js";
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

/**
 * Reads a baseline: leakguard's own file, a previous leakguard JSON report
 * (`{"version":1,"findings":[...]}`: their fingerprints), or a gitleaks JSON report (an
 * array of findings with `File`, `StartLine`, `Commit`, `Secret`, as gitleaks' README
 * documents it). gitleaks findings become location keys (file and line, in that commit
 * when given) and, when the report is not redacted, secret keys, so a secret that only
 * moved is still known.
 */
export function parseBaseline(text: string, label: string): Set<string> {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new UsageError(`${label}: invalid baseline JSON at ${jsonErrorDetail(text)}`);
  }
  if (Array.isArray(doc)) return gitleaksKeys(doc, label);
  const fps = (doc as { fingerprints?: unknown })?.fingerprints;
  const findings = (doc as { findings?: unknown })?.findings;
  if (fps === undefined && Array.isArray(findings)) {
    const fromReport = findings.map((f) => (f as { fingerprint?: unknown })?.fingerprint);
    if (fromReport.every((f) => typeof f === "string")) return new Set(fromReport as string[]);
  }
  if (!Array.isArray(fps) || fps.some((f) => typeof f !== "string")) {
    throw new UsageError(
      `${label}: not a baseline (expected a leakguard baseline {"version":1,"fingerprints":[...]}, a leakguard JSON report, or a gitleaks JSON report)`,
    );
  }
  return new Set(fps as string[]);
}

const LOC = "\0loc:";
const SECRET = "\0secret:";

function locationKey(file: string, line: number, commit?: string): string {
  return `${LOC}${commit ? commit.toLowerCase() + ":" : ""}${file}:${line}`;
}

function gitleaksKeys(items: unknown[], label: string): Set<string> {
  const keys = new Set<string>();
  for (const item of items) {
    const g = item as { File?: unknown; StartLine?: unknown; Commit?: unknown; Secret?: unknown };
    if (typeof g?.File !== "string" || typeof g.StartLine !== "number") {
      throw new UsageError(`${label}: not a gitleaks JSON report (each finding needs File and StartLine)`);
    }
    keys.add(locationKey(g.File, g.StartLine, typeof g.Commit === "string" && g.Commit ? g.Commit : undefined));
    if (typeof g.Secret === "string" && g.Secret && !/^REDACTED$/.test(g.Secret)) keys.add(SECRET + g.Secret);
  }
  return keys;
}

/** In a baseline when its fingerprint, or the same secret in the same file at any commit, is listed. */
export function inBaseline(f: Finding, baseline: ReadonlySet<string>): boolean {
  if (baseline.has(f.fingerprint)) return true;
  const at = f.fingerprint.lastIndexOf("@");
  if (at > 0 && baseline.has(f.fingerprint.slice(0, at))) return true;
  // Keys from a gitleaks report (see parseBaseline).
  if (baseline.has(locationKey(f.file, f.startLine)) || (f.commit && baseline.has(locationKey(f.file, f.startLine, f.commit)))) return true;
  return baseline.has(SECRET + f.secret);
}
