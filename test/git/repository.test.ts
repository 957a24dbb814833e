// Revisions from users, events and hooks become commit ids before git sees them.
import { afterAll, describe, expect, it } from "vitest";
import { inspectRepository, resolveRevs, tryResolveCommit } from "../../src/git/repository.js";
import { cleanupTmp, commitFiles, git, initRepo, tmpDir } from "../helpers/tmp.js";

afterAll(cleanupTmp);

describe("repository", () => {
  it("resolves ranges, negations and refs named like options to ids; keeps pseudo-options", async () => {
    const repo = initRepo();
    const a = commitFiles(repo, { "a.txt": "a\n" });
    const b = commitFiles(repo, { "b.txt": "b\n" });
    git(repo, "update-ref", "refs/heads/--output=x", a);
    const o = { cwd: repo };
    expect(await resolveRevs(["--all", `${a}..${b}`, "^main", "refs/heads/--output=x"], o)).toEqual(["--all", `${a}..${b}`, `^${b}`, a]);
    await expect(resolveRevs(["nope"], o)).rejects.toThrow("unknown revision 'nope'");
    expect(await tryResolveCommit("--help", o)).toBeNull();
  });

  it("describes work trees and refuses other directories with one line", async () => {
    const repo = initRepo();
    commitFiles(repo, { "a.txt": "a\n" });
    const info = await inspectRepository(repo);
    expect(info.bare).toBe(false);
    expect(info.root.endsWith(repo.split("/").pop()!)).toBe(true);
    await expect(inspectRepository(tmpDir())).rejects.toThrow(/not a git repository/);
  });
});
