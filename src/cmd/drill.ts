// `leakguard revoke drill`: plants a canary finding of a chosen rule and sends it through
// the operator's routes exactly as a real leak would go (route -> backend -> audit log),
// then reports each backend's time from detection to acknowledgement: the team's
// measured mean time to revoke, instead of an assumption.
import { readFileSync } from "node:fs";
import { UsageError, type Finding } from "../types.js";

export interface DrillArgs {
  rule?: string;
  token?: string;
  json?: boolean;
  "revoke-config"?: string;
  repository?: string;
}

export interface DrillRecord {
  time: string;
  ruleId: string;
  backends: { backend: string; outcome: string; detail: string; timeToAckMs: number }[];
}

export async function runDrill(a: DrillArgs): Promise<number> {
  if (!a.rule) throw new UsageError("revoke drill: name the canary's rule with --rule ID");
  if (!a.token) throw new UsageError("revoke drill: give the canary token with --token VALUE (or --token - to read it from stdin)");
  const configPath = a["revoke-config"] ?? process.env.LEAKGUARD_REVOKE_CONFIG;
  if (!configPath) throw new UsageError("revoke drill: name the operator config with --revoke-config FILE or LEAKGUARD_REVOKE_CONFIG");
  const token = a.token === "-" ? readFileSync(0, "utf8").trim() : a.token;
  const [{ loadRevokeConfig }, { builtinRules }, { toFinding, keyedHasher }, { revokeFindings }, { resolveHashKey }] = await Promise.all([
    import("../revoke/config.js"),
    import("../config/resolve.js"),
    import("../detect/fingerprint.js"),
    import("../revoke/index.js"),
    import("../engine/hash-key.js"),
  ]);
  const config = loadRevokeConfig(configPath);
  const rule = (await builtinRules()).find((r) => r.id === a.rule);
  if (!rule) throw new UsageError(`revoke drill: --rule: unknown rule '${a.rule}'`);
  const log = (line: string): void => void process.stderr.write(line + "\n");
  const finding: Finding = toFinding(
    {
      ruleId: rule.id,
      description: `${rule.description} (revocation drill canary)`,
      startLine: 1,
      endLine: 1,
      startColumn: 1,
      endColumn: token.length + 1,
      secret: token,
      match: token,
      lineText: token,
      entropy: 0,
      severity: rule.severity ?? "high",
      tags: [...(rule.tags ?? []), "drill"],
      confidence: "high",
      context: { fileRole: "credential", lineRole: "code" },
    },
    "leakguard-drill",
    // No repository: the operator's key (LEAKGUARD_HASH_KEY) or this machine's.
    keyedHasher(resolveHashKey({ env: process.env, ignoreText: null, note: log })),
  );
  const summary = await revokeFindings([finding], { execute: true, config, repository: a.repository, log: a.json ? () => {} : log });
  const record: DrillRecord = {
    time: new Date(summary.detectedAt).toISOString(),
    ruleId: rule.id,
    backends: summary.actions.map((x) => ({ backend: x.backend, outcome: x.outcome, detail: x.detail, timeToAckMs: x.sinceDetectionMs ?? 0 })),
  };
  if (a.json) process.stdout.write(JSON.stringify(record) + "\n");
  else if (!record.backends.length) log("revoke drill: no route sends this rule anywhere");
  else for (const b of record.backends) log(`revoke drill: ${b.backend}: ${b.outcome} ${b.timeToAckMs} ms after detection (${b.detail})`);
  return record.backends.length && record.backends.every((b) => b.outcome !== "failed" && b.outcome !== "skipped") ? 0 : 1;
}
