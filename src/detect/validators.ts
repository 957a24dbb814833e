// Structural checks for token formats that carry one (checksums, self-describing JSON).
import { isPlaceholder, isWeakPassword } from "./placeholders.js";
import { base58CheckValid, bech32Valid, crc32TokenValid, synapseTokenValid } from "./token-checksums.js";
import { weakValueIsReal } from "./context/weak-values.js";

export { base62, crc32TokenValid } from "./token-checksums.js";

function decodeB64Json(part: string): unknown {
  try {
    return JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
  } catch {
    return undefined;
  }
}

/**
 * A JWT whose header is JSON with "alg" and whose payload is JSON. An unsigned token
 * (`alg: none`, RFC 7519 section 6) proves nothing to a server that checks signatures:
 * not a credential.
 */
export function jwtValid(token: string): boolean {
  const parts = token.split(".");
  if (parts.length < 3) return false;
  const header = decodeB64Json(parts[0]);
  if (!header || typeof header !== "object" || !("alg" in header)) return false;
  const alg = (header as { alg: unknown }).alg;
  if (typeof alg !== "string" || alg.toLowerCase() === "none") return false;
  const payload = decodeB64Json(parts[1]);
  return !!payload && typeof payload === "object";
}

/** The token's `exp` claim (seconds since the epoch, RFC 7519 4.1.4) lies before `nowMs`. */
export function jwtExpired(token: string, nowMs: number): boolean {
  const payload = decodeB64Json(token.split(".")[1] ?? "");
  if (!payload || typeof payload !== "object") return false;
  const exp = (payload as { exp?: unknown }).exp;
  return typeof exp === "number" && Number.isFinite(exp) && exp * 1000 < nowMs;
}

/**
 * HTTP Basic credentials (`Authorization: Basic`, Docker's `"auth"`): base64 of
 * `user:password` with a real-looking password.
 */
export function basicAuthValid(encoded: string): boolean {
  const text = Buffer.from(encoded, "base64").toString("utf8");
  if (!/^[\x20-\x7e]+$/.test(text)) return false;
  const colon = text.indexOf(":");
  if (colon < 1) return false;
  const password = text.slice(colon + 1);
  return password.length >= 4 && !isPlaceholder(password) && !isWeakPassword(password);
}

/** A base64-encoded saved password (FileZilla): printable text that is not a placeholder. */
/** `user:password` in base64 that a tool stored to log in with: a weak password still counts, a placeholder does not. */
export function weakBasicAuthValid(encoded: string): boolean {
  const text = Buffer.from(encoded, "base64").toString("utf8");
  const colon = text.indexOf(":");
  return /^[\x20-\x7e]+$/.test(text) && colon > 0 && weakValueIsReal(text.slice(colon + 1), "");
}

export function base64PasswordValid(encoded: string): boolean {
  // Encoded with `echo ... | base64`, the text keeps its newline.
  const text = Buffer.from(encoded, "base64").toString("utf8").replace(/\r?\n$/, "");
  return /^[\x20-\x7e]+$/.test(text) && weakValueIsReal(text, "");
}

export type Validator = (secret: string) => boolean;

/**
 * Checksums a provider computes into its tokens: random text passes one about once in
 * 2^32 tries, so a token that does was issued, even if `mock` or `todo` occurs in it.
 */
export const CHECKSUM_VALIDATORS: ReadonlySet<string> = new Set([
  "github-crc32",
  "npm-crc32",
  "synapse-crc32",
  "base58check",
  "bech32",
]);

export const VALIDATORS: Record<string, Validator> = {
  "github-crc32": crc32TokenValid,
  "npm-crc32": crc32TokenValid,
  jwt: jwtValid,
  "basic-auth": basicAuthValid,
  "synapse-crc32": synapseTokenValid,
  base58check: base58CheckValid,
  bech32: bech32Valid,
  "base64-password": base64PasswordValid,
  "basic-auth-weak": weakBasicAuthValid,
};
