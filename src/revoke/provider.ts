// Provider backend: the service that issued a token revokes it, through the request in
// the rule's `revoke` block (GitLab's personal_access_tokens/self, Slack's auth.revoke,
// ...). The request goes only to the rule's fixed host, or where the operator routes it.
import type { RuleSpec } from "../types.js";
import { route, type HostMap } from "../verify/route.js";
import { buildRequest } from "../verify/template.js";
import { classify } from "../verify/verifier.js";
import { errorText, mapLimit, type ActionResult, type BackendContext, type ResultSink } from "./backend.js";
import type { ProviderBackendConfig } from "./config.js";
import type { Target } from "./plan.js";

async function revokeOne(cfg: ProviderBackendConfig, rule: RuleSpec, t: Target, hosts: HostMap): Promise<ActionResult> {
  const started = performance.now();
  const spec = rule.revoke!;
  const req = buildRequest(spec, t.finding.secret);
  const latency = () => Math.round(performance.now() - started);
  let res: Response;
  try {
    res = await fetch(route(req.url, hosts), { method: req.method, headers: req.headers, body: req.body, redirect: "manual", signal: AbortSignal.timeout(cfg.timeoutMs) });
  } catch (err) {
    return { outcome: "failed", detail: `${new URL(req.url).host}: ${errorText(err, [t.finding.secret])}`, latencyMs: latency() };
  }
  let body: unknown;
  try {
    body = spec.liveJson ? JSON.parse(await res.text()) : (await res.body?.cancel(), undefined);
  } catch {
    body = undefined;
  }
  const verdict = classify({ ...spec, invalidStatus: spec.invalidStatus ?? [] }, res.status, body);
  const where = `${new URL(req.url).host} HTTP ${res.status}`;
  return verdict.status === "live"
    ? { outcome: "revoked", detail: `${where}, revoked by the provider`, latencyMs: latency() }
    : { outcome: "failed", detail: `${where}, not revoked`, latencyMs: latency() };
}

export async function revokeAtProvider(
  cfg: ProviderBackendConfig,
  targets: Target[],
  ctx: BackendContext,
  sink: ResultSink,
  rules: ReadonlyMap<string, RuleSpec>,
  hosts: HostMap,
): Promise<void> {
  void ctx;
  await mapLimit(targets, cfg.concurrency, async (t) => {
    const rule = rules.get(t.finding.ruleId);
    if (!rule?.revoke) return sink(t, { outcome: "failed", detail: "rule has no provider revocation", latencyMs: 0 });
    sink(t, await revokeOne(cfg, rule, t, hosts));
  });
}
