// configAt: the config, everything it extends and the ignore file all come from one
// revision; nothing is read from the working tree.
import { afterAll, describe, expect, it } from "vitest";
import { configAt, fileAt } from "../../src/git/config-at.js";
import { loadConfig } from "../../src/config/resolve.js";
import { cleanupTmp, commitFiles, git, initRepo, writeFiles } from "../helpers/tmp.js";

afterAll(cleanupTmp);

const EXTRA_RULE = (id: string, word: string) => `[[rules]]\nid = '${id}'\ndescription = 'x'\nregex = '''${word}_[a-z]{8}'''\nkeywords = ['${word}']\n`;

describe("configAt", () => {
  it("reads extend.paths from the same commit, not from the working tree", async () => {
    const repo = initRepo();
    const base = commitFiles(repo, {
      ".leakguard.toml": "[extend]\npaths = ['ci/rules.toml']\n",
      "ci/rules.toml": EXTRA_RULE("committed-rule", "committed"),
      ".leakguardignore": "a.txt:rule:0123456789abcdef\n",
    });
    // The working tree (and a later commit) rewrite the extended file.
    commitFiles(repo, { "ci/rules.toml": EXTRA_RULE("later-rule", "later") });
    writeFiles(repo, { "ci/rules.toml": EXTRA_RULE("worktree-rule", "worktree") });
    const t = configAt(repo, base);
    expect(t.files.label).toBe(`.leakguard.toml@${base.slice(0, 12)}`);
    expect(t.ignoreText).toContain("a.txt:rule:");
    const cfg = await loadConfig({ files: t.files });
    const ids = cfg.rules.map((r) => r.id);
    expect(ids).toContain("committed-rule");
    expect(ids).not.toContain("later-rule");
    expect(ids).not.toContain("worktree-rule");
  });

  it("reads the index when the revision is empty (the staged guard)", async () => {
    const repo = initRepo();
    commitFiles(repo, { ".leakguard.toml": "[extend]\npaths = ['r.toml']\n", "r.toml": EXTRA_RULE("head-rule", "headword") });
    writeFiles(repo, { "r.toml": EXTRA_RULE("staged-rule", "stagedword") });
    git(repo, "add", "r.toml");
    writeFiles(repo, { "r.toml": EXTRA_RULE("unstaged-rule", "unstagedword") });
    const cfg = await loadConfig({ files: configAt(repo, "").files });
    const ids = cfg.rules.map((r) => r.id);
    expect(ids).toContain("staged-rule");
    expect(ids).not.toContain("unstaged-rule");
  });

  it("names a missing extended file and refuses paths outside the repository", async () => {
    const repo = initRepo();
    const missing = commitFiles(repo, { ".leakguard.toml": "[extend]\npaths = ['gone.toml']\n" });
    await expect(loadConfig({ files: configAt(repo, missing).files })).rejects.toThrow(/extend\.paths: gone\.toml does not exist@/);
    const outside = commitFiles(repo, { ".leakguard.toml": "[extend]\npaths = ['../../etc/passwd']\n" });
    await expect(loadConfig({ files: configAt(repo, outside).files })).rejects.toThrow(/outside the repository/);
  });

  it("gives null for absent files", () => {
    const repo = initRepo();
    const c = commitFiles(repo, { "a.txt": "a\n" });
    const t = configAt(repo, c);
    expect(t.files.text).toBeNull();
    expect(t.ignoreText).toBeNull();
    expect(fileAt(repo, c, "baseline.json")).toBeNull();
    expect(fileAt(repo, c, "./a.txt")).toBe("a\n");
  });
});
