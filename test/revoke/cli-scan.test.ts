// End to end: `scan`/`git --revoke` through the built CLI, real servers on 127.0.0.1.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { passwordLine } from "../helpers/secrets.js";
import { commitFiles, initRepo } from "../helpers/tmp.js";
import { startServer } from "./servers.js";
import { env, fixture, sentToGithub, useServers } from "./e2e.js";

const s = useServers();

describe("scan --revoke", () => {
  it("without --revoke only says what it would do", async () => {
    const f = fixture(s);
    const r = await runCli(["scan", f.repo, "--threads", "1", "--revoke-config", f.config], { env });
    expect(r.code).toBe(1);
    expect(s.github.requests).toHaveLength(0);
    expect(s.hook.requests).toHaveLength(0);
    expect(r.stderr).toMatch(/revoke: would revoke github-pat app\/config.js:github-pat:[0-9a-f]{16} via github/);
    expect(r.stderr).toMatch(/revoke: would revoke generic-password deploy\/.env:generic-password:[0-9a-f]{16} via hook/);
    expect(r.stderr).toMatch(/revoke: dry run: 2 would be sent \(add --revoke to send\)/);
    expect(existsSync(f.audit)).toBe(false);
  });

  it("with --revoke sends each distinct secret once, logs it, and does not send it again", async () => {
    const f = fixture(s);
    const r = await runCli(["scan", f.repo, "--threads", "1", "--revoke", "--revoke-config", f.config], { env });
    expect(r.code).toBe(1);
    expect(sentToGithub(s)).toEqual([f.token]);
    expect(s.github.requests[0].path).toBe("/api/v3/credentials/revoke");
    expect(s.github.requests[0].headers.authorization).toBeUndefined();
    expect(s.hook.requests).toHaveLength(1);
    expect(JSON.parse(s.hook.requests[0].body)).toMatchObject({ ruleId: "generic-password", location: { repository: "acme/api", file: "deploy/.env", line: 1 } });
    expect(r.stderr).toMatch(/revoke: revoked github-pat (app\/config|copy)\.js:github-pat:\w+ via github \(HTTP 202 accepted/);
    expect(r.stderr).toMatch(/revoke: 2 revoked, 0 failed, 0 already revoked, 0 skipped, 0 not routed/);
    expect(r.stderr).toMatch(/leakguard: scanned 3 files/);
    const audit = readFileSync(f.audit, "utf8").trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(audit.map((e) => [e.backend, e.outcome])).toEqual(expect.arrayContaining([["github", "revoked"], ["hook", "revoked"]]));
    for (const e of audit) expect(Object.keys(e)).toEqual(expect.arrayContaining(["time", "fingerprint", "secretHash", "backend", "outcome", "latency_ms"]));

    const again = await runCli(["scan", f.repo, "--threads", "1", "--revoke", "--revoke-config", f.config], { env });
    expect(s.github.requests).toHaveLength(1);
    expect(s.hook.requests).toHaveLength(1);
    expect(again.stderr).toMatch(/revoke: 0 revoked, 0 failed, 2 already revoked/);
  });

  it("reads LEAKGUARD_REVOKE_CONFIG, and a failing backend does not stop the scan", async () => {
    const f = fixture(s);
    const closed = await startServer(() => undefined);
    await closed.close();
    writeFileSync(f.config, readFileSync(f.config, "utf8").replace(s.github.url, closed.url));
    const r = await runCli(["scan", f.repo, "--threads", "1", "--revoke", "--format", "json"], { env: { ...env, LEAKGUARD_REVOKE_CONFIG: f.config } });
    expect(r.code).toBe(1);
    expect((JSON.parse(r.stdout) as { findings: unknown[] }).findings).toHaveLength(3);
    expect(r.stderr).toMatch(/revoke: failed github-pat .* via github \(.*ECONNREFUSED/);
    expect(r.stderr).toMatch(/revoke: 1 revoked, 1 failed/);
    expect(r.stderr).toMatch(/leakguard: scanned 3 files/);
  });

  it("a bad operator config is a one-line error naming the file, exit 2", async () => {
    const f = fixture(s);
    writeFileSync(f.config, readFileSync(f.config, "utf8").replace(s.hook.url, "http://hooks.example.com"));
    const r = await runCli(["scan", f.repo, "--threads", "1", "--revoke", "--revoke-config", f.config], { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`leakguard: ${f.config}: backends.hook.url: must be https://`);
  });
});

describe("git history --revoke", () => {
  it("sends a secret found in history once, with the commit that introduced it", async () => {
    const f = fixture(s);
    const repo = initRepo();
    const first = commitFiles(repo, { "a.env": passwordLine(f.password) + "\n" }, "add config");
    commitFiles(repo, { "b.env": passwordLine(f.password) + "\n" }, "copy config");
    const r = await runCli(["git", repo, "--threads", "1", "--revoke", "--revoke-config", f.config], { env });
    expect(r.code, r.stderr).toBe(1);
    expect(s.hook.requests).toHaveLength(1);
    const event = JSON.parse(s.hook.requests[0].body) as { location: { commit: string; file: string }; occurrences: unknown[]; fingerprint: string };
    expect(event.location).toMatchObject({ commit: first, file: "a.env" });
    expect(event.fingerprint).toMatch(new RegExp(`@${first}$`));
    expect(event.occurrences).toHaveLength(2);
    expect(r.stderr + r.stdout).not.toContain(f.password);
  });
});
