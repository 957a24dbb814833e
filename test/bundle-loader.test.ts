// Commands other than the hook run from one bundled file (dist/lib/cli.cjs) with V8's code
// cache (src/bundle-loader.ts): real directories, real child processes, a real cache dir.
import { existsSync, mkdirSync, readFileSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { cacheKeyBundle, pruneCaches } from "../src/bundle-loader.js";
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

describe("pruning the code caches", () => {
  /** A cache file as the loader writes one: the key line, then V8's bytes. */
  function cacheFile(dir: string, name: string, key: string): string {
    mkdirSync(dir, { recursive: true });
    const path = join(dir, name);
    writeFileSync(path, Buffer.concat([Buffer.from(`${key}\n`, "latin1"), Buffer.alloc(64, 1)]));
    return path;
  }
  const keyFor = (file: string, size: number, mtimeMs: number, use = "scan") => `leakguard-cli ${use} ${file} ${size} ${mtimeMs} v20.20.0 x64 defaults`;

  it("reads the bundle a cache was made for from its key, whatever the path holds", () => {
    expect(cacheKeyBundle(keyFor("/home/a b/node_modules/leakguard/dist/lib/cli.cjs", 123, 1796656622972.197))).toEqual({
      file: "/home/a b/node_modules/leakguard/dist/lib/cli.cjs",
      size: 123,
      mtimeMs: 1796656622972.197,
    });
    expect(cacheKeyBundle("leakguard-cli git C:\\Users\\x y\\cli.cjs 5 17 v22.1.0 arm64 cc05dec00bc2e400")?.file).toBe("C:\\Users\\x y\\cli.cjs");
    // The format of earlier versions (no command, no V8 stamp) is not this one.
    expect(cacheKeyBundle("leakguard-hook /x/dist/lib/hook.cjs 1305296 1796601816994.2866 v20.20.2 x64")).toBeUndefined();
  });

  it("deletes the caches of removed, replaced and unreadable bundles and dead runs' temporary files, and nothing else", () => {
    const root = tmpDir();
    const dir = join(root, "leakguard");
    const live = join(root, "project", "cli.cjs");
    writeFiles(root, { "project/cli.cjs": "// a bundle\n", "rebuilt/cli.cjs": "// rebuilt since, one byte longer\n" });
    const st = statSync(live);
    const rebuilt = statSync(join(root, "rebuilt", "cli.cjs"));
    const now = Date.now();
    const kept = [
      cacheFile(dir, "cli-scan-0000000a.cache", keyFor(live, st.size, st.mtimeMs)),
      cacheFile(dir, "cli-git-0000000b.cache", keyFor(live, st.size, st.mtimeMs, "git")),
      cacheFile(dir, "notes.txt", "not a cache"),
      cacheFile(dir, "cli-scan-0000000c.cache.4242-ab12cd.tmp", "being written"),
    ];
    const gone = [
      cacheFile(dir, "cli-scan-0000000d.cache", keyFor(join(root, "removed", "cli.cjs"), st.size, st.mtimeMs)),
      cacheFile(dir, "cli-scan-0000000e.cache", keyFor(join(root, "rebuilt", "cli.cjs"), rebuilt.size - 1, rebuilt.mtimeMs)),
      cacheFile(dir, "cli-scan-0000000f.cache", keyFor(join(root, "rebuilt", "cli.cjs"), rebuilt.size, rebuilt.mtimeMs - 1000)),
      cacheFile(dir, "hook-00000010.cache", `leakguard-hook ${live} ${st.size} ${st.mtimeMs} v20.20.2 x64`),
      cacheFile(dir, "cli-scan-00000011.cache.77-x9y8.tmp", "left by a run that died"),
    ];
    const hourAgo = (now - 2 * 60 * 60 * 1000) / 1000;
    utimesSync(gone[4], hourAgo, hourAgo);

    pruneCaches(dir, now);
    expect(kept.filter((f) => !existsSync(f))).toEqual([]);
    expect(gone.filter((f) => existsSync(f))).toEqual([]);
    pruneCaches(join(root, "no-such-folder"), now); // nothing to prune: no error
  });

  it("a run that writes a cache removes those of bundles no longer installed, and keeps the live ones", async () => {
    const dir = tmpDir();
    writeFiles(dir, { "a.txt": "hello\n" });
    const cacheHome = tmpDir();
    const env = { XDG_CACHE_HOME: cacheHome };
    expect((await runCli(["rules", "--format", "json"], { env })).code).toBe(0);
    const [live] = cliCaches(cacheHome);
    const liveBytes = readFileSync(live);
    const uninstalled = cacheFile(join(cacheHome, "leakguard"), "cli-scan-12345678.cache", keyFor(join(tmpDir(), "gone", "cli.cjs"), 10, 20));

    // A cached run writes nothing, so it prunes nothing.
    expect((await runCli(["rules", "--format", "json"], { env })).code).toBe(0);
    expect(existsSync(uninstalled)).toBe(true);
    // The first scan writes its cache, and prunes.
    expect((await runCli(["scan", dir], { env })).code).toBe(0);
    expect(existsSync(uninstalled)).toBe(false);
    expect(readFileSync(live).equals(liveBytes)).toBe(true);
    expect(cliCaches(cacheHome).map((f) => basename(f).replace(/-[0-9a-f]{8}\.cache$/, "")).sort()).toEqual(["cli-rules", "cli-scan"]);
  });
});
