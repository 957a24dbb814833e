// GitHub backend: POST {baseUrl}/credentials/revoke, unauthenticated (an authenticated
// request gets 403), at most 1,000 credentials a request, about 60 requests an hour.
import { VERSION } from "../version.js";
import type { GithubBackendConfig } from "./config.js";
import { errorText, sleep, type BackendContext, type ResultSink } from "./backend.js";
import type { Target } from "./plan.js";

type Headers = Record<string, string | number | undefined>;

/**
 * How long a rate-limit answer asks us to wait, or null when the answer is not one.
 * 403 counts only with rate-limit headers; GitHub also uses it for authenticated calls.
 */
export function rateLimitWaitMs(status: number, headers: Headers, nowMs: number): number | null {
  if (status !== 429 && status !== 403) return null;
  const retryAfter = headers["retry-after"];
  if (retryAfter !== undefined && retryAfter !== "") {
    const s = Number(retryAfter);
    if (Number.isFinite(s)) return Math.max(0, s * 1000);
    const at = Date.parse(String(retryAfter));
    if (!Number.isNaN(at)) return Math.max(0, at - nowMs);
  }
  const reset = Number(headers["x-ratelimit-reset"]);
  if (String(headers["x-ratelimit-remaining"]) === "0" && Number.isFinite(reset)) return Math.max(0, reset * 1000 - nowMs) + 1000;
  return status === 429 ? 60_000 : null;
}

export function batches<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

const silent = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

interface OctokitError {
  status?: number;
  response?: { headers?: Headers };
}

export async function revokeOnGithub(cfg: GithubBackendConfig, targets: Target[], ctx: BackendContext, sink: ResultSink): Promise<void> {
  const { Octokit } = await import("@octokit/rest");
  // No auth: the endpoint refuses authenticated calls, and we hold no token anyway.
  const octokit = new Octokit({ baseUrl: cfg.baseUrl.replace(/\/+$/, ""), userAgent: `leakguard/${VERSION}`, log: silent });
  const queue = batches(targets, cfg.batchSize);
  let waited = 0;
  for (let i = 0; i < queue.length; ) {
    const batch = queue[i];
    const credentials = batch.map((t) => t.finding.secret);
    const started = performance.now();
    const done = (outcome: "revoked" | "failed", detail: string, list = batch): void => {
      const latencyMs = Math.round(performance.now() - started);
      for (const t of list) sink(t, { outcome, detail, latencyMs });
    };
    try {
      const res = await octokit.rest.credentials.revoke({ credentials, request: { signal: AbortSignal.timeout(cfg.timeoutMs) } });
      // 202: GitHub revokes asynchronously and notifies the owner; it cannot be undone.
      done("revoked", `HTTP ${res.status} accepted, batch of ${batch.length}`);
      i++;
      continue;
    } catch (err) {
      const e = err as OctokitError;
      const status = e.response ? (e.status ?? 0) : 0;
      const wait = status ? rateLimitWaitMs(status, e.response?.headers ?? {}, Date.now()) : null;
      if (wait !== null) {
        if (waited + wait > cfg.maxWaitMs) {
          // The limit is per client: later batches would meet it too. The next run retries them.
          const rest = queue.slice(i).flat();
          done("failed", `HTTP ${status} rate limited (retry in ${Math.ceil(wait / 1000)} s exceeds maxWaitMs)`, rest);
          return;
        }
        ctx.log(`revoke: github: HTTP ${status} rate limited, waiting ${(wait / 1000).toFixed(1)} s`);
        await sleep(wait);
        waited += wait;
        continue;
      }
      if (status === 422) done("failed", `HTTP 422 validation failed, batch of ${batch.length}`);
      else if (status) done("failed", `HTTP ${status}`);
      else done("failed", errorText(err, credentials));
      i++;
    }
  }
}
