// The keyed service table: rows expand into rules that find a service's key by the
// service's name in an assignment and a value of the documented shape.
import { describe, expect, it } from "vitest";
import { loadBuiltinRules, validateRules } from "../../src/config/load.js";
import { parseKeyedTable } from "../../src/config/keyed.js";
import { Detector } from "../../src/detect/detector.js";
import { UsageError } from "../../src/types.js";
import { randomFrom } from "../helpers/secrets.js";

const HEX = "0123456789abcdef";
const B62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

const table = `
[[services]]
id = "quillsvc"
name = "Quill"
keywords = ["quillsvc"]
shape = "hex:32"
references = ["https://docs.example.org/quill/keys"]

[[services]]
id = "larksvc"
name = "Lark"
keywords = ["larksvc", "larkapi"]
secret = "secret key"
shape = "alnum:20-40"
references = ["https://docs.example.org/lark/auth"]
tags = ["chat"]

[[services]]
id = "wrensvc"
name = "Wren"
keywords = ["wrensvc"]
shape = "uuid"
references = ["https://docs.example.org/wren"]
`;

function detectorFor(text: string): Detector {
  return new Detector(validateRules(parseKeyedTable(text, "rules/keyed/test.toml"), "rules/keyed/test.toml"));
}

const uuid = () => [8, 4, 4, 4, 12].map((n) => randomFrom(HEX, n)).join("-");

