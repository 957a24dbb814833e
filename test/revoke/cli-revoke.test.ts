// End to end: `leakguard revoke REPORT.json` through the built CLI.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { env, fixture, sentToGithub, useServers } from "./e2e.js";

const s = useServers();

describe("leakguard revoke REPORT.json", () => {
  it("from a redacted report: hash-only backends work, secret-needing ones are skipped with the reason", async () => {
    const f = fixture(s);
    const report = join(f.ops, "report.json");
    await runCli(["scan", f.repo, "--threads", "1", "-f", "json", "-o", report], { env });
    const r = await runCli(["revoke", report, "--revoke-config", f.config, "--revoke"], { env });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/3 finding\(s\) have redacted secrets/);
    expect(r.stderr).toMatch(/make the report with --show-secrets/);
    expect(r.stderr).toMatch(/revoke: skipped github-pat .* via github \(secret redacted in the report/);
    expect(s.github.requests).toHaveLength(0);
    expect(s.hook.requests).toHaveLength(1);
    expect(r.stderr).toMatch(/revoke: 1 revoked, 0 failed, 0 already revoked, 1 skipped/);
  });

  it("from a --show-secrets report: revokes, dry run by default, exit 1 when something failed", async () => {
    const f = fixture(s);
    const report = join(f.ops, "report.json");
    await runCli(["scan", f.repo, "--threads", "1", "-f", "json", "--show-secrets", "-o", report], { env });
    const dry = await runCli(["revoke", report, "--revoke-config", f.config], { env });
    expect(dry.code).toBe(0);
    expect(dry.stderr).toMatch(/dry run: 2 would be sent/);
    expect(s.github.requests).toHaveLength(0);
    const r = await runCli(["revoke", report, "--revoke-config", f.config, "--execute"], { env });
    expect(r.code).toBe(0);
    expect(sentToGithub(s)).toEqual([f.token]);
    writeFileSync(f.config, readFileSync(f.config, "utf8").replace(s.hook.url, "http://127.0.0.1:9"));
    writeFileSync(f.audit, "");
    const failing = await runCli(["revoke", report, "--revoke-config", f.config, "--revoke"], { env });
    expect(failing.code).toBe(1);
    expect(failing.stderr).toMatch(/revoke: 1 revoked, 1 failed, 0 already revoked/);
  });

  it("bad input exits 2 with one line", async () => {
    const f = fixture(s);
    const notReport = join(f.ops, "x.json");
    writeFileSync(join(f.ops, "nope.toml"), "[backends\n");
    writeFileSync(notReport, JSON.stringify({ version: 1, findings: [{ ruleId: "x" }] }));
    const cases: [string[], RegExp][] = [
      [["revoke", join(f.ops, "missing.json"), "--revoke-config", f.config], /missing.json: cannot read report \(ENOENT\)/],
      [["revoke", notReport, "--revoke-config", f.config], /x.json: not a leakguard JSON report: findings.0.file/],
      [["revoke", notReport], /--revoke-config FILE or LEAKGUARD_REVOKE_CONFIG/],
      [["revoke", notReport, "--revoke-config", join(f.ops, "nope.toml")], /nope.toml: invalid TOML/],
      [["revoke", notReport, "--revoke-config", join(f.ops, "absent.toml")], /absent.toml: cannot read revoke config \(ENOENT\)/],
    ];
    for (const [args, msg] of cases) {
      const r = await runCli(args, { env });
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr).toMatch(msg);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
    }
  });
});

