// The Action on push, tag, schedule events: which commits are scanned, and what is
// reported (annotations, outputs, job summary, SARIF), as a real child process.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cleanupTmp, commitFiles, git, tmpDir } from "../helpers/tmp.js";
import { fakePassword, passwordLine } from "../helpers/secrets.js";
import { annotations, makeOrigin, runAction, runnerCheckout, ZEROS } from "./harness.js";

afterAll(cleanupTmp);

const repoInfo = { default_branch: "main", full_name: "octo/demo" };

function pushPayload(ref: string, before: string, after: string, extra: Record<string, unknown> = {}) {
  return { ref, before, after, created: /^0+$/.test(before), deleted: /^0+$/.test(after), forced: false, repository: repoInfo, ...extra };
}

/** Files reported, from the annotations the Action printed. */
function annotatedFiles(stdout: string): string[] {
  return annotations(stdout)
    .filter((a) => a.props.title?.startsWith("leakguard"))
    .map((a) => `${a.props.file}:${a.props.line}`)
    .sort();
}

function expectNoSecret(texts: string[], secrets: string[]): void {
  for (const t of texts) for (const s of secrets) expect(t).not.toContain(s);
}

describe("push", () => {
  it("scans before..after only: annotations, outputs, summary and SARIF, no secret in clear", async () => {
    const { dev, url } = makeOrigin();
    const s1 = fakePassword();
    const s2 = fakePassword();
    commitFiles(dev, { "README.md": "hello\n" }, "init");
    const before = commitFiles(dev, { "old.env": passwordLine(s1) + "\n" }, "old secret");
    git(dev, "push", "-q", "origin", "main");
    const introduced = commitFiles(dev, { "new.env": "# new\n" + passwordLine(s2) + "\n" }, "new secret");
    const after = commitFiles(dev, { "README.md": "hello again\n" }, "docs");
    git(dev, "push", "-q", "origin", "main");
    const ws = runnerCheckout(url, after, undefined, "main");

    const r = await runAction({ workspace: ws, event: "push", payload: pushPayload("refs/heads/main", before, after), inputs: { "sarif-file": "results/leakguard.sarif" } });
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(annotatedFiles(r.stdout)).toEqual(["new.env:2"]);
    const a = annotations(r.stdout).find((x) => x.props.file === "new.env")!;
    expect(a.level).toBe("error");
    expect(a.props.endLine).toBe("2");
    expect(a.props.title).toBe("leakguard: generic-password");
    expect(r.stdout).toMatch(/push to refs\/heads\/main: [0-9a-f]{12}\.\.[0-9a-f]{12} \(2 commits\)/);
    expect(r.outputs).toMatchObject({ findings: "1", "exit-code": "1" });
    expect(r.outputs.sarif).toBe(join(ws, "results/leakguard.sarif"));
    expect(r.stdout).toMatch(/^::error::leakguard found 1 secret in push/m);

    expect(r.summary).toContain("<code>generic-password</code>");
    expect(r.summary).toContain("<code>new.env:2</code>");
    expect(r.summary).toContain(`<code>${introduced.slice(0, 12)}</code>`);
    expect(r.summary).not.toContain("old.env");

    const sarif = JSON.parse(readFileSync(r.outputs.sarif, "utf8"));
    const results = sarif.runs[0].results;
    expect(results).toHaveLength(1);
    expect(results[0].locations[0].physicalLocation.artifactLocation.uri).toBe("new.env");
    expect(results[0].locations[0].physicalLocation.region.startLine).toBe(2);
    expectNoSecret([r.stdout, r.stderr, r.summary, readFileSync(r.outputs.sarif, "utf8")], [s1, s2]);
  });

  it("a pushed commit cannot switch off its own scan: the config comes from the commit before the push", async () => {
    const { dev, url } = makeOrigin();
    const before = commitFiles(dev, { "README.md": "hello\n" }, "init");
    git(dev, "push", "-q", "origin", "main");
    const after = commitFiles(dev, { ".leakguard.toml": "[extend]\nuseDefault = false\n", "a.env": passwordLine() + "\n" }, "silence and leak");
    git(dev, "push", "-q", "origin", "main");
    const ws = runnerCheckout(url, after, undefined, "main");
    const r = await runAction({ workspace: ws, event: "push", payload: pushPayload("refs/heads/main", before, after) });
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.outputs.findings).toBe("1");
    expect(r.stdout).toContain(`read from ${before.slice(0, 12)}`);
  });

  it("a new branch is checked with the default branch's config", async () => {
    const { dev, url } = makeOrigin();
    commitFiles(dev, { "README.md": "hello\n", ".leakguard.toml": "[allowlist]\npaths = ['^fixtures/']\n" }, "init");
    git(dev, "push", "-q", "origin", "main");
    git(dev, "checkout", "-q", "-b", "feature");
    const after = commitFiles(dev, { ".leakguard.toml": "[extend]\nuseDefault = false\n", "fixtures/a.env": passwordLine() + "\n", "b.env": passwordLine() + "\n" }, "leak");
    git(dev, "push", "-q", "origin", "feature");
    const ws = runnerCheckout(url, after, undefined, "feature");
    const r = await runAction({ workspace: ws, event: "push", payload: pushPayload("refs/heads/feature", ZEROS, after) });
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(annotatedFiles(r.stdout)).toEqual(["b.env:1"]);
  });

  it("fail-on-leak: false keeps the step green but reports exit-code 1", async () => {
    const { dev, url } = makeOrigin();
    const before = commitFiles(dev, { "README.md": "hello\n" }, "init");
    git(dev, "push", "-q", "origin", "main");
    const after = commitFiles(dev, { "a.env": passwordLine() + "\n" }, "secret");
    git(dev, "push", "-q", "origin", "main");
    const ws = runnerCheckout(url, after, undefined, "main");
    const r = await runAction({ workspace: ws, event: "push", payload: pushPayload("refs/heads/main", before, after), inputs: { "fail-on-leak": "false" } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.outputs).toMatchObject({ findings: "1", "exit-code": "1", sarif: "" });
    expect(r.stdout).toMatch(/^::warning::leakguard found 1 secret .*fail-on-leak: false/m);
  });

  it("new branch from a shallow checkout: only commits not on the default branch, after deepening", async () => {
    const { dev, url } = makeOrigin();
    commitFiles(dev, { "README.md": "hello\n" }, "init");
    commitFiles(dev, { "old.env": passwordLine() + "\n" }, "old secret on main");
    for (let i = 0; i < 3; i++) commitFiles(dev, { "README.md": `v${i}\n` }, `main ${i}`);
    git(dev, "push", "-q", "origin", "main");
    git(dev, "checkout", "-q", "-b", "feature", "HEAD~2");
    commitFiles(dev, { "feat.env": passwordLine() + "\n" }, "feature secret");
    const after = commitFiles(dev, { "feat.txt": "more\n" }, "feature work");
    git(dev, "push", "-q", "origin", "feature");
    const ws = runnerCheckout(url, "refs/heads/feature", 1, "feature");
    expect(git(ws, "rev-parse", "--is-shallow-repository")).toBe("true");

    const r = await runAction({ workspace: ws, event: "push", payload: pushPayload("refs/heads/feature", ZEROS, after) });
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(annotatedFiles(r.stdout)).toEqual(["feat.env:1"]);
    expect(r.stdout).toContain("new branch refs/heads/feature: commits not on main (2 commits)");
    expect(r.stdout).toContain("shallow clone: fetching");
    expect(r.outputs.findings).toBe("1");
  });

  it("force push: commits of the new history since the merge base, not the replaced ones", async () => {
    const { dev, url } = makeOrigin();
    commitFiles(dev, { "README.md": "hello\n" }, "init");
    const base = commitFiles(dev, { "old.env": passwordLine() + "\n" }, "old secret on main");
    git(dev, "push", "-q", "origin", "main");
    git(dev, "checkout", "-q", "-b", "topic");
    commitFiles(dev, { "a.env": passwordLine() + "\n" }, "first attempt");
    const before = commitFiles(dev, { "a.txt": "x\n" }, "first attempt 2");
    git(dev, "push", "-q", "origin", "topic");
    const ws = runnerCheckout(url, "refs/heads/topic", undefined, "topic");
    git(dev, "reset", "-q", "--hard", base);
    const after = commitFiles(dev, { "b.env": passwordLine() + "\n" }, "second attempt");
    git(dev, "push", "-q", "--force", "origin", "topic");
    git(ws, "fetch", "-q", "origin", "+refs/heads/topic:refs/remotes/origin/topic");

    const r = await runAction({ workspace: ws, event: "push", payload: pushPayload("refs/heads/topic", before, after, { forced: true }) });
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(annotatedFiles(r.stdout)).toEqual(["b.env:1"]);
    expect(r.stdout).toContain(`${before.slice(0, 12)} is not an ancestor of ${after.slice(0, 12)}; scanning from their merge base ${base.slice(0, 12)}`);
    expect(r.stdout).toContain("force push to refs/heads/topic");
  });

  it("path: a checkout in a subdirectory of the workspace", async () => {
    const { dev, url } = makeOrigin();
    const before = commitFiles(dev, { "README.md": "hello\n" }, "init");
    git(dev, "push", "-q", "origin", "main");
    const after = commitFiles(dev, { "deep/a.env": passwordLine() + "\n" }, "secret");
    git(dev, "push", "-q", "origin", "main");
    const repo = runnerCheckout(url, after, undefined, "main");
    const ws = tmpDir("leakguard-ws-");
    git(ws, "clone", "-q", repo, "src-repo");
    git(join(ws, "src-repo"), "remote", "set-url", "origin", url);
    const r = await runAction({ workspace: ws, event: "push", payload: pushPayload("refs/heads/main", before, after), inputs: { path: "src-repo" } });
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(annotatedFiles(r.stdout)).toEqual(["deep/a.env:1"]);
    expect(r.summary).toContain("<code>src-repo/deep/a.env:1</code>");
  });

  it("deleted branch: nothing to scan", async () => {
    const { dev, url } = makeOrigin();
    const head = commitFiles(dev, { "old.env": passwordLine() + "\n" }, "secret");
    git(dev, "push", "-q", "origin", "main");
    const ws = runnerCheckout(url, head, undefined, "main");
    const r = await runAction({ workspace: ws, event: "push", payload: pushPayload("refs/heads/gone", head, ZEROS) });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("push deleted branch refs/heads/gone: nothing to scan");
    expect(r.outputs).toMatchObject({ findings: "0", "exit-code": "0" });
    expect(r.summary).toContain("No secrets found.");
  });

  it("tag push: only the commits the tag brings that are not on the default branch", async () => {
    const { dev, url } = makeOrigin();
    commitFiles(dev, { "old.env": passwordLine() + "\n" }, "secret on main");
    const mainTip = commitFiles(dev, { "README.md": "x\n" }, "more");
    git(dev, "push", "-q", "origin", "main");
    git(dev, "checkout", "-q", "--detach");
    const tagged = commitFiles(dev, { "release.env": passwordLine() + "\n" }, "release-only commit");
    git(dev, "tag", "-a", "-m", "v1", "v1");
    git(dev, "tag", "v0", mainTip);
    git(dev, "push", "-q", "origin", "v1", "v0");
    const tagObject = git(dev, "rev-parse", "v1");
    expect(tagObject).not.toBe(tagged);
    const ws = runnerCheckout(url, "refs/tags/v1", 1);

    const r = await runAction({ workspace: ws, event: "push", payload: pushPayload("refs/tags/v1", ZEROS, tagObject) });
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(annotatedFiles(r.stdout)).toEqual(["release.env:1"]);

    const r0 = await runAction({ workspace: ws, event: "push", payload: pushPayload("refs/tags/v0", ZEROS, mainTip) });
    expect(r0.code, r0.stdout + r0.stderr).toBe(0);
    expect(r0.outputs.findings).toBe("0");
  });

  it("schedule: full history, unshallowing the checkout", async () => {
    const { dev, url } = makeOrigin();
    commitFiles(dev, { "old.env": passwordLine() + "\n" }, "secret long ago");
    commitFiles(dev, { "old.env": "removed\n" }, "removed");
    const head = commitFiles(dev, { "README.md": "x\n" }, "more");
    git(dev, "push", "-q", "origin", "main");
    const ws = runnerCheckout(url, head, 1, "main");
    const r = await runAction({ workspace: ws, event: "schedule", payload: { schedule: "0 3 * * *" } });
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(annotatedFiles(r.stdout)).toEqual(["old.env:1"]);
    expect(r.stdout).toContain("schedule event: full history");
    expect(git(ws, "rev-parse", "--is-shallow-repository")).toBe("false");

    const diff = await runAction({ workspace: ws, event: "workflow_dispatch", payload: {}, inputs: { "scan-mode": "diff" } });
    expect(diff.code).toBe(2);
    expect(diff.stdout).toMatch(/^::error::leakguard: scan-mode: diff needs a push, pull_request or merge_group event, not 'workflow_dispatch'$/m);
    expect(diff.outputs["exit-code"]).toBe("2");
  });

  it("a push whose range cannot be completed in a shallow clone fails with a clear message", async () => {
    const { dev, url } = makeOrigin();
    commitFiles(dev, { "README.md": "0\n" }, "init");
    const before = commitFiles(dev, { "README.md": "1\n" }, "one");
    for (let i = 0; i < 3; i++) commitFiles(dev, { "README.md": `v${i}\n` }, `c${i}`);
    const after = commitFiles(dev, { "a.env": passwordLine() + "\n" }, "secret");
    git(dev, "push", "-q", "origin", "main");
    const ws = runnerCheckout(url, after, 1, "main");
    git(ws, "fetch", "-q", "--depth=1", "origin", before);
    git(ws, "remote", "set-url", "origin", join(tmpDir(), "gone.git"));
    const r = await runAction({ workspace: ws, event: "push", payload: pushPayload("refs/heads/main", before, after) });
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/^::error::leakguard: cannot deepen the shallow clone to find the merge base of [0-9a-f]{12} and [0-9a-f]{12} .*fetch-depth: 0$/m);
    expect(r.outputs["exit-code"]).toBe("2");
  });

  it("bad inputs and payloads: one-line error naming them, exit 2", async () => {
    const ws = tmpDir();
    const r = await runAction({ workspace: ws, event: "push", payload: {}, inputs: { "scan-mode": "everything" } });
    expect(r.code).toBe(2);
    expect(r.stdout).toContain("::error::leakguard: input 'scan-mode': expected auto, diff or full, got 'everything'");
    const notRepo = await runAction({ workspace: ws, event: "push", payload: {} });
    expect(notRepo.code).toBe(2);
    expect(notRepo.stdout).toContain("is not inside a git repository");
    const { dev, url } = makeOrigin();
    const head = commitFiles(dev, { "README.md": "x\n" }, "init");
    git(dev, "push", "-q", "origin", "main");
    const repo = runnerCheckout(url, head, undefined, "main");
    const bad = await runAction({ workspace: repo, event: "push", payload: { ref: "refs/heads/main", before: "--upload-pack=evil", after: head } });
    expect(bad.code).toBe(2);
    expect(bad.stdout).toContain("::error::leakguard: GITHUB_EVENT_PATH: push payload: before: expected a commit id");
    expect(existsSync(join(repo, "evil"))).toBe(false);
  });
});
