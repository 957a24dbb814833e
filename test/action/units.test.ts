// The Action's pure parts: payload parsing, range requests, inputs, diff parsing, escaping.
import { describe, expect, it } from "vitest";
import { parseEvent } from "../../src/action/event.js";
import { requestFor } from "../../src/action/range.js";
import { readInputs } from "../../src/action/inputs.js";
import { addedLines } from "../../src/action/diff-lines.js";
import { escapeHtml, summaryRows } from "../../src/action/summary.js";
import { annotationFor } from "../../src/action/annotations.js";
import { commentBody, markerKey } from "../../src/action/pr-review.js";
import { redactFinding } from "../../src/report/index.js";
import type { Finding } from "../../src/types.js";
import { fakePassword } from "../helpers/secrets.js";

const A = "a".repeat(40);
const B = "b".repeat(40);
const Z = "0".repeat(40);

function finding(secret: string, over: Partial<Finding> = {}): Finding {
  return {
    ruleId: "generic-password",
    description: "Hard-coded password",
    file: "app/x.env",
    startLine: 3,
    endLine: 3,
    startColumn: 13,
    endColumn: 25,
    secret,
    match: `DB_PASSWORD=${secret}`,
    entropy: 3.5,
    fingerprint: `app/x.env:generic-password:0123456789abcdef@${A}`,
    severity: "high",
    tags: [],
    confidence: "high",
    commit: A,
    secretHash: "f".repeat(64),
    ...over,
  };
}

describe("range requests by event", () => {
  const repo = { default_branch: "trunk" };
  it("push: update, new branch, default branch first push, tag, delete, no-op", () => {
    expect(requestFor(parseEvent("push", { ref: "refs/heads/x", before: A, after: B, repository: repo }), "auto")).toMatchObject({ kind: "since", base: A, head: B, fallbackDefaultBranch: "trunk" });
    expect(requestFor(parseEvent("push", { ref: "refs/heads/trunk", before: A, after: B, repository: repo }), "auto")).toMatchObject({ kind: "since", fallbackDefaultBranch: undefined });
    expect(requestFor(parseEvent("push", { ref: "refs/heads/x", before: Z, after: B, repository: repo }), "auto")).toMatchObject({ kind: "new-ref", head: B, defaultBranch: "trunk", allIfDefault: false });
    expect(requestFor(parseEvent("push", { ref: "refs/heads/trunk", before: Z, after: B, repository: repo }), "auto")).toMatchObject({ kind: "new-ref", allIfDefault: true });
    expect(requestFor(parseEvent("push", { ref: "refs/tags/v1", before: Z, after: B, repository: repo }), "auto")).toMatchObject({ kind: "new-ref", head: B });
    expect(requestFor(parseEvent("push", { ref: "refs/heads/x", before: A, after: Z, repository: repo }), "auto")).toMatchObject({ kind: "none" });
    expect(requestFor(parseEvent("push", { ref: "refs/heads/x", before: A, after: A }), "auto")).toMatchObject({ kind: "none" });
  });

  it("pull requests, merge queue, full-history events and scan-mode", () => {
    const pr = { pull_request: { number: 3, base: { sha: A, ref: "main" }, head: { sha: B, ref: "f" } } };
    expect(requestFor(parseEvent("pull_request_target", pr), "auto")).toMatchObject({ kind: "since", base: A, head: B, headRefs: ["refs/pull/3/head"] });
    expect(requestFor(parseEvent("merge_group", { merge_group: { base_sha: A, head_sha: B } }), "auto")).toMatchObject({ kind: "since", base: A, head: B });
    expect(requestFor(parseEvent("schedule", {}), "auto")).toMatchObject({ kind: "full" });
    expect(requestFor(parseEvent("pull_request", pr), "full")).toMatchObject({ kind: "full" });
    expect(() => requestFor(parseEvent("workflow_dispatch", {}), "diff")).toThrow(/scan-mode: diff needs/);
  });

  it("refuses payload values git could take for options", () => {
    expect(() => parseEvent("push", { ref: "refs/heads/x", before: "--all", after: B })).toThrow(/before: expected a commit id/);
    expect(() => parseEvent("push", { ref: "-x", before: A, after: B })).toThrow(/ref: not a valid ref name/);
    expect(() => parseEvent("push", { ref: "refs/heads/x", before: A, after: B, repository: { default_branch: "--upload-pack=x" } })).toThrow(/default_branch/);
    expect(() => parseEvent("pull_request", { pull_request: { number: 1, base: { sha: A, ref: "a..b" }, head: { sha: B } } })).toThrow(/base.ref/);
  });
});

describe("inputs", () => {
  it("reads hyphenated and underscored INPUT_ names, with defaults", () => {
    expect(readInputs({})).toMatchObject({ path: ".", failOnLeak: true, commentOnPr: true, scanMode: "auto", configFromBase: true, revoke: false });
    expect(readInputs({ "INPUT_FAIL-ON-LEAK": "false", INPUT_COMMENT_ON_PR: "False", "INPUT_SARIF-FILE": " out.sarif " })).toMatchObject({ failOnLeak: false, commentOnPr: false, sarifFile: "out.sarif" });
    expect(() => readInputs({ "INPUT_FAIL-ON-LEAK": "yes" })).toThrow("input 'fail-on-leak': expected true or false, got 'yes'");
    expect(() => readInputs({ INPUT_THREADS: "0" })).toThrow("input 'threads'");
  });
});

describe("diff and output helpers", () => {
  it("parses added lines from a zero-context diff", () => {
    const diff = "diff --git a/f b/f\n@@ -1,0 +1,2 @@\n+a\n+b\n@@ -5 +7 @@\n-x\n+y\n@@ -9,2 +10,0 @@\n-z\n-w\n";
    expect([...addedLines(diff)].sort((a, b) => a - b)).toEqual([1, 2, 7]);
  });

  it("escapes repository-controlled text and never shows the clear secret", () => {
    const secret = fakePassword();
    const f = redactFinding(finding(secret, { file: "a<img src=x>|b.env" }));
    expect(escapeHtml("<a>|`")).toBe("&#60;a&#62;&#124;&#96;");
    const row = summaryRows([f]).join(" ");
    expect(row).not.toContain("<img");
    expect(row).not.toContain(secret);
    const a = annotationFor(f, "sub/");
    expect(a).toMatchObject({ level: "error", properties: { file: "sub/a<img src=x>|b.env", startLine: 3, endLine: 3, startColumn: 13 } });
    expect(a.message).not.toContain(secret);
    expect(annotationFor({ ...f, severity: "medium", endLine: 4 }).level).toBe("warning");
    expect(annotationFor({ ...f, endLine: 4 }).properties.startColumn).toBeUndefined();
  });

  it("review comment markers are hex and stable across commits and lines", () => {
    const secret = fakePassword();
    const f = redactFinding(finding(secret, { file: "x --> <b>.env" }));
    const moved = { ...f, commit: B, startLine: 9 };
    expect(markerKey(f)).toMatch(/^[0-9a-f]{16}$/);
    expect(markerKey(moved)).toBe(markerKey(f));
    expect(markerKey({ ...f, secretHash: "e".repeat(64) })).not.toBe(markerKey(f));
    const body = commentBody({ key: markerKey(f), findings: [f, moved] }, B);
    expect(body.split("\n")[0]).toBe(`<!-- leakguard:${markerKey(f)} -->`);
    expect(body).not.toContain(secret);
    expect(body).not.toContain("<b>");
    expect(body).toContain(A.slice(0, 12));
    expect(body).toContain(B.slice(0, 12));
  });
});
