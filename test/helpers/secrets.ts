// Fake credentials built at test time, so no secret-shaped literal lives in the repo.
import { randomBytes } from "node:crypto";
import { crc32 } from "node:zlib";
import { base62 } from "../../src/detect/validators.js";

const B62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

export function randomFrom(alphabet: string, n: number): string {
  const bytes = randomBytes(n * 2);
  let s = "";
  for (let i = 0; i < n; i++) s += alphabet[bytes.readUInt16LE(i * 2) % alphabet.length];
  return s;
}


/** A GitHub-format token (`ghp_` by default) with a valid CRC32 checksum. */
export function fakeGithubToken(prefix = "ghp"): string {
  const random = randomFrom(B62, 30);
  return `${prefix}_${random}${base62(crc32(Buffer.from(random)), 6)}`;
}

/** A random password-looking value that passes the generic detector's filters. */
export function fakePassword(): string {
  return randomFrom("abcdefghjkmnpqrstuvwxyz", 4) + randomFrom("ABCDEFGHJKLMNPQRSTUVWXYZ", 3) + randomFrom("23456789", 3) + "!" + randomFrom(B62, 3);
}

/** `DB_PASSWORD=<fake>`: a line the generic-password rule reports. */
export function passwordLine(value = fakePassword()): string {
  return `DB_PASSWORD=${value}`;
}

/** An AWS-format access key id (not a real key). */
export function fakeAwsKeyId(): string {
  return "AKIA" + randomFrom("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16);
}

/**
 * A random API-token-looking value: letters with a digit in every third place, the
 * shape of real keys (random strings of letters alone can read like identifiers).
 */
export function fakeToken(length = 28): string {
  const letters = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
  let s = "";
  for (let i = 0; i < length; i++) s += i % 3 === 1 ? randomFrom("23456789", 1) : randomFrom(letters, 1);
  return s;
}
