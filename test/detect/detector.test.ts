import { describe, expect, it } from "vitest";
import { loadBuiltinRules } from "../../src/config/load.js";
import { Detector } from "../../src/detect/detector.js";
import { shannonEntropy } from "../../src/detect/entropy.js";
import { base62, crc32TokenValid, jwtValid } from "../../src/detect/validators.js";
import { crc32 } from "node:zlib";
import { findBase64 } from "../../src/detect/decoders/base64.js";
import type { EncodedSegment } from "../../src/detect/decoders/index.js";
import { fakeGithubToken, fakePassword, randomFrom } from "../helpers/secrets.js";
import type { RuleSpec } from "../../src/types.js";

const pack = new Detector(loadBuiltinRules());
const detect = (text: string, d = pack) => d.detect(Buffer.from(text, "utf8"), "file.txt");

const PEM_BODY = () => Array.from({ length: 12 }, () => randomFrom("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", 64)).join("\n");

describe("entropy", () => {
  it("is 0 for one repeated char and log2(n) for n distinct chars", () => {
    expect(shannonEntropy("aaaa")).toBe(0);
    expect(shannonEntropy("abcd")).toBeCloseTo(2);
    expect(shannonEntropy("")).toBe(0);
  });
});

describe("keyword prefilter", () => {
  it("runs a rule only on lines holding one of its keywords", () => {
    const rule: RuleSpec = { id: "t", description: "t", regex: "(zz[0-9]{6})", keywords: ["kw"] };
    const d = new Detector([rule]);
    expect(detect("kw zz123456", d)).toHaveLength(1);
    expect(detect("zz123456", d)).toHaveLength(0);
    // keyword on another line does not open this line
    expect(detect("kw\nzz123456", d)).toHaveLength(0);
    // keywords are case-insensitive
    expect(detect("KW zz123456", d)).toHaveLength(1);
  });

  it("finds a token on each of two adjacent lines, where a terminator class takes the newline", () => {
    const a = fakeGithubToken();
    const b = fakeGithubToken();
    const found = detect(`GITHUB_TOKEN=${a}\nOTHER=${b}\n`);
    expect(found.map((f) => [f.ruleId, f.startLine, f.match])).toEqual([
      ["github-pat", 1, a],
      ["github-pat", 2, b],
    ]);
  });

  it("finds matches at every offset across block boundaries, single- and multi-line", () => {
    const filler = "const x = 1;\n";
    for (const pad of [0, 1, 7, 100, 140, 146, 147, 148, 300]) {
      const tok = fakeGithubToken();
      const pem = `-----BEGIN RSA PRIVATE KEY-----\n${PEM_BODY()}\n-----END RSA PRIVATE KEY-----\n`;
      const text = filler.repeat(pad) + `t = "${tok}"\n` + filler.repeat(pad) + pem + filler.repeat(pad);
      const found = detect(text).map((f) => [f.ruleId, f.startLine]);
      expect(found, `pad ${pad}`).toEqual([
        ["github-pat", pad + 1],
        ["private-key-rsa", 2 * pad + 2],
      ]);
    }
  });

  it("a rule with multiline = N matches at most N lines past its keyword line, also across blocks", () => {
    const rule: RuleSpec = { id: "t", description: "t", regex: "kw[^\\n]*\\n(?:[^\\n]*\\n)?val=([0-9]{6})", keywords: ["kw"], multiline: 2 };
    const d = new Detector([rule]);
    const filler = "x = 1;\n".repeat(400); // pushes the keyword line to the end of a 2 KiB block
    for (const pad of [0, 290, 291, 292, 293]) {
      const head = filler.slice(0, pad * 7);
      expect(detect(`${head}kw\nval=123456\n`, d), `pad ${pad}`).toHaveLength(1);
      expect(detect(`${head}kw\nother\nval=123456\n`, d), `pad ${pad}`).toHaveLength(1);
    }
    // Three lines past the keyword is beyond what the regex allows anyway; a regex that
    // could reach further is cut at N lines.
    const far = new Detector([{ ...rule, regex: "kw(?:[^\\n]*\\n)*?val=([0-9]{6})", multiline: 1 }]);
    expect(detect("kw\nval=123456\n", far)).toHaveLength(1);
    expect(detect("kw\na\nb\nval=123456\n", far)).toHaveLength(0);
  });

  it("a leading \\b before a literal means the same once stripped for RE2's prefix search", () => {
    const d = new Detector([{ id: "t", description: "t", regex: "\\b(abc[0-9]{6})\\b", keywords: ["abc"] }]);
    const at = (text: string) => detect(text, d).map((f) => f.startColumn);
    expect(at("abc123456")).toEqual([1]);
    expect(at("x=abc123456 -abc654321")).toEqual([3, 14]);
    // inside a word: no boundary, but a later match on the same line is still found
    expect(at("xabc123456 abc654321")).toEqual([12]);
    expect(at("_abc123456 9abc123456")).toEqual([]);
    // a non-ASCII byte before is not a word character for RE2's \b either
    expect(at("éabc123456")).toHaveLength(1);
    // with a top-level alternation the \b binds its first branch only, and is kept
    const alt = new Detector([{ id: "t", description: "t", regex: "\\babc[0-9]{6}|xyz[0-9]{6}", keywords: ["abc", "xyz"] }]);
    expect(detect("qxyz123456", alt)).toHaveLength(1);
    expect(detect("qabc123456", alt)).toHaveLength(0);
  });

  it("rules without keywords run everywhere", () => {
    const d = new Detector([{ id: "t", description: "t", regex: "(zz[0-9]{6})", keywords: [] }]);
    expect(detect("a\nzz123456", d)).toHaveLength(1);
  });
});

