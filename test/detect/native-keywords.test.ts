// The native keyword matcher (Hyperscan) must route exactly like the RE2.Set it replaces.
// It is built when libhyperscan-dev is installed (.ci/run installs it); without the
// headers the detector uses the RE2.Set, and only the equivalence checks are skipped.
import { existsSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createHash } from "node:crypto";
import { spawnSync } from "node:child_process";
import { afterAll, describe, expect, it } from "vitest";
import { loadBuiltinRules } from "../../src/config/load.js";
import { blockEnd, KeywordIndex } from "../../src/detect/keywords.js";
import { cachedKeywordMatcher, nativeKeywordLib, type NativeKeywordLib } from "../../src/detect/native-keywords.js";
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

describe("the compiled keywords, kept between runs", () => {
  const keywords = () => [...new Set(loadBuiltinRules().flatMap((r) => r.keywords))].filter((k) => /^[\x20-\x7e]+$/.test(k));
  /** The keyword ids each matcher finds in the same random texts. */
  function sameMatches(a: object, b: object, kws: string[]): void {
    for (let round = 0; round < 30; round++) {
      const data = Buffer.from(Array.from({ length: 300 }, () => kws[Math.floor(Math.random() * kws.length)].toUpperCase() + randomFrom("abc \n", 4)).join(""));
      expect(lib!.match(b, data, 0, data.length).sort((x, y) => x - y)).toEqual(lib!.match(a, data, 0, data.length).sort((x, y) => x - y));
    }
  }
  /** The library, with create() refused: only a database read from the cache can answer. */
  const noCompile = (): NativeKeywordLib => ({ ...lib!, create: () => { throw new Error("compiled instead of loaded"); } });
  const databases = (dir: string) => readdirSync(dir).filter((f) => f.endsWith(".hsdb"));

  it.skipIf(!lib)("serialized and loaded back, a matcher finds the same keywords; bytes from elsewhere are refused", () => {
    const kws = keywords();
    const compiled = lib!.create(kws);
    sameMatches(compiled, lib!.load(lib!.serialize(compiled), kws.length), kws);
    expect(() => lib!.load(Buffer.from("not a database"), kws.length)).toThrow(/could not load/);
  });

  it.skipIf(!lib)("is compiled once, written to the cache folder, and loaded from it by later runs", () => {
    const kws = keywords();
    const dir = tmpDir();
    const first = cachedKeywordMatcher(lib!, kws, dir);
    expect(databases(dir)).toHaveLength(1);
    const loaded = cachedKeywordMatcher(noCompile(), kws, dir);
    sameMatches(first, loaded, kws);
    // Another list gets a database of its own.
    cachedKeywordMatcher(lib!, kws.slice(1), dir);
    expect(databases(dir)).toHaveLength(2);
  });

  it.skipIf(!lib)("never uses a database of another list, and replaces one Hyperscan refuses", () => {
    const kws = keywords();
    const dir = tmpDir();
    cachedKeywordMatcher(lib!, kws, dir);
    const [name] = databases(dir);
    const path = join(dir, name);
    const good = readFileSync(path);
    const header = good.subarray(0, good.indexOf(10) + 1);
    // Same file name, another list's header: not loaded.
    writeFileSync(path, Buffer.concat([Buffer.from(header.toString("latin1").replace(/ \d+ ([0-9a-f]+)\n$/, ` ${kws.length + 1} $1\n`), "latin1"), good.subarray(header.length)]));
    expect(() => cachedKeywordMatcher(noCompile(), kws, dir)).toThrow(/compiled instead of loaded/);
    // One byte changed in the database: not loaded either.
    const damaged = Buffer.from(good);
    damaged[header.length + Math.floor((good.length - header.length) / 2)] ^= 1;
    writeFileSync(path, damaged);
    expect(() => cachedKeywordMatcher(noCompile(), kws, dir)).toThrow(/compiled instead of loaded/);
    // The right header over bytes Hyperscan refuses: compiled again, and the file repaired.
    const junk = Buffer.alloc(good.length - header.length, 7);
    const junkHeader = header.toString("latin1").replace(/[0-9a-f]+\n$/, `${createHash("sha256").update(junk).digest("hex")}\n`);
    writeFileSync(path, Buffer.concat([Buffer.from(junkHeader, "latin1"), junk]));
    sameMatches(lib!.create(kws), cachedKeywordMatcher(lib!, kws, dir), kws);
    expect(readFileSync(path).equals(good)).toBe(true);
    sameMatches(lib!.create(kws), cachedKeywordMatcher(noCompile(), kws, dir), kws);
  });

  it.skipIf(!lib)("deletes databases unused for 30 days when it writes one, and writes none with LEAKGUARD_CODE_CACHE=0", () => {
    const kws = keywords();
    const dir = tmpDir();
    const now = Date.now();
    cachedKeywordMatcher(lib!, kws.slice(2), dir, now);
    const [old] = databases(dir);
    const monthAgo = (now - 31 * 24 * 60 * 60 * 1000) / 1000;
    utimesSync(join(dir, old), monthAgo, monthAgo);
    writeFileSync(join(dir, "notes.hsdb.txt"), "not ours");
    const deadTmp = join(dir, `${old}.4242-x1y2.tmp`);
    writeFileSync(deadTmp, "left by a run that died");
    const dayAgo = (now - 25 * 60 * 60 * 1000) / 1000;
    utimesSync(deadTmp, dayAgo, dayAgo);
    cachedKeywordMatcher(lib!, kws, dir, now);
    expect(databases(dir)).not.toContain(old);
    expect(databases(dir)).toHaveLength(1);
    expect(existsSync(deadTmp)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
    expect(existsSync(join(dir, "notes.hsdb.txt"))).toBe(true);
    // Loading it keeps it: its time is refreshed once a day.
    const [kept] = databases(dir);
    const twoDaysAgo = (now - 2 * 24 * 60 * 60 * 1000) / 1000;
    utimesSync(join(dir, kept), twoDaysAgo, twoDaysAgo);
    cachedKeywordMatcher(noCompile(), kws, dir, now);
    expect(Math.abs(statSync(join(dir, kept)).mtimeMs - now)).toBeLessThan(2000);

    const off = tmpDir();
    process.env.LEAKGUARD_CODE_CACHE = "0";
    try {
      cachedKeywordMatcher(lib!, kws, off);
    } finally {
      delete process.env.LEAKGUARD_CODE_CACHE;
    }
    expect(databases(off)).toEqual([]);
  });
});
