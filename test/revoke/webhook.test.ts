import { createHmac, timingSafeEqual } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { parseRevokeConfig } from "../../src/revoke/config.js";
import { revokeFindings } from "../../src/revoke/index.js";
import { fakeGithubToken, fakePassword } from "../helpers/secrets.js";
import { cleanupTmp, tmpDir } from "../helpers/tmp.js";
import { makeFinding } from "./findings.js";
import { json, startServer, type Received, type TestServer } from "./servers.js";

const KEY_ENV = "LEAKGUARD_TEST_HOOK_KEY";
const KEY = "hmac-key-" + Math.random().toString(36).slice(2);
process.env[KEY_ENV] = KEY;

let servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
  cleanupTmp();
});

async function serve(handler: Parameters<typeof startServer>[0]): Promise<TestServer> {
  const s = await startServer(handler);
  servers.push(s);
  return s;
}

function verified(req: Received): boolean {
  const sig = String(req.headers["x-leakguard-signature-256"] ?? "");
  const want = "sha256=" + createHmac("sha256", KEY).update(req.body).digest("hex");
  return sig.length === want.length && timingSafeEqual(Buffer.from(sig), Buffer.from(want));
}

/** A receiver that checks the signature and deduplicates by Idempotency-Key. */
function receiver(status = "revoked") {
  const seen = new Set<string>();
  return (req: Received, res: import("node:http").ServerResponse) => {
    if (!verified(req)) return json(res, 401, { error: "bad signature" });
    const key = String(req.headers["idempotency-key"]);
    if (seen.has(key)) return json(res, 200, { status: "queued", duplicate: true });
    seen.add(key);
    json(res, 200, { status });
  };
}

function cfgFor(url: string, extra: Record<string, unknown> = {}) {
  return parseRevokeConfig(
    {
      auditLog: "audit.jsonl",
      repository: "acme/api",
      backends: { hook: { type: "webhook", url, secretEnv: KEY_ENV, timeoutMs: 300, backoffMs: 20, retries: 2, ...extra } },
      route: [{ tags: ["github"], backend: "hook" }, { rules: ["generic-password"], backend: "hook", allowGeneric: true }],
    },
    "ops.toml",
    tmpDir(),
  );
}

const log = () => undefined;

