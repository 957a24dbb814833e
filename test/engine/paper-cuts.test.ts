// Small things a new user trips over: quoted --log-opts, empty repositories, --exit-code 2,
// jsonl, the summary's grammar, NO_COLOR/FORCE_COLOR, and other scanners' allow comments.
import { execFileSync } from "node:child_process";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { fakeGithubToken } from "../helpers/secrets.js";
import { cleanupTmp, commitFiles, git, GIT_ENV, initRepo, tmpDir, writeFiles } from "../helpers/tmp.js";

afterAll(cleanupTmp);

describe("CLI paper cuts", () => {
  it("--log-opts takes a quoted option string as the README shows it", async () => {
    const repo = initRepo();
    commitFiles(repo, { "a.env": `GITHUB_TOKEN=${fakeGithubToken()}\n` });
    writeFiles(repo, { "b.env": `GITHUB_TOKEN=${fakeGithubToken()}\n` });
    git(repo, "add", "-A");
    execCommitAs(repo, "bob");
    const r = await runCli(["git", repo, "--log-opts", "--first-parent --author=bob", "--format", "json"]);
    expect(r.code, r.stderr).toBe(1);
    const files = (JSON.parse(r.stdout) as { findings: { file: string }[] }).findings.map((f) => f.file);
    expect(files).toEqual(["b.env"]);
    // A display option git log takes and rev-list does not: accepted, it selects nothing.
    const m = await runCli(["git", repo, "--log-opts", "--use-mailmap --no-merges", "--format", "json"]);
    expect(m.code, m.stderr).toBe(1);
  });

  it("an empty repository is a clean scan (exit 0) with a note", async () => {
    const repo = initRepo();
    const r = await runCli(["git", repo]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain("empty repository");
  });

  it("refuses --exit-code 2, which means an error", async () => {
    const dir = tmpDir();
    const r = await runCli(["scan", dir, "--exit-code", "2"]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split("\n")).toEqual([expect.stringContaining("--exit-code: 2 is reserved")]);
    expect((await runCli(["scan", dir, "--exit-code", "3"])).code).toBe(0);
  });

  it("--format jsonl prints one finding per line; the summary says '1 file'", async () => {
    const dir = tmpDir();
    writeFiles(dir, { "x.env": `A=${fakeGithubToken()}\nB=${fakeGithubToken()}\n` });
    const r = await runCli(["scan", dir, "--format", "jsonl"]);
    expect(r.code, r.stderr).toBe(1);
    const lines = r.stdout.trim().split("\n").map((l) => JSON.parse(l) as { ruleId: string; startLine: number });
    expect(lines.map((f) => f.startLine).sort()).toEqual([1, 2]);
    expect(r.stderr).toMatch(/scanned 1 file \(/);
  });

  it("honours NO_COLOR and FORCE_COLOR", async () => {
    const dir = tmpDir();
    writeFiles(dir, { "x.env": `A=${fakeGithubToken()}\n` });
    const forced = await runCli(["scan", dir], { env: { NO_COLOR: "", FORCE_COLOR: "1" } });
    expect(forced.stdout).toContain("\x1b[");
    const off = await runCli(["scan", dir], { env: { NO_COLOR: "1", FORCE_COLOR: "1" } });
    expect(off.stdout).not.toContain("\x1b[");
    expect(off.stdout).toContain("x.env");
  });

  it("gitleaks:allow and trufflehog:ignore comments allow a line, like leakguard:allow", async () => {
    const dir = tmpDir();
    writeFiles(dir, {
      "a.py": `token = "${fakeGithubToken()}"  # gitleaks:allow\n`,
      "b.go": `token := "${fakeGithubToken()}" // trufflehog:ignore\n`,
      "c.py": `token = "${fakeGithubToken()}"\n`,
    });
    const r = await runCli(["scan", dir, "--format", "json"]);
    expect(r.code, r.stderr).toBe(1);
    expect((JSON.parse(r.stdout) as { findings: { file: string }[] }).findings.map((f) => f.file)).toEqual(["c.py"]);
  });
});

function execCommitAs(repo: string, name: string): void {
  execFileSync("git", ["commit", "-q", "-m", `by ${name}`], { cwd: repo, env: { ...process.env, ...GIT_ENV, GIT_AUTHOR_NAME: name, GIT_AUTHOR_EMAIL: `${name}@example.com` } });
}

describe("summary", () => {
  it("names what it skipped: excluded paths are called so", async () => {
    const repo = initRepo();
    commitFiles(repo, { "a.txt": "a\n" });
    writeFiles(repo, { "package-lock.json": "{}\n", "b.txt": "b\n" });
    git(repo, "add", "-A");
    const r = await runCli(["staged"], { cwd: repo });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/scanned 1 file .*skipped 1 excluded by path/);
  });
});
