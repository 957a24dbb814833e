// `leakguard config import`: a gitleaks config (written here from gitleaks' documented
// format) becomes a .leakguard.toml that loads and acts the same where it can, with a
// note for everything it could not convert.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { fakeToken } from "../helpers/secrets.js";
import { cleanupTmp, tmpDir, writeFiles } from "../helpers/tmp.js";

afterAll(cleanupTmp);

const GITLEAKS = `title = "team"
[extend]
path = "base.toml"

[[rules]]
id = "acme-key"
description = "ACME internal key"
regex = '''acme_[A-Za-z0-9]{28}'''
keywords = ["ACME_"]
  [[rules.allowlists]]
  stopwords = ["sample"]
  commits = ["0123456789012345678901234567890123456789"]

[allowlist]
paths = ['''^vendor/''']

[[allowlists]]
targetRules = ["acme-key"]
condition = "AND"
regexes = ['''acme_[A-Za-z0-9]*AAAA''']
`;
const BASE = `[extend]
useDefault = true
[[rules]]
id = "p12-file"
description = "PKCS12 file"
path = '''\\.p12$'''
`;

describe("config import", () => {
  it("converts rules, allowlists and [extend] path, notes the rest, and the result scans as configured", async () => {
    const dir = tmpDir();
    writeFiles(dir, { ".gitleaks.toml": GITLEAKS, "base.toml": BASE });
    const r = await runCli(["config", "import", ".gitleaks.toml"], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    for (const note of ["path-only rule", "allowlist commits", 'condition = "AND"', "useDefault"]) expect(r.stderr).toContain(note);
    expect(r.stderr).toMatch(/converted 1 rule\(s\) and the global allowlist to \.leakguard\.toml/);
    const toml = readFileSync(join(dir, ".leakguard.toml"), "utf8");
    expect(toml).toContain('keywords = [ "acme_" ]');
    expect(toml).toContain("useDefault = true");

    const key = "acme_" + fakeToken(28);
    writeFiles(dir, { "app.env": `K=${key}\n`, "vendor/lib.env": `K=acme_${fakeToken(28)}\n`, "docs.md": `K=acme_sample${fakeToken(22)}\n` });
    const s = await runCli(["scan", dir, "--format", "json"]);
    expect(s.code, s.stderr).toBe(1);
    const found = (JSON.parse(s.stdout) as { findings: { file: string; ruleId: string }[] }).findings.filter((f) => f.ruleId === "acme-key");
    expect(found.map((f) => f.file)).toEqual(["app.env"]);
    // No notice about the gitleaks config once a .leakguard.toml exists.
    expect(s.stderr).not.toContain(".gitleaks.toml");
  });

  it("refuses to overwrite, and names a broken input", async () => {
    const dir = tmpDir();
    writeFiles(dir, { ".gitleaks.toml": "[[rules]]\nid = 'x'\nregex = '(unclosed'\n", ".leakguard.toml": "" });
    const exists = await runCli(["config", "import", ".gitleaks.toml"], { cwd: dir });
    expect(exists.code).toBe(2);
    expect(exists.stderr).toContain("--force");
    const bad = await runCli(["config", "import", ".gitleaks.toml", "--force"], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split("\n")).toHaveLength(1);
    expect(bad.stderr).toContain("'x'");
  });
});
