// Request templates of `verify` blocks: placeholders filled with the secret. Pure.
import type { VerifySpec } from "../types.js";

export interface VerifyRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

/** `{{secret}}` and `{{secret:base64}}`; any other placeholder is left as written. */
export function fill(template: string, secret: string): string {
  return template.replace(/\{\{secret(?::(base64|urlencode))?\}\}/g, (_m, fn: string | undefined) =>
    fn === "base64" ? Buffer.from(secret, "utf8").toString("base64") : fn === "urlencode" ? encodeURIComponent(secret) : secret,
  );
}

export function buildRequest(spec: VerifySpec, secret: string): VerifyRequest {
  const headers: Record<string, string> = { "user-agent": "leakguard-verify" };
  for (const [k, v] of Object.entries(spec.headers ?? {})) headers[k.toLowerCase()] = fill(v, secret);
  return {
    method: spec.method ?? "GET",
    url: fill(spec.url, secret),
    headers,
    ...(spec.body !== undefined ? { body: fill(spec.body, secret) } : {}),
  };
}

/** Reads a dotted path (`user.login`) out of a parsed JSON answer. */
export function jsonPath(doc: unknown, path: string): unknown {
  let cur: unknown = doc;
  for (const part of path.split(".")) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}
