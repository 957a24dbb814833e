// Structural checks for token formats that carry one (checksums, self-describing JSON).
import { isPlaceholder, isWeakPassword } from "./placeholders.js";
import { base58CheckValid, bech32Valid, crc32TokenValid, synapseTokenValid } from "./token-checksums.js";

export { base62, crc32TokenValid } from "./token-checksums.js";

function decodeB64Json(part: string): unknown {
  try {
    return JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
  } catch {
    return undefined;
  }
}

/** A JWT whose header is JSON with "alg" and whose payload is JSON. */
export function jwtValid(token: string): boolean {
  const parts = token.split(".");
  if (parts.length < 3) return false;
  const header = decodeB64Json(parts[0]);
  if (!header || typeof header !== "object" || !("alg" in header)) return false;
  const payload = decodeB64Json(parts[1]);
  return !!payload && typeof payload === "object";
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
};
