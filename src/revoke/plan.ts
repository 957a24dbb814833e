// Deciding what to revoke: routing, confidence gates, one action per distinct secret.
// Pure: no I/O, so every rule about what is (not) sent is tested in isolation.
import { sha256Hex } from "../detect/fingerprint.js";
import type { Finding } from "../types.js";
import type { BackendConfig, RevokeConfig, RouteConfig } from "./config.js";

/** One secret bound for one backend, with every place it was found. */
export interface Target {
  backend: string;
  secretHash: string;
  /** The first occurrence (findings arrive sorted); its fingerprint is the idempotency key. */
  finding: Finding;
  occurrences: Finding[];
}

export interface Skip {
  backend: string;
  finding: Finding;
  reason: string;
}

export interface Plan {
  /** Per backend, in finding order. */
  targets: Map<string, Target[]>;
  /** Secrets the audit log says this backend already handled. */
  already: Target[];
  skipped: Skip[];
  /** Distinct secrets no route applies to. */
  unrouted: number;
}

/** GitHub's revocation API takes these token types only. */
export const GITHUB_REVOCABLE_PREFIXES = ["ghp_", "github_pat_", "gho_", "ghu_", "ghr_"];

/**
 * Redactions as reports write them: up to 4 leading characters, then only `*` (see
 * report/redact.ts). Secret hashes are keyed, so the hash cannot tell a redaction from a
 * secret without the scan's key; the shape can.
 */
const REDACTION = /^[^*]{0,4}\*{4,20}$|^[^*]{1,4}\*{1,16}$/;

/** A report made without --show-secrets holds a redaction, not the secret. */
export function hasClearSecret(f: Finding): boolean {
  if (typeof f.secret !== "string" || f.secret.length === 0) return false;
  // A report from before keyed hashes: its unkeyed hash still tells.
  if (sha256Hex(f.secret) === f.secretHash) return true;
  return !REDACTION.test(f.secret);
}

/** The audit log's key for a secret an older version (unkeyed hashes) handled: still honoured. */
function legacyStateKey(backend: string, f: Finding): string | undefined {
  return hasClearSecret(f) ? stateKey(backend, sha256Hex(f.secret)) : undefined;
}

export function isGeneric(f: Finding): boolean {
  return f.confidence === "low" || f.tags.includes("generic");
}

export function needsSecret(b: BackendConfig): boolean {
  return b.type === "github" || b.type === "provider" || (b.type !== "notify" && b.includeSecret);
}

function routeMatches(r: RouteConfig, f: Finding): boolean {
  if (r.verification && !r.verification.includes(f.verification?.status ?? "not-verifiable")) return false;
  return r.rules.includes(f.ruleId) || r.tags.some((t) => f.tags.includes(t));
}

export const REDACTED_REASON = "secret redacted in the report (needs a --show-secrets report, or a backend that only needs the hash)";

/** Why this finding may not go to this backend through this route, or null when it may. */
export function gate(f: Finding, route: RouteConfig, backend: BackendConfig, selfRevocable: ReadonlySet<string> = new Set()): string | null {
  if (isGeneric(f) && !(route.allowGeneric && route.rules.includes(f.ruleId))) {
    return `generic finding (opt in with allowGeneric = true on a route listing rule '${f.ruleId}')`;
  }
  if (f.checksum === "invalid") return "token checksum invalid (not a real token)";
  if (needsSecret(backend) && !hasClearSecret(f)) return REDACTED_REASON;
  if (backend.type === "github" && !GITHUB_REVOCABLE_PREFIXES.some((p) => f.secret.startsWith(p))) {
    return "not a token type GitHub's revocation API accepts";
  }
  if (backend.type === "provider" && !selfRevocable.has(f.ruleId)) return `rule '${f.ruleId}' has no provider revocation`;
  return null;
}

/**
 * Routes findings to backends. A secret goes at most once to each backend however often
 * it occurs; `done` holds "backend\0secretHash" keys the audit log marks as handled.
 */
export function planRevocations(findings: Finding[], cfg: RevokeConfig, done: ReadonlySet<string>, selfRevocable: ReadonlySet<string> = new Set()): Plan {
  const chosen = new Map<string, Target>();
  const skips = new Map<string, Skip>();
  const routed = new Set<string>();
  const all = new Set<string>();
  for (const f of findings) {
    all.add(f.secretHash);
    for (const route of cfg.route) {
      if (!routeMatches(route, f)) continue;
      routed.add(f.secretHash);
      const backend = cfg.backends[route.backend];
      const key = stateKey(route.backend, f.secretHash);
      const existing = chosen.get(key);
      if (existing) {
        if (!existing.occurrences.includes(f)) existing.occurrences.push(f);
        continue;
      }
      const reason = gate(f, route, backend, selfRevocable);
      if (reason) {
        if (!skips.has(key)) skips.set(key, { backend: route.backend, finding: f, reason });
        continue;
      }
      chosen.set(key, { backend: route.backend, secretHash: f.secretHash, finding: f, occurrences: [f] });
    }
  }
  const plan: Plan = { targets: new Map(), already: [], skipped: [], unrouted: all.size - routed.size };
  for (const [key, skip] of skips) if (!chosen.has(key)) plan.skipped.push(skip);
  for (const [key, t] of chosen) {
    const legacy = done.size ? legacyStateKey(t.backend, t.finding) : undefined;
    if (done.has(key) || (legacy !== undefined && done.has(legacy))) {
      plan.already.push(t);
      continue;
    }
    const list = plan.targets.get(t.backend) ?? [];
    list.push(t);
    plan.targets.set(t.backend, list);
  }
  return plan;
}

export function stateKey(backend: string, secretHash: string): string {
  return `${backend}\0${secretHash}`;
}
