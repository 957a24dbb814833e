// Checks the built-in rule pack (rules/*.toml) on its own, without the engine: schema,
// unique ids, keyword contract, RE2 compilation, and every rule's own examples.
// The engine-level run of the same examples lives in rules.test.ts.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { crc32 } from "node:zlib";
import RE2 from "re2";
import { parse } from "smol-toml";
import { describe, expect, it } from "vitest";

const RULES_DIR = fileURLToPath(new URL("../rules/", import.meta.url));
const SEVERITIES = ["info", "low", "medium", "high", "critical"];
const VALIDATORS = ["github-crc32", "npm-crc32", "jwt"];
const ALLOWED_FIELDS = new Set([
  "id", "description", "regex", "secretGroup", "keywords", "entropy", "allowlist", "tags", "severity",
  "validate", "multiline", "generic", "revocable", "truePositives", "falsePositives",
]);
const ALLOWLIST_FIELDS = new Set(["description", "regexes", "regexTarget", "stopwords", "paths"]);

interface Allowlist {
  regexes?: string[];
  regexTarget?: "secret" | "match" | "line";
  stopwords?: string[];
  paths?: string[];
}
interface Rule {
  id: string;
  description: string;
  regex: string;
  secretGroup?: number;
  keywords: string[];
  entropy?: number;
  allowlist?: Allowlist;
  tags?: string[];
  severity?: string;
  validate?: string;
  multiline?: boolean;
  generic?: boolean;
  truePositives?: string[];
  falsePositives?: string[];
}

const files = readdirSync(RULES_DIR).filter((f) => f.endsWith(".toml")).sort();
const loaded: Array<{ file: string; rules: Rule[] }> = files.map((file) => {
  const doc = parse(readFileSync(join(RULES_DIR, file), "utf8")) as { rules?: Rule[] };
  return { file, rules: doc.rules ?? [] };
});
const allRules = loaded.flatMap((f) => f.rules);

// ---------- helpers (independent re-implementations of the engine's checks) ----------

function shannon(s: string): number {
  if (!s.length) return 0;
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  const n = [...s].length;
  let h = 0;
  for (const c of counts.values()) h -= (c / n) * Math.log2(c / n);
  return h;
}

const B62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
function base62(n: number, width: number): string {
  let out = "";
  let v = n >>> 0;
  while (v > 0) {
    out = B62[v % 62] + out;
    v = Math.floor(v / 62);
  }
  return out.padStart(width, "0");
}
function crcTokenValid(token: string): boolean {
  const body = token.slice(token.lastIndexOf("_") + 1);
  if (body.length !== 36) return false;
  return base62(crc32(Buffer.from(body.slice(0, 30), "utf8")), 6) === body.slice(30);
}
function jwtValid(token: string): boolean {
  const parts = token.split(".");
  if (parts.length < 3) return false;
  try {
    const header = JSON.parse(Buffer.from(parts[0], "base64url").toString("utf8"));
    const payload = JSON.parse(Buffer.from(parts[1], "base64url").toString("utf8"));
    return !!header && typeof header === "object" && "alg" in header && !!payload && typeof payload === "object";
  } catch {
    return false;
  }
}
function validates(rule: Rule, secret: string): boolean {
  if (!rule.validate) return true;
  if (rule.validate === "jwt") return jwtValid(secret);
  return crcTokenValid(secret);
}

function countGroups(source: string): number {
  let n = 0;
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === "\\") {
      i++;
      continue;
    }
    if (inClass) {
      if (c === "]") inClass = false;
      continue;
    }
    if (c === "[") {
      inClass = true;
      if (source[i + 1] === "]") i++;
      continue;
    }
    if (c === "(" && (source[i + 1] !== "?" || (source[i + 2] === "P" && source[i + 3] === "<"))) n++;
  }
  return n;
}

interface Hit {
  secret: string;
  match: string;
  /** Offset of the match in the example text. */
  index: number;
  line: string;
}

/** Runs the rule the way the engine does: line by line, or from each line on for multi-line rules. */
function hits(rule: Rule, text: string): Hit[] {
  const re = new RE2(rule.regex, "gu");
  const group = rule.secretGroup ?? (countGroups(rule.regex) > 0 ? 1 : 0);
  const out: Hit[] = [];
  const segments: Array<[string, number]> = [];
  if (rule.multiline) segments.push([text, 0]);
  else {
    let off = 0;
    for (const l of text.split("\n")) {
      segments.push([l, off]);
      off += l.length + 1;
    }
  }
  for (const [seg, off] of segments) {
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(seg)) !== null) {
      if (m[0].length === 0) re.lastIndex = m.index + 1;
      const secret = m[group];
      if (!secret) continue;
      const index = off + m.index;
      out.push({ secret, match: m[0], index, line: lineAt(text, index) });
    }
  }
  return out;
}

function lineAt(text: string, index: number): string {
  const start = text.lastIndexOf("\n", index - 1) + 1;
  let end = text.indexOf("\n", index);
  if (end < 0) end = text.length;
  return text.slice(start, end).replace(/\r$/, "");
}

