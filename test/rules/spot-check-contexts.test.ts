// Issue #15's spot check, item by item: a random token of each documented shape, assigned
// in a .env file, a YAML file and JavaScript, through the whole built-in pack.
import { describe, expect, it } from "vitest";
import { loadBuiltinRules } from "../../src/config/load.js";
import { Detector } from "../../src/detect/detector.js";
import { fakeToken, randomFrom } from "../helpers/secrets.js";

const pack = new Detector(loadBuiltinRules());
const ids = (text: string, path: string) => pack.detect(Buffer.from(text, "utf8"), path).map((c) => c.ruleId);

const HEX = "0123456789abcdef";
const LOWER_ALNUM = "abcdefghijkmnpqrstuvwxyz23456789";
/** Letters and digits without the runs a placeholder check reads as a mask. */
const ALNUM = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789";
const tok = (n: number) => randomFrom(ALNUM, n);
const uuid = () => [8, 4, 4, 4, 12].map((n) => randomFrom(HEX, n)).join("-");

/** The same assignment in the three contexts: `GEMINI_API_KEY=`, `gemini_api_key:`, `geminiApiKey =`. */
function contexts(words: string[], value: string): Array<[string, string]> {
  const camel = words[0] + words.slice(1).map((w) => w[0].toUpperCase() + w.slice(1)).join("");
  return [
    [".env", `${words.join("_").toUpperCase()}=${value}`],
    ["config.yaml", `service:\n  ${words.join("_")}: "${value}"\n`],
    ["app.js", `const client = createClient({ ${camel}: '${value}' });`],
  ];
}

/** [rule, words of the key, a random value of the documented shape]. */
const CASES: Array<[string, string[], () => string]> = [
  ["cloudflare-user-api-token", ["cloudflare", "api", "token"], () => `cfut_${tok(40)}${randomFrom(HEX, 8)}`],
  ["cloudflare-account-api-token", ["cf", "account", "token"], () => `cfat_${tok(40)}${randomFrom(HEX, 8)}`],
  ["cloudflare-global-api-key-v2", ["cloudflare", "api", "key"], () => `cfk_${tok(40)}${randomFrom(HEX, 8)}`],
  ["google-gemini-auth-key", ["gemini", "api", "key"], () => `AQ.Ab${randomFrom(ALNUM + "_-", 70)}`],
  ["datadog-personal-access-token", ["datadog", "access", "token"], () => `ddpat_${tok(40)}`],
  ["datadog-service-access-token", ["dd", "service", "token"], () => `ddsat_${tok(40)}`],
  ["datadog-application-key-v2", ["dd", "app", "key"], () => `ddapp_${tok(40)}`],
  ["datadog-api-key", ["dd", "api", "key"], () => randomFrom(HEX, 32)],
  ["azure-devops-pat-v2", ["azure", "devops", "pat"], () => `${tok(52)}JQQJ99${tok(18)}AZDO${tok(4)}`],
  ["plaid-secret", ["plaid", "secret"], () => randomFrom(HEX, 30)],
  ["plaid-access-token", ["plaid", "access", "token"], () => `access-production-${uuid()}`],
  ["paddle-api-key", ["paddle", "api", "key"], () => `pdl_live_apikey_${randomFrom(LOWER_ALNUM, 26)}_${tok(22)}_${tok(3)}`],
  ["private-packagist-token", ["composer", "auth", "token"], () => `packagist_ort_${randomFrom(HEX, 68)}`],
  ["akamai-edgegrid-token", ["akamai", "client", "token"], () => `akab-${randomFrom(LOWER_ALNUM, 16)}-${randomFrom(LOWER_ALNUM, 16)}`],
  ["pinterest-access-token", ["pinterest", "access", "token"], () => `pina_${tok(60)}`],
  ["infisical-service-token", ["infisical", "token"], () => `st.${randomFrom(HEX, 24)}.${randomFrom(HEX, 32)}.${randomFrom(HEX, 32)}`],
  ["clerk-secret-key", ["clerk", "secret", "key"], () => `sk_live_${tok(42)}`],
  ["twilio-api-key", ["twilio", "api", "key"], () => `SK${randomFrom(HEX.toUpperCase(), 32)}`],
  ["twilio-api-key", ["twilio", "api", "key"], () => `SK${randomFrom(HEX, 32)}`],
  ["github-fine-grained-pat", ["github", "token"], () => `github_pat_${tok(22)}_${tok(221)}`],
  ["gitlab-pat", ["gitlab", "token"], () => `glpat-${tok(280)}.01.${randomFrom(LOWER_ALNUM, 9)}`],
  // Services added from their documentation of the key's format.
  ["ably-api-key", ["ably", "api", "key"], () => `${tok(6)}.${tok(6)}:${randomFrom(ALNUM + "_-", 43)}`],
  ["workos-api-key", ["workos", "api", "key"], () => `sk_${tok(48)}`],
  ["workos-api-key", ["workos", "api", "key"], () => `sk_live_${tok(40)}`],
  ["hex-api-token", ["hex", "api", "token"], () => `hxtw_${tok(48)}`],
  ["checkly-service-api-key", ["checkly", "api", "key"], () => `sv_${randomFrom(HEX, 32)}`],
  ["opencage-api-key", ["opencage", "api", "key"], () => tok(32)],
];

describe("issue #15 spot check: documented shapes in .env, YAML and JavaScript", () => {
  for (const [rule, words, make] of CASES) {
    it(`${rule} (${words.join("_")})`, () => {
      for (const [path, text] of contexts(words, make())) expect(ids(text, path), `${path}: ${text}`).toContain(rule);
    });
  }

  it("a Clerk or WorkOS key is not also reported as Stripe's", () => {
    for (const svc of ["clerk", "workos"]) {
      for (const [path, text] of contexts([svc, "secret", "key"], `sk_live_${tok(42)}`)) expect(ids(text, path), text).not.toContain("stripe-secret-key");
    }
  });

  it("a service name inside a longer word is not the service (UNRELATED_ is not NREL)", () => {
    for (const [path, text] of contexts(["unrelated", "api", "key"], tok(40))) expect(ids(text, path), text).not.toContain("nrel-api-key");
  });

  it("`<service>_key` and `<name>KEY` assignments of a random value reach the generic detector", () => {
    for (const words of [["pastebin", "key"], ["uplead", "key"], ["private", "key"], ["api", "secret"]]) {
      const value = fakeToken(28);
      for (const [path, text] of contexts(words, value)) expect(ids(text, path).length, `${path}: ${text}`).toBeGreaterThan(0);
    }
  });

  it("hex under a Datadog key naming an id, hash or proof is not a Datadog key, in any context", () => {
    for (const tail of ["id", "hash", "sha", "proof"]) {
      for (const [path, text] of contexts(["datadog", "api", "key", tail], randomFrom(HEX, 32))) expect(ids(text, path), text).not.toContain("datadog-api-key");
    }
  });
});
