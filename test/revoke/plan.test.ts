import { describe, expect, it } from "vitest";
import { checkEndpointUrl, parseRevokeConfig } from "../../src/revoke/config.js";
import { planRevocations, REDACTED_REASON, stateKey } from "../../src/revoke/plan.js";
import { rateLimitWaitMs } from "../../src/revoke/github.js";
import { outcomeFromBody } from "../../src/revoke/webhook.js";
import { headerSafe } from "../../src/revoke/backend.js";
import { fakeAwsKeyId, fakeGithubToken, fakePassword } from "../helpers/secrets.js";
import { makeFinding, sha256 } from "./findings.js";

function config(extra: Record<string, unknown> = {}) {
  return parseRevokeConfig(
    {
      auditLog: "audit.jsonl",
      backends: {
        gh: { type: "github", baseUrl: "http://127.0.0.1:9" },
        hook: { type: "webhook", url: "https://hooks.example.com/x", secretEnv: "HOOK_KEY" },
      },
      route: [
        { tags: ["github"], backend: "gh" },
        { rules: ["generic-password"], backend: "hook", allowGeneric: true },
        { tags: ["password"], backend: "hook" },
      ],
      ...extra,
    },
    "ops.toml",
    "/etc/leakguard",
  );
}

describe("planRevocations", () => {
  it("sends each distinct secret once per backend, keeping every occurrence", () => {
    const tok = fakeGithubToken();
    const a = makeFinding(tok, { file: "a.js" });
    const b = makeFinding(tok, { file: "b.js" });
    const other = makeFinding(fakeGithubToken("gho"), { ruleId: "github-oauth-token" });
    const plan = planRevocations([a, b, other], config(), new Set());
    const gh = plan.targets.get("gh")!;
    expect(gh.map((t) => t.finding.fingerprint)).toEqual([a.fingerprint, other.fingerprint]);
    expect(gh[0].occurrences).toEqual([a, b]);
    expect(plan.skipped).toEqual([]);
    expect(plan.unrouted).toBe(0);
  });

  it("never sends a generic finding unless a route lists its rule id with allowGeneric", () => {
    const pw = makeFinding(fakePassword(), { ruleId: "generic-password", tags: ["generic", "password"], confidence: "low" });
    const key = makeFinding(fakePassword(), { ruleId: "generic-api-key", tags: ["generic", "password"], confidence: "low" });
    const plan = planRevocations([pw, key], config(), new Set());
    expect(plan.targets.get("hook")!.map((t) => t.finding.ruleId)).toEqual(["generic-password"]);
    expect(plan.skipped).toHaveLength(1);
    expect(plan.skipped[0].finding.ruleId).toBe("generic-api-key");
    expect(plan.skipped[0].reason).toMatch(/generic finding/);
  });

  it("skips redacted secrets for backends that need them, invalid checksums, and unsupported token types", () => {
    const redacted = { ...makeFinding(fakeGithubToken()), secret: "ghp_****************" };
    const invalid = makeFinding(fakeGithubToken(), { checksum: "invalid" });
    const server = makeFinding(fakeGithubToken("ghs"), { ruleId: "github-server-to-server-token" });
    const plan = planRevocations([redacted, invalid, server], config(), new Set());
    expect(plan.targets.size).toBe(0);
    expect(plan.skipped.map((s) => s.reason)).toEqual([
      expect.stringMatching(/redacted/),
      expect.stringMatching(/checksum invalid/),
      expect.stringMatching(/not a token type/),
    ]);
  });

  it("a redacted report still reaches a webhook that only needs the hash", () => {
    const pw = { ...makeFinding(fakePassword(), { ruleId: "generic-password", tags: ["generic", "password"], confidence: "low" }), secret: "****" };
    const plan = planRevocations([pw], config(), new Set());
    expect(plan.targets.get("hook")).toHaveLength(1);
  });

  it("honours audit entries written before keyed hashes (plain SHA-256), and tells redactions from keyed-hash secrets", async () => {
    const { keyedHasher } = await import("../../src/detect/fingerprint.js");
    const { redactSecret } = await import("../../src/report/redact.js");
    const token = fakeGithubToken();
    const secretHash = keyedHasher("plan-test-key-" + fakePassword())(token);
    const f = makeFinding(token, { secretHash });
    const plan = planRevocations([f], config(), new Set([stateKey("gh", sha256(token))]));
    expect(plan.targets.size).toBe(0);
    expect(plan.already.map((t) => t.secretHash)).toEqual([secretHash]);
    expect(planRevocations([f], config(), new Set()).targets.get("gh")).toHaveLength(1);
    const redacted = planRevocations([{ ...f, secret: redactSecret(token) }], config(), new Set());
    expect(redacted.skipped.map((s) => s.reason)).toEqual([REDACTED_REASON]);
  });

  it("leaves out what the audit log marks as done, and counts unrouted secrets", () => {
    const f = makeFinding(fakeGithubToken());
    const aws = makeFinding(fakeAwsKeyId(), { ruleId: "aws-access-key-id", tags: ["aws"] });
    const plan = planRevocations([f, aws], config(), new Set([stateKey("gh", f.secretHash)]));
    expect(plan.targets.size).toBe(0);
    expect(plan.already.map((t) => t.secretHash)).toEqual([f.secretHash]);
    expect(plan.unrouted).toBe(1);
  });
});