function allowlisted(rule: Rule, h: Hit): boolean {
  const al = rule.allowlist;
  if (!al) return false;
  const lower = h.secret.toLowerCase();
  if ((al.stopwords ?? []).some((w) => lower.includes(w.toLowerCase()))) return true;
  const target = al.regexTarget === "match" ? h.match : al.regexTarget === "line" ? h.line : h.secret;
  return (al.regexes ?? []).some((r) => new RE2(r, "u").test(target));
}

/** A hit the engine would report: passes entropy, allowlist and checksum. */
function reportable(rule: Rule, h: Hit): boolean {
  if (rule.entropy !== undefined && shannon(h.secret) < rule.entropy) return false;
  if (allowlisted(rule, h)) return false;
  return validates(rule, h.secret);
}

// ---------- pack-level checks ----------

describe("rule pack", () => {
  it("has at least 170 rules", () => {
    expect(allRules.length).toBeGreaterThanOrEqual(170);
  });

  it("has unique ids across all files", () => {
    const seen = new Map<string, string>();
    const dups: string[] = [];
    for (const { file, rules } of loaded) {
      for (const r of rules) {
        if (seen.has(r.id)) dups.push(`${r.id} (${seen.get(r.id)} and ${file})`);
        seen.set(r.id, file);
      }
    }
    expect(dups).toEqual([]);
  });

  it("has no empty rule files", () => {
    for (const { file, rules } of loaded) expect(rules.length, file).toBeGreaterThan(0);
  });
});

// ---------- per-rule checks ----------

for (const { file, rules } of loaded) {
  describe(file, () => {
    for (const rule of rules) {
      describe(rule.id ?? "(no id)", () => {
        it("is well-formed", () => {
          for (const k of Object.keys(rule)) expect(ALLOWED_FIELDS.has(k), `unknown field ${k}`).toBe(true);
          expect(typeof rule.id).toBe("string");
          expect(rule.id).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
          expect(typeof rule.description).toBe("string");
          expect(rule.description.length).toBeGreaterThan(0);
          expect(typeof rule.regex).toBe("string");
          expect(SEVERITIES).toContain(rule.severity);
          expect(Array.isArray(rule.tags)).toBe(true);
          if (rule.entropy !== undefined) expect(rule.entropy).toBeGreaterThanOrEqual(0);
          if (rule.validate !== undefined) expect(VALIDATORS).toContain(rule.validate);
          if (rule.allowlist) {
            for (const k of Object.keys(rule.allowlist)) expect(ALLOWLIST_FIELDS.has(k), `unknown allowlist field ${k}`).toBe(true);
            for (const r of rule.allowlist.regexes ?? []) expect(() => new RE2(r, "u")).not.toThrow();
          }
          expect((rule.truePositives ?? []).length).toBeGreaterThanOrEqual(2);
          expect((rule.falsePositives ?? []).length).toBeGreaterThanOrEqual(1);
        });

        it("has lower-case, specific keywords", () => {
          expect(Array.isArray(rule.keywords)).toBe(true);
          expect(rule.keywords.length).toBeGreaterThan(0);
          for (const k of rule.keywords) {
            expect(k, `keyword ${k}`).toBe(k.toLowerCase());
            expect(k.length, `keyword ${k}`).toBeGreaterThanOrEqual(3);
          }
        });

        it("compiles with RE2 and names an existing secret group", () => {
          expect(() => new RE2(rule.regex, "u")).not.toThrow();
          const groups = countGroups(rule.regex);
          expect(rule.secretGroup ?? 0).toBeLessThanOrEqual(groups);
        });

        it("detects every true positive, with a keyword on the match's first line", () => {
          for (const tp of rule.truePositives ?? []) {
            const found = hits(rule, tp);
            expect(found.length, `no match: ${tp.slice(0, 120)}`).toBeGreaterThan(0);
            const good = found.filter((h) => reportable(rule, h));
            expect(good.length, `match filtered out (entropy/allowlist/checksum): ${tp.slice(0, 120)}`).toBeGreaterThan(0);
            for (const h of good) {
              const line = h.line.toLowerCase();
              expect(rule.keywords.some((k) => line.includes(k)), `no keyword on line: ${h.line.slice(0, 120)}`).toBe(true);
            }
          }
        });

        // Generic rules rely on the engine's placeholder/reference heuristics for their
        // false positives; rules.test.ts runs those through the detector.
        it.skipIf(rule.generic === true)("reports no false positive", () => {
          for (const fp of rule.falsePositives ?? []) {
            const bad = hits(rule, fp).filter((h) => reportable(rule, h));
            expect(bad.map((h) => h.secret), `false positive: ${fp.slice(0, 120)}`).toEqual([]);
          }
        });

        it.skipIf(!rule.validate || rule.validate === "jwt")("lists a near-miss with a wrong checksum", () => {
          const wrongChecksum = (rule.falsePositives ?? []).some((fp) =>
            hits(rule, fp).some((h) => (rule.entropy === undefined || shannon(h.secret) >= rule.entropy) && !validates(rule, h.secret)),
          );
          expect(wrongChecksum).toBe(true);
        });
      });
    }
  });
}
