// Issue #12 item 15: install never writes through a symlinked hook; URL schemes are
// case-insensitive (HTTPS:// means TLS); --revoke without a revocation config is an error.
import { existsSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseRevokeConfig } from "../../src/revoke/config.js";
import { runCli } from "../helpers/cli.js";
import { passwordLine } from "../helpers/secrets.js";
import { cleanupTmp, initRepo, tmpDir, writeFiles } from "../helpers/tmp.js";
import { HOOK_COMMAND } from "../guard/helpers.js";

afterAll(cleanupTmp);

describe("install and symlinked hooks", () => {
  it.concurrent("refuses a hook that is a symlink and leaves the shared target alone", async () => {
    const repo = initRepo();
    const shared = join(tmpDir(), "shared-pre-commit");
    const original = "#!/bin/sh\necho shared hook\n";
    writeFileSync(shared, original, { mode: 0o755 });
    symlinkSync(shared, join(repo, ".git/hooks/pre-commit"));
    const r = await runCli(["install", "--command", HOOK_COMMAND], { cwd: repo });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("is a symbolic link");
    expect(readFileSync(shared, "utf8")).toBe(original);
  }, 30_000);

  it.concurrent("does not create the target of a dangling symlink", async () => {
    const repo = initRepo();
    const target = join(tmpDir(), "elsewhere-hook");
    symlinkSync(target, join(repo, ".git/hooks/pre-commit"));
    const r = await runCli(["install", "--command", HOOK_COMMAND], { cwd: repo });
    expect(r.code).toBe(2);
    expect(existsSync(target)).toBe(false);
  }, 30_000);
});

describe("endpoint URL schemes", () => {
  it("HTTPS:// is accepted and used as https://", () => {
    const cfg = parseRevokeConfig(
      {
        backends: {
          hook: { type: "webhook", url: "HTTPS://hooks.example.com/leakguard", secretEnv: "KEY" },
          gh: { type: "github", baseUrl: "Https://ghe.example.com/api/v3" },
        },
        route: [{ tags: ["github"], backend: "hook" }],
      },
      "revoke.toml",
      "/",
    );
    const hook = cfg.backends.hook;
    const gh = cfg.backends.gh;
    expect(hook.type === "webhook" && hook.url).toBe("https://hooks.example.com/leakguard");
    expect(gh.type === "github" && gh.baseUrl).toBe("https://ghe.example.com/api/v3");
  });
});

describe("--revoke without a revocation config", () => {
  it.concurrent("says so and exits 2", async () => {
    const dir = tmpDir();
    writeFiles(dir, { "app.env": passwordLine() + "\n" });
    const r = await runCli(["scan", dir, "--revoke", "--threads", "1"], { env: { LEAKGUARD_REVOKE_CONFIG: "" } });
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe("leakguard: --revoke: no revocation config; give --revoke-config FILE or set LEAKGUARD_REVOKE_CONFIG");
  }, 30_000);
});
