// Issue #12 item 3: only a blob that parses completely as a Git LFS pointer is skipped;
// one that merely starts like a pointer is scanned (history and pre-receive).
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { isLfsPointer } from "../../src/git/lfs-pointer.js";
import { runCli } from "../helpers/cli.js";
import { jsonFindings } from "../helpers/report.js";
import { fakeGithubToken } from "../helpers/secrets.js";
import { cleanupTmp, commitFiles, git, initRepo, tmpDir } from "../helpers/tmp.js";
import { HOOK_COMMAND, gitTry, output } from "../guard/helpers.js";

afterAll(cleanupTmp);

const HEADER = "version https://git-lfs.github.com/spec/v1\n";
const OID = `oid sha256:${"4d".repeat(32)}\n`;
const pointer = (size = "12345") => `${HEADER}${OID}size ${size}\n`;

describe("isLfsPointer", () => {
  it("accepts a whole pointer, with extension lines too", () => {
    expect(isLfsPointer(Buffer.from(pointer()))).toBe(true);
    expect(isLfsPointer(Buffer.from(`${HEADER}ext-0-foo sha256:${"ab".repeat(32)}\n${OID}size 0\n`))).toBe(true);
  });

  it("rejects anything more or less than a pointer", () => {
    const token = fakeGithubToken();
    for (const text of [
      `${HEADER}GITHUB_TOKEN=${token}\n`,
      `${pointer()}GITHUB_TOKEN=${token}\n`,
      `${HEADER}GITHUB_TOKEN=${token}\n${OID}size 1\n`,
      `${HEADER}${OID}size 12 ${token}\n`,
      `${HEADER}oid sha256:${"4d".repeat(31)}\nsize 1\n`,
      `${HEADER}${OID}size 1`, // no final newline
      `${HEADER}${OID}size 1\r\n`,
      `${HEADER}size 1\n${OID}`, // keys out of order
      "",
    ]) {
      expect(isLfsPointer(Buffer.from(text)), JSON.stringify(text.replace(token, "<token>"))).toBe(false);
    }
  });
});

describe("a blob that only starts like an LFS pointer", () => {
  it("is scanned by `git`; a real pointer is still skipped and counted", async () => {
    const repo = initRepo();
    const token = fakeGithubToken();
    const c = commitFiles(repo, { "fake.bin": `${HEADER}GITHUB_TOKEN=${token}\n`, "real.psd": pointer() }, "lfs");
    const r = await runCli(["git", repo, "--format", "json", "--threads", "1"]);
    expect(r.code, r.stderr).toBe(1);
    const found = jsonFindings(r.stdout).filter((f) => f.ruleId === "github-pat");
    expect(found.map((f) => [f.file, f.startLine, f.commit])).toEqual([["fake.bin", 2, c]]);
    expect(r.stderr).toMatch(/1 LFS pointers/);
  });

  it("is rejected by the pre-receive hook", async () => {
    const remote = tmpDir("leakguard-remote-");
    git(remote, "init", "-q", "--bare", "-b", "main");
    const inst = await runCli(["install", "--hook", "pre-receive", "--command", HOOK_COMMAND], { cwd: remote });
    expect(inst.code, inst.stderr).toBe(0);
    const repo = initRepo();
    git(repo, "remote", "add", "origin", remote);
    commitFiles(repo, { "README.md": "hi\n" });
    expect((await gitTry(repo, ["push", "origin", "main"])).code).toBe(0);
    const token = fakeGithubToken();
    writeFileSync(join(repo, "model.bin"), `${HEADER}GITHUB_TOKEN=${token}\n`);
    git(repo, "add", "-A");
    git(repo, "commit", "-q", "--no-verify", "-m", "pointer-looking secret");
    const r = await gitTry(repo, ["push", "origin", "main"]);
    expect(r.code, output(r)).not.toBe(0);
    expect(output(r)).toContain("model.bin:2");
    expect(output(r)).not.toContain(token);
  });
});
