// Hooks that always find leakguard: the default hook runs the leakguard that installed it
// (absolute node + bin), husky hooks run the project's own dependency, install checks the
// hook's command before writing anything, and a hook that lost its leakguard says how to
// fix it in one line.
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BIN, ROOT, runCli, runProcess } from "../helpers/cli.js";
import { passwordLine } from "../helpers/secrets.js";
import { cleanupTmp, commitFiles, git, initRepo, tmpDir, writeFiles } from "../helpers/tmp.js";
import { gitTry, output } from "./helpers.js";

afterAll(cleanupTmp);

async function tryCommit(repo: string, file: string, content: string) {
  writeFiles(repo, { [file]: content });
  git(repo, "add", file);
  const r = await gitTry(repo, ["commit", "-m", file]);
  if (r.code !== 0) git(repo, "reset", "-q", "--", file);
  return r;
}

/** A copy of the built package elsewhere (its own dist/ and rules/, this checkout's node_modules). */
function packageCopy(): string {
  const dir = join(tmpDir("leakguard-pkg-"), "leakguard");
  mkdirSync(dir);
  cpSync(join(ROOT, "dist"), join(dir, "dist"), { recursive: true });
  cpSync(join(ROOT, "rules"), join(dir, "rules"), { recursive: true, preserveTimestamps: true });
  cpSync(join(ROOT, "dist/rules.json"), join(dir, "dist/rules.json"), { preserveTimestamps: true });
  symlinkSync(join(ROOT, "node_modules"), join(dir, "node_modules"));
  return dir;
}

describe("plain git hooks", () => {
  it("run the leakguard that installed them, by absolute path, and install says what it did", async () => {
    const repo = initRepo();
    commitFiles(repo, { "a.txt": "a\n" });
    // No PATH entry for leakguard and no node_modules: only the absolute paths can work.
    const r = await runCli(["install"], { cwd: repo });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/created \.git\/hooks\/pre-commit; it runs `\S*node \S*dist\/bin\.cjs staged` \(checked: leakguard \S+: self-test ok/);
    const hook = readFileSync(join(repo, ".git/hooks/pre-commit"), "utf8");
    expect(hook).toContain(process.execPath);
    expect(hook).toContain(BIN);
    const leak = await tryCommit(repo, "leak.env", passwordLine() + "\n");
    expect(leak.code).not.toBe(0);
    expect(output(leak)).toContain("commit blocked");
    const clean = await tryCommit(repo, "b.txt", "b\n");
    expect(clean.code, output(clean)).toBe(0);
  });

  it("a hook whose leakguard was removed blocks with one line saying how to fix it", async () => {
    const pkg = packageCopy();
    const repo = initRepo();
    commitFiles(repo, { "a.txt": "a\n" });
    const r = await runProcess(process.execPath, [join(pkg, "dist/bin.cjs"), "install"], { cwd: repo });
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(join(repo, ".git/hooks/pre-commit"), "utf8")).toContain(join(pkg, "dist/bin.cjs"));
    rmSync(pkg, { recursive: true, force: true });
    const c = await tryCommit(repo, "b.txt", "b\n");
    // git reports any hook failure as exit 1; the hook's own words tell why.
    expect(c.code).not.toBe(0);
    const lines = c.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain("leakguard is gone");
    expect(lines[0]).toContain("leakguard install");
    git(repo, "add", "b.txt");
    const open = await gitTry(repo, ["commit", "-m", "unchecked"], { env: { LEAKGUARD_FAIL_OPEN: "1" } });
    expect(open.code, output(open)).toBe(0);
  });

  it("refuses (exit 2, nothing written) when the hook's command would not run leakguard", async () => {
    const repo = initRepo();
    for (const command of [join(tmpDir(), "no-such-leakguard"), "echo"]) {
      const r = await runCli(["install", "--command", command], { cwd: repo });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^leakguard: not installed: the pre-commit hook would run `.+ staged`, which fails/);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      expect(existsSync(join(repo, ".git/hooks/pre-commit"))).toBe(false);
    }
  });

  it("re-running install --command X updates the hook's command in place", async () => {
    const repo = initRepo();
    commitFiles(repo, { "a.txt": "a\n" });
    const hook = join(repo, ".git/hooks/pre-commit");
    expect((await runCli(["install"], { cwd: repo })).code).toBe(0);
    // A wrapper that leaves a trace, then runs the real CLI.
    const marker = join(repo, ".git/wrapper-ran");
    const wrapper = `touch '${marker}' && '${process.execPath}' '${BIN}'`;
    const r = await runCli(["install", "--command", wrapper], { cwd: repo });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("updated the leakguard block");
    const text = readFileSync(hook, "utf8");
    expect(text.match(/>>> leakguard install/g)).toHaveLength(1);
    expect(text).toContain(wrapper);
    // Still the created file (uninstall deletes it), and still guarding.
    const leak = await tryCommit(repo, "leak.env", passwordLine() + "\n");
    expect(leak.code).not.toBe(0);
    expect(existsSync(marker)).toBe(true);
    const same = await runCli(["install", "--command", wrapper], { cwd: repo });
    expect(same.stdout).toContain("already installed");
    expect((await runCli(["uninstall"], { cwd: repo })).stdout).toContain("deleted");
  });
});

describe("husky", () => {
  function huskyRepo(): string {
    const repo = initRepo();
    writeFiles(repo, { "package.json": JSON.stringify({ name: "x", devDependencies: { husky: "^9.0.0", leakguard: "^0.1.0" } }), ".gitignore": "node_modules/\n" });
    commitFiles(repo, { "a.txt": "a\n" });
    return repo;
  }

  it("runs the project's own node_modules/.bin/leakguard when the project depends on leakguard", async () => {
    const repo = huskyRepo();
    const h = await runProcess(process.execPath, [join(ROOT, "node_modules/husky/bin.js")], { cwd: repo, env: { HUSKY: "" } });
    expect(h.code, h.stderr).toBe(0);
    // Not installed yet: install refuses rather than write a hook that blocks every commit.
    const early = await runCli(["install"], { cwd: repo });
    expect(early.code).toBe(2);
    expect(early.stderr).toContain("npm install");
    expect(existsSync(join(repo, ".husky/pre-commit"))).toBe(false);

    // What npm install does for a dependency's bin: a link in node_modules/.bin.
    mkdirSync(join(repo, "node_modules/.bin"), { recursive: true });
    symlinkSync(BIN, join(repo, "node_modules/.bin/leakguard"));
    const r = await runCli(["install"], { cwd: repo });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("it runs `./node_modules/.bin/leakguard staged`");
    expect(readFileSync(join(repo, ".husky/pre-commit"), "utf8")).not.toContain(BIN);
    const leak = await tryCommit(repo, "leak.env", passwordLine() + "\n");
    expect(leak.code).not.toBe(0);
    expect(output(leak)).toContain("commit blocked");
    const clean = await tryCommit(repo, "b.txt", "b\n");
    expect(clean.code, output(clean)).toBe(0);

    // A clone without node_modules: one line saying what to do.
    rmSync(join(repo, "node_modules"), { recursive: true });
    const c = await tryCommit(repo, "c.txt", "c\n");
    // git reports any hook failure as exit 1; the hook's own words tell why.
    expect(c.code).not.toBe(0);
    // husky adds its own "script failed" line; leakguard's is one line.
    expect(c.stderr.split("\n").filter((l) => l.startsWith("leakguard:"))).toEqual([expect.stringContaining("not installed in this clone")]);
    expect(c.stderr).toContain("npm install");
  });
});
