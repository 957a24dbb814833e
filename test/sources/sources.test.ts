// Each source on its own, fed from real temp directories and repositories: what it
// yields, what it counts, and what it asks the engine before reading.
import { afterAll, describe, expect, it } from "vitest";
import { symlinkSync } from "node:fs";
import { join } from "node:path";
import type { FileRef, Source, SourceChunk, SourceContext, SourceItem } from "../../src/engine/source.js";
import { ScanSession } from "../../src/engine/session.js";
import { emptyStats } from "../../src/types.js";
import { workingTreeSource } from "../../src/sources/working-tree.js";
import { StagedGit, namedFilesSource, repoInfo, stagedSource } from "../../src/sources/staged.js";
import { indexConfig } from "../../src/git/config-at.js";
import { historySource } from "../../src/sources/history.js";
import { cleanupTmp, commitFiles, git, initRepo, tmpDir, writeFiles } from "../helpers/tmp.js";
import { fakeGithubToken } from "../helpers/secrets.js";

afterAll(cleanupTmp);

const SCAN = { exclude: [], include: [], defaultExcludes: true };

function context(skip: (p: string) => boolean = () => false): SourceContext & { warnings: string[]; asked: string[] } {
  const warnings: string[] = [];
  const asked: string[] = [];
  return {
    stats: emptyStats(),
    maxFileSize: 1024 * 1024,
    scan: SCAN,
    warnings,
    asked,
    skip: (p) => (asked.push(p), skip(p)),
    warn: (m) => warnings.push(m),
  };
}

async function collect(source: Source, ctx: SourceContext): Promise<SourceItem[]> {
  const out: SourceItem[] = [];
  for await (const item of source.items(ctx)) {
    if ("chunks" in item) out.push(...item.chunks);
    else out.push(item);
  }
  return out;
}

async function findings(source: Source, root: string) {
  const session = await ScanSession.open({ root, threads: 1, warn: () => {} });
  await session.scan(source);
  return session.finish();
}

describe("working-tree source", () => {
  it("yields file batches with paths relative to the root and counts symlinks", async () => {
    const dir = tmpDir();
    writeFiles(dir, { "a.txt": "a", "sub/b.txt": "b", "node_modules/x/c.js": "c" });
    symlinkSync(join(dir, "a.txt"), join(dir, "link.txt"));
    const ctx = context();
    const items = await collect(workingTreeSource({ root: dir, exclude: [], include: [], defaultExcludes: true, gitignore: false }), ctx);
    const paths = (items.flat() as FileRef[]).map((f) => f.path).sort();
    expect(paths).toEqual(["a.txt", "sub/b.txt"]);
    expect(ctx.stats["symlinks skipped"]).toBe(1);
  });
});

describe("staged source", () => {
  it("yields index blobs with the lines the commit adds, asks before reading, counts exclusions", async () => {
    const repo = initRepo();
    commitFiles(repo, { "app.env": "A=1\nB=2\n" });
    const token = fakeGithubToken();
    writeFiles(repo, { "app.env": `A=1\nT=${token}\nB=2\n`, "package-lock.json": "{}\n", "secret/x.env": "X=1\n" });
    git(repo, "add", "-A");
    // The working copy differs from the index: the index is what counts.
    writeFiles(repo, { "app.env": "A=1\n" });
    const ctx = context((p) => p.startsWith("secret/"));
    const items = (await collect(stagedSource(repoInfo(repo)), ctx)) as SourceChunk[];
    expect(items.map((c) => [c.path, [...(c.lines ?? [])]])).toEqual([["app.env", [2]]]);
    expect(items[0].data.toString()).toContain(token);
    expect(ctx.asked.sort()).toEqual(["app.env", "secret/x.env"]);
    expect(ctx.stats.skippedOther).toBe(1); // package-lock.json
  });

  it("counts a staged blob over the size limit without yielding it", async () => {
    const repo = initRepo();
    commitFiles(repo, { "a.txt": "a\n" });
    writeFiles(repo, { "big.txt": "x".repeat(2 * 1024 * 1024) + "\n", "small.txt": "s\n" });
    git(repo, "add", "-A");
    const ctx = context();
    const items = (await collect(stagedSource(repoInfo(repo)), ctx)) as SourceChunk[];
    expect(items.map((c) => c.path)).toEqual(["small.txt"]);
    expect(ctx.stats.skippedTooLarge).toBe(1);
  });

  it("started early from a subdirectory, reads the same entries, config and blobs (paths from the top level)", async () => {
    const repo = initRepo();
    commitFiles(repo, { "sub/a.env": "A=1\n", ".leakguard.toml": "# config\n" });
    writeFiles(repo, { "sub/a.env": "A=1\nB=2\n", "top.env": "T=1\n" });
    git(repo, "add", "-A");
    const early = new StagedGit(join(repo, "sub"), { diff: true });
    try {
      const info = await early.info;
      expect(info.top).toBe(repoInfo(repo).top);
      const config = await indexConfig(early.objects, join(repo, "sub"));
      expect(config.files.text).toBe("# config\n");
      const items = (await collect(stagedSource(info, early), context())) as SourceChunk[];
      expect(items.map((c) => [c.path, [...(c.lines ?? [])]])).toEqual([
        ["sub/a.env", [2]],
        ["top.env", [1]],
      ]);
    } finally {
      early.close();
    }
    const outside = new StagedGit(tmpDir(), { diff: true });
    await expect(outside.info).rejects.toThrow(/not inside a git repository/);
    outside.close();
  });

  it("named files become one batch of file references", async () => {
    const ctx = context();
    const items = await collect(namedFilesSource([{ absPath: "/x/a", path: "a", given: "a" }]), ctx);
    expect(items).toEqual([[{ absPath: "/x/a", path: "a", given: "a" }]]);
  });
});

