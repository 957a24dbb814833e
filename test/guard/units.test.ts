// The guard's pure pieces: ref-line parsing, hook-block editing, message.
import { describe, expect, it } from "vitest";
import { parsePrePush, parsePreReceive, prePushRevs, preReceiveRevs } from "../../src/guard/refs.js";
import { insertBlock, removeBlock, renderBlock, shellScriptCheck } from "../../src/guard/hooks.js";
import { displayText, renderBlocked } from "../../src/guard/message.js";
import type { Finding } from "../../src/types.js";

const A = "a".repeat(40);
const B = "b".repeat(40);
const C = "c".repeat(40);
const Z = "0".repeat(40);

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

