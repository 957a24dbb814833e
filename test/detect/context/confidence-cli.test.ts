// `--confidence` end to end: a real CLI process over a real temp directory.
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../../helpers/cli.js";
import { cleanupTmp, tmpDir, writeFiles } from "../../helpers/tmp.js";
import { fakePassword, randomFrom } from "../../helpers/secrets.js";
import { jsonFindings } from "../../helpers/report.js";

afterAll(cleanupTmp);

/** A weak but real password: a dictionary word with digits. */
const weakPassword = () => "admin" + randomFrom("0123456789", 3);

describe("--confidence", () => {
  it("reports a weak password in a credential file at medium, drops low findings by default and counts them", { timeout: 60_000 }, async () => {
    const dir = tmpDir();
    const weak = weakPassword();
    const strong = fakePassword();
    writeFiles(dir, {
      "deploy/.env": `DB_PASSWORD=${weak}\n`,
      "test/models/user_test.rb": `user = User.new(password: "${fakePassword()}")\n`,
      "lib/user.rb": `#   User.create(password: "${fakePassword()}")\nDEFAULT = { password: "${strong}" }\n`,
    });
    const r = await runCli(["scan", dir, "--format", "json"]);
    expect(r.code).toBe(1);
    const found = jsonFindings(r.stdout).map((f) => [f.file, f.startLine, f.confidence, f.context]);
    expect(found).toEqual([
      ["deploy/.env", 1, "medium", { fileRole: "credential", lineRole: "code" }],
      ["lib/user.rb", 2, "medium", { fileRole: "code", lineRole: "code" }],
    ]);
    expect(r.stderr).toMatch(/2 findings \(2 low below --confidence\)/);

    const audit = await runCli(["scan", dir, "--format", "json", "--confidence", "low"]);
    const all = jsonFindings(audit.stdout).map((f) => [f.file, f.confidence, f.context]);
    expect(all).toEqual([
      ["deploy/.env", "medium", { fileRole: "credential", lineRole: "code" }],
      ["lib/user.rb", "low", { fileRole: "code", lineRole: "comment" }],
      ["lib/user.rb", "medium", { fileRole: "code", lineRole: "code" }],
      ["test/models/user_test.rb", "low", { fileRole: "test", lineRole: "code" }],
    ]);
    expect(audit.stderr).toMatch(/4 findings;|4 findings$/m);

    const high = await runCli(["scan", dir, "--format", "json", "--confidence", "high"]);
    expect(high.code).toBe(0);
    expect(high.stderr).toMatch(/0 findings \(2 low, 2 medium below --confidence\)/);
  });

  it("rejects an unknown level with one line and exit 2", { timeout: 60_000 }, async () => {
    const dir = tmpDir();
    const r = await runCli(["scan", dir, "--confidence", "sure"]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/--confidence: expected one of low, medium, high, got 'sure'/);
  });

  it("carries the context into SARIF properties", { timeout: 60_000 }, async () => {
    const dir = tmpDir();
    writeFiles(dir, { "prod.env": `DB_PASSWORD=${weakPassword()}\n` });
    const r = await runCli(["scan", dir, "--format", "sarif"]);
    const props = JSON.parse(r.stdout).runs[0].results[0].properties;
    expect(props).toMatchObject({ confidence: "medium", fileRole: "credential", lineRole: "code" });
  });
});

describe("baseline", () => {
  it("records findings of every confidence, so an audit does not resurface them", { timeout: 60_000 }, async () => {
    const dir = tmpDir();
    writeFiles(dir, { "test/models/user_test.rb": `user = User.new(password: "${fakePassword()}")\n` });
    const out = tmpDir();
    const b = await runCli(["baseline", `${out}/baseline.json`, dir]);
    expect(b.code).toBe(0);
    expect(b.stderr).toMatch(/baseline of 1 finding/);
    const audit = await runCli(["scan", dir, "--confidence", "low", "--baseline", `${out}/baseline.json`, "--format", "json"]);
    expect(jsonFindings(audit.stdout)).toEqual([]);
  });
});
