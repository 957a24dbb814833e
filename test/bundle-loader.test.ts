// Commands other than the hook run from one bundled file (dist/lib/cli.cjs) with V8's code
// cache (src/bundle-loader.ts): real directories, real child processes, a real cache dir.
import { basename } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "./helpers/cli.js";
import { codeCaches, expectCacheKeptAndRenewed, stable } from "./helpers/code-cache.js";
import { expectLeanStart, loadedPackage, runCliLoaded } from "./helpers/loaded-modules.js";
import { fakeGithubToken } from "./helpers/secrets.js";
import { cleanupTmp, tmpDir, writeFiles } from "./helpers/tmp.js";

afterAll(cleanupTmp);

const cliCaches = (cacheHome: string) => codeCaches(cacheHome, "cli-");

describe("the CLI's start-up", () => {
  it("scans a small directory from one bundled file, without yargs' modules, worker threads, crypto or zlib", async () => {
    const dir = tmpDir();
    writeFiles(dir, { "app.js": "export const answer = 42;\n" });
    const r = await runCliLoaded(["scan", dir], { env: { XDG_CACHE_HOME: tmpDir() } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain("scanned 1 file");
    // The HTML report hashes its CSP only when it writes one.
    expectLeanStart(r, ["yargs", "yargs-parser", "piscina", "zod", "smol-toml", "@octokit"]);
  });

  it("writes a code cache on the first run, keeps it, and replaces a stale one, with the same results", async () => {
    const token = fakeGithubToken();
    const dir = tmpDir();
    writeFiles(dir, { "deploy/ci.env": `GITHUB_TOKEN=${token}\n`, "src/a.ts": "export const a = 1;\n" });
    const cacheHome = tmpDir();
    const env = { XDG_CACHE_HOME: cacheHome };
    const run = async (extra: NodeJS.ProcessEnv = env) => stable(await runCli(["scan", dir, "--format", "json"], { env: extra }));

    const first = await run();
    expect(first.code).toBe(1);
    expect(first.text).toContain('"ruleId": "github-pat"');
    expect(first.text).not.toContain(token);
    await expectCacheKeptAndRenewed(run, first, cacheHome, "cli-");
  });

  it("keeps a cache per command, so the first command run does not decide what a scan finds compiled", async () => {
    const dir = tmpDir();
    writeFiles(dir, { "a.txt": "hello\n" });
    const cacheHome = tmpDir();
    const env = { XDG_CACHE_HOME: cacheHome };
    const names = () => cliCaches(cacheHome).map((f) => basename(f).replace(/-[0-9a-f]{8}\.cache$/, "")).sort();
    expect((await runCli(["rules", "--format", "json"], { env })).code).toBe(0);
    expect(names()).toEqual(["cli-rules"]);
    const scans = [await runCli(["scan", dir], { env }), await runCli(["scan", dir], { env })].map(stable);
    expect(scans[0].code).toBe(0);
    expect(scans[1]).toEqual(scans[0]);
    expect(names()).toEqual(["cli-rules", "cli-scan"]);
  });

  it("starts worker threads from the bundle for a big scan, with or without the cache", async () => {
    const dir = tmpDir();
    const files: Record<string, string> = {};
    for (let i = 0; i < 200; i++) files[`src/f${i}.js`] = `export const v${i} = ${i};\n`.repeat(20) + (i === 150 ? `const token = "${fakeGithubToken()}";\n` : "");
    writeFiles(dir, files);
    const cacheHome = tmpDir();
    for (let i = 0; i < 2; i++) {
      const r = await runCliLoaded(["scan", dir, "--threads", "2", "--format", "json"], { env: { XDG_CACHE_HOME: cacheHome } });
      expect(r.code, r.stderr).toBe(1);
      expect(loadedPackage(r, "piscina")).toBe(true);
      expect(r.stderr).toContain("scanned 200 files");
      expect((JSON.parse(r.stdout) as { findings: { file: string }[] }).findings.map((f) => f.file)).toEqual(["src/f150.js"]);
    }
    expect(cliCaches(cacheHome)).toHaveLength(1);
  });
});
