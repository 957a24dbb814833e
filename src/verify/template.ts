// Request templates of `verify` blocks: placeholders filled with the secret (and a paired
// rule's secret). Pure.
import type { VerifySpec } from "../types.js";

export interface VerifyRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

/**
 * `{{secret}}` and `{{partner}}` (the paired rule's secret), each optionally `:base64` or
 * `:urlencode`, and `{{basic:partner:secret}}` (or `secret:partner`): HTTP Basic
 * credentials of a pair, base64 of `user:password`. Any other placeholder is left as written.
 */
export function fill(template: string, secret: string, partner?: string): string {
  const value = (name: string) => (name === "secret" ? secret : partner);
  return template.replace(/\{\{(?:(secret|partner)(?::(base64|urlencode))?|basic:(secret|partner):(secret|partner))\}\}/g, (m, name?: string, fn?: string, user?: string, pass?: string) => {
    if (user && pass) {
      const [u, p] = [value(user), value(pass)];
      return u === undefined || p === undefined ? m : Buffer.from(`${u}:${p}`, "utf8").toString("base64");
    }
    const v = value(name!);
    if (v === undefined) return m;
    return fn === "base64" ? Buffer.from(v, "utf8").toString("base64") : fn === "urlencode" ? encodeURIComponent(v) : v;
  });
}

export function buildRequest(spec: VerifySpec, secret: string, partner?: string): VerifyRequest {
  const headers: Record<string, string> = { "user-agent": "leakguard-verify" };
  for (const [k, v] of Object.entries(spec.headers ?? {})) headers[k.toLowerCase()] = fill(v, secret, partner);
  return {
    method: spec.method ?? "GET",
    url: fill(spec.url, secret, partner),
    headers,
    ...(spec.body !== undefined ? { body: fill(spec.body, secret, partner) } : {}),
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
