// A minimal POST over node:http/https with keep-alive and a whole-request deadline.
// (Node 20's fetch costs ~5 ms a request under concurrency; this keeps 100 webhooks well
// under the one-second budget.) It never follows redirects.
import http from "node:http";
import https from "node:https";

export interface PostResult {
  status: number;
  text: string;
}

export class TimeoutError extends Error {
  override name = "TimeoutError";
}

export function makeAgent(url: string, maxSockets: number): http.Agent {
  return url.startsWith("https:") ? new https.Agent({ keepAlive: true, maxSockets }) : new http.Agent({ keepAlive: true, maxSockets });
}

/** Response bodies are capped: only a small status document is expected back. */
const MAX_RESPONSE = 64 * 1024;

export function post(url: string, headers: Record<string, string>, body: string, timeoutMs: number, agent: http.Agent, signal?: AbortSignal): Promise<PostResult> {
  const mod = url.startsWith("https:") ? https : http;
  const data = Buffer.from(body, "utf8");
  return new Promise((resolve, reject) => {
    const req = mod.request(url, { method: "POST", agent, headers: { ...headers, "content-length": String(data.length) } }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (d: string) => {
        if (text.length < MAX_RESPONSE) text += d;
      });
      res.on("end", () => {
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, text });
      });
      res.on("error", (err) => {
        clearTimeout(timer);
        reject(err);
      });
    });
    const timer = setTimeout(() => req.destroy(new TimeoutError(`timed out after ${timeoutMs} ms`)), timeoutMs);
    if (signal?.aborted) req.destroy(new TimeoutError("the revocation deadline was reached"));
    signal?.addEventListener("abort", () => req.destroy(new TimeoutError("the revocation deadline was reached")), { once: true });
    req.on("error", (err) => {
      clearTimeout(timer);
      reject(err);
    });
    req.end(data);
  });
}
