// The push guards end to end: a real pre-push hook pushing to a bare repository, and a
// real pre-receive hook in a bare repository receiving pushes (objects in quarantine).
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { fakePassword, passwordLine } from "../helpers/secrets.js";
import { cleanupTmp, commitFiles, git, initRepo, tmpDir } from "../helpers/tmp.js";
import { HOOK_COMMAND, gitTry, output } from "./helpers.js";

afterAll(cleanupTmp);

function bareRepo(): string {
  const dir = tmpDir("leakguard-remote-");
  git(dir, "init", "-q", "--bare", "-b", "main");
  return dir;
}

function remoteHas(remote: string, ref: string): string | undefined {
  const out = git(remote, "for-each-ref", "--format=%(objectname)", ref);
  return out || undefined;
}

/** Commits with the pre-commit guard out of the way (the push guard is under test). */
function commitNoVerify(repo: string, files: Record<string, string>, message: string): string {
  for (const [name, content] of Object.entries(files)) writeFileSync(join(repo, name), content);
  git(repo, "add", "-A");
  git(repo, "commit", "-q", "--no-verify", "-m", message);
  return git(repo, "rev-parse", "HEAD");
}

describe("pre-push", () => {
  async function setup(): Promise<{ repo: string; remote: string }> {
    const remote = bareRepo();
    const repo = initRepo();
    commitFiles(repo, { "README.md": "hello\n" });
    git(repo, "remote", "add", "origin", remote);
    git(repo, "push", "-q", "origin", "main");
    const r = await runCli(["install", "--hook", "pre-push", "--command", HOOK_COMMAND], { cwd: repo });
    expect(r.code, r.stderr).toBe(0);
    return { repo, remote };
  }

  it("new branch: refuses commits with a secret, allows one whose only secret is already on a remote", async () => {
    const { repo, remote } = await setup();
    const value = fakePassword();
    git(repo, "checkout", "-q", "-b", "leak");
    commitNoVerify(repo, { "app.env": passwordLine(value) + "\n" }, "add secret");
    const refused = await gitTry(repo, ["push", "origin", "leak"]);
    expect(refused.code).not.toBe(0);
    const text = output(refused);
    expect(text).toContain("push blocked");
    expect(text).toContain("app.env:1");
    expect(text).toContain("git push --no-verify");
    expect(text).not.toContain(value);
    expect(remoteHas(remote, "refs/heads/leak")).toBeUndefined();

    // Main already carries an old secret (pushed before the guard existed); a new branch
    // off it with clean commits scans only the new commits.
    git(repo, "checkout", "-q", "main");
    commitNoVerify(repo, { "old.env": passwordLine() + "\n" }, "old secret");
    git(repo, "push", "-q", "--no-verify", "origin", "main");
    git(repo, "checkout", "-q", "-b", "clean");
    commitNoVerify(repo, { "notes.txt": "nothing to see\n" }, "clean work");
    const ok = await gitTry(repo, ["push", "origin", "clean"]);
    expect(ok.code, output(ok)).toBe(0);
    expect(remoteHas(remote, "refs/heads/clean")).toBe(git(repo, "rev-parse", "HEAD"));
  });

  it("existing branch: scans only the commits after the remote tip", async () => {
    const { repo, remote } = await setup();
    commitNoVerify(repo, { "old.env": passwordLine() + "\n" }, "old secret");
    git(repo, "push", "-q", "--no-verify", "origin", "main");
    commitNoVerify(repo, { "more.txt": "more\n" }, "clean");
    const ok = await gitTry(repo, ["push", "origin", "main"]);
    expect(ok.code, output(ok)).toBe(0);
    const tip = git(repo, "rev-parse", "HEAD");
    commitNoVerify(repo, { "new.env": `x=1\n${passwordLine()}\n` }, "new secret");
    const refused = await gitTry(repo, ["push", "origin", "main"]);
    expect(refused.code).not.toBe(0);
    expect(output(refused)).toContain("new.env:2");
    expect(output(refused)).not.toContain("old.env");
    expect(remoteHas(remote, "refs/heads/main")).toBe(tip);
  });

  it("deleting a branch scans nothing and goes through", async () => {
    const { repo, remote } = await setup();
    git(repo, "checkout", "-q", "-b", "doomed");
    commitNoVerify(repo, { "a.env": passwordLine() + "\n" }, "secret");
    git(repo, "push", "-q", "--no-verify", "origin", "doomed");
    expect(remoteHas(remote, "refs/heads/doomed")).toBeDefined();
    const del = await gitTry(repo, ["push", "origin", "--delete", "doomed"]);
    expect(del.code, output(del)).toBe(0);
    expect(output(del)).toContain("nothing to scan");
    expect(remoteHas(remote, "refs/heads/doomed")).toBeUndefined();
  });

  it("rejects malformed ref lines (exit 2), or lets them pass with LEAKGUARD_FAIL_OPEN=1", async () => {
    const repo = initRepo();
    commitFiles(repo, { "a.txt": "a\n" });
    const bad = await runCli(["push", "origin"], { cwd: repo, input: "refs/heads/main nothex refs/heads/main 0000\n" });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("stdin: line 1");
    const open = await runCli(["push", "origin"], { cwd: repo, input: "garbage\n", env: { LEAKGUARD_FAIL_OPEN: "1" } });
    expect(open.code).toBe(0);
    expect(open.stderr).toContain("warning");
    // Driven directly: a JSON report for the pushed range.
    const head = git(repo, "rev-parse", "HEAD");
    commitNoVerify(repo, { "k.env": passwordLine() + "\n" }, "secret");
    const tip = git(repo, "rev-parse", "HEAD");
    const json = await runCli(["push", "origin", "--format", "json"], {
      cwd: repo,
      input: `refs/heads/main ${tip} refs/heads/main ${head}\n`,
    });
    expect(json.code).toBe(1);
    const findings = (JSON.parse(json.stdout) as { findings: { file: string; commit: string }[] }).findings;
    expect(findings.map((f) => [f.file, f.commit])).toEqual([["k.env", tip]]);
  });
});

