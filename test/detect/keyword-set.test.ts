// The keyword prefilter's WebAssembly set (a scan's first blocks) must route exactly like
// the compiled matchers that take over later: the same keywords in every block.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import RE2 from "re2";
import { loadBuiltinRules } from "../../src/config/load.js";
import { KeywordSet } from "../../src/detect/keyword-set.js";
import { blockEnd, KeywordIndex } from "../../src/detect/keywords.js";
import { randomFrom } from "../helpers/secrets.js";
// @ts-expect-error: a plain .mjs build script, without types
import { assemble } from "../../scripts/assemble-wasm.mjs";

const keywords = [...new Set(loadBuiltinRules().flatMap((r) => r.keywords))];
const escape = (k: string) => k.replace(/[\\^$.*+?()[\]{}|]/g, "\\$&");

/** Keywords in every case, cut short, split across lines, next to UTF-8 and binary bytes. */
function randomText(): Buffer {
  const pieces = [...keywords, ...keywords.map((k) => k.toUpperCase()), ...keywords.map((k) => k.slice(0, -1)), "kéy", "tokén", "\n", " ", "\x00\xff", "été"];
  return Buffer.from(Array.from({ length: 400 }, () => pieces[Math.floor(Math.random() * pieces.length)] + randomFrom("abcxyz_-=: ", 3)).join(""), "utf8");
}

function set(words: string[]): KeywordSet {
  const s = KeywordSet.create(words);
  if (!s) throw new Error("keyword-set.wasm did not load");
  return s;
}

describe("KeywordSet", () => {
  it("is the assembly of keyword-set.wat (run scripts/assemble-wasm.mjs after editing it)", async () => {
    const wat = fileURLToPath(new URL("../../src/detect/keyword-set.wat", import.meta.url));
    const committed = readFileSync(wat.replace(/\.wat$/, ".wasm"));
    expect((await assemble(wat)).equals(committed)).toBe(true);
  });

  it("finds the same keywords as an RE2.Set in every block, each once", () => {
    const re2 = new RE2.Set(keywords.map((k) => `(?i:${escape(k)})`));
    const wasm = set(keywords);
    let checked = 0;
    for (let round = 0; round < 150; round++) {
      const data = randomText();
      for (let s = 0; s < data.length; ) {
        const e = blockEnd(data, s);
        const got = wasm.match(data, s, e);
        expect(new Set(got).size).toBe(got.length);
        expect(got.sort((a, b) => a - b)).toEqual(re2.match(data.subarray(s, e) as unknown as string).sort((a, b) => a - b));
        checked++;
        s = e;
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it("finds a keyword at the very start and end of a range, and not past it", () => {
    const s = set(["token", "key"]);
    const data = Buffer.from("xTOKENkey");
    expect(s.match(data, 1, 9).sort()).toEqual([0, 1]);
    expect(s.match(data, 1, 6)).toEqual([0]);
    expect(s.match(data, 1, 5)).toEqual([]);
    expect(s.match(data, 7, 9)).toEqual([]);
  });

  it("grows its memory for a block longer than any before (a minified line)", () => {
    const s = set(["token", "secret"]);
    const line = Buffer.from("x".repeat(3_000_000) + "Secret");
    expect(s.match(line, 0, line.length)).toEqual([1]);
    expect(s.match(Buffer.from("token"), 0, 5)).toEqual([0]);
  });

  it("takes only lower-case ASCII keywords of three bytes or more", () => {
    expect(KeywordSet.accepts(["key", "token"])).toBe(true);
    for (const bad of [["kéy"], ["pk"], ["Key"], ["to\nken"], []]) expect(KeywordSet.accepts(bad), JSON.stringify(bad)).toBe(false);
  });
});

describe("KeywordIndex", () => {
  it("routes the same way before and after its compiled matcher takes over", () => {
    const rules = loadBuiltinRules().map((r) => r.keywords);
    const early = new KeywordIndex(rules);
    const late = new KeywordIndex(rules);
    const filler = Buffer.alloc(4096, "a\n");
    // 100 blocks: past the switch to the compiled matcher (Hyperscan or an RE2.Set).
    for (let i = 0; i < 100; i++) late.match(filler, 0, filler.length);
    for (let round = 0; round < 20; round++) {
      const data = randomText();
      for (let s = 0; s < data.length; ) {
        const e = blockEnd(data, s);
        expect(early.rulesFor(early.match(data, s, e)).sort((x, y) => x - y)).toEqual(late.rulesFor(late.match(data, s, e)).sort((x, y) => x - y));
        s = e;
      }
    }
  });

  it("keeps keywords the KeywordSet cannot take (non-ASCII, two letters) on a compiled matcher", () => {
    const idx = new KeywordIndex([["kéy"], ["pk"], ["token"]]);
    const data = Buffer.from("a KÉY, a PK and a TOKEN");
    expect(idx.rulesFor(idx.match(data, 0, data.length)).sort()).toEqual([0, 1, 2]);
  });
});
