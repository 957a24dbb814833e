// `--verify` through the real CLI: a loopback server plays api.github.com.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { cleanupTmp, tmpDir, writeFiles } from "../helpers/tmp.js";
import { fakeGithubToken } from "../helpers/secrets.js";
import type { JsonFinding } from "../helpers/report.js";

let server: Server;
let base = "";
const live = new Set<string>();
const requests: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const auth = req.headers.authorization ?? "";
    requests.push(req.url ?? "");
    const token = auth.replace(/^token /, "");
    if (live.has(token)) res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ login: "octocat" }));
    else res.writeHead(401).end();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  cleanupTmp();
});

describe("leakguard scan --verify", () => {
  it("marks live and invalid keys, lists live first, filters with --results", async () => {
    const dir = tmpDir();
    const good = fakeGithubToken();
    const dead = fakeGithubToken();
    live.add(good);
    writeFiles(dir, { "a.env": `OLD=${dead}\n`, "b.env": `NEW=${good}\n` });
    const env = { LEAKGUARD_VERIFY_HOSTS: `api.github.com=${base}` };
    const r = await runCli(["scan", dir, "--verify", "--format", "json"], { env });
    expect(r.code, r.stderr).toBe(1);
    const fs = (JSON.parse(r.stdout) as { findings: JsonFinding[] }).findings;
    expect(fs.map((f) => [f.file, f.verification?.status, f.verification?.identity?.user])).toEqual([
      ["b.env", "live", "octocat"],
      ["a.env", "invalid", undefined],
    ]);
    expect(r.stderr).toMatch(/1 live; 1 invalid/);
    expect(r.stdout + r.stderr).not.toContain(good);

    const only = await runCli(["scan", dir, "--verify", "--results", "live", "--format", "json"], { env });
    expect((JSON.parse(only.stdout) as { findings: JsonFinding[] }).findings.map((f) => f.file)).toEqual(["b.env"]);
    expect(only.stderr).toMatch(/1 not shown \(--results\)/);
  });

  it("sends nothing without --verify, and refuses bad options", async () => {
    const dir = tmpDir();
    writeFiles(dir, { "a.env": `T=${fakeGithubToken()}\n` });
    requests.length = 0;
    const r = await runCli(["scan", dir, "--format", "json"], { env: { LEAKGUARD_VERIFY_HOSTS: `api.github.com=${base}` } });
    expect(r.code).toBe(1);
    expect(requests).toEqual([]);
    expect((await runCli(["scan", dir, "--results", "live"])).stderr).toMatch(/--results needs --verify/);
    const bad = await runCli(["scan", dir, "--verify"], { env: { LEAKGUARD_VERIFY_HOSTS: "api.github.com=https://elsewhere.example" } });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/not a loopback address/);
  });
});

describe("leakguard verify REPORT", () => {
  it("re-checks a saved --show-secrets report; a redacted report's secrets are unknown", async () => {
    const dir = tmpDir();
    const good = fakeGithubToken();
    const dead = fakeGithubToken();
    live.add(good);
    writeFiles(dir, { "a.env": `OLD=${dead}\n`, "b.env": `NEW=${good}\n` });
    const full = await runCli(["scan", dir, "--format", "json", "--show-secrets"]);
    const reports = tmpDir();
    writeFiles(reports, { "report.json": full.stdout });
    const env = { LEAKGUARD_VERIFY_HOSTS: `api.github.com=${base}` };
    const r = await runCli(["verify", join(reports, "report.json"), "--format", "json", "--results", "live"], { env });
    expect(r.code, r.stderr).toBe(1);
    const fs = (JSON.parse(r.stdout) as { findings: JsonFinding[] }).findings;
    expect(fs.map((f) => [f.file, f.verification?.status])).toEqual([["b.env", "live"]]);
    expect(r.stdout).not.toContain(good);
    // `-` reads the report from stdin.
    const piped = await runCli(["verify", "-", "--format", "json", "--results", "live"], { env, input: full.stdout });
    expect(piped.code, piped.stderr).toBe(1);
    expect((JSON.parse(piped.stdout) as { findings: JsonFinding[] }).findings.map((f) => f.file)).toEqual(["b.env"]);

    const redacted = await runCli(["scan", dir, "--format", "json"]);
    writeFiles(reports, { "redacted.json": redacted.stdout });
    const u = await runCli(["verify", join(reports, "redacted.json"), "--format", "json"], { env });
    const us = (JSON.parse(u.stdout) as { findings: JsonFinding[] }).findings;
    expect(us.map((f) => f.verification?.status)).toEqual(["unknown", "unknown"]);
    expect(us[0].verification?.reason).toMatch(/redacted/);
  });
});
