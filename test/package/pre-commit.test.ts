// The pre-commit framework with this repository's .pre-commit-hooks.yaml, through
// `pre-commit try-repo` (which clones this checkout, uncommitted changes included).
// `leakguard` makes pre-commit install leakguard itself (npm install, npm pack, npm
// install -g): slow, so only with LEAKGUARD_PACKAGE_TESTS=1 (.ci/run); `leakguard-local`
// uses the project's node_modules. Skipped where pre-commit is not installed.
import { spawnSync } from "node:child_process";
import { mkdirSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN, ROOT } from "../helpers/cli.js";
import { passwordLine } from "../helpers/secrets.js";
import { cleanupTmp, commitFiles, initRepo, tmpDir, writeFiles } from "../helpers/tmp.js";
import { consumerEnv, run, startRe2Mirror } from "./consumer.js";

const hasPreCommit = spawnSync("pre-commit", ["--version"]).status === 0;
const slow = process.env.LEAKGUARD_PACKAGE_TESTS === "1";
const TIMEOUT = 30 * 60_000;

describe.skipIf(!hasPreCommit)("pre-commit framework", () => {
  let mirror: Awaited<ReturnType<typeof startRe2Mirror>> | undefined;
  let env: NodeJS.ProcessEnv = {};

  beforeAll(async () => {
    mirror = await startRe2Mirror();
    env = consumerEnv({ RE2_DOWNLOAD_MIRROR: mirror.url, PRE_COMMIT_HOME: tmpDir("leakguard-pre-commit-home-"), npm_config_audit: "false", npm_config_fund: "false" });
  });

  afterAll(async () => {
    await mirror?.close();
    cleanupTmp();
  }, 120_000);

  async function tryRepo(repo: string, hook: string, file: string, content: string) {
    writeFiles(repo, { [file]: content });
    await run("git", ["add", file], repo, env);
    return run("pre-commit", ["try-repo", ROOT, hook, "--files", file], repo, env);
  }

  it.skipIf(!slow)(
    "leakguard (language: node) installs from this repository and blocks a leak, passes a clean file",
    async () => {
      const repo = initRepo();
      commitFiles(repo, { "a.txt": "a\n" });
      const leak = await tryRepo(repo, "leakguard", "leak.env", passwordLine() + "\n");
      expect(leak.code, leak.stdout + leak.stderr).toBe(1);
      expect(leak.stdout).toContain("commit blocked");
      const clean = await tryRepo(repo, "leakguard", "clean.txt", "nothing to see\n");
      expect(clean.code, clean.stdout + clean.stderr).toBe(0);
    },
    TIMEOUT,
  );

  it(
    "leakguard-local runs the project's node_modules/.bin/leakguard, and says what to do without it",
    async () => {
      const repo = initRepo();
      commitFiles(repo, { "a.txt": "a\n", ".gitignore": "node_modules/\n" });
      const missing = await tryRepo(repo, "leakguard-local", "clean.txt", "clean\n");
      expect(missing.code).not.toBe(0);
      expect(missing.stdout).toContain("not installed in this clone");
      mkdirSync(join(repo, "node_modules/.bin"), { recursive: true });
      symlinkSync(BIN, join(repo, "node_modules/.bin/leakguard"));
      const leak = await tryRepo(repo, "leakguard-local", "leak.env", passwordLine() + "\n");
      expect(leak.code, leak.stdout + leak.stderr).toBe(1);
      expect(leak.stdout).toContain("commit blocked");
      const clean = await tryRepo(repo, "leakguard-local", "clean2.txt", "nothing to see\n");
      expect(clean.code, clean.stdout + clean.stderr).toBe(0);
    },
    TIMEOUT,
  );
});
