// Issue #12 items 9 and 16: no 8-character window of a planted secret (or of its encoded
// form) reaches any report format, and errors about config, baseline or report files
// name a position instead of quoting the text.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { leakedWindow } from "../helpers/redaction.js";
import { jsonFindings } from "../helpers/report.js";
import { fakeGithubToken, fakePassword, passwordLine } from "../helpers/secrets.js";
import { cleanupTmp, tmpDir, writeFiles } from "../helpers/tmp.js";

afterAll(cleanupTmp);

describe("redaction in every report format", () => {
  it("shows no 8-character window of a plain or base64-encoded secret", async () => {
    const dir = tmpDir();
    const token = fakeGithubToken();
    const password = fakePassword();
    const encoded = Buffer.from(`GITHUB_TOKEN=${token}\n`).toString("base64");
    writeFiles(dir, { "app.env": `${passwordLine(password)}\n`, "blob.yaml": `data: "${encoded}"\n` });
    const json = await runCli(["scan", dir, "--format", "json", "--threads", "1"]);
    expect(json.code, json.stderr).toBe(1);
    const findings = jsonFindings(json.stdout);
    const decoded = findings.find((f) => f.decodedFrom?.includes("base64"));
    expect(decoded?.ruleId).toBe("github-pat");
    expect(decoded?.match).toMatch(/^\*+$/);
    expect(findings.some((f) => f.ruleId === "generic-password")).toBe(true);
    for (const format of ["json", "sarif", "csv", "text"]) {
      const r = format === "json" ? json : await runCli(["scan", dir, "--format", format, "--threads", "1"]);
      expect(r.code, r.stderr).toBe(1);
      const out = r.stdout + r.stderr;
      for (const s of [token, password, encoded]) expect(leakedWindow(out, s), `${format}`).toBeUndefined();
    }
    // And --show-secrets does show them (the check above can fail).
    const shown = await runCli(["scan", dir, "--format", "json", "--threads", "1", "--show-secrets"]);
    expect(leakedWindow(shown.stdout, token)).toBeDefined();
    expect(leakedWindow(shown.stdout, encoded)).toBeDefined();
  }, 60_000);
});

describe("errors about files that may hold secrets", () => {
  it.concurrent("a broken baseline is named by line and column, not quoted", async () => {
    const dir = tmpDir();
    const token = fakeGithubToken();
    writeFiles(dir, { "a.txt": "hello\n" });
    const baseline = join(dir, "baseline.json");
    writeFileSync(baseline, `{\n  "version": 1,\n  "fingerprints": [${token}]\n}\n`);
    const r = await runCli(["scan", dir, "--baseline", baseline, "--threads", "1"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("baseline.json: invalid baseline JSON at line 3, column 20");
    expect(leakedWindow(r.stderr, token)).toBeUndefined();
  });

  it.concurrent("a broken report given to `revoke` is named by position, not quoted", async () => {
    const dir = tmpDir();
    const token = fakeGithubToken();
    const report = join(dir, "report.json");
    writeFileSync(report, `{"version": 1, "findings": [{"secret": ${token}}]}`);
    writeFileSync(join(dir, "revoke.toml"), `auditLog = "${join(dir, "audit.jsonl")}"\n[backends.c]\ntype = "command"\nargv = ["true"]\n[[route]]\ntags = ["github"]\nbackend = "c"\n`);
    const r = await runCli(["revoke", report, "--revoke-config", join(dir, "revoke.toml")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/report\.json: not JSON \(line 1, column \d+\)/);
    expect(leakedWindow(r.stderr, token)).toBeUndefined();
  });

  it.concurrent("a broken .leakguard.toml is named by line and column, not quoted", async () => {
    const dir = tmpDir();
    const password = fakePassword();
    writeFiles(dir, { ".leakguard.toml": `title = "x"\npassword = ${password}\n`, "a.txt": "hello\n" });
    const r = await runCli(["scan", dir, "--threads", "1"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\.leakguard\.toml: invalid TOML at line 2, column \d+/);
    expect(leakedWindow(r.stderr, password)).toBeUndefined();
  });
});
