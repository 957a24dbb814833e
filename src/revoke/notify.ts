// Notification backend: a redacted summary of each finding to a Slack or Microsoft Teams
// incoming webhook (their documented payloads), or a plain JSON document. Never a secret:
// only rule, place, fingerprint and verification status (not even a masked prefix).
import type { Finding } from "../types.js";
import { errorText, mapLimit, type BackendContext, type ResultSink } from "./backend.js";
import type { NotifyBackendConfig } from "./config.js";
import { makeAgent, post } from "./http.js";
import type { Target } from "./plan.js";

/** One line a person reads: what, where, how sure. */
export function summaryOf(f: Finding, repository: string | null, occurrences: number): string {
  const where = f.location === "commit-message" ? `commit message ${f.commit?.slice(0, 12) ?? ""}` : `${f.file}:${f.startLine}${f.commit ? ` @ ${f.commit.slice(0, 12)}` : ""}`;
  const status = f.verification ? ` (${f.verification.status})` : "";
  const more = occurrences > 1 ? `, ${occurrences} places` : "";
  return `leakguard: ${f.description}${status} in ${repository ? `${repository} ` : ""}${where}${more}; fingerprint ${f.fingerprint}`;
}

/** The body each format expects. Pure. */
export function payload(format: NotifyBackendConfig["format"], text: string, f: Finding): string {
  if (format === "slack") return JSON.stringify({ text });
  if (format === "teams") {
    return JSON.stringify({
      type: "message",
      attachments: [
        {
          contentType: "application/vnd.microsoft.card.adaptive",
          content: { type: "AdaptiveCard", $schema: "http://adaptivecards.io/schemas/adaptive-card.json", version: "1.4", body: [{ type: "TextBlock", text, wrap: true }] },
        },
      ],
    });
  }
  return JSON.stringify({ text, ruleId: f.ruleId, file: f.file, fingerprint: f.fingerprint, verification: f.verification?.status ?? null });
}

export async function notify(cfg: NotifyBackendConfig, targets: Target[], ctx: BackendContext, sink: ResultSink): Promise<void> {
  const agent = makeAgent(cfg.url, cfg.concurrency);
  try {
    await mapLimit(targets, cfg.concurrency, async (t) => {
      const started = performance.now();
      const body = payload(cfg.format, summaryOf(t.finding, ctx.repository, t.occurrences.length), t.finding);
      try {
        const res = await post(cfg.url, { "content-type": "application/json" }, body, cfg.timeoutMs, agent);
        const latencyMs = Math.round(performance.now() - started);
        sink(t, res.status >= 200 && res.status < 300 ? { outcome: "queued", detail: `notified (HTTP ${res.status})`, latencyMs } : { outcome: "failed", detail: `HTTP ${res.status}`, latencyMs });
      } catch (err) {
        sink(t, { outcome: "failed", detail: errorText(err, [t.finding.secret]), latencyMs: Math.round(performance.now() - started) });
      }
    });
  } finally {
    agent.destroy();
  }
}
