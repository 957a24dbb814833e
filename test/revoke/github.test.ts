import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parseRevokeConfig } from "../../src/revoke/config.js";
import { revokeFindings } from "../../src/revoke/index.js";
import { fakeGithubToken } from "../helpers/secrets.js";
import { cleanupTmp, tmpDir } from "../helpers/tmp.js";
import { makeFinding } from "./findings.js";
import { json, startServer, type Received, type TestServer } from "./servers.js";

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
  cleanupTmp();
});

/** Answers like GitHub's POST /credentials/revoke: 202, or 422 for a malformed body. */
function githubLike(req: Received, res: import("node:http").ServerResponse): void {
  const body = JSON.parse(req.body) as { credentials?: unknown };
  const creds = body.credentials;
  if (req.method !== "POST" || req.path !== "/api/v3/credentials/revoke" || !Array.isArray(creds) || creds.length < 1 || creds.length > 1000) {
    json(res, 422, { message: "Validation Failed" });
    return;
  }
  if (req.headers.authorization) {
    json(res, 403, { message: "Forbidden" });
    return;
  }
  res.writeHead(202).end();
}

function setup(extra: Record<string, unknown> = {}) {
  const dir = tmpDir();
  const cfg = parseRevokeConfig(
    { auditLog: "audit.jsonl", backends: { gh: { type: "github", baseUrl: `${server!.url}/api/v3`, ...extra } }, route: [{ tags: ["github"], backend: "gh" }] },
    "ops.toml",
    dir,
  );
  const lines: string[] = [];
  return { cfg, lines, log: (l: string) => lines.push(l), audit: () => readFileSync(join(dir, "audit.jsonl"), "utf8") };
}

describe("github backend", () => {
  it("posts unauthenticated batches of at most 1,000 distinct credentials and records each", async () => {
    server = await startServer(githubLike);
    const { cfg, lines, log, audit } = setup();
    const tokens = Array.from({ length: 2001 }, (_, i) => fakeGithubToken(["ghp", "gho", "ghu", "ghr"][i % 4]));
    // A duplicate occurrence must not be sent twice.
    const findings = [...tokens.map((t, i) => makeFinding(t, { file: `f${i}.js` })), makeFinding(tokens[0], { file: "dup.js" })];
    const summary = await revokeFindings(findings, { execute: true, config: cfg, log });
    expect(server.requests.map((r) => (JSON.parse(r.body) as { credentials: string[] }).credentials.length)).toEqual([1000, 1000, 1]);
    for (const r of server.requests) {
      expect(r.headers.authorization).toBeUndefined();
      expect(r.headers["content-type"]).toMatch(/application\/json/);
      expect(Object.keys(JSON.parse(r.body) as object)).toEqual(["credentials"]);
    }
    const sent = server.requests.flatMap((r) => (JSON.parse(r.body) as { credentials: string[] }).credentials);
    expect(new Set(sent)).toEqual(new Set(tokens));
    expect(summary.revoked).toBe(2001);
    expect(summary.failed).toBe(0);
    expect(lines.at(-1)).toMatch(/^revoke: 2001 revoked, 0 failed/);
    const entries = audit().trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(entries).toHaveLength(2001);
    expect(entries[0]).toMatchObject({ backend: "gh", backendType: "github", outcome: "revoked", secretHash: findings[0].secretHash });
    expect(audit()).not.toContain(tokens[0]);

    // The audit log is the state: a second run sends nothing.
    const again = await revokeFindings(findings, { execute: true, config: cfg, log });
    expect(server.requests).toHaveLength(3);
    expect(again.alreadyRevoked).toBe(2001);
  });

  it("backs off on 429 honouring Retry-After, then succeeds", async () => {
    server = await startServer((req, res, all) => {
      if (all.length === 1) json(res, 429, { message: "rate limited" }, { "retry-after": "1" });
      else githubLike(req, res);
    });
    const { cfg, lines, log } = setup();
    const summary = await revokeFindings([makeFinding(fakeGithubToken())], { execute: true, config: cfg, log });
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1].at - server.requests[0].at).toBeGreaterThanOrEqual(950);
    expect(summary.revoked).toBe(1);
    expect(lines.some((l) => /rate limited, waiting 1.0 s/.test(l))).toBe(true);
  });

  it("backs off on a 403 carrying x-ratelimit headers, but gives up past maxWaitMs", async () => {
    const reset = String(Math.floor(Date.now() / 1000) + 3600);
    server = await startServer((_req, res) => json(res, 403, { message: "rate limit" }, { "x-ratelimit-remaining": "0", "x-ratelimit-reset": reset }));
    const { cfg, log } = setup({ maxWaitMs: 5000, batchSize: 1 });
    const started = Date.now();
    const summary = await revokeFindings([makeFinding(fakeGithubToken()), makeFinding(fakeGithubToken())], { execute: true, config: cfg, log });
    expect(Date.now() - started).toBeLessThan(3000);
    expect(server.requests).toHaveLength(1);
    expect(summary.failed).toBe(2);
    expect(summary.actions[0].detail).toMatch(/rate limited/);
  });

  it("a 422 fails the batch without retry and the next run tries again", async () => {
    server = await startServer((_req, res) => json(res, 422, { message: "Validation Failed" }));
    const { cfg, log, audit } = setup();
    const findings = [makeFinding(fakeGithubToken())];
    const summary = await revokeFindings(findings, { execute: true, config: cfg, log });
    expect(summary.failed).toBe(1);
    expect(summary.actions[0].detail).toMatch(/422 validation failed/);
    expect(audit()).toMatch(/"outcome":"failed"/);
    await revokeFindings(findings, { execute: true, config: cfg, log });
    expect(server.requests).toHaveLength(2);
  });

  it("gives up on a server that does not answer within timeoutMs", async () => {
    server = await startServer(() => undefined);
    const { cfg, log } = setup({ timeoutMs: 300 });
    const started = Date.now();
    const summary = await revokeFindings([makeFinding(fakeGithubToken())], { execute: true, config: cfg, log });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(summary.failed).toBe(1);
    expect(summary.actions[0].detail).toMatch(/time|abort/i);
  });

  it("a dry run and an unreachable server never throw", async () => {
    server = await startServer(githubLike);
    const { cfg, log } = setup();
    const f = [makeFinding(fakeGithubToken())];
    const dry = await revokeFindings(f, { execute: false, config: cfg, log });
    expect(dry.dryRun).toBe(1);
    expect(server.requests).toHaveLength(0);
    await server.close();
    server = undefined;
    const down = await revokeFindings(f, { execute: true, config: cfg, log });
    expect(down.failed).toBe(1);
  });
});
