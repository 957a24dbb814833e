// Provider self-revocation: every built-in rule with a `revoke` block, against a real
// loopback server playing the provider, through the whole revoke pipeline.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadBuiltinRules } from "../../src/config/load.js";
import { revokeFindings } from "../../src/revoke/index.js";
import type { RevokeConfig } from "../../src/revoke/config.js";
import { cleanupTmp, tmpDir } from "../helpers/tmp.js";
import { fakeToken } from "../helpers/secrets.js";
import { makeFinding } from "./findings.js";

let server: Server;
let ok = true;
let answer = { status: 200, body: "{}" };
const seen: { method: string; url: string; auth: string; body: string }[] = [];

const revocable = loadBuiltinRules().filter((r) => r.revoke);
const hosts = [...new Set(revocable.map((r) => new URL(r.revoke!.url).host))];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (d: Buffer) => (body += d.toString()));
    req.on("end", () => {
      seen.push({ method: req.method ?? "", url: req.url ?? "", auth: JSON.stringify(req.headers), body });
      if (ok) res.writeHead(answer.status, { "content-type": "application/json" }).end(answer.body);
      else res.writeHead(401).end("{}");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  process.env.LEAKGUARD_VERIFY_HOSTS = hosts.map((h) => `${h}=${base}`).join(",");
});
afterAll(async () => {
  delete process.env.LEAKGUARD_VERIFY_HOSTS;
  await new Promise((r) => server.close(r));
  cleanupTmp();
});

function config(ruleId: string): RevokeConfig {
  return { auditLog: join(tmpDir(), "audit.jsonl"), backends: { self: { type: "provider", timeoutMs: 5000, concurrency: 4 } }, route: [{ rules: [ruleId], tags: [], backend: "self", allowGeneric: false }] };
}

describe("provider revocation", () => {
  it("covers at least ten provider families", () => {
    expect(hosts.length).toBeGreaterThanOrEqual(10);
  });

  for (const rule of revocable) {
    it(`${rule.id}: revoked, failed, idempotent, dry run sends nothing`, async () => {
      const spec = rule.revoke!;
      answer = { status: spec.liveStatus?.[0] ?? 200, body: JSON.stringify(spec.liveJson ?? {}) };
      const secret = fakeToken(40);
      const f = makeFinding(secret, { ruleId: rule.id, tags: rule.tags ?? [] });
      const cfg = config(rule.id);
      const log: string[] = [];

      seen.length = 0;
      const dry = await revokeFindings([f], { execute: false, config: cfg, log: (l) => log.push(l) });
      expect(dry.dryRun).toBe(1);
      expect(seen).toEqual([]);

      ok = true;
      const done = await revokeFindings([f], { execute: true, config: cfg, log: (l) => log.push(l) });
      expect(done.revoked, log.join("\n")).toBe(1);
      expect(seen).toHaveLength(1);
      expect(seen[0].method).toBe(spec.method ?? "GET");
      expect(seen[0].url.split("?")[0]).toBe(new URL(spec.url).pathname);
      expect(seen[0].auth + seen[0].body + decodeURIComponent(seen[0].url)).toContain(secret);
      // Recorded in the audit log: the next run sends nothing.
      const again = await revokeFindings([f], { execute: true, config: cfg, log: (l) => log.push(l) });
      expect(again.alreadyRevoked).toBe(1);
      expect(seen).toHaveLength(1);
      expect(log.join("\n")).not.toContain(secret);

      ok = false;
      const failed = await revokeFindings([f], { execute: true, config: config(rule.id), log: () => {} });
      expect(failed.failed).toBe(1);
    });
  }

  it("skips rules without a provider revocation", async () => {
    const f = makeFinding(fakeToken(40), { ruleId: "aws-access-key-id" });
    const s = await revokeFindings([f], { execute: true, config: config("aws-access-key-id"), log: () => {} });
    expect(s.skipped).toBe(1);
    expect(s.actions[0].detail).toMatch(/no provider revocation/);
  });
});
