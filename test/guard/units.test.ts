// The guard's pure pieces: diff parsing, ref-line parsing, hook-block editing, message.
import { describe, expect, it } from "vitest";
import { intersectAdded, parsePatchSections, parseRawPatch, type StagedEntry } from "../../src/sources/staged.js";
import { parsePrePush, parsePreReceive, prePushRevs, preReceiveRevs } from "../../src/guard/refs.js";
import { insertBlock, removeBlock, renderBlock, shellScriptCheck } from "../../src/guard/hooks.js";
import { displayText, renderBlocked } from "../../src/guard/message.js";
import { pathExcluder } from "../../src/guard/excludes.js";
import type { Finding } from "../../src/types.js";

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

describe("ref lines", () => {
  it("parses pre-push lines, zero ids meaning new branch / deletion", () => {
    const u = parsePrePush(`refs/heads/a ${A} refs/heads/a ${Z}\nrefs/heads/b ${B} refs/heads/b ${C}\n(delete) ${Z} refs/heads/c ${C}\n\n`);
    expect(u).toEqual([
      { ref: "refs/heads/a", newOid: A, oldOid: undefined },
      { ref: "refs/heads/b", newOid: B, oldOid: C },
      { ref: "refs/heads/c", newOid: undefined, oldOid: C },
    ]);
    const present = new Set([A, B, C]);
    expect(prePushRevs(u, present)).toEqual([A, B, `^${C}`, "--not", "--remotes"]);
    // A remote tip we never fetched cannot be excluded by id; the remote refs still are.
    expect(prePushRevs(u, new Set([A, B]))).toEqual([A, B, "--not", "--remotes"]);
    expect(prePushRevs([u[2]], present)).toBeUndefined();
    expect(() => parsePrePush(`refs/heads/a ${A} refs/heads/a`)).toThrow(/line 1/);
    expect(() => parsePrePush(`refs/heads/a --all refs/heads/a ${Z}`)).toThrow(/object id/);
  });

  it("parses pre-receive lines", () => {
    const u = parsePreReceive(`${Z} ${A} refs/heads/new\n${B} ${C} refs/heads/main\n${A} ${Z} refs/heads/gone\n`);
    expect(preReceiveRevs(u, new Set([A, B, C]))).toEqual([A, C, "--not", "--all"]);
    expect(preReceiveRevs([u[2]], new Set([A]))).toBeUndefined();
    expect(() => parsePreReceive("x y")).toThrow(/line 1/);
  });
});

describe("hook blocks", () => {
  it("inserts after the shebang and removes back to the original bytes", () => {
    const original = "#!/bin/bash\nset -e\nnpm test\nexit 0\n";
    const block = renderBlock({ hook: "pre-commit", invoke: { kind: "command", command: "leakguard" }, created: false });
    const added = insertBlock(original, block);
    expect(added.startsWith("#!/bin/bash\n# >>> leakguard install")).toBe(true);
    expect(added).toContain("leakguard_run() { leakguard \"$@\"; }");
    expect(added).toContain("leakguard_run staged || exit $?");
    const r = removeBlock(added);
    expect(r).toEqual({ content: original, removed: true, created: false });
  });

  it("pre-push blocks hand the refs on to the rest of the hook", () => {
    const block = renderBlock({ hook: "pre-push", invoke: { kind: "local" }, created: true });
    expect(block).toContain("leakguard_refs=$(cat)");
    expect(block).toContain('leakguard_run push "$@" || exit $?');
    expect(block).toContain("exec 0<<LEAKGUARD_REFS");
    expect(removeBlock("#!/bin/sh\n" + block).created).toBe(true);
  });

  it("accepts shell scripts only", () => {
    expect(shellScriptCheck(Buffer.from("#!/usr/bin/env bash\necho\n")).ok).toBe(true);
    expect(shellScriptCheck(Buffer.from("#!/bin/sh -e\n")).ok).toBe(true);
    expect(shellScriptCheck(Buffer.from("npx lint-staged\n")).ok).toBe(true);
    expect(shellScriptCheck(Buffer.from("#!/usr/bin/env -S node --no-warnings\n")).ok).toBe(false);
    expect(shellScriptCheck(Buffer.from("#!/usr/bin/python3\n")).ok).toBe(false);
    expect(shellScriptCheck(Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1])).ok).toBe(false);
  });
});

describe("blocked message", () => {
  const finding = (i: number): Finding => ({
    ruleId: "generic-password",
    description: "d",
    file: `dir/f\n${i}.env`,
    startLine: i,
    endLine: i,
    startColumn: 1,
    endColumn: 2,
    secret: "ab****",
    match: "PASSWORD=ab****",
    entropy: 3,
    fingerprint: `dir/f\n${i}.env:generic-password:0123456789abcdef`,
    severity: "high",
    tags: [],
    confidence: "low",
    secretHash: "x",
  });

  it("lists findings with escaped names, caps long lists, and names the ways out", () => {
    const text = renderBlocked("commit", Array.from({ length: 60 }, (_, i) => finding(i + 1)));
    expect(text).toContain("dir/f\\n1.env:1  generic-password");
    expect(text).toContain("… and 10 more");
    expect(text).not.toContain("dir/f\\n51.env");
    for (const s of ["rotate", "leakguard:allow", ".leakguardignore", "git commit --no-verify"]) expect(text).toContain(s);
    expect(renderBlocked("receive", [finding(1)])).not.toContain("--no-verify");
    expect(displayText("a\u001b[31mb")).toBe("a\\x1b[31mb");
  });
});

describe("pathExcluder", () => {
  it("applies the default excludes and the config's own", () => {
    const ex = pathExcluder({ exclude: ["fixtures/**"], include: [], defaultExcludes: true });
    expect(ex("node_modules/x/index.js")).toBe(true);
    expect(ex("web/package-lock.json")).toBe(true);
    expect(ex("fixtures/a.env")).toBe(true);
    expect(ex("src/a.env")).toBe(false);
    expect(pathExcluder({ exclude: [], include: [], defaultExcludes: false })("package-lock.json")).toBe(false);
  });
});

describe("git object readers", () => {
  it("stream objects in order, skip declined bodies, report missing ones", async () => {
    const { initRepo, git: runGit, writeFiles: write, cleanupTmp: clean } = await import("../helpers/tmp.js");
    const { catFileBatch, objectSizes, readObjectsByName } = await import("../../src/guard/git.js");
    const repo = initRepo();
    write(repo, { "small.txt": "small\n", "big.txt": "x".repeat(200_000) });
    runGit(repo, "add", "-A");
    const small = runGit(repo, "rev-parse", ":small.txt");
    const big = runGit(repo, "rev-parse", ":big.txt");
    const missing = "1".repeat(40);
    const got: { name: string; type?: string; size: number; data?: Buffer }[] = [];
    for await (const o of catFileBatch([big, small, missing, small], { cwd: repo, keep: (_n, size) => size < 1000 })) got.push(o);
    expect(got.map((o) => [o.name, o.type, o.size, o.data?.toString()])).toEqual([
      [big, "blob", 200_000, undefined],
      [small, "blob", 6, "small\n"],
      [missing, undefined, 0, undefined],
      [small, "blob", 6, "small\n"],
    ]);
    expect(objectSizes([small, missing, big], { cwd: repo })).toEqual([6, undefined, 200_000]);
    expect(readObjectsByName([":small.txt", ":nope"], { cwd: repo }).map((b) => b?.toString() ?? null)).toEqual(["small\n", null]);
    clean();
  });
});
