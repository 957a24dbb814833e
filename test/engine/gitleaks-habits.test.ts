// What gitleaks users bring along: .gitleaksignore entries (file:rule:line and
// commit:file:rule:line), and a .gitleaks.toml that leakguard says it does not read.
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
});
