// Paired verification: a secret that works only with another rule's secret (an AWS key
// id with its secret key, a Google key id with its private key) is checked together with
// the nearest finding of the partner rule in the same file of the same commit. Pure.
import type { Finding } from "../types.js";

function chunkKey(f: Finding): string {
  return `${f.location}\0${f.file}\0${f.commit ?? ""}`;
}

/**
 * For each finding whose rule names partner rules (`pairOf`), the nearest partner finding
 * (fewest lines apart, the earlier one on a tie) in the same file and commit.
 */
export function findPartners(findings: readonly Finding[], pairOf: (ruleId: string) => readonly string[] | undefined): Map<Finding, Finding> {
  const wanted = new Set(findings.flatMap((f) => pairOf(f.ruleId) ?? []));
  const byChunk = new Map<string, Finding[]>();
  for (const f of findings) {
    if (!wanted.has(f.ruleId)) continue;
    const k = chunkKey(f);
    byChunk.set(k, [...(byChunk.get(k) ?? []), f]);
  }
  const out = new Map<Finding, Finding>();
  for (const f of findings) {
    const partners = pairOf(f.ruleId);
    if (!partners) continue;
    let best: Finding | undefined;
    for (const g of byChunk.get(chunkKey(f)) ?? []) {
      if (g === f || !partners.includes(g.ruleId)) continue;
      const d = Math.abs(g.startLine - f.startLine);
      const bd = best ? Math.abs(best.startLine - f.startLine) : Infinity;
      if (d < bd || (d === bd && best && g.startLine < best.startLine)) best = g;
    }
    if (best) out.set(f, best);
  }
  return out;
}
