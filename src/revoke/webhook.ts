// Webhook backend: a signed JSON event per distinct secret, POSTed over HTTPS (or HTTP
// to loopback), retried on network errors and 5xx, never on 4xx.
import { createHmac } from "node:crypto";
import type { Agent } from "node:http";
import { VERSION } from "../version.js";
import type { WebhookBackendConfig } from "./config.js";
import { buildEvent } from "./event.js";
import { makeAgent, post } from "./http.js";
import { errorText, headerSafe, mapLimit, sleep, type ActionResult, type BackendContext, type ResultSink } from "./backend.js";
import type { Target } from "./plan.js";

const STATUSES = new Set(["revoked", "rotated", "queued", "failed"]);

export function signBody(body: string, key: string): string {
  return "sha256=" + createHmac("sha256", key).update(body, "utf8").digest("hex");
}

/** Reads the receiver's `{"status": ...}`; a 2xx without one means it took the event. */
export function outcomeFromBody(text: string): { outcome: ActionResult["outcome"]; detail: string } {
  let status: unknown;
  try {
    status = (JSON.parse(text) as { status?: unknown })?.status;
  } catch {
    status = undefined;
  }
  if (typeof status === "string" && STATUSES.has(status)) {
    return { outcome: status as ActionResult["outcome"], detail: status === "failed" ? "receiver reported failed" : `receiver: ${status}` };
  }
  return { outcome: "queued", detail: "delivered (no status in response)" };
}

export async function sendWebhooks(
  cfg: WebhookBackendConfig,
  targets: Target[],
  ctx: BackendContext,
  sink: ResultSink,
): Promise<void> {
  const key = process.env[cfg.secretEnv];
  if (!key) {
    for (const t of targets) sink(t, { outcome: "failed", detail: `signing key: environment variable ${cfg.secretEnv} is not set`, latencyMs: 0 });
    return;
  }
  const agent = makeAgent(cfg.url, cfg.concurrency);
  try {
    await mapLimit(targets, cfg.concurrency, async (t) => sink(t, await deliver(cfg, key, t, ctx, agent)));
  } finally {
    agent.destroy();
  }
}

async function deliver(cfg: WebhookBackendConfig, key: string, t: Target, ctx: BackendContext, agent: Agent): Promise<ActionResult> {
  const started = performance.now();
  const body = JSON.stringify(buildEvent(t, { repository: ctx.repository, detectedAt: ctx.detectedAt, includeSecret: cfg.includeSecret }));
  // Same body, signature and key on every attempt: the receiver can deduplicate retries.
  const headers: Record<string, string> = {
    ...cfg.headers,
    "content-type": "application/json",
    "user-agent": `leakguard/${VERSION}`,
    "idempotency-key": headerSafe(t.finding.fingerprint),
    "x-leakguard-event": "leak",
    [cfg.signatureHeader.toLowerCase()]: signBody(body, key),
  };
  const secrets = [t.finding.secret];
  const attempts = cfg.retries + 1;
  let last = "";
  for (let attempt = 1; attempt <= attempts; attempt++) {
    if (ctx.signal?.aborted) break;
    if (attempt > 1) await sleep(cfg.backoffMs * 2 ** (attempt - 2));
    let res: { status: number; text: string };
    try {
      // Redirects are not followed: a 3xx could point the secret at plain HTTP or elsewhere.
      res = await post(cfg.url, headers, body, cfg.timeoutMs, agent, ctx.signal);
    } catch (err) {
      last = errorText(err, secrets);
      continue;
    }
    const text = res.text;
    const latencyMs = Math.round(performance.now() - started);
    const tries = attempt > 1 ? `, attempt ${attempt}` : "";
    if (res.status >= 200 && res.status < 300) {
      const { outcome, detail } = outcomeFromBody(text);
      return { outcome, detail: `HTTP ${res.status}, ${detail}${tries}`, latencyMs };
    }
    if (res.status < 500) {
      const why = res.status < 400 ? "redirects are not followed" : "not retried";
      return { outcome: "failed", detail: `HTTP ${res.status} (${why})${tries}`, latencyMs };
    }
    last = `HTTP ${res.status}`;
  }
  return { outcome: "failed", detail: `${last} after ${attempts} attempt${attempts === 1 ? "" : "s"}`, latencyMs: Math.round(performance.now() - started) };
}
