// `leakguard install` / `uninstall`: plain git hooks (core.hooksPath, worktrees), husky,
// existing hooks preserved or refused, and uninstall reversing exactly what install did.
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BIN, ROOT, runCli, runProcess } from "../helpers/cli.js";
import { passwordLine } from "../helpers/secrets.js";
import { cleanupTmp, commitFiles, git, initRepo, tmpDir, writeFiles } from "../helpers/tmp.js";
import { HOOK_COMMAND, gitTry, output } from "./helpers.js";

afterAll(cleanupTmp);

const install = (cwd: string, ...args: string[]) => runCli(["install", "--command", HOOK_COMMAND, ...args], { cwd });
const uninstall = (cwd: string, ...args: string[]) => runCli(["uninstall", ...args], { cwd });

async function commitSecretRefused(repo: string): Promise<boolean> {
  writeFiles(repo, { "leak.env": passwordLine() + "\n" });
  git(repo, "add", "leak.env");
  const r = await gitTry(repo, ["commit", "-m", "leak"]);
  git(repo, "reset", "-q", "--", "leak.env");
  return r.code !== 0 && output(r).includes("commit blocked");
}

describe("plain git hooks", () => {
  it("creates an executable hook that guards commits; uninstall deletes it", async () => {
    const repo = initRepo();
    commitFiles(repo, { "a.txt": "a\n" });
    const r = await install(repo);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("created .git/hooks/pre-commit");
    const hook = join(repo, ".git/hooks/pre-commit");
    expect(statSync(hook).mode & 0o111).not.toBe(0);
    expect(await commitSecretRefused(repo)).toBe(true);
    const again = await install(repo);
    expect(again.stdout).toContain("already installed");
    const u = await uninstall(repo);
    expect(u.code).toBe(0);
    expect(u.stdout).toContain("deleted");
    expect(existsSync(hook)).toBe(false);
    expect(await commitSecretRefused(repo)).toBe(false);
    expect((await uninstall(repo)).stdout).toContain("nothing to uninstall");
  });

  it("adds a block to an existing shell hook, keeps it working, and uninstall restores it byte for byte", async () => {
    const repo = initRepo();
    commitFiles(repo, { "a.txt": "a\n" });
    const hook = join(repo, ".git/hooks/pre-commit");
    const original = '#!/bin/sh\necho "existing hook ran" > existing-ran.txt\nexit 0\n';
    writeFileSync(hook, original, { mode: 0o755 });
    const r = await install(repo);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("existing");
    const content = readFileSync(hook, "utf8");
    expect(content.startsWith("#!/bin/sh\n# >>> leakguard install")).toBe(true);
    expect(content).toContain('echo "existing hook ran"');
    // The guard runs (before the hook's own `exit 0`), and so does the old hook.
    expect(await commitSecretRefused(repo)).toBe(true);
    writeFiles(repo, { "b.txt": "b\n" });
    git(repo, "add", "b.txt");
    const ok = await gitTry(repo, ["commit", "-m", "clean"]);
    expect(ok.code, output(ok)).toBe(0);
    expect(existsSync(join(repo, "existing-ran.txt"))).toBe(true);
    const u = await uninstall(repo);
    expect(u.stdout).toContain("removed the leakguard block");
    expect(readFileSync(hook, "utf8")).toBe(original);
  });

  it("refuses to touch a hook that is not a shell script, and says how to chain", async () => {
    const repo = initRepo();
    const hook = join(repo, ".git/hooks/pre-commit");
    const original = "#!/usr/bin/env python3\nprint('hi')\n";
    writeFileSync(hook, original, { mode: 0o755 });
    const r = await install(repo, "--hook", "both");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("not a shell script");
    expect(r.stderr).toContain("pre-commit.local");
    expect(readFileSync(hook, "utf8")).toBe(original);
    // All or nothing: pre-push was not installed either.
    expect(existsSync(join(repo, ".git/hooks/pre-push"))).toBe(false);
  });

  it("honours core.hooksPath and linked worktrees", async () => {
    const repo = initRepo();
    commitFiles(repo, { "a.txt": "a\n" });
    git(repo, "config", "core.hooksPath", "githooks");
    const r = await install(repo, "--hook", "both");
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(join(repo, "githooks/pre-commit"))).toBe(true);
    expect(existsSync(join(repo, "githooks/pre-push"))).toBe(true);
    expect(existsSync(join(repo, ".git/hooks/pre-commit"))).toBe(false);
    expect((await uninstall(repo)).code).toBe(0);
    expect(existsSync(join(repo, "githooks/pre-commit"))).toBe(false);

    git(repo, "config", "--unset", "core.hooksPath");
    const wt = join(tmpDir(), "wt");
    git(repo, "worktree", "add", "-q", wt);
    const w = await install(wt);
    expect(w.code, w.stderr).toBe(0);
    // Worktrees share the main repository's hooks.
    expect(existsSync(join(repo, ".git/hooks/pre-commit"))).toBe(true);
    expect(await commitSecretRefused(wt)).toBe(true);
  });

  it("installs the pre-receive hook in a bare repository only when asked", async () => {
    const bare = tmpDir("leakguard-bare-");
    git(bare, "init", "-q", "--bare");
    const r = await install(bare);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--hook pre-receive");
    const ok = await install(bare, "--hook", "pre-receive");
    expect(ok.code, ok.stderr).toBe(0);
    expect(readFileSync(join(bare, "hooks/pre-receive"), "utf8")).toContain("pre-receive");
  });

  it("rejects a multi-line --command", async () => {
    const repo = initRepo();
    const r = await runCli(["install", "--command", "leakguard\nrm -rf /"], { cwd: repo });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--command");
  });
});

