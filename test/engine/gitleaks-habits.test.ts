// What gitleaks users bring along: .gitleaksignore entries (file:rule:line and
// commit:file:rule:line), and a .gitleaks.toml that leakguard says it does not read.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { fakeGithubToken } from "../helpers/secrets.js";
import { cleanupTmp, commitFiles, initRepo, tmpDir, writeFiles } from "../helpers/tmp.js";

afterAll(cleanupTmp);

type Report = { findings: { file: string; startLine: number }[] };
const where = (stdout: string) => (JSON.parse(stdout) as Report).findings.map((f) => `${f.file}:${f.startLine}`).sort();

describe("gitleaks habits", () => {
  it("a directory scan honours .gitleaksignore's file:rule:line entries (any rule id: gitleaks names its own)", async () => {
    const dir = tmpDir();
    writeFiles(dir, {
      "a.env": `A=${fakeGithubToken()}\nB=${fakeGithubToken()}\n`,
      "c:d.env": `C=${fakeGithubToken()}\n`,
      ".gitleaksignore": "# reviewed\na.env:github-pat:2\nc:d.env:generic-api-key:1\nother.env:x:1\n",
    });
    const r = await runCli(["scan", dir, "--format", "json"]);
    expect(r.code, r.stderr).toBe(1);
    expect(where(r.stdout)).toEqual(["a.env:1"]);
    expect(r.stderr).toContain("2 suppressed");
  });

  it("a history scan honours commit:file:rule:line for that commit only", async () => {
    const repo = initRepo();
    const first = commitFiles(repo, { "k.env": `K=${fakeGithubToken()}\n` });
    commitFiles(repo, { "k.env": `K=${fakeGithubToken()}\n` });
    writeFiles(repo, { ".gitleaksignore": `${first}:k.env:github-pat:1\n` });
    const r = await runCli(["git", repo, "--format", "json"]);
    expect(r.code, r.stderr).toBe(1);
    const commits = (JSON.parse(r.stdout) as { findings: { commit: string }[] }).findings.map((f) => f.commit);
    expect(commits).toHaveLength(1);
    expect(commits[0]).not.toBe(first);
  });

  it("says once that a .gitleaks.toml without a .leakguard.toml is not read", async () => {
    const dir = tmpDir();
    writeFiles(dir, { ".gitleaks.toml": "title = 'x'\n", "a.txt": "a\n" });
    const r = await runCli(["scan", dir]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr.match(/\.gitleaks\.toml/g)).toHaveLength(1);
    writeFiles(dir, { ".leakguard.toml": "" });
    expect((await runCli(["scan", dir])).stderr).not.toContain(".gitleaks.toml");
  });

  it("--baseline takes a previous leakguard JSON report", async () => {
    const dir = tmpDir();
    writeFiles(dir, { "a.env": `A=${fakeGithubToken()}\n` });
    const report = join(tmpDir(), "report.json");
    const first = await runCli(["scan", dir, "--format", "json", "-o", report]);
    expect(first.code).toBe(1);
    writeFiles(dir, { "b.env": `B=${fakeGithubToken()}\n` });
    const r = await runCli(["scan", dir, "--format", "json", "--baseline", report]);
    expect(r.code, r.stderr).toBe(1);
    expect(where(r.stdout)).toEqual(["b.env:1"]);
  });

  it("--baseline takes a gitleaks JSON report: by secret when it has them, by file and line when redacted", async () => {
    const dir = tmpDir();
    const moved = fakeGithubToken();
    writeFiles(dir, { "a.env": `\nA=${moved}\n`, "b.env": `B=${fakeGithubToken()}\n`, "c.env": `C=${fakeGithubToken()}\n` });
    const report = [
      { Description: "GitHub token", File: "a.env", StartLine: 1, EndLine: 1, Secret: moved, Match: `A=${moved}`, RuleID: "github-pat", Commit: "", Fingerprint: "a.env:github-pat:1" },
      { Description: "GitHub token", File: "b.env", StartLine: 1, EndLine: 1, Secret: "REDACTED", Match: "REDACTED", RuleID: "github-pat", Commit: "", Fingerprint: "b.env:github-pat:1" },
    ];
    const base = join(tmpDir(), "gitleaks-report.json");
    writeFileSync(base, JSON.stringify(report));
    const r = await runCli(["scan", dir, "--format", "json", "--baseline", base]);
    expect(r.code, r.stderr).toBe(1);
    expect(where(r.stdout)).toEqual(["c.env:1"]);
    writeFileSync(base, JSON.stringify([{ File: "x" }]));
    const bad = await runCli(["scan", dir, "--baseline", base]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("gitleaks JSON report");
  });
});