describe("positions", () => {
  it("reports 1-based lines and character columns, also after multibyte text", () => {
    const tok = fakeGithubToken();
    const [c] = detect(`// héllo wörld\nconst t = "${tok}";\n`).filter((x) => x.ruleId.startsWith("github"));
    expect(c.startLine).toBe(2);
    expect(c.startColumn).toBe(12);
    expect(c.endColumn).toBe(12 + tok.length);
    const [u] = detect(`é = "${tok}"`).filter((x) => x.ruleId.startsWith("github"));
    expect(u.startColumn).toBe(6);
  });

  it("handles CRLF line endings", () => {
    const tok = fakeGithubToken();
    const [c] = detect(`a\r\nb\r\ntoken: ${tok}\r\n`);
    expect(c.startLine).toBe(3);
    expect(c.secret).toBe(tok);
  });
});

describe("checksums", () => {
  it("validates GitHub CRC32 tokens and drops ones whose checksum fails", () => {
    const good = fakeGithubToken();
    expect(crc32TokenValid(good)).toBe(true);
    const bad = good.slice(0, -1) + (good.endsWith("A") ? "B" : "A");
    expect(crc32TokenValid(bad)).toBe(false);
    const found = detect(`GITHUB_TOKEN=${good}`);
    expect(found.map((c) => c.ruleId)).toContain("github-pat");
    expect(found[0].checksum).toBe("valid");
    expect(found[0].confidence).toBe("high");
    // neither the GitHub rule nor the generic assignment detector reports a bad checksum
    expect(detect(`GITHUB_TOKEN=${bad}`)).toEqual([]);
  });

  it("reports a token whose checksum holds even when a placeholder word occurs in its random part", () => {
    const B62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    const random = `${randomFrom(B62, 10)}mOcK${randomFrom(B62, 16)}`;
    const good = `ghp_${random}${base62(crc32(Buffer.from(random)), 6)}`;
    expect(crc32TokenValid(good)).toBe(true);
    expect(detect(`export const token = "${good}";`).map((c) => c.ruleId)).toEqual(["github-pat"]);
    // without a valid checksum the placeholder word still rules it out
    const bad = good.slice(0, -1) + (good.endsWith("A") ? "B" : "A");
    expect(detect(`export const token = "${bad}";`)).toEqual([]);
  });

  it("accepts JWTs only when the header is JSON with alg", () => {
    const enc = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
    const jwt = `${enc({ alg: "HS256", typ: "JWT" })}.${enc({ sub: randomFrom("abcdef0123456789", 12), iat: 1700000000 })}.${randomFrom("abcdefghijklmnopqrstuvwxyzABCDEFGHIJ0123456789_-", 43)}`;
    expect(jwtValid(jwt)).toBe(true);
    expect(jwtValid(`eyJub3QiOiJqc29u.${enc({ a: 1 })}.sig`)).toBe(false);
  });
});