describe("webhook backend", () => {
  it("sends a signed event per distinct secret with the fingerprint as idempotency key, without the secret", async () => {
    const s = await serve(receiver("rotated"));
    const tok = fakeGithubToken();
    const a = makeFinding(tok, { file: "a.js", commit: "c0ffee" });
    const b = makeFinding(tok, { file: "b.js" });
    const pw = makeFinding(fakePassword(), { ruleId: "generic-password", tags: ["generic", "password"], confidence: "low" });
    const summary = await revokeFindings([a, b, pw], { execute: true, config: cfgFor(`${s.url}/hook`), log, repository: "acme/web" });
    expect(s.requests).toHaveLength(2);
    expect(summary.rotated).toBe(2);
    const r = s.requests.find((x) => x.headers["idempotency-key"] === a.fingerprint)!;
    expect(verified(r)).toBe(true);
    expect(r.headers["content-type"]).toBe("application/json");
    const event = JSON.parse(r.body) as Record<string, unknown>;
    expect(event).toMatchObject({
      type: "leakguard.leak",
      ruleId: "github-pat",
      fingerprint: a.fingerprint,
      secretHash: a.secretHash,
      location: { repository: "acme/web", commit: "c0ffee", file: "a.js", line: 3, column: 7 },
    });
    expect((event.occurrences as unknown[]).length).toBe(2);
    expect(Date.parse(String(event.detectedAt))).toBeGreaterThan(Date.now() - 60_000);
    expect(event.secret).toBeUndefined();
    expect(r.body).not.toContain(tok);
  });

  it("includes the secret only with includeSecret = true", async () => {
    const s = await serve(receiver());
    const tok = fakeGithubToken();
    await revokeFindings([makeFinding(tok)], { execute: true, config: cfgFor(s.url, { includeSecret: true }), log });
    expect((JSON.parse(s.requests[0].body) as { secret: string }).secret).toBe(tok);
  });

  it("retries a 500 with backoff and the same body, key and signature, then records the 200", async () => {
    const s = await serve((req, res, all) => (all.length === 1 ? json(res, 500, {}) : receiver()(req, res)));
    const summary = await revokeFindings([makeFinding(fakeGithubToken())], { execute: true, config: cfgFor(s.url), log });
    expect(s.requests).toHaveLength(2);
    expect(s.requests[1].body).toBe(s.requests[0].body);
    expect(s.requests[1].headers["idempotency-key"]).toBe(s.requests[0].headers["idempotency-key"]);
    expect(s.requests[1].headers["x-leakguard-signature-256"]).toBe(s.requests[0].headers["x-leakguard-signature-256"]);
    expect(s.requests[1].at - s.requests[0].at).toBeGreaterThanOrEqual(15);
    expect(summary.revoked).toBe(1);
    expect(summary.actions[0].detail).toMatch(/attempt 2/);
  });

  it("does not retry a 400", async () => {
    const s = await serve((_req, res) => json(res, 400, { error: "bad" }));
    const summary = await revokeFindings([makeFinding(fakeGithubToken())], { execute: true, config: cfgFor(s.url), log });
    expect(s.requests).toHaveLength(1);
    expect(summary.failed).toBe(1);
    expect(summary.actions[0].detail).toMatch(/HTTP 400 \(not retried\)/);
  });

  it("times out a silent server, retries, then fails without stopping", async () => {
    const s = await serve(() => undefined); // never answers
    const started = Date.now();
    const summary = await revokeFindings([makeFinding(fakeGithubToken())], { execute: true, config: cfgFor(s.url), log });
    expect(s.requests).toHaveLength(3);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(summary.failed).toBe(1);
    expect(summary.actions[0].detail).toMatch(/timed out after 300 ms after 3 attempts/);
  });

  it("retries network errors and records a receiver-reported failure", async () => {
    const down = await serve(() => undefined);
    const url = down.url;
    await down.close();
    servers = [];
    const refused = await revokeFindings([makeFinding(fakeGithubToken())], { execute: true, config: cfgFor(url), log });
    expect(refused.failed).toBe(1);
    expect(refused.actions[0].detail).toMatch(/ECONNREFUSED.*3 attempts/);

    const s = await serve(receiver("failed"));
    const failed = await revokeFindings([makeFinding(fakeGithubToken())], { execute: true, config: cfgFor(s.url), log });
    expect(failed.failed).toBe(1);
    expect(failed.actions[0].detail).toMatch(/receiver reported failed/);
  });

  it("does not follow redirects", async () => {
    const target = await serve(receiver());
    const s = await serve((_req, res) => {
      res.writeHead(307, { location: target.url }).end();
    });
    const summary = await revokeFindings([makeFinding(fakeGithubToken())], { execute: true, config: cfgFor(s.url), log });
    expect(target.requests).toHaveLength(0);
    expect(summary.actions[0].detail).toMatch(/HTTP 307 \(redirects are not followed\)/);
  });

  it("fails every action when the signing key is not set", async () => {
    const s = await serve(receiver());
    const summary = await revokeFindings([makeFinding(fakeGithubToken())], {
      execute: true,
      config: cfgFor(s.url, { secretEnv: "LEAKGUARD_TEST_UNSET_KEY" }),
      log,
    });
    expect(s.requests).toHaveLength(0);
    expect(summary.actions[0].detail).toMatch(/LEAKGUARD_TEST_UNSET_KEY is not set/);
  });

  // bench/revoke.mjs measures the 100 ms target; this guards against gross regressions
  // (requests queued behind each other or behind the audit log) with room for a busy CI box.
  it("sends 100 secrets concurrently, the first request promptly after detection", async () => {
    const s = await serve(receiver());
    const findings = Array.from({ length: 100 }, () => makeFinding(fakeGithubToken()));
    const summary = await revokeFindings(findings, { execute: true, config: cfgFor(s.url), log });
    expect(summary.revoked).toBe(100);
    expect(Math.min(...s.requests.map((r) => r.at)) - summary.detectedAt).toBeLessThan(500);
    expect(Math.max(...s.requests.map((r) => r.at)) - summary.detectedAt).toBeLessThan(3000);
  });
});
