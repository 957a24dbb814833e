// The spot check of issue #15: random tokens of each documented shape, in .env, YAML and
// code contexts, through the full built-in pack.
import { describe, expect, it } from "vitest";
import { loadBuiltinRules } from "../../src/config/load.js";
import { Detector } from "../../src/detect/detector.js";
import { shannonEntropy } from "../../src/detect/entropy.js";
import { isPlaceholder } from "../../src/detect/placeholders.js";
import { insideBase64Run, keyNamesNonSecret } from "../../src/detect/match-surroundings.js";
import { fakeGithubToken, randomFrom } from "../helpers/secrets.js";

const pack = new Detector(loadBuiltinRules());
const ids = (text: string, path = "app.env") => pack.detect(Buffer.from(text, "utf8"), path).map((c) => c.ruleId);

const B62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const B64 = B62 + "+/";
const HEX = "0123456789abcdef";
/** Random letters and digits with no run a placeholder check would read as a mask. */
const token = (n: number) => randomFrom("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789", n);

describe("silent misses: a provider rule's shape rejection leaves the value to the generic rules", () => {
  it("reports a ghp_ value of the wrong length as a generic secret", () => {
    const wrongLength = `ghp_${token(30)}`;
    expect(ids(`GITHUB_TOKEN=${wrongLength}`)).toEqual(["generic-api-key"]);
  });

  it("still drops a ghp_ token whose checksum fails, and a placeholder", () => {
    const good = fakeGithubToken();
    const bad = good.slice(0, -1) + (good.endsWith("A") ? "B" : "A");
    expect(ids(`GITHUB_TOKEN=${bad}`)).toEqual([]);
    expect(ids(`GITHUB_TOKEN=ghp_${"x".repeat(36)}`)).toEqual([]);
  });
});

describe("tokens inside base64 runs", () => {
  const blob = (tok: string) =>
    `src: url(data:font/woff2;base64,d09GMgABAAAA${randomFrom(B64, 60)}/${tok}+${randomFrom(B64, 60)}==) format("woff2");`;
  const cases: Array<[string, () => string, string]> = [
    ["facebook-access-token", () => `EAA${token(150)}`, "FB_ACCESS_TOKEN"],
    ["square-access-token-eaaa", () => `EAAA${token(60)}`, "SQUARE_ACCESS_TOKEN"],
    ["twitter-bearer-token", () => `${"A".repeat(22)}${token(90)}`, "TWITTER_BEARER_TOKEN"],
  ];
  for (const [rule, make, key] of cases) {
    it(`${rule}: reported standing alone, not inside an inlined font`, () => {
      const tok = make();
      expect(ids(`${key}=${tok}`)).toContain(rule);
      expect(ids(blob(tok), "styles.css")).not.toContain(rule);
    });
  }

  it("a token at the end of a URL path is still a token", () => {
    const tok = `EAA${token(150)}`;
    expect(ids(`curl https://graph.example.org/v19/${tok}`)).toContain("facebook-access-token");
  });
});

describe("provider context rules and the key's last word", () => {
  it("does not report hex assigned to keys ending in _ID, _HASH, _SHA or _PROOF", () => {
    for (const key of ["DATADOG_API_KEY_ID", "DD_API_KEY_HASH", "DATADOG_API_KEY_SHA", "DD_API_KEY_PROOF"]) {
      expect(ids(`${key}=${randomFrom(HEX, 32)}`), key).not.toContain("datadog-api-key");
    }
    expect(ids(`DATADOG_API_KEY=${randomFrom(HEX, 32)}`)).toContain("datadog-api-key");
  });

  it("finds Datadog keys under camelCase names", () => {
    expect(ids(`const opts = { ddApiKey: "${randomFrom(HEX, 32)}" };`, "app.js")).toContain("datadog-api-key");
    expect(ids(`  ddAppKey: "${randomFrom(HEX, 40)}"`, "app.yaml")).toContain("datadog-application-key");
  });
});

