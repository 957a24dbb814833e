// The native keyword matcher (Hyperscan) must route exactly like the RE2.Set it replaces.
// It is built when libhyperscan-dev is installed (.ci/run installs it); without the
// headers the detector uses the RE2.Set, and only the equivalence checks are skipped.
import { existsSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { afterAll, describe, expect, it } from "vitest";
import { loadBuiltinRules } from "../../src/config/load.js";
import { blockEnd, KeywordIndex } from "../../src/detect/keywords.js";
import { nativeKeywordLib } from "../../src/detect/native-keywords.js";
import { BIN } from "../helpers/cli.js";
import { fakeGithubToken, randomFrom } from "../helpers/secrets.js";
import { cleanupTmp, tmpDir, writeFiles } from "../helpers/tmp.js";
import RE2 from "re2";

afterAll(cleanupTmp);

const headers = ["/usr/include/hs/hs.h", "/usr/local/include/hs/hs.h"].some((p) => existsSync(p));
const lib = nativeKeywordLib();

describe("native keyword matcher", () => {
  it("is built wherever Hyperscan's headers are installed (unless LEAKGUARD_NATIVE=0)", () => {
    expect(lib !== null).toBe(headers && process.env.LEAKGUARD_NATIVE !== "0");
  });

  it.skipIf(!lib)("finds the same keywords as an RE2.Set in every block, case-insensitively", () => {
    const keywords = [...new Set(loadBuiltinRules().flatMap((r) => r.keywords))];
    const set = new RE2.Set(keywords.map((k) => `(?i:${k.replace(/[\\^$.*+?()[\]{}|]/g, "\\$&")})`));
    const matcher = lib!.create(keywords);
    // Keywords in every case, split across lines, next to UTF-8 and binary bytes.
    const pieces = [...keywords, ...keywords.map((k) => k.toUpperCase()), "kéy", "tokén", "\u212Aey", "\n", " ", "\x00\xff", "été"];
    let checked = 0;
    for (let round = 0; round < 120; round++) {
      const text = Array.from({ length: 400 }, () => pieces[Math.floor(Math.random() * pieces.length)] + randomFrom("abcxyz_-=: ", 3)).join("");
      const data = Buffer.from(text, "utf8");
      for (let s = 0; s < data.length; ) {
        const e = blockEnd(data, s);
        const want = set.match(data.subarray(s, e) as unknown as string).sort((a, b) => a - b);
        const got = lib!.match(matcher, data, s, e).sort((a, b) => a - b);
        // RE2 folds the Kelvin sign to k; Hyperscan folds ASCII only. Both runs skip it.
        if (!data.subarray(s, e).includes(Buffer.from("\u212A"))) expect(got).toEqual(want);
        checked++;
        s = e;
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it.skipIf(!lib)("rejects what it cannot match like RE2 would: non-ASCII or empty keywords", () => {
    expect(() => lib!.create(["kéy"])).toThrow(/ASCII/);
    expect(() => lib!.create([])).toThrow();
    // KeywordIndex keeps such keywords on the RE2.Set path
    const idx = new KeywordIndex([["kéy"], ["token"]]);
    const data = Buffer.from("a KÉY and a TOKEN");
    expect(idx.rulesFor(idx.match(data, 0, data.length)).sort()).toEqual([0, 1]);
  });

  it("gives the same findings with and without it (LEAKGUARD_NATIVE=0)", () => {
    const dir = tmpDir();
    const files: Record<string, string> = {};
    // ~10 KiB each: every worker passes the blocks after which the native matcher takes over.
    for (let i = 0; i < 80; i++) files[`src/f${i}.js`] = `const path = require("path");\n`.repeat(300 + i) + (i % 10 === 3 ? `const token = "${fakeGithubToken()}";\n` : "");
    writeFiles(dir, files);
    const run = (env: Record<string, string>) =>
      spawnSync(process.execPath, [BIN, "scan", dir, "--format", "json", "--show-secrets"], { encoding: "utf8", env: { ...process.env, ...env } });
    const withIt = run({});
    const without = run({ LEAKGUARD_NATIVE: "0" });
    expect(withIt.status).toBe(1);
    const secrets = (out: string) => (JSON.parse(out) as { findings: { secret: string }[] }).findings.map((f) => f.secret).sort();
    expect(secrets(withIt.stdout)).toHaveLength(8);
    expect(secrets(without.stdout)).toEqual(secrets(withIt.stdout));
  });
});
