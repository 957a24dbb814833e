// `leakguard staged` as hooks call it runs from one bundled file with V8's code cache
// (src/bin.ts, src/bundle-loader.ts): real repositories, real child processes, a real cache dir.
import { readFileSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BIN, ROOT, runCli, runProcess } from "./helpers/cli.js";
import { codeCaches, expectCacheKeptAndRenewed, stable } from "./helpers/code-cache.js";
import { expectLeanStart, runCliLoaded } from "./helpers/loaded-modules.js";
import { fakeGithubToken } from "./helpers/secrets.js";
import { cleanupTmp, commitFiles, git, initRepo, tmpDir, writeFiles } from "./helpers/tmp.js";

afterAll(cleanupTmp);

/** A repository with a commit and a staged change of a few plain files. */
function stagedRepo(extra: Record<string, string> = {}): string {
  const repo = initRepo();
  commitFiles(repo, { "src/a.ts": "export const a = 1;\n", "src/b.ts": "export const b = 2;\n" });
  writeFiles(repo, { "src/a.ts": "export const a = 1;\nexport const c = a + 1;\n", "src/d.ts": "export const d = 4;\n", ...extra });
  git(repo, "add", "-A");
  return repo;
}

/** The hook's code caches (the CLI keeps its own, cli-*.cache, beside them). */
const cacheFiles = (cacheHome: string) => codeCaches(cacheHome, "hook-");

describe("the pre-commit hook's start-up", () => {
  it("is CommonJS, and hooks installed by earlier versions (dist/bin.js) still reach it", async () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { bin: Record<string, string> };
    expect(join(ROOT, pkg.bin.leakguard)).toBe(BIN);
    expect(BIN).toMatch(/dist[/\\]bin\.cjs$/);
    const repo = stagedRepo({ "deploy/ci.env": `GITHUB_TOKEN=${fakeGithubToken()}\n` });
    const env = { XDG_CACHE_HOME: tmpDir() };
    const now = await runCli(["staged"], { cwd: repo, env });
    const old = await runProcess(process.execPath, [join(ROOT, "dist/bin.js"), "staged"], { cwd: repo, env });
    expect(now.code).toBe(1);
    expect(old.code).toBe(1);
    expect(stable(old).text).toBe(stable(now).text);
  });

  it("loads one leakguard file and none of the modules it does not use", async () => {
    const repo = stagedRepo();
    const r = await runCliLoaded(["staged"], { cwd: repo, env: { XDG_CACHE_HOME: tmpDir() } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain("0 findings");
    // re2 too: no block of these files holds a rule's keyword, a percent escape or an escaped JSON string.
    expectLeanStart(r, ["yargs", "piscina", "zod", "smol-toml", "@octokit", "re2"]);
  });

  it("compiles no library a commit rarely needs, and loads them when a staged config asks", async () => {
    // The config's schema and TOML parser and the GitHub client live beside the bundle:
    // compiling them cost every commit ~15 ms.
    const hook = join(fileURLToPath(new URL("../dist/lib/", import.meta.url)), "hook.cjs");
    expect(statSync(hook).size).toBeLessThan(512 * 1024);
    const plain = await runCliLoaded(["staged"], { cwd: stagedRepo(), env: { XDG_CACHE_HOME: tmpDir() } });
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.cjs.some((f) => f.endsWith("hook-vendor.cjs"))).toBe(false);
    const value = fakeGithubToken().replace(/^ghp_/, "lgtest_");
    const config = `[[rules]]\nid = "house-token"\ndescription = "house token"\nregex = "lgtest_[A-Za-z0-9]{36}"\nkeywords = ["lgtest_"]\nconfidence = "high"\n`;
    const repo = stagedRepo({ ".leakguard.toml": config, "src/e.ts": `export const t = "${value}";\n` });
    const r = await runCliLoaded(["staged"], { cwd: repo, env: { XDG_CACHE_HOME: tmpDir() } });
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr + r.stdout).toContain("src/e.ts:1  house-token");
    expect(r.cjs.some((f) => f.endsWith("hook-vendor.cjs"))).toBe(true);
    // A broken config still fails closed with its own one-line message.
    const broken = stagedRepo({ ".leakguard.toml": "rules = [\n" });
    const b = await runCliLoaded(["staged"], { cwd: broken, env: { XDG_CACHE_HOME: tmpDir() } });
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/^leakguard: \.leakguard\.toml \(staged\): invalid TOML/m);
  });

  it("writes a code cache on the first run, keeps it, and replaces a stale one, with the same results", async () => {
    const token = fakeGithubToken();
    const repo = stagedRepo({ "deploy/ci.env": `GITHUB_TOKEN=${token}\n` });
    const cacheHome = tmpDir();
    const env = { XDG_CACHE_HOME: cacheHome };
    const run = async () => {
      const r = await runCli(["staged", "--format", "json"], { cwd: repo, env });
      const ids = (JSON.parse(r.stdout) as { findings: { file: string; ruleId: string }[] }).findings.map((f) => `${f.file}:${f.ruleId}`);
      return { code: r.code, ids, stderr: r.stderr };
    };
    // --format json goes through yargs: the hook path is `staged` alone, so compare with it.
    const hookRun = async (runEnv: NodeJS.ProcessEnv = env) => stable(await runCli(["staged"], { cwd: repo, env: runEnv }));

    const want = await run();
    expect(want.code).toBe(1);
    expect(want.ids).toEqual(["deploy/ci.env:github-pat"]);
    expect(cacheFiles(cacheHome)).toEqual([]);

    const first = await hookRun();
    expect(first.code).toBe(1);
    expect(first.text).toContain("deploy/ci.env");
    expect(first.text).not.toContain(token);
    await expectCacheKeptAndRenewed(hookRun, first, cacheHome, "hook-");
  });

  it("keeps a cache per set of V8 flags, so alternating between two rewrites neither", async () => {
    // V8 rejects a cache made under other flags; --max-old-space-size in NODE_OPTIONS is enough.
    const repo = stagedRepo();
    const cacheHome = tmpDir();
    const run = async (nodeOptions: string) => {
      const r = await runCli(["staged"], { cwd: repo, env: { XDG_CACHE_HOME: cacheHome, NODE_OPTIONS: nodeOptions } });
      expect(r.code, r.stderr).toBe(0);
    };
    await run("");
    const [plain] = cacheFiles(cacheHome);
    const written = readFileSync(plain);
    await run("--max-old-space-size=1000");
    expect(cacheFiles(cacheHome)).toHaveLength(2);
    const other = cacheFiles(cacheHome).find((f) => f !== plain);
    const otherWritten = readFileSync(other ?? "");
    await run("");
    await run("--max-old-space-size=1000");
    expect(readFileSync(plain).equals(written)).toBe(true);
    expect(readFileSync(other ?? "").equals(otherWritten)).toBe(true);
  });
});