describe("multi-line private keys", () => {
  it("reports a PEM block once with the whole line span", () => {
    const text = `line1\n-----BEGIN RSA PRIVATE KEY-----\n${PEM_BODY()}\n-----END RSA PRIVATE KEY-----\nafter\n`;
    const found = detect(text);
    expect(found).toHaveLength(1);
    expect(found[0].startLine).toBe(2);
    expect(found[0].endLine).toBe(15);
  });

  it("does not report public keys or certificates", () => {
    expect(detect(`-----BEGIN PUBLIC KEY-----\n${PEM_BODY()}\n-----END PUBLIC KEY-----\n`)).toEqual([]);
    expect(detect(`-----BEGIN CERTIFICATE-----\n${PEM_BODY()}\n-----END CERTIFICATE-----\n`)).toEqual([]);
  });
});

describe("decoding", () => {
  const segments = (text: string) => {
    const out: EncodedSegment[] = [];
    findBase64(Buffer.from(text, "latin1"), out);
    return out.map((s) => text.slice(s.start, s.end));
  };

  it("decodes base64 runs standing as values, at any offset, with their padding", () => {
    const b64 = Buffer.from(`user:${randomFrom("abcdefghijklmnop", 20)} host`).toString("base64");
    for (const lead of ["", "x", "xxxxxxxxxxxxxxxxxxxxxxx", "a".repeat(47), "word ".repeat(9)]) {
      for (const before of ["=", ": ", '"', "'", "`", ">", "(", ", ", "[", "=\n  "]) {
        const text = `${lead}${before}${b64};`;
        expect(segments(text), JSON.stringify(text)).toEqual([b64]);
      }
    }
    // At the end of the data, and two values on one line.
    expect(segments(`k=${b64}`)).toEqual([b64]);
    expect(segments(`a="${b64}", b="${b64}"`)).toEqual([b64, b64]);
  });

  it("skips runs that are not values, too short, hex or identifiers", () => {
    const b64 = Buffer.from(`user:${randomFrom("abcdefghijklmnop", 20)} host`).toString("base64");
    expect(segments(`${b64}`)).toEqual([]);
    expect(segments(`path/${b64}`)).toEqual([]);
    expect(segments(`x = ${b64.slice(0, 20)}`)).toEqual([]);
    expect(segments(`x = "${"0123456789abcdef".repeat(4)}"`)).toEqual([]);
    expect(segments(`x = "${"abcdefghijklmnopqrstuvwxyzABCDEF"}"`)).toEqual([]);
  });

  it("finds a secret inside a base64 value and reports it at the encoded location", () => {
    const tok = fakeGithubToken();
    const enc = Buffer.from(`{"auth": "${tok}"}`).toString("base64");
    const found = detect(`x: 1\ndata: ${enc}\n`);
    const hit = found.find((c) => c.ruleId === "github-pat");
    expect(hit?.decodedFrom).toEqual(["base64"]);
    expect(hit?.startLine).toBe(2);
    expect(hit?.startColumn).toBe(7);
    expect(hit?.secret).toBe(tok);
  });

  it("finds a secret inside percent-encoded text", () => {
    const pw = fakePassword();
    const enc = encodeURIComponent(`password=${pw}&x=1`).replace(/!/g, "%21");
    const found = detect(`q = "${enc}"`);
    expect(found.some((c) => c.decodedFrom?.[0] === "percent" && c.secret === pw)).toBe(true);
  });
});

describe("specific beats generic", () => {
  it("reports a GitHub token in an assignment once, as GitHub's", () => {
    const found = detect(`api_token = "${fakeGithubToken()}"`);
    expect(found.map((c) => c.ruleId)).toEqual(["github-pat"]);
  });
});

describe("robustness", () => {
  it("survives invalid UTF-8 and a 5 MB single-line file", () => {
    const tok = fakeGithubToken();
    const bin = Buffer.concat([Buffer.from([0xff, 0xfe, 0xc3, 0x28]), Buffer.from(` token=${tok} `), Buffer.from([0xe2, 0x82])]);
    expect(pack.detect(bin, "x").some((c) => c.secret === tok)).toBe(true);
    const big = "var a=1;".repeat(5 * 1024 * 1024 / 8) + `k="${tok}"`;
    const t0 = performance.now();
    expect(detect(big).some((c) => c.secret === tok)).toBe(true);
    expect(performance.now() - t0).toBeLessThan(20_000);
  });
});
