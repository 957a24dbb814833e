// Rule and config validation: every bad input is one line naming file and rule, exit 2.
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { cleanupTmp, tmpDir, writeFiles } from "../helpers/tmp.js";
import { fakePassword, passwordLine } from "../helpers/secrets.js";

afterAll(cleanupTmp);

async function scanWithConfig(config: string, files: Record<string, string> = { "a.txt": "hello\n" }) {
  const dir = tmpDir();
  writeFiles(dir, { ".leakguard.toml": config, ...files });
  return { dir, ...(await runCli(["scan", dir, "--format", "json"])) };
}

describe("config validation", () => {
  const cases: Array<[string, string, RegExp]> = [
    ["bad regex", `[[rules]]\nid = "mine"\ndescription = "d"\nregex = "(unclosed"\nkeywords = ["x"]\n`, /\.leakguard\.toml: rule 'mine': invalid regex/],
    ["unknown field", `[[rules]]\nid = "mine"\ndescription = "d"\nregex = "x"\nkeywords = ["x"]\nkeywrods = ["y"]\n`, /rule 'mine': unknown field 'keywrods'/],
    ["missing id", `[[rules]]\ndescription = "d"\nregex = "x"\nkeywords = ["x"]\n`, /rule #1: missing id/],
    ["duplicate id", `[[rules]]\nid = "a"\ndescription = "d"\nregex = "x"\nkeywords = ["x"]\n[[rules]]\nid = "a"\ndescription = "d"\nregex = "y"\nkeywords = ["y"]\n`, /rule 'a': duplicate id/],
    ["invalid toml", `[[rules]\n`, /\.leakguard\.toml: invalid TOML/],
    ["unknown top-level field", `colour = "red"\n`, /unknown field 'colour'/],
    ["unknown disabled rule", `[extend]\ndisabledRules = ["no-such-rule"]\n`, /unknown rule 'no-such-rule'/],
    ["upper-case keyword", `[[rules]]\nid = "k"\ndescription = "d"\nregex = "x"\nkeywords = ["ABC"]\n`, /rule 'k': keywords must be lower-case/],
  ];
  for (const [name, config, re] of cases) {
    it(`rejects ${name} with one line and exit 2`, async () => {
      const r = await scanWithConfig(config);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(re);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      expect(r.stdout).toBe("");
    });
  }

  it("names a missing --config file", async () => {
    const dir = tmpDir();
    const r = await runCli(["scan", dir, "--config", `${dir}/nope.toml`]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/nope\.toml: cannot read config/);
  });

  it("names a bad argument", async () => {
    const r = await runCli(["scan", ".", "--format", "xml"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/format/);
  });
});

describe("config semantics", () => {
  it("adds user rules to the defaults", async () => {
    const { code, stdout } = await scanWithConfig(
      `[[rules]]\nid = "internal-token"\ndescription = "Internal token"\nregex = '''\\b(itk_[0-9a-f]{16})\\b'''\nkeywords = ["itk_"]\n`,
      { "a.txt": "t = itk_0f1e2d3c4b5a6978\n", "b.env": passwordLine() + "\n" },
    );
    expect(code).toBe(1);
    const ids = JSON.parse(stdout).findings.map((f: { ruleId: string }) => f.ruleId).sort();
    expect(ids).toEqual(["generic-password", "internal-token"]);
  });

  it("replaces the defaults with useDefault = false", async () => {
    const { code, stdout } = await scanWithConfig(
      `[extend]\nuseDefault = false\n[[rules]]\nid = "only"\ndescription = "d"\nregex = '''(itk_[0-9a-f]{16})'''\nkeywords = ["itk_"]\n`,
      { "b.env": passwordLine() + "\n" },
    );
    expect(code).toBe(0);
    expect(JSON.parse(stdout).findings).toEqual([]);
  });

  it("disables rules by id", async () => {
    const { code } = await scanWithConfig(`[extend]\ndisabledRules = ["generic-password"]\n`, { "b.env": passwordLine() + "\n" });
    expect(code).toBe(0);
  });

  it("reaches rules that file-format parsers report, by disabledRules and useDefault = false", async () => {
    const files = { ".pgpass": `db.internal:5432:app:app:${fakePassword()}\n`, "b.env": passwordLine() + "\n" };
    const ids = (r: { stdout: string }) => JSON.parse(r.stdout).findings.map((f: { ruleId: string }) => f.ruleId).sort();
    expect(ids(await scanWithConfig(`[extend]\ndisabledRules = ["generic-password"]\n`, files))).toEqual(["pgpass-password"]);
    expect(ids(await scanWithConfig(`[extend]\ndisabledRules = ["pgpass-password"]\n`, files))).toEqual(["generic-password"]);
    const only = `[extend]\nuseDefault = false\n[[rules]]\nid = "only"\ndescription = "d"\nregex = \'\'\'(itk_[0-9a-f]{16})\'\'\'\nkeywords = ["itk_"]\n`;
    expect(ids(await scanWithConfig(only, files))).toEqual([]);
  });

  it("applies allowlist paths, regexes and stopwords", async () => {
    const files = { "fixtures/x.env": passwordLine() + "\n", "app.env": `DB_PASSWORD=${fakePassword()}_TESTONLY\n`, "b.env": passwordLine() + "\n" };
    const r = await scanWithConfig(`[allowlist]\npaths = ['''^fixtures/''']\nstopwords = ["testonly"]\nregexes = ['''^nothing$''']\n`, files);
    const f = JSON.parse(r.stdout).findings;
    expect(f.map((x: { file: string }) => x.file)).toEqual(["b.env"]);
  });
});
