// What `leakguard rules` prints about the rules in force: one entry per rule and counts
// by confidence and tag. Pure functions over RuleSpec.
import type { Confidence, RuleSpec } from "../types.js";

export interface RuleInfo {
  id: string;
  description: string;
  severity: string;
  confidence: Confidence;
  tags: string[];
  /** Who issues the credential; absent for a kind of credential (private keys, hashes, generic). */
  service?: string;
  keywords: string[];
  references: string[];
  /** truePositives + falsePositives the rule carries. */
  examples: number;
  /** The rule can check a found secret with its provider (--verify). */
  verify: boolean;
  /** The provider can revoke a found secret itself (the `provider` revoke backend). */
  revoke: boolean;
}

/**
 * A rule's base confidence, as the detector assigns it before context adjusts it: a
 * rule with a validator (checksum, structure) reports only what passes it, at high.
 */
export function baseConfidence(r: RuleSpec): Confidence {
  return r.validate ? "high" : (r.confidence ?? (r.generic ? "low" : "medium"));
}

/** Tags of rules that find a kind of credential rather than one issuer's. */
const NO_SERVICE_TAGS = new Set(["generic", "private-key", "password-hash", "jwt", "http"]);

/**
 * The service a rule's credential belongs to: its `service` field (keyed rows set their
 * row id), else the id's first word (`stripe-secret-key` -> stripe). Generic rules and
 * kinds of credential (private keys, password hashes, JWTs, HTTP auth) have none.
 */
export function ruleService(r: RuleSpec): string | undefined {
  if (r.service !== undefined) return r.service;
  if (r.generic || r.tags?.some((t) => NO_SERVICE_TAGS.has(t))) return undefined;
  return r.id.toLowerCase().split(/[-_.]/)[0];
}

export function ruleInfo(r: RuleSpec): RuleInfo {
  return {
    id: r.id,
    description: r.description,
    severity: r.severity ?? "high",
    confidence: baseConfidence(r),
    tags: r.tags ?? [],
    service: ruleService(r),
    keywords: r.keywords,
    references: r.references ?? [],
    examples: (r.truePositives?.length ?? 0) + (r.falsePositives?.length ?? 0),
    verify: r.verify !== undefined,
    revoke: r.revoke !== undefined,
  };
}

export interface RuleCounts {
  total: number;
  /** Distinct services the rules cover. */
  services: number;
  byConfidence: Record<Confidence, number>;
  /** Tag -> rules carrying it, most common first (ties by name). */
  byTag: Array<[string, number]>;
  verifiable: number;
  selfRevocable: number;
}

export function countRules(rules: RuleInfo[]): RuleCounts {
  const byConfidence: Record<Confidence, number> = { high: 0, medium: 0, low: 0 };
  const tags = new Map<string, number>();
  for (const r of rules) {
    byConfidence[r.confidence]++;
    for (const t of r.tags) tags.set(t, (tags.get(t) ?? 0) + 1);
  }
  const byTag = [...tags].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const services = new Set(rules.flatMap((r) => (r.service ? [r.service] : []))).size;
  return { total: rules.length, services, byConfidence, byTag, verifiable: rules.filter((r) => r.verify).length, selfRevocable: rules.filter((r) => r.revoke).length };
}

/** The counts as text lines, for the end of the listing. */
export function formatCounts(c: RuleCounts): string {
  const conf = (["high", "medium", "low"] as const).map((k) => `${k} ${c.byConfidence[k]}`).join(", ");
  const tags = c.byTag.map(([t, n]) => `${t} ${n}`).join(", ");
  return `${c.total} rules for ${c.services} distinct services (${c.verifiable} verifiable with --verify, ${c.selfRevocable} revocable by their provider)\nby confidence: ${conf}\nby tag: ${tags}\n`;
}
