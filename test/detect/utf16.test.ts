// Issue #12 item 6: UTF-16 files (with a BOM, or with the NUL-every-other-byte shape) are
// decoded and scanned, with positions in the decoded text; not skipped as binary.
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { jsonFindings } from "../helpers/report.js";
import { fakeGithubToken } from "../helpers/secrets.js";
import { cleanupTmp, commitFiles, initRepo, tmpDir, writeFiles } from "../helpers/tmp.js";

afterAll(cleanupTmp);

function utf16(text: string, order: "le" | "be", bom: boolean): Buffer {
  const le = Buffer.from(text, "utf16le");
  const body = order === "le" ? le : Buffer.from(le).swap16();
  const mark = order === "le" ? [0xff, 0xfe] : [0xfe, 0xff];
  return bom ? Buffer.concat([Buffer.from(mark), body]) : body;
}

const script = (token: string) => `# deploy\r\n$user = "ci"\r\n$env:GITHUB_TOKEN = "${token}"\r\n`;

describe("UTF-16 files", () => {
  it("are decoded and scanned in a directory scan", async () => {
    const dir = tmpDir();
    const tokens = { le: fakeGithubToken(), be: fakeGithubToken(), bare: fakeGithubToken(), bareBe: fakeGithubToken() };
    writeFiles(dir, {
      "deploy.ps1": utf16(script(tokens.le), "le", true),
      "settings.reg": utf16(script(tokens.be), "be", true),
      "notes.txt": utf16(script(tokens.bare), "le", false),
      "notes-be.txt": utf16(script(tokens.bareBe), "be", false),
    });
    const r = await runCli(["scan", dir, "--format", "json", "--threads", "1", "--show-secrets"]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/scanned 4 files/);
    expect(r.stderr).not.toMatch(/binary/);
    const got = jsonFindings(r.stdout)
      .filter((f) => f.ruleId === "github-pat")
      .map((f) => [f.file, f.secret, f.startLine, f.startColumn])
      .sort();
    const col = '$env:GITHUB_TOKEN = "'.length + 1;
    expect(got).toEqual(
      [
        ["deploy.ps1", tokens.le, 3, col],
        ["notes-be.txt", tokens.bareBe, 3, col],
        ["notes.txt", tokens.bare, 3, col],
        ["settings.reg", tokens.be, 3, col],
      ].sort(),
    );
  }, 60_000);

  it("are decoded in git history", async () => {
    const repo = initRepo();
    const token = fakeGithubToken();
    commitFiles(repo, { "deploy.ps1": utf16(script(token), "le", true) });
    const r = await runCli(["git", repo, "--format", "json", "--threads", "1"]);
    expect(r.code, r.stderr).toBe(1);
    expect(jsonFindings(r.stdout).map((f) => [f.ruleId, f.file, f.startLine])).toEqual([["github-pat", "deploy.ps1", 3]]);
  }, 60_000);

  it("binary files with NULs are still skipped as binary", async () => {
    const dir = tmpDir();
    writeFiles(dir, { "a.bin": Buffer.from([0, 1, 2, 3, 0, 0, 7, 8, 0, 9, 0, 0, 0, 1, 2, 3, 4, 0]) });
    const r = await runCli(["scan", dir, "--threads", "1"]);
    expect(r.stderr).toMatch(/skipped 1 binary/);
  }, 60_000);
});
