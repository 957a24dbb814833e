// The checksums some key formats carry, checked on vectors from their specifications and on
// values built here (never literal keys).
import { createHash, randomBytes } from "node:crypto";
import { crc32 } from "node:zlib";
import { describe, expect, it } from "vitest";
import { base58CheckValid, bech32Valid, synapseTokenValid } from "../../src/detect/token-checksums.js";
import { base62 } from "../../src/detect/validators.js";

const B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
function base58(bytes: Buffer): string {
  let n = BigInt("0x" + (bytes.toString("hex") || "0"));
  let out = "";
  while (n > 0n) {
    out = B58[Number(n % 58n)] + out;
    n /= 58n;
  }
  let zeros = 0;
  while (zeros < bytes.length && bytes[zeros] === 0) zeros++;
  return "1".repeat(zeros) + out;
}
const sha256 = (b: Buffer) => createHash("sha256").update(b).digest();
const withCheck = (payload: Buffer) => Buffer.concat([payload, sha256(sha256(payload)).subarray(0, 4)]);
const flip = (s: string, i: number, alphabet: string) => s.slice(0, i) + alphabet[(alphabet.indexOf(s[i]) + 1) % alphabet.length] + s.slice(i + 1);

describe("base58check", () => {
  it("accepts an extended private key whose checksum holds, and no single-character change of it", () => {
    const payload = Buffer.concat([Buffer.from("0488ade4", "hex"), Buffer.alloc(9), randomBytes(32), Buffer.alloc(1), randomBytes(32)]);
    const key = base58(withCheck(payload));
    expect(key.startsWith("xprv")).toBe(true);
    expect(base58CheckValid(key)).toBe(true);
    expect(base58CheckValid(flip(key, 60, B58))).toBe(false);
    expect(base58CheckValid(key.slice(0, -1))).toBe(false);
  });
  it("keeps leading zero bytes (leading 1s)", () => {
    expect(base58CheckValid(base58(withCheck(Buffer.concat([Buffer.alloc(2), randomBytes(20)]))))).toBe(true);
  });
  it("rejects characters outside the alphabet", () => {
    expect(base58CheckValid("0OIl" + "1".repeat(20))).toBe(false);
  });
});

describe("bech32", () => {
  // BIP-173's own valid and invalid test vectors.
  it.each(["A12UEL5L", "a12uel5l", "abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw", "split1checkupstagehandshakeupstreamerranterredcaperred2y9e3w"])(
    "accepts %s",
    (v) => expect(bech32Valid(v)).toBe(true),
  );
  it.each(["pzry9x0s0muk", "1pzry9x0s0muk", "x1b4n0q5v", "li1dgmt3", "A1G7SGD8", "abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxx"])(
    "rejects %s",
    (v) => expect(bech32Valid(v)).toBe(false),
  );
});

describe("synapse token crc", () => {
  const make = (kind: string) => {
    const base = `${kind}_${Buffer.from("alice").toString("base64").replace(/=+$/, "")}_${randomBytes(15).toString("base64").replace(/[^A-Za-z]/g, "").padEnd(20, "q").slice(0, 20)}`;
    return `${base}_${base62(crc32(Buffer.from(base)), 6)}`;
  };
  it("accepts access and refresh tokens whose crc matches", () => {
    expect(synapseTokenValid(make("syt"))).toBe(true);
    expect(synapseTokenValid(make("syr"))).toBe(true);
  });
  it("rejects a changed crc or a changed body", () => {
    const t = make("syt");
    expect(synapseTokenValid(flip(t, t.length - 1, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"))).toBe(false);
    expect(synapseTokenValid(flip(t, 12, "abcdefghijklmnopqrstuvwxyz"))).toBe(false);
    expect(synapseTokenValid(t.slice(0, -1))).toBe(false);
  });
});
