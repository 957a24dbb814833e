// Every built-in verifier against a real HTTP server on 127.0.0.1 playing the provider:
// live, invalid and unknown; and the safety rules (no redirects, deadline, loopback-only
// overrides, repositories can't add verifiers).
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadBuiltinRules } from "../../src/config/load.js";
import { loadConfig } from "../../src/config/resolve.js";
import { classify, isTemplate, Verifier } from "../../src/verify/verifier.js";
import { hostsFromEnv } from "../../src/verify/hosts.js";
import { route } from "../../src/verify/route.js";
import type { Finding, RuleSpec, VerifySpec } from "../../src/types.js";
import { fakeToken } from "../helpers/secrets.js";

type Mode = "live" | "invalid" | "unknown" | "hang" | "redirect" | "ratelimit-once";
interface Seen {
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
}

let server: Server;
let base = "";
let mode: Mode = "live";
let liveBody = "{}";
let liveStatus = 200;
let invalidStatus = 401;
const seen: Seen[] = [];
let limited = false;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (d: Buffer) => (body += d.toString()));
    req.on("end", () => {
      seen.push({ url: req.url ?? "", headers: req.headers, body });
      if (mode === "hang") return; // never answers
      if (mode === "redirect") return res.writeHead(302, { location: "http://127.0.0.2:1/steal" }).end();
      if (mode === "ratelimit-once" && !limited) {
        limited = true;
        return res.writeHead(429, { "retry-after": "0" }).end();
      }
      if (mode === "live" || mode === "ratelimit-once") return res.writeHead(liveStatus, { "content-type": "application/json" }).end(liveBody);
      if (mode === "invalid") return res.writeHead(invalidStatus).end("{}");
      res.writeHead(503).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

/** Rules verified by a request template (the coded verifiers have their own tests: named.test.ts). */
const verifiable = loadBuiltinRules().filter((r) => r.verify && isTemplate(r.verify)) as (RuleSpec & { verify: VerifySpec })[];

function finding(rule: RuleSpec, secret: string, file = "a.env", line = 1): Finding {
  return {
    ruleId: rule.id,
    description: rule.description,
    file,
    location: "file",
    startLine: line,
    endLine: line,
    startColumn: 1,
    endColumn: 2,
    secret,
    match: secret,
    entropy: 4,
    severity: "high",
    tags: [],
    confidence: "high",
    fingerprint: `${file}:${rule.id}:${secret.slice(0, 16)}`,
    secretHash: `${rule.id}:${secret}`,
  };
}

function verifierFor(rule: RuleSpec & { verify: VerifySpec }, o: { deadlineMs?: number; timeoutMs?: number } = {}): Verifier {
  const host = new URL(rule.verify.url).host;
  return new Verifier({ hosts: new Map([[host, base]]), ...o });
}

/** A JSON answer that satisfies the rule's live matcher and carries its identity fields. */
function liveAnswer(rule: RuleSpec & { verify: VerifySpec }): string {
  const doc: Record<string, unknown> = {};
  const put = (path: string, v: unknown) => {
    const parts = path.split(".");
    let cur = doc;
    for (const p of parts.slice(0, -1)) cur = (cur[p] ??= {}) as Record<string, unknown>;
    cur[parts[parts.length - 1]] = v;
  };
  for (const [k, v] of Object.entries(rule.verify!.liveJson ?? {})) put(k, v);
  for (const path of Object.values(rule.verify!.identity ?? {})) put(path, "octo");
  return JSON.stringify(doc);
}

describe("built-in verifiers", () => {
  it("exist for at least ten rules, all on https (each is rehearsed in rehearse.test.ts)", () => {
    expect(verifiable.length).toBeGreaterThanOrEqual(10);
    for (const r of verifiable) expect(r.verify.url.startsWith("https://"), r.id).toBe(true);
  });
});

describe("Verifier", () => {
  const rule = verifiable.find((r) => r.id === "github-pat")!;

  it("sends each distinct secret once and marks rules without a verifier not-verifiable", async () => {
    mode = "live";
    liveBody = liveAnswer(rule);
    seen.length = 0;
    const s = fakeToken(40);
    const other: RuleSpec = { id: "no-verify", description: "x", regex: "x", keywords: ["x"] };
    const fs = [finding(rule, s), finding(rule, s), finding(other, s)];
    await verifierFor(rule).verifyAll(fs, [rule, other]);
    expect(seen).toHaveLength(1);
    expect(fs.map((f) => f.verification!.status)).toEqual(["live", "live", "not-verifiable"]);
  });

  it("never follows a redirect, honours Retry-After once, and stops at the deadline", async () => {
    mode = "redirect";
    const f1 = finding(rule, fakeToken(40));
    await verifierFor(rule).verifyAll([f1], [rule]);
    expect(f1.verification).toMatchObject({ status: "unknown", reason: "redirect (HTTP 302)" });

    mode = "ratelimit-once";
    limited = false;
    const f2 = finding(rule, fakeToken(40));
    await verifierFor(rule).verifyAll([f2], [rule]);
    expect(f2.verification!.status).toBe("live");

    mode = "hang";
    const started = Date.now();
    const f3 = finding(rule, fakeToken(40));
    await verifierFor(rule, { deadlineMs: 300 }).verifyAll([f3], [rule]);
    expect(f3.verification).toMatchObject({ status: "unknown", reason: "deadline" });
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it("classifies by status and JSON fields", () => {
    const spec = { url: "https://slack.com/api/auth.test", liveJson: { ok: true }, identity: { team: "team" } };
    expect(classify(spec, 200, { ok: true, team: "T1" })).toEqual({ status: "live", identity: { team: "T1" } });
    expect(classify(spec, 200, { ok: false })).toEqual({ status: "invalid" });
    expect(classify(spec, 429, undefined)).toEqual({ status: "unknown", reason: "rate-limited" });
    expect(classify(spec, 401, undefined)).toEqual({ status: "invalid" });
  });
});

describe("where secrets may go", () => {
  it("environment overrides name loopback targets only", () => {
    expect(route("https://api.github.com/user?x=1", hostsFromEnv("api.github.com=http://127.0.0.1:9"))).toBe("http://127.0.0.1:9/user?x=1");
    expect(() => hostsFromEnv("api.github.com=https://evil.example")).toThrow(/not a loopback address/);
  });

  it("a repository's config cannot add a verifier", async () => {
    const text = "[[rules]]\nid = 'mine'\ndescription = 'x'\nregex = 'mine_[a-z]{8}'\nkeywords = ['mine_']\n[rules.verify]\nurl = 'https://collector.example/'\n";
    await expect(loadConfig({ files: { text, label: ".leakguard.toml", read: () => "" } })).rejects.toThrow(/verify and revoke blocks are allowed only in built-in rules/);
  });
});