describe("history source", () => {
  it("attributes each secret to the commit that added it, once, and not again when the file moves", async () => {
    const repo = initRepo();
    const token = fakeGithubToken();
    const first = commitFiles(repo, { "config/app.env": `A=1\nT=${token}\n` }, "add config");
    commitFiles(repo, { "config/app.env": `A=2\nT=${token}\n` }, "edit another line");
    git(repo, "mv", "config/app.env", "moved.env");
    git(repo, "commit", "-q", "-m", "move");
    const r = await findings(historySource({ repo, revs: [] }), repo);
    expect(r.findings.map((f) => [f.file, f.commit, f.startLine])).toEqual([["config/app.env", first, 2]]);
    expect(r.unit).toBe("blobs");
    expect(r.stats.commits).toBe(3);
  });

  it("reports a secret added inside a long file at its line, once, not again for edits around it", async () => {
    const repo = initRepo();
    const body = Array.from({ length: 3000 }, (_, i) => `const value${i} = compute(${i}); // filler`);
    commitFiles(repo, { "src/big.js": body.join("\n") + "\n" }, "add");
    const token = fakeGithubToken();
    const withToken = [...body.slice(0, 1500), `const t = "${token}";`, ...body.slice(1500)];
    const added = commitFiles(repo, { "src/big.js": withToken.join("\n") + "\n" }, "add a token");
    // Edits before and after the token's line: its line is inside the changed middle now.
    const edited = [`// header`, ...withToken.slice(0, 1400), `// moved`, ...withToken.slice(1400, 1600), ...withToken.slice(1601)];
    commitFiles(repo, { "src/big.js": edited.join("\n") + "\n" }, "edit around it");
    const r = await findings(historySource({ repo, revs: [] }), repo);
    expect(r.findings.map((f) => [f.file, f.commit, f.startLine])).toEqual([["src/big.js", added, 1501]]);
  });

  it("scans HEAD when a detached checkout has no refs, and notes an empty repository", async () => {
    const repo = initRepo();
    const c = commitFiles(repo, { "a.env": `T=${fakeGithubToken()}\n` });
    git(repo, "checkout", "-q", "--detach", c);
    git(repo, "update-ref", "-d", "refs/heads/main");
    const r = await findings(historySource({ repo, revs: [] }), repo);
    expect(r.findings.map((f) => f.commit)).toEqual([c]);

    const empty = initRepo();
    const e = await findings(historySource({ repo: empty, revs: [] }), empty);
    expect(e.findings).toEqual([]);
    expect(e.stats.notes).toContain("empty repository (no commits)");
  });

  it("asks the engine before reading each path", async () => {
    const repo = initRepo();
    commitFiles(repo, { "keep.env": `T=${fakeGithubToken()}\n`, "private/skip.env": `T=${fakeGithubToken()}\n` });
    const ctx = context((p) => p.startsWith("private/"));
    const source = historySource({ repo, revs: [] });
    const items = (await collect(source, ctx)) as SourceChunk[];
    source.close?.();
    expect(items.filter((c) => c.location !== "commit-message").map((c) => c.path)).toEqual(["keep.env"]);
    expect(ctx.asked.sort()).toEqual(["keep.env", "private/skip.env"]);
  });

  it("skips the paths a directory scan skips (dependencies, lock files), each blob counted once; the config can scan them", async () => {
    const repo = initRepo();
    const vendored = `module.exports = { token: "${fakeGithubToken()}" };\n`;
    const own = commitFiles(repo, { "app.env": `T=${fakeGithubToken()}\n`, "node_modules/pkg/index.js": vendored, "web/node_modules/pkg/index.js": vendored }, "add");
    const r = await findings(historySource({ repo, revs: [] }), repo);
    expect(r.findings.map((f) => [f.file, f.commit])).toEqual([["app.env", own]]);
    expect(r.stats.skippedOther).toBe(1); // one blob at two paths
    writeFiles(repo, { ".leakguard.toml": "[scan]\ndefaultExcludes = false\n" });
    const all = await findings(historySource({ repo, revs: [] }), repo);
    expect(all.findings.map((f) => f.file).sort()).toEqual(["app.env", "node_modules/pkg/index.js", "web/node_modules/pkg/index.js"]);
    expect(all.stats.skippedOther).toBe(0);
  });

  it("scans commit messages: reported with an empty file and location commit-message", async () => {
    const repo = initRepo();
    const token = fakeGithubToken();
    writeFiles(repo, { "a.txt": "a\n" });
    git(repo, "add", "-A");
    git(repo, "commit", "-q", "-m", `deploy\n\nused ${token} for the release`);
    const r = await findings(historySource({ repo, revs: [] }), repo);
    expect(r.findings.map((f) => [f.file, f.location, f.startLine])).toEqual([["", "commit-message", 3]]);
    expect(r.messageSecrets.get(r.findings[0].commit!)).toEqual([token]);
  });
});
