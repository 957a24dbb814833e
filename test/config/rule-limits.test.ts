// Issue #12 item 10: a rule regex that can match the empty string is refused on load, and
// every rule has a per-file match budget, reported when reached.
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { jsonFindings } from "../helpers/report.js";
import { cleanupTmp, tmpDir, writeFiles } from "../helpers/tmp.js";

afterAll(cleanupTmp);

const ruleConfig = (regex: string, extra = "") =>
  `[extend]\nuseDefault = false\n[[rules]]\nid = "user-rule"\ndescription = "a user rule"\nregex = '${regex}'\n${extra}`;

describe("rule regexes that can match the empty string", () => {
  for (const regex of ["y*", "(?:abc)?", "\\b", "^", "(?:tok_[a-z]+|)"]) {
    it.concurrent(`are refused: ${regex}`, async () => {
      const dir = tmpDir();
      writeFiles(dir, { ".leakguard.toml": ruleConfig(regex), "a.txt": "tok_abc y\n" });
      const r = await runCli(["scan", dir, "--threads", "1"]);
      expect(r.code).toBe(2);
      expect(r.stderr.trim()).toMatch(/^leakguard: \S*\.leakguard\.toml: rule 'user-rule': regex can match the empty string$/);
    }, 30_000);
  }

  it.concurrent("a regex that needs at least one character still loads", async () => {
    const dir = tmpDir();
    writeFiles(dir, { ".leakguard.toml": ruleConfig("tok_[a-z]+"), "a.txt": "tok_abc y\n" });
    const r = await runCli(["scan", dir, "--threads", "1", "-f", "json", "--show-secrets"]);
    expect(r.code, r.stderr).toBe(1);
    expect(jsonFindings(r.stdout).map((f) => f.secret)).toEqual(["tok_abc"]);
  }, 30_000);
});

describe("the per-file match budget", () => {
  it("stops a rule that matches every byte, and says so", async () => {
    const dir = tmpDir();
    // Every byte matches; an entropy floor no match reaches keeps the report empty.
    writeFiles(dir, { ".leakguard.toml": ruleConfig("x", "entropy = 8\n"), "xs.txt": "x".repeat(400_000) + "\n", "ok.txt": "x\n" });
    const r = await runCli(["scan", dir, "--threads", "1"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain("leakguard: warning: xs.txt: rule user-rule stopped at its match budget");
    expect(r.stderr).not.toContain("ok.txt");
    expect(r.stderr).toMatch(/; 1 files cut short by a rule's match budget;/);
  }, 60_000);
});
