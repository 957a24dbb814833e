// SARIF output validates against the official SARIF 2.1.0 JSON schema.
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import Ajv from "ajv-draft-04";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { cleanupTmp, tmpDir, writeFiles } from "../helpers/tmp.js";
import { fakeGithubToken, fakePassword } from "../helpers/secrets.js";

afterAll(cleanupTmp);

const require = createRequire(import.meta.url);
// The schema file as published by the SARIF TC (2.1.0 rtm.5), shipped in an npm package.
const schemaPath = require.resolve("@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json");
const schema = JSON.parse(readFileSync(schemaPath, "utf8"));

describe("SARIF report", () => {
  it("validates against the SARIF 2.1.0 schema and carries what code scanning needs", async () => {
    const dir = tmpDir();
    const tok = fakeGithubToken();
    writeFiles(dir, { "src/config.js": `const t = "${tok}";\n`, "deploy/.env": `DB_PASSWORD=${fakePassword()}\n`, "dir with space/ä.env": `DB_PASSWORD=${fakePassword()}\n` });
    const r = await runCli(["scan", dir, "--format", "sarif"]);
    expect(r.code).toBe(1);
    const log = JSON.parse(r.stdout);
    const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false, unicodeRegExp: false });
    const validate = ajv.compile(schema);
    const ok = validate(log);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    // the validator does reject a malformed log
    expect(validate({ ...log, version: "2.0.0" })).toBe(false);

    const run = log.runs[0];
    const ruleIds = run.tool.driver.rules.map((x: { id: string }) => x.id);
    expect(ruleIds).toEqual(expect.arrayContaining(["github-pat", "generic-password"]));
    for (const res of run.results) {
      expect(ruleIds[res.ruleIndex]).toBe(res.ruleId);
      expect(res.partialFingerprints["leakguardFingerprint/v1"]).toMatch(/:[0-9a-f]{16}$/);
      expect(res.locations[0].physicalLocation.region.startLine).toBeGreaterThan(0);
    }
    const uris = run.results.map((x: { locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }) => x.locations[0].physicalLocation.artifactLocation.uri);
    expect(uris).toContain("dir%20with%20space/%C3%A4.env");
    expect(r.stdout).not.toContain(tok);
  });

  it("an empty scan is still a valid SARIF log", async () => {
    const dir = tmpDir();
    writeFiles(dir, { "a.txt": "nothing\n" });
    const r = await runCli(["scan", dir, "--format", "sarif"]);
    const validate = new Ajv({ strict: false, validateFormats: false, unicodeRegExp: false }).compile(schema);
    expect(validate(JSON.parse(r.stdout))).toBe(true);
  });
});