describe("keyed table expansion", () => {
  const det = detectorFor(table);
  const ids = (line: string) => det.detect(Buffer.from(line), "app.env").map((c) => `${c.ruleId}=${c.secret}`);

  it("names each rule after the service and the secret, with medium confidence and the references", () => {
    const rules = validateRules(parseKeyedTable(table, "rules/keyed/test.toml"), "rules/keyed/test.toml");
    expect(rules.map((r) => [r.id, r.description, r.confidence])).toEqual([
      ["quillsvc-api-key", "Quill API key", "medium"],
      ["larksvc-secret-key", "Lark secret key", "medium"],
      ["wrensvc-api-key", "Wren API key", "medium"],
    ]);
    expect(rules[1].tags).toEqual(["keyed", "test", "chat"]);
    expect(rules[0].references).toEqual(["https://docs.example.org/quill/keys"]);
    // The row's id is its service, unless the row names another (a second key of one service).
    expect(rules.map((r) => r.service)).toEqual(["quillsvc", "larksvc", "wrensvc"]);
    const second = validateRules(parseKeyedTable(table.replace('id = "wrensvc"', 'id = "wrensvc-admin"\nservice = "wrensvc"'), "t.toml"), "t.toml");
    expect(second[2].service).toBe("wrensvc");
  });

  it("finds a value of the exact shape under a key holding the service's name, in any syntax", () => {
    const hex = randomFrom(HEX, 32);
    const b62 = randomFrom(B62, 31);
    const id = uuid();
    for (const line of [
      `QUILLSVC_KEY=${hex}`,
      `quillsvc_api_key: "${hex}"`,
      `  "quillsvcToken": "${hex}",`,
      `const quillsvcKey = '${hex}';`,
      `'quillsvc_key' => '${hex}',`,
      `export QUILLSVC_SECRET="${hex}"`,
    ]) {
      expect(ids(line), line).toEqual([`quillsvc-api-key=${hex}`]);
    }
    expect(ids(`LARKAPI_SECRET=${b62}`)).toEqual([`larksvc-secret-key=${b62}`]);
    expect(ids(`wrensvc.key = ${id}`)).toEqual([`wrensvc-api-key=${id}`]);
  });

  it("does not report other lengths, other alphabets, placeholders or ids of the service", () => {
    const hex = randomFrom(HEX, 32);
    for (const line of [
      `QUILLSVC_KEY=${hex}a`,
      `QUILLSVC_KEY=${hex.slice(1)}`,
      `QUILLSVC_KEY=${hex.slice(0, 31)}G`,
      `QUILLSVC_KEY=${hex.toUpperCase().replace(/[0-9]/g, "C")}`,
      `QUILLSVC_KEY=${"0".repeat(32)}`,
      `QUILLSVC_PROJECT_ID=${hex}`,
      `quillsvcUserId: "${hex}"`,
      `QUILLSVC_URL=https://x/${hex}`,
      `OTHER_API_KEY=${hex}`,
      `LARKSVC_KEY=${randomFrom(B62, 19)}`,
      `LARKSVC_KEY=${randomFrom(B62, 41)}`,
      `WRENSVC_KEY=${uuid()}0`,
    ]) {
      expect(ids(line), line).toEqual([]);
    }
  });

  it("needs the service's name to be a word of the key, and a literal value on a line of code", () => {
    const hex = randomFrom(HEX, 32);
    const found = (line: string, path: string) => det.detect(Buffer.from(line), path).map((c) => c.ruleId);
    // The name glued inside another word names something else.
    expect(found(`refreshquillsvcKey: "${hex}"`, "app.yml")).toEqual([]);
    expect(found(`XQUILLSVC_KEY=${hex}`, "app.env")).toEqual([]);
    // A camelCase or acronym boundary starts a word.
    expect(found(`appQuillsvcKey: "${hex}"`, "app.yml")).toEqual(["quillsvc-api-key"]);
    expect(found(`APIQuillsvcKey: "${hex}"`, "app.yml")).toEqual(["quillsvc-api-key"]);
    // Bare on a code line it is an expression; quoted, or in a comment or a config, a value.
    expect(found(`quillsvc_key = ${hex}`, "app/settings.py")).toEqual([]);
    expect(found(`this.quillsvcKey = ${hex};`, "src/Client.java")).toEqual([]);
    expect(found(`quillsvc_key = "${hex}"`, "app/settings.py")).toEqual(["quillsvc-api-key"]);
    expect(found(`# QUILLSVC_KEY=${hex}`, "app/settings.py")).toEqual(["quillsvc-api-key"]);
    expect(found(`quillsvc_key = ${hex}`, "deploy/app.ini")).toEqual(["quillsvc-api-key"]);
    // A source file's name as the key: a linter's cache mapping files to hashes.
    expect(found(String.raw`{"src\/Quillsvc.php":"${hex}"}`, ".php-cs-fixer.cache")).toEqual([]);
  });

  it("generates examples deterministically from the shape: valid ones in .env, YAML and JS, and look-alikes", () => {
    const [a, b] = [parseKeyedTable(table, "t.toml"), parseKeyedTable(table, "t.toml")];
    expect(a).toEqual(b);
    const quill = a[0] as { truePositives: string[]; falsePositives: string[] };
    expect(quill.truePositives[0]).toMatch(/^QUILLSVC_API_KEY=[0-9a-f]{32}$/);
    expect(quill.truePositives[1]).toMatch(/^ {2}quillsvc_api_key: "[0-9a-f]{32}"$/);
    expect(quill.truePositives[2]).toMatch(/^const quillsvcApiKey = '[0-9a-f]{32}';$/);
    expect(quill.falsePositives).toContain("QUILLSVC_API_KEY=" + "0".repeat(32));
    expect(quill.falsePositives.some((l) => /^QUILLSVC_USER_ID=[0-9a-f]{32}$/.test(l))).toBe(true);
  });
});

describe("keyed table verify", () => {
  it("copies a row's verify table into the expanded rule, and leaves rows without one unverified", () => {
    const text = `${table}
[[services]]
id = "finchsvc"
name = "Finch"
keywords = ["finchsvc"]
shape = "hex:32"
references = ["https://docs.example.org/finch"]
[services.verify]
url = "https://api.finch.example/v1/me?key={{secret:urlencode}}"
headers = { Accept = "application/json" }
invalidStatus = [401]
liveJson = { ok = true }
identity = { account = "account.name" }
`;
    const rules = validateRules(parseKeyedTable(text, "rules/keyed/test.toml"), "rules/keyed/test.toml");
    expect(rules.map((r) => r.verify === undefined)).toEqual([true, true, true, false]);
    expect(rules[3].verify).toEqual({
      url: "https://api.finch.example/v1/me?key={{secret:urlencode}}",
      headers: { Accept: "application/json" },
      invalidStatus: [401],
      liveJson: { ok: true },
      identity: { account: "account.name" },
    });
  });
});