describe("placeholder words inside long random tokens", () => {
  const withWord = (word: string) => {
    const at = 5 + Math.floor(Math.random() * 25);
    const t = token(40);
    return t.slice(0, at) + word + t.slice(at + word.length);
  };
  /**
   * What isPlaceholder calls a random token: 30+ characters of 4.2+ bits each. About 1 in
   * 2,600 random 40-character tokens holding such a word falls below that (repeats by
   * chance); those count as low-entropy values, whose words count anywhere.
   */
  const randomWithWord = (word: string) => {
    for (;;) {
      const v = withWord(word);
      if (shannonEntropy(v) >= 4.2) return v;
    }
  };

  it("a random 40-character token holding Your, Mock, todo or XxXx is not a placeholder", () => {
    for (const word of ["Your", "Mock", "todo", "XxXx", "Fake", "xXxX"]) {
      for (let i = 0; i < 20; i++) {
        const v = randomWithWord(word);
        expect(isPlaceholder(v), v).toBe(false);
      }
    }
  });

  it("a word standing between separators, or in a short value, still is", () => {
    expect(isPlaceholder(`sk_live_your_key_here_${token(24)}`)).toBe(true);
    expect(isPlaceholder(`${token(20)}-mock-${token(20)}`)).toBe(true);
    expect(isPlaceholder("YourApiKeyHere123")).toBe(true);
    // long words do not occur by chance: they count anywhere
    expect(isPlaceholder(`${token(12)}ExampleKey${token(20)}`)).toBe(true);
  });

  it("a provider token holding such a word is reported", () => {
    const tok = `sk_live_${randomWithWord("Your")}`;
    expect(ids(`STRIPE_SECRET_KEY=${tok}`)).toContain("stripe-secret-key");
  });
});

describe("newer documented formats", () => {
  it("Azure DevOps 84-character PATs by their AZDO signature, without context", () => {
    const pat = `${token(52)}JQQJ99${token(18)}AZDO${token(4)}`;
    expect(ids(`git clone https://build:${pat}@dev.azure.com/org/p/_git/r`, "ci.sh")).toContain("azure-devops-pat-v2");
  });

  it("Clerk secret keys are Clerk's, not Stripe's", () => {
    const found = ids(`CLERK_SECRET_KEY=sk_live_${token(42)}`);
    expect(found).toContain("clerk-secret-key");
    expect(found).not.toContain("stripe-secret-key");
  });

  it("Twilio API key SIDs in either hex case", () => {
    expect(ids(`TWILIO_API_KEY=SK${randomFrom(HEX.toUpperCase(), 32)}`)).toContain("twilio-api-key");
  });

  it("github_pat_ tails up to 255 characters and GitLab routable tokens up to ~300", () => {
    expect(ids(`GITHUB_TOKEN=github_pat_${token(22)}_${token(221)}`)).toContain("github-fine-grained-pat");
    expect(ids(`GITLAB_TOKEN=glpat-${token(280)}.01.${randomFrom("abcdefghijkmnpqrstuvwxyz23456789", 9)}`)).toContain("gitlab-pat");
  });

  it("Cloudflare scannable tokens", () => {
    const rules = { cfut: "cloudflare-user-api-token", cfat: "cloudflare-account-api-token", cfk: "cloudflare-global-api-key-v2" };
    for (const [p, rule] of Object.entries(rules)) expect(ids(`CF_TOKEN=${p}_${token(40)}${randomFrom(HEX, 8)}`)).toEqual([rule]);
  });
});

describe("context helpers", () => {
  const span = (text: string, tok: string) => {
    const at = text.indexOf(tok);
    return insideBase64Run(Buffer.from(text), at, at + tok.length);
  };

  it("a base64 run goes on through '+', or through '/' with a long run and few slashes", () => {
    const tok = token(20);
    expect(span(`x=${randomFrom(B62, 30)}+${tok}`, tok)).toBe(true);
    expect(span(`${tok}/${randomFrom(B62, 30)}`, tok)).toBe(true);
    expect(span(`GET /api/v2/users/tokens/${tok} HTTP/1.1`, tok)).toBe(false);
    expect(span(`"${tok}"`, tok)).toBe(false);
  });

  it("reads the key a provider rule's match assigns the secret to", () => {
    const src = String.raw`(?i:datadog[\w.-]{0,25}?api[\w.-]?key)`;
    expect(keyNamesNonSecret(`DATADOG_API_KEY_ID=`, src)).toBe(true);
    expect(keyNamesNonSecret(`"ddApiKeyHash": "`, src)).toBe(true);
    expect(keyNamesNonSecret(`DATADOG_API_KEY=`, src)).toBe(false);
    expect(keyNamesNonSecret(`SFDC_SESSION_ID=`, src)).toBe(false);
    // the rule's own regex names the key: it expects that value there
    expect(keyNamesNonSecret(`"private_key_id": "`, String.raw`"private_key_id"\s*:`)).toBe(false);
  });
});
