// Issue #12 item 16: suppression tests that fail when the behaviour breaks: disabled rules
// (only that rule goes), global allowlist regexes that really match, and baseline entries
// without @commit in history mode.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { jsonFindings } from "../helpers/report.js";
import { fakeGithubToken, fakePassword, passwordLine } from "../helpers/secrets.js";
import { cleanupTmp, commitFiles, initRepo, tmpDir, writeFiles } from "../helpers/tmp.js";

afterAll(cleanupTmp);

const scan = (dir: string, ...args: string[]) => runCli(["scan", dir, "--format", "json", "--threads", "1", ...args]);
const rulesOf = (stdout: string) => jsonFindings(stdout).map((f) => `${f.file}:${f.ruleId}`).sort();

describe("config suppression", () => {
  it.concurrent("disabledRules drops exactly the named rule", async () => {
    const dir = tmpDir();
    writeFiles(dir, { "b.env": `${passwordLine()}\nGH=${fakeGithubToken()}\n` });
    const before = await scan(dir);
    expect(rulesOf(before.stdout)).toEqual(["b.env:generic-password", "b.env:github-pat"]);
    writeFiles(dir, { ".leakguard.toml": `[extend]\ndisabledRules = ["generic-password"]\n` });
    const after = await scan(dir);
    expect(after.code).toBe(1);
    expect(rulesOf(after.stdout)).toEqual(["b.env:github-pat"]);
  }, 30_000);

  it.concurrent("global allowlist regexes suppress the secrets they match, and only those", async () => {
    const dir = tmpDir();
    const allowed = fakePassword();
    writeFiles(dir, {
      ".leakguard.toml": `[allowlist]\nregexes = ['''^${allowed.replace(/[^A-Za-z0-9]/g, "\\$&")}$''']\n`,
      "a.env": passwordLine(allowed) + "\n",
      "b.env": passwordLine() + "\n",
    });
    const r = await scan(dir);
    expect(r.code, r.stderr).toBe(1);
    expect(rulesOf(r.stdout)).toEqual(["b.env:generic-password"]);
    expect(r.stderr).toMatch(/1 finding \(1 suppressed\)/);
  }, 30_000);
});

describe("baselines in history mode", () => {
  it("an entry without @commit covers that secret in that file in every commit", async () => {
    const repo = initRepo();
    const old = passwordLine();
    commitFiles(repo, { "a.env": old + "\n" }, "c1");
    commitFiles(repo, { "a.env": `x=1\n${old}\n`, "copy/a.env": old + "\n" }, "c2");
    commitFiles(repo, { "b.env": passwordLine() + "\n" }, "c3");
    const all = await runCli(["git", repo, "--format", "json", "--threads", "1"]);
    const first = jsonFindings(all.stdout);
    expect(first.map((f) => f.file).sort()).toEqual(["a.env", "b.env", "copy/a.env"]);
    const a = first.find((f) => f.file === "a.env")!;
    expect(a.fingerprint).toMatch(/@[0-9a-f]{40}$/);
    const baseline = join(tmpDir(), "baseline.json");
    writeFileSync(baseline, JSON.stringify({ version: 1, fingerprints: [a.fingerprint.replace(/@.*$/, "")] }));
    const r = await runCli(["git", repo, "--format", "json", "--threads", "1", "--baseline", baseline]);
    expect(r.code, r.stderr).toBe(1);
    // Same secret in another file is not covered; the other secret is not either.
    expect(jsonFindings(r.stdout).map((f) => f.file).sort()).toEqual(["b.env", "copy/a.env"]);
    expect(r.stderr).toMatch(/\(1 suppressed\)/);
  }, 60_000);
});
