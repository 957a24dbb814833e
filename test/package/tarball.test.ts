// The packed tarball, installed the three ways a user would, from empty temp directories
// with only Node, npm and git: global install, dev dependency (with husky), and npx.
// Slow (npm installs), so it runs only when LEAKGUARD_PACKAGE_TESTS=1 (.ci/run sets it).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "../helpers/cli.js";
import { fakeGithubToken, passwordLine } from "../helpers/secrets.js";
import { cleanupTmp, commitFiles, initRepo, tmpDir, writeFiles } from "../helpers/tmp.js";
import { consumerEnv, run, startRe2Mirror, VERSION } from "./consumer.js";

const enabled = process.env.LEAKGUARD_PACKAGE_TESTS === "1";
const TIMEOUT = 20 * 60_000;

describe.skipIf(!enabled)("the packed tarball", () => {
  let tarball = "";
  let env: NodeJS.ProcessEnv = {};
  let mirror: Awaited<ReturnType<typeof startRe2Mirror>> | undefined;

  beforeAll(async () => {
    mirror = await startRe2Mirror();
    env = consumerEnv({ RE2_DOWNLOAD_MIRROR: mirror.url, npm_config_audit: "false", npm_config_fund: "false", npm_config_update_notifier: "false" });
    const dest = tmpDir("leakguard-pack-");
    // prepack builds; stdout must be the tarball's name and nothing else (pre-commit reads it).
    const r = await run("npm", ["pack", "--pack-destination", dest], ROOT, env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe(`leakguard-${VERSION}.tgz`);
    tarball = join(dest, r.stdout.trim());
  }, TIMEOUT);

  afterAll(async () => {
    await mirror?.close();
    cleanupTmp();
  }, 120_000);

  const commit = async (repo: string, file: string, content: string) => {
    writeFiles(repo, { [file]: content });
    await run("git", ["add", file], repo, env);
    return run("git", ["commit", "-m", file], repo, env);
  };

  it(
    "npm install -g: no dev dependency, engines hold on Node 20 (--engine-strict), and scan, git and install work",
    async () => {
      const prefix = tmpDir("leakguard-global-");
      const i = await run("npm", ["install", "-g", "--prefix", prefix, "--engine-strict", tarball], tmpDir(), env);
      expect(i.code, i.stderr).toBe(0);
      const installed = join(prefix, "lib/node_modules");
      const names = allPackages(join(installed, "leakguard/node_modules")).concat(readdirSync(installed));
      for (const dev of ["typescript", "vitest", "esbuild", "husky", "@octokit/rest", "content-type"]) expect(names).not.toContain(dev);
      expect(existsSync(join(installed, "leakguard/src"))).toBe(false);
      const bin = join(prefix, "bin/leakguard");

      const v = await run(bin, ["--version"], tmpDir(), env);
      expect(v.stdout.trim()).toBe(VERSION);

      const dir = tmpDir();
      const token = fakeGithubToken();
      writeFiles(dir, { "clean.txt": "nothing here\n", "config/app.env": `GITHUB_TOKEN=${token}\n` });
      const s = await run(bin, ["scan", dir, "--format", "json"], dir, env);
      expect(s.code, s.stderr).toBe(1);
      const report = JSON.parse(s.stdout) as { findings: { file: string; secret: string }[] };
      expect(report.findings.map((f) => f.file)).toEqual(["config/app.env"]);
      expect(s.stdout).not.toContain(token);

      const repo = initRepo();
      commitFiles(repo, { "a.txt": "a\n" });
      commitFiles(repo, { "deploy.env": `GITHUB_TOKEN=${fakeGithubToken()}\n` });
      const g = await run(bin, ["git", repo], repo, env);
      expect(g.code, g.stdout + g.stderr).toBe(1);

      const hookRepo = initRepo();
      commitFiles(hookRepo, { "a.txt": "a\n" });
      const ins = await run(bin, ["install"], hookRepo, env);
      expect(ins.code, ins.stderr).toBe(0);
      expect(ins.stdout).toContain("self-test ok");
      const leak = await commit(hookRepo, "leak.env", passwordLine() + "\n");
      expect(leak.code).not.toBe(0);
      expect(leak.stdout + leak.stderr).toContain("commit blocked");
      await run("git", ["reset", "-q", "--", "leak.env"], hookRepo, env);
      const clean = await commit(hookRepo, "b.txt", "b\n");
      expect(clean.code, clean.stdout + clean.stderr).toBe(0);
    },
    TIMEOUT,
  );

  it(
    "npm i -D in a husky project: install writes a hook on the project's own binary; a leak is refused, a clean commit goes",
    async () => {
      const project = initRepo();
      writeFiles(project, { "package.json": JSON.stringify({ name: "consumer", version: "1.0.0", private: true }), ".gitignore": "node_modules/\n" });
      commitFiles(project, { "a.txt": "a\n" });
      const i = await run("npm", ["install", "-D", "--engine-strict", tarball, "husky@9"], project, env);
      expect(i.code, i.stderr).toBe(0);
      const pkg = JSON.parse(readFileSync(join(project, "package.json"), "utf8")) as { devDependencies: Record<string, string> };
      expect(Object.keys(pkg.devDependencies)).toContain("leakguard");
      const h = await run("npx", ["--no-install", "husky"], project, env);
      expect(h.code, h.stderr).toBe(0);

      const ins = await run("npx", ["--no-install", "leakguard", "install"], project, env);
      expect(ins.code, ins.stderr).toBe(0);
      expect(ins.stdout).toContain("./node_modules/.bin/leakguard staged");
      const leak = await commit(project, "leak.env", passwordLine() + "\n");
      expect(leak.code).not.toBe(0);
      expect(leak.stdout + leak.stderr).toContain("commit blocked");
      await run("git", ["reset", "-q", "--", "leak.env"], project, env);
      const clean = await commit(project, "b.txt", "b\n");
      expect(clean.code, clean.stdout + clean.stderr).toBe(0);
    },
    TIMEOUT,
  );

  it(
    "npx --package=<tarball> leakguard runs from an empty directory",
    async () => {
      const dir = tmpDir();
      writeFiles(dir, { "notes.txt": "no secrets\n" });
      const r = await run("npx", ["--yes", `--package=${tarball}`, "leakguard", "scan", "."], dir, { ...env, npm_config_cache: tmpDir("leakguard-npx-cache-") });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr + r.stdout).toContain("scanned 1 file");
    },
    TIMEOUT,
  );
});

/** Names of every package under a node_modules directory (scoped ones as @scope/name). */
function allPackages(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    if (name.startsWith(".")) continue;
    if (name.startsWith("@")) {
      for (const sub of readdirSync(join(dir, name))) {
        out.push(`${name}/${sub}`, ...allPackages(join(dir, name, sub, "node_modules")));
      }
    } else {
      out.push(name, ...allPackages(join(dir, name, "node_modules")));
    }
  }
  return out;
}