describe("husky", () => {
  it("adds the guard to .husky/pre-commit and husky runs it on commit", async () => {
    const repo = initRepo();
    commitFiles(repo, { "a.txt": "a\n" });
    // Set husky up the way `npm install` (prepare: husky) does.
    const h = await runProcess(process.execPath, [join(ROOT, "node_modules/husky/bin.js")], { cwd: repo, env: { HUSKY: "" } });
    expect(h.code, h.stderr).toBe(0);
    const existing = "echo husky-hook-ran > husky-ran.txt\n";
    writeFileSync(join(repo, ".husky/pre-commit"), existing);
    const r = await install(repo);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(".husky/pre-commit");
    expect(existsSync(join(repo, ".git/hooks/pre-commit"))).toBe(false);
    expect(readFileSync(join(repo, ".husky/_/pre-commit"), "utf8")).not.toContain("leakguard");
    expect(await commitSecretRefused(repo)).toBe(true);
    writeFiles(repo, { "b.txt": "b\n" });
    git(repo, "add", "b.txt");
    const ok = await gitTry(repo, ["commit", "-m", "clean"]);
    expect(ok.code, output(ok)).toBe(0);
    expect(existsSync(join(repo, "husky-ran.txt"))).toBe(true);
    await uninstall(repo);
    expect(readFileSync(join(repo, ".husky/pre-commit"), "utf8")).toBe(existing);
  });

  it("without leakguard as a dependency, names this leakguard and says so; uninstall removes what it created", async () => {
    const repo = initRepo();
    writeFiles(repo, { "package.json": JSON.stringify({ name: "x", devDependencies: { husky: "^9.0.0" } }) });
    const r = await runCli(["install", "--hook", "both"], { cwd: repo });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("npx husky");
    expect(r.stdout).toContain("shared through git but names this machine's leakguard");
    expect(readFileSync(join(repo, ".husky/pre-commit"), "utf8")).toContain(`${BIN} "$@"`);
    expect(readFileSync(join(repo, ".husky/pre-push"), "utf8")).toContain('leakguard_run push "$@"');
    const u = await uninstall(repo);
    expect(u.code).toBe(0);
    expect(existsSync(join(repo, ".husky"))).toBe(false);
  });
});

describe("this repository", () => {
  it("guards its own commits through husky with the built CLI", () => {
    const hook = readFileSync(join(ROOT, ".husky/pre-commit"), "utf8");
    expect(hook).toMatch(/^node dist\/bin\.cjs staged$/m);
    const manifest = readFileSync(join(ROOT, ".pre-commit-hooks.yaml"), "utf8");
    expect(manifest).toMatch(/id: leakguard\b/);
    expect(manifest).toMatch(/entry: leakguard staged/);
    expect(manifest).toMatch(/language: node/);
    expect(manifest).toMatch(/pass_filenames: true/);
  });
});