describe("keyed table validation", () => {
  const bad: Array<[string, string, RegExp]> = [
    ["no references", `[[services]]\nid = "x1"\nname = "X"\nkeywords = ["xservice"]\nshape = "hex:32"\n`, /^t\.toml: service 'x1': references/],
    ["unknown alphabet", `[[services]]\nid = "x2"\nname = "X"\nkeywords = ["xservice"]\nshape = "hexx:32"\nreferences = ["https://x.org"]\n`, /^t\.toml: service 'x2': shape 'hexx:32': unknown alphabet/],
    ["short keyword", `[[services]]\nid = "x3"\nname = "X"\nkeywords = ["xs"]\nshape = "hex:32"\nreferences = ["https://x.org"]\n`, /^t\.toml: service 'x3': keywords\.0: /],
    ["both shape and regex", `[[services]]\nid = "x4"\nname = "X"\nkeywords = ["xservice"]\nshape = "hex:32"\nregex = "[a-z]{9}"\nreferences = ["https://x.org"]\n`, /^t\.toml: service 'x4': give exactly one of shape or regex/],
    ["a verify URL that is not https", `[[services]]\nid = "x6"\nname = "X"\nkeywords = ["xservice"]\nshape = "hex:32"\nreferences = ["https://x.org"]\n[services.verify]\nurl = "http://api.x.org/me?key={{secret}}"\n`, /^t\.toml: service 'x6': verify\.url: /],
    ["an unknown verify field", `[[services]]\nid = "x7"\nname = "X"\nkeywords = ["xservice"]\nshape = "hex:32"\nreferences = ["https://x.org"]\n[services.verify]\nurl = "https://api.x.org/me"\nstatus = [200]\n`, /^t\.toml: service 'x7': unknown field 'verify\.status'|^t\.toml: service 'x7': .*status/],
    ["unknown field", `[[services]]\nid = "x5"\nname = "X"\nkeywords = ["xservice"]\nshape = "hex:32"\nreferences = ["https://x.org"]\nkeyword = "y"\n`, /^t\.toml: service 'x5': unknown field 'keyword'/],
  ];
  for (const [name, text, message] of bad) {
    it(`rejects a row with ${name} in one line naming file and service`, () => {
      let err: unknown;
      try {
        parseKeyedTable(text, "t.toml");
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(UsageError);
      expect((err as Error).message).toMatch(message);
      expect((err as Error).message).not.toContain("\n");
    });
  }
});

describe("built-in keyed table", () => {
  const keyed = loadBuiltinRules().filter((r) => r.tags?.includes("keyed"));
  it("expands into rules with references, tags and generated examples", () => {
    // The table's purpose is breadth: at least 220 services without a token prefix.
    expect(keyed.length).toBeGreaterThanOrEqual(220);
    for (const r of keyed) {
      expect(r.references?.length, r.id).toBeGreaterThan(0);
      expect(r.truePositives?.length, r.id).toBe(3);
      expect(r.falsePositives?.length, r.id).toBeGreaterThanOrEqual(3);
      expect(r.confidence, r.id).toBe("medium");
    }
  });

  it("gives at least 60 services a verifier that sends the key to the provider's https host", () => {
    const verifying = keyed.filter((r) => r.verify);
    expect(verifying.length).toBeGreaterThanOrEqual(60);
    for (const r of verifying) {
      expect(r.verify!.url, r.id).toMatch(/^https:\/\/[a-z0-9.-]+\//);
      expect(JSON.stringify([r.verify!.url, r.verify!.headers ?? {}, r.verify!.body ?? ""]), r.id).toMatch(/\{\{secret(?::(?:base64|urlencode))?\}\}/);
    }
  });
});
