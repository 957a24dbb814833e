// `leakguard rules test .leakguard.toml`: a user config's rules against their examples,
// with the config's global allowlist applied, naming the filter that drops a true positive.
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { fakeToken } from "../helpers/secrets.js";
import { cleanupTmp, tmpDir, writeFiles } from "../helpers/tmp.js";

afterAll(cleanupTmp);

describe("rules test with a .leakguard.toml", () => {
  it("says which filter dropped each true positive", async () => {
    const dir = tmpDir();
    const good = "acme_" + fakeToken(24);
    const stopworded = "acme_corpx" + fakeToken(19);
    const flat = "acme_" + "ab".repeat(12);
    const placeholder = "acme_" + "x".repeat(24);
    const short = "acme_" + fakeToken(10);
    writeFiles(dir, {
      ".leakguard.toml": [
        "[allowlist]",
        'stopwords = ["corpx"]',
        "[[rules]]",
        'id = "acme-key"',
        'description = "ACME key"',
        "regex = '''acme_[A-Za-z0-9]{24,}'''",
        'keywords = ["acme_"]',
        "entropy = 3.0",
        `truePositives = ["K=${good}", "K=${stopworded}", "K=${flat}", "K=${placeholder}", "K=${short}"]`,
        "",
      ].join("\n"),
    });
    const r = await runCli(["rules", "test", ".leakguard.toml"], { cwd: dir });
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toContain("dropped by [allowlist] in .leakguard.toml");
    expect(r.stdout).toContain("below the rule's entropy threshold (3)");
    expect(r.stdout).toContain("the regex matches, but the detector's value filters drop it");
    expect(r.stdout).toContain("the regex does not match it");
    expect(r.stdout).toContain("1 passed, 4 failed");
    expect(r.stdout).not.toContain(good);
  });
});
