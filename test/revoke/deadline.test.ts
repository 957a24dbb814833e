// Issue #12 item 12: a revocation receiver that never answers does not hold the scan
// result back: report and summary come first, and the run's deadline fails the rest.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { jsonFindings } from "../helpers/report.js";
import { passwordLine } from "../helpers/secrets.js";
import { cleanupTmp, tmpDir, writeFiles } from "../helpers/tmp.js";
import { startServer } from "../revoke/servers.js";

afterAll(cleanupTmp);

describe("revocation deadline", () => {
  it("reports first, then records an unanswered revocation as failed at the deadline", async () => {
    const silent = await startServer(() => undefined); // accepts, never answers
    try {
      const dir = tmpDir();
      const ops = tmpDir();
      writeFiles(dir, { "deploy.env": passwordLine() + "\n" });
      const audit = join(ops, "audit.jsonl");
      const config = join(ops, "revoke.toml");
      writeFileSync(
        config,
        [
          `auditLog = "${audit}"`,
          "deadlineMs = 1500",
          "[backends.hook]",
          'type = "webhook"',
          `url = "${silent.url}/leak"`,
          'secretEnv = "HOOK_KEY"',
          "timeoutMs = 600000",
          "[[route]]",
          'rules = ["generic-password"]',
          'backend = "hook"',
          "allowGeneric = true",
          "",
        ].join("\n"),
      );
      const started = Date.now();
      const r = await runCli(["scan", dir, "--threads", "1", "-f", "json", "--revoke", "--revoke-config", config], {
        env: { HOOK_KEY: "test-signing-key" },
        timeoutMs: 30_000,
      });
      const elapsed = Date.now() - started;
      expect(r.code, r.stderr).toBe(1);
      expect(elapsed).toBeLessThan(20_000);
      expect(jsonFindings(r.stdout).map((f) => f.ruleId)).toEqual(["generic-password"]);
      expect(silent.requests).toHaveLength(1);
      // The summary line precedes every revocation line.
      const lines = r.stderr.trim().split("\n");
      expect(lines[0]).toMatch(/^leakguard: scanned 1 file\b/);
      expect(r.stderr).toMatch(/revoke: failed generic-password deploy\.env:generic-password:\w+ via hook \(no answer within the 1\.5 s deadline; retried next run/);
      expect(r.stderr).toMatch(/revoke: 0 revoked, 1 failed/);
      const entries = readFileSync(audit, "utf8").trim().split("\n").map((l) => JSON.parse(l) as { outcome: string });
      expect(entries.map((e) => e.outcome)).toEqual(["failed"]);
    } finally {
      await silent.close();
    }
  }, 60_000);
});