describe("revoke config", () => {
  it("resolves the audit log against the config's directory", () => {
    expect(config().auditLog).toBe("/etc/leakguard/audit.jsonl");
  });

  it("rejects plain HTTP off loopback, unknown backends, unknown fields and tag-only generic opt-in", () => {
    expect(checkEndpointUrl("http://hooks.example.com/x")).toMatch(/https/);
    expect(checkEndpointUrl("http://127.0.0.1:8080/x")).toBeNull();
    expect(checkEndpointUrl("http://[::1]:8080/x")).toBeNull();
    expect(() => config({ backends: { hook: { type: "webhook", url: "http://10.0.0.1/x", secretEnv: "K" } } })).toThrow(/ops.toml: backends.hook.url: must be https/);
    expect(() => config({ route: [{ tags: ["x"], backend: "nope" }] })).toThrow(/no backend named 'nope'/);
    expect(() => config({ route: [{ tags: ["x"], backend: "gh", allowGeneric: true }] })).toThrow(/allowGeneric applies to rules listed by id/);
    expect(() => config({ extra: 1 })).toThrow(/unknown field 'extra'/);
    expect(() => config({ backends: { gh: { type: "github", batchSize: 5000 } } })).toThrow(/batchSize/);
  });
});

describe("rateLimitWaitMs", () => {
  const now = 1_700_000_000_000;
  it("honours Retry-After (seconds or date) and x-ratelimit-reset", () => {
    expect(rateLimitWaitMs(429, { "retry-after": "2" }, now)).toBe(2000);
    expect(rateLimitWaitMs(429, { "retry-after": new Date(now + 5000).toUTCString() }, now)).toBe(5000);
    expect(rateLimitWaitMs(403, { "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(now / 1000 + 30) }, now)).toBe(31_000);
  });
  it("a 403 without rate-limit headers is not a rate limit; other statuses never are", () => {
    expect(rateLimitWaitMs(403, {}, now)).toBeNull();
    expect(rateLimitWaitMs(422, { "retry-after": "1" }, now)).toBeNull();
    expect(rateLimitWaitMs(429, {}, now)).toBe(60_000);
  });
});

describe("outcomeFromBody", () => {
  it("records the receiver's status, and a 2xx without one as queued", () => {
    expect(outcomeFromBody('{"status":"rotated"}').outcome).toBe("rotated");
    expect(outcomeFromBody('{"status":"failed"}').outcome).toBe("failed");
    expect(outcomeFromBody("ok").outcome).toBe("queued");
    expect(outcomeFromBody('{"status":"weird"}').outcome).toBe("queued");
  });
});

describe("headerSafe", () => {
  it("percent-encodes what a file name could smuggle into a header", () => {
    expect(headerSafe("a\r\nX-Evil: 1 é.js:rule:00")).toBe("a%0D%0AX-Evil: 1 %C3%A9.js:rule:00");
  });
});