describe("pre-receive", () => {
  async function server(): Promise<{ remote: string; repo: string }> {
    const remote = bareRepo();
    // An existing shell hook that records the quarantine environment, then the guard.
    const hook = join(remote, "hooks/pre-receive");
    writeFileSync(hook, '#!/bin/sh\necho "quarantine=$GIT_QUARANTINE_PATH" >> "$GIT_DIR/quarantine.log"\ncat > /dev/null\n', {
      mode: 0o755,
    });
    const r = await runCli(["install", "--hook", "pre-receive", "--command", HOOK_COMMAND], { cwd: remote });
    expect(r.code, r.stderr).toBe(0);
    const repo = initRepo();
    git(repo, "remote", "add", "origin", remote);
    return { remote, repo };
  }

  it("rejects a push whose new commits hold a secret, before the objects leave quarantine", async () => {
    const { remote, repo } = await server();
    commitFiles(repo, { "README.md": "hi\n" });
    const first = await gitTry(repo, ["push", "origin", "main"]);
    expect(first.code, output(first)).toBe(0);
    const value = fakePassword();
    const bad = commitNoVerify(repo, { "svc.env": `a=1\n${passwordLine(value)}\n` }, "secret");
    const r = await gitTry(repo, ["push", "origin", "main"]);
    expect(r.code).not.toBe(0);
    const text = output(r);
    expect(text).toContain("remote: leakguard: push rejected");
    expect(text).toContain("svc.env:2");
    expect(text).toContain("pre-receive hook declined");
    expect(text).not.toContain(value);
    expect(remoteHas(remote, "refs/heads/main")).not.toBe(bad);
    // The rejected objects never reached the repository's object store.
    expect((await gitTry(remote, ["cat-file", "-e", bad])).code).not.toBe(0);
    // The hook ran with git's quarantine environment (the existing hook saw it too).
    expect(readFileSync(join(remote, "quarantine.log"), "utf8")).toMatch(/quarantine=\S*incoming/);
  });

  it("scans only commits the server does not have; the default branch's .leakguardignore applies", async () => {
    const { remote, repo } = await server();
    commitFiles(repo, { "README.md": "hi\n" });
    git(repo, "push", "-q", "origin", "main");
    // An old secret reaches the server before the hook cares (pushed past it with the
    // fingerprint ignored on the default branch).
    const value = fakePassword();
    const line = passwordLine(value);
    // The fingerprint contract: file:ruleId:<first 16 hex of SHA-256 of the secret>.
    const fp = `old.env:generic-password:${createHash("sha256").update(value).digest("hex").slice(0, 16)}`;
    commitNoVerify(repo, { "old.env": line + "\n", ".leakguardignore": fp + "\n" }, "old secret, ignored");
    const ignored = await gitTry(repo, ["push", "origin", "main"]);
    // The ignore file arrives in the same push, so the server's HEAD does not have it yet.
    expect(ignored.code).not.toBe(0);
    // An administrator lands it on the server directly (fetch runs no pre-receive hook).
    git(remote, "fetch", "-q", repo, "main:main");
    // Now it is on the default branch: a new branch from here only scans its own commits.
    git(repo, "checkout", "-q", "-b", "feature");
    commitNoVerify(repo, { "feature.txt": "feature\n" }, "feature");
    // The ignored secret on a changed line: the server's .leakguardignore silences it.
    commitNoVerify(repo, { "old.env": `# moved\n${line} \n` }, "touch old secret");
    const ok = await gitTry(repo, ["push", "origin", "feature"]);
    expect(ok.code, output(ok)).toBe(0);
    expect(remoteHas(remote, "refs/heads/feature")).toBe(git(repo, "rev-parse", "HEAD"));
  });

  it("a default-branch config whose extended file is missing does not lock the repository", async () => {
    const { remote, repo } = await server();
    commitFiles(repo, { "README.md": "hi\n" });
    git(repo, "push", "-q", "origin", "main");
    // Landed directly on the server (fetch runs no hook): a config extending a file that is not there.
    commitNoVerify(repo, { ".leakguard.toml": "[extend]\npaths = ['ci/missing.toml']\n" }, "broken config");
    git(remote, "fetch", "-q", repo, "main:main");
    // A clean push still goes through, checked with the built-in rules and a warning.
    commitNoVerify(repo, { "ok.txt": "fine\n" }, "clean");
    const ok = await gitTry(repo, ["push", "origin", "main"]);
    expect(ok.code, output(ok)).toBe(0);
    expect(output(ok)).toMatch(/remote: leakguard: warning: .*ci\/missing\.toml does not exist.*checking with the built-in rules/);
    // And a secret is still refused.
    commitNoVerify(repo, { "svc.env": passwordLine() + "\n" }, "secret");
    const bad = await gitTry(repo, ["push", "origin", "main"]);
    expect(bad.code).not.toBe(0);
    expect(output(bad)).toContain("svc.env:1");
  });
});
