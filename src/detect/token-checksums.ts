// Checksums that some token and key formats carry: a value that fails one is a typo or
// made-up test data, never an issued credential.
import { createHash } from "node:crypto";
import { crc32 } from "node:zlib";

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

export function base62(n: number, width: number): string {
  let out = "";
  let v = n >>> 0;
  while (v > 0) {
    out = BASE62[v % 62] + out;
    v = Math.floor(v / 62);
  }
  return out.padStart(width, "0");
}

/** prefix_ + 30 random chars + 6-char base62 CRC32 of the random part (GitHub, npm). */
export function crc32TokenValid(token: string): boolean {
  const us = token.lastIndexOf("_");
  const body = token.slice(us + 1);
  if (body.length !== 36) return false;
  const random = body.slice(0, 30);
  return base62(crc32(Buffer.from(random, "utf8")), 6) === body.slice(30);
}


const BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

/** Base58 text to bytes; undefined on a character outside the alphabet. */
function base58Decode(text: string): Buffer | undefined {
  let n = 0n;
  for (const ch of text) {
    const digit = BASE58.indexOf(ch);
    if (digit < 0) return undefined;
    n = n * 58n + BigInt(digit);
  }
  const hex = n === 0n ? "" : n.toString(16);
  const body = Buffer.from(hex.length % 2 ? "0" + hex : hex, "hex");
  let zeros = 0;
  while (zeros < text.length && text[zeros] === "1") zeros++;
  return Buffer.concat([Buffer.alloc(zeros), body]);
}

const sha256 = (b: Buffer): Buffer => createHash("sha256").update(b).digest();

/**
 * Base58Check (Bitcoin's encoding of extended keys, WIF keys and addresses): the last four
 * bytes are the start of a double SHA-256 of the rest.
 */
export function base58CheckValid(text: string): boolean {
  const bytes = base58Decode(text);
  if (!bytes || bytes.length < 5) return false;
  const payload = bytes.subarray(0, bytes.length - 4);
  return sha256(sha256(payload)).subarray(0, 4).equals(bytes.subarray(bytes.length - 4));
}

const BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
const GENERATORS = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];

function polymod(values: number[]): number {
  let chk = 1;
  for (const v of values) {
    const top = chk >>> 25;
    chk = ((chk & 0x1ffffff) << 5) ^ v;
    for (let i = 0; i < 5; i++) if ((top >>> i) & 1) chk ^= GENERATORS[i];
  }
  return chk >>> 0;
}

/** Bech32 (BIP-173), as used by Nostr's nsec keys: the six last characters check the rest. */
export function bech32Valid(text: string): boolean {
  const lower = text.toLowerCase();
  const sep = lower.lastIndexOf("1");
  if (sep < 1 || lower.length - sep < 7) return false;
  const hrp = lower.slice(0, sep);
  const data: number[] = [];
  for (const ch of lower.slice(sep + 1)) {
    const v = BECH32.indexOf(ch);
    if (v < 0) return false;
    data.push(v);
  }
  const expanded = [...[...hrp].map((c) => c.charCodeAt(0) >> 5), 0, ...[...hrp].map((c) => c.charCodeAt(0) & 31)];
  return polymod([...expanded, ...data]) === 1;
}

/**
 * Synapse (Matrix) access and refresh tokens: `syt_<base64 localpart>_<random>_<crc>`, the
 * crc being a base62 CRC32 of everything before the last underscore.
 */
export function synapseTokenValid(token: string): boolean {
  const us = token.lastIndexOf("_");
  if (us < 0 || token.length - us - 1 !== 6) return false;
  const base = token.slice(0, us);
  return base62(crc32(Buffer.from(base, "utf8")), 6) === token.slice(us + 1);
}
