// The staged source's parsers: git diff-index output to staged entries and added lines.
import { describe, expect, it } from "vitest";
import { intersectAdded, parsePatchSections, parseRawPatch, type StagedEntry } from "../../src/sources/staged.js";

const A = "a".repeat(40);
const B = "b".repeat(40);
const C = "c".repeat(40);
const Z = "0".repeat(40);

describe("parseRawPatch", () => {
  it("pairs raw records with patch sections and reads added lines by hunk counts", () => {
    const raw =
      `:100644 100644 ${A} ${B} M\0x.txt\0` +
      `:000000 100644 ${Z} ${C} A\0new\nline.txt\0` +
      `:100644 100644 ${A} ${A} R100\0old\0new\0\0`;
    const patch = [
      "diff --git a/x.txt b/x.txt",
      "--- a/x.txt",
      "+++ b/x.txt",
      "@@ -2 +2,2 @@",
      "-old",
      "+diff --git a/fake b/fake",
      "+@@ -1 +100,5 @@",
      "@@ -9,0 +11 @@",
      "+tail",
      "\\ No newline at end of file",
      'diff --git "a/new\\nline.txt" "b/new\\nline.txt"',
      "new file mode 100644",
      "Binary files /dev/null and \"b/new\\nline.txt\" differ",
      "diff --git a/old b/new",
      "similarity index 100%",
      "rename from old",
      "rename to new",
      "",
    ].join("\n");
    const entries = parseRawPatch(Buffer.concat([Buffer.from(raw), Buffer.from(patch)]));
    expect(entries.map((e) => [e.status, e.path, e.from, e.oid, e.binary, [...e.added]])).toEqual([
      ["M", "x.txt", undefined, B, false, [2, 3, 11]],
      ["A", "new\nline.txt", undefined, C, true, []],
      ["R", "new", "old", A, false, []],
    ]);
  });

  it("fails loudly when records and patches do not line up", () => {
    const raw = `:100644 100644 ${A} ${B} M\0x.txt\0\0`;
    expect(() => parseRawPatch(Buffer.from(raw))).toThrow(/1 files but 0 patches/);
  });

  it("numbers added lines correctly when hunks carry context lines", () => {
    const patch = "diff --git a/x b/x\n@@ -1,4 +1,5 @@\n ctx\n-old\n+new1\n+new2\n ctx\n ctx\n";
    expect([...parsePatchSections(Buffer.from(patch))[0].added]).toEqual([2, 3]);
  });

  it("rejects a truncated hunk", () => {
    expect(() => parsePatchSections(Buffer.from("diff --git a/x b/x\n@@ -1 +1,2 @@\n-a\n+b\nstray\n"))).toThrow(/short hunk/);
  });
});

describe("intersectAdded", () => {
  const entry = (path: string, added: number[], binary = false): StagedEntry => ({ status: "M", path, oid: A, mode: "100644", binary, added: new Set(added) });
  it("keeps only lines new against every merge parent", () => {
    const vsHead = [entry("a", [1, 2, 3]), entry("b", [5]), entry("c", [1])];
    const vsOther = [entry("a", [2, 3, 4]), entry("c", [7])];
    expect(intersectAdded([vsHead, vsOther]).map((e) => [e.path, [...e.added]])).toEqual([["a", [2, 3]]]);
  });
});

