// Every template verifier rehearsed against a loopback provider from its rule data (the
// block's example answers, or ones made from its matcher): live, invalid and unknown, with
// the request checked against the rendered template. Broken blocks must fail the rehearsal,
// in the library and through `leakguard rules test`.
import { afterAll, describe, expect, it } from "vitest";
import { loadBuiltinRules } from "../../src/config/load.js";
import { Detector } from "../../src/detect/detector.js";
import { rehearseVerifier } from "../../src/verify/rehearse.js";
import { isTemplate } from "../../src/verify/verifier.js";
import type { RuleSpec } from "../../src/types.js";
import { runCli } from "../helpers/cli.js";
import { fakeToken } from "../helpers/secrets.js";
import { cleanupTmp, tmpDir, writeFiles } from "../helpers/tmp.js";

afterAll(cleanupTmp);

/** The secret the rule's first reported true positive yields. */
function exampleSecret(rule: RuleSpec): string | undefined {
  const d = new Detector([rule]);
  return (rule.truePositives ?? []).map((tp) => d.detect(Buffer.from(tp, "utf8"), "example.txt").find((c) => c.ruleId === rule.id)?.secret).find(Boolean);
}

const builtin = loadBuiltinRules().filter((r) => r.verify && isTemplate(r.verify));

describe("every built-in template verifier", () => {
  it("covers at least 250 rules", () => expect(builtin.length).toBeGreaterThanOrEqual(250));

  for (const rule of builtin) {
    it(`${rule.id}: live, invalid and unknown from its own data`, async () => {
      const secret = exampleSecret(rule);
      expect(secret, "a true positive yields a secret").toBeDefined();
      const r = await rehearseVerifier(rule, secret!);
      expect(r.failures).toEqual([]);
      expect(r.passed).toBe(3);
    });
  }
});

describe("a broken verify block fails its rehearsal", () => {
  const secret = fakeToken(40);
  const base: RuleSpec = { id: "demo-token", description: "demo", regex: "x", keywords: ["x"] };
  const rehearse = (verify: NonNullable<RuleSpec["verify"]>) => rehearseVerifier({ ...base, verify }, secret);

  it("a live example that does not satisfy liveJson", async () => {
    const r = await rehearse({ url: "https://api.demo.test/me", headers: { Authorization: "Bearer {{secret}}" }, liveJson: { ok: true }, liveResponse: { status: 200, body: '{"ok":false}' } });
    expect(r.failures).toEqual(["verify: the live example (HTTP 200) reads as invalid"]);
  });

  it("an identity path the live example does not have", async () => {
    const r = await rehearse({ url: "https://api.demo.test/me", headers: { Authorization: "Bearer {{secret}}" }, identity: { user: "login" }, liveResponse: { status: 200, body: '{"user":{"login":"x"}}' } });
    expect(r.failures).toEqual(["verify: identity 'user' not found in the live example"]);
  });

  it("a template that never sends the secret", async () => {
    const r = await rehearse({ url: "https://api.demo.test/me", headers: { Authorization: "Bearer {{secert}}" } });
    expect(r.failures[0]).toBe("verify (live round): the request does not carry the secret");
  });

  it("an invalid example the matcher reads as live", async () => {
    const r = await rehearse({ url: "https://api.demo.test/me?key={{secret:urlencode}}", invalidResponse: { status: 200, body: "{}" } });
    expect(r.failures).toEqual(["verify: the invalid example (HTTP 200) reads as live"]);
  });
});

describe("leakguard rules test", () => {
  const ruleFile = (verify: string) => `[[rules]]
id = 'demo-token'
description = 'Demo token'
regex = '''\\b(demo_[a-z0-9]{24})\\b'''
keywords = ['demo_']
truePositives = ['DEMO=demo_${fakeToken(24).toLowerCase().replace(/[^a-z0-9]/g, "a").slice(0, 24)}']

[rules.verify]
${verify}
`;

  it("rehearses the verify block and fails on a broken one", async () => {
    const d = tmpDir();
    writeFiles(d, {
      "good.toml": ruleFile(`url = "https://api.demo.test/v1/me"\nheaders = { Authorization = "Bearer {{secret}}" }\nliveJson = { ok = true }\ninvalidResponse = { status = 200, body = '{"ok":false}' }`),
      "bad.toml": ruleFile(`url = "https://api.demo.test/v1/me"\nheaders = { Authorization = "Bearer {{secret}}" }\nliveJson = { ok = true }\nliveResponse = { status = 200, body = '{"ok":"yes"}' }`),
    });
    const good = await runCli(["rules", "test", `${d}/good.toml`]);
    expect(good.stdout).toContain("verifiers: 1 rehearsed against a loopback provider (live, invalid, unknown)");
    expect(good.stdout).toContain("4 passed, 0 failed");
    expect(good.code).toBe(0);
    const bad = await runCli(["rules", "test", `${d}/bad.toml`]);
    expect(bad.stdout).toContain("FAIL demo-token: verify: the live example (HTTP 200) reads as invalid");
    expect(bad.code).toBe(1);
  });
});
