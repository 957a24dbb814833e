// `leakguard staged` end to end: real repositories, real index states, real `git commit`
// runs through the installed hook.
import { renderBlock } from "../../src/guard/hooks.js";
import { chmodSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { fakePassword, passwordLine } from "../helpers/secrets.js";
import { cleanupTmp, commitFiles, git, initRepo, tmpDir, writeFiles } from "../helpers/tmp.js";
import { HOOK_COMMAND, gitTry, output } from "./helpers.js";

afterAll(cleanupTmp);

interface JsonFinding {
  file: string;
  startLine: number;
  ruleId: string;
  fingerprint: string;
  secret: string;
}

async function stagedJson(cwd: string, args: string[] = [], env?: NodeJS.ProcessEnv): Promise<{ code: number; findings: JsonFinding[]; stderr: string }> {
  const r = await runCli(["staged", "--format", "json", ...args], { cwd, env });
  const findings = r.stdout.trim() ? (JSON.parse(r.stdout) as { findings: JsonFinding[] }).findings : [];
  return { code: r.code, findings, stderr: r.stderr };
}

async function installPreCommit(repo: string): Promise<void> {
  const r = await runCli(["install", "--command", HOOK_COMMAND], { cwd: repo });
  expect(r.code, r.stderr).toBe(0);
}

describe("git commit through the installed pre-commit hook", () => {
  it("refuses an initial commit holding a secret, commits nothing, and says what to do", async () => {
    const repo = initRepo();
    await installPreCommit(repo);
    const value = fakePassword();
    writeFiles(repo, { "README.md": "hello\n", "config/db.env": `HOST=db\n${passwordLine(value)}\n` });
    git(repo, "add", "-A");
    const r = await gitTry(repo, ["commit", "-m", "add config"]);
    expect(r.code).not.toBe(0);
    const text = output(r);
    expect(text).toContain("commit blocked");
    expect(text).toContain("config/db.env:2");
    expect(text).toContain("generic-password");
    expect(text).toMatch(/match: \S*\*{4}/);
    expect(text).not.toContain(value);
    expect(text).toContain("rotate");
    expect(text).toContain("leakguard:allow");
    expect(text).toContain(".leakguardignore");
    expect(text).toContain("git commit --no-verify");
    // Nothing was committed: there is still no HEAD.
    expect((await gitTry(repo, ["rev-parse", "--verify", "-q", "HEAD"])).code).not.toBe(0);
  });

  it("lets the same commit through once the line carries leakguard:allow", async () => {
    const repo = initRepo();
    await installPreCommit(repo);
    writeFiles(repo, { "config/db.env": `HOST=db\n${passwordLine()} # leakguard:allow test fixture\n` });
    git(repo, "add", "-A");
    const r = await gitTry(repo, ["commit", "-m", "add config"]);
    expect(r.code, output(r)).toBe(0);
    expect(git(repo, "log", "--format=%s")).toBe("add config");
  });

  it("honours a staged .leakguardignore, but not an unstaged edit of it", async () => {
    const repo = initRepo();
    await installPreCommit(repo);
    commitFiles(repo, { "README.md": "x\n" });
    writeFiles(repo, { "app.env": passwordLine() + "\n" });
    git(repo, "add", "app.env");
    const first = await stagedJson(repo);
    expect(first.code).toBe(1);
    const fp = first.findings[0].fingerprint;
    // Only in the working tree: the guard reads the index, so this does not count.
    writeFiles(repo, { ".leakguardignore": `${fp}\n` });
    const unstaged = await gitTry(repo, ["commit", "-m", "unstaged ignore"]);
    expect(unstaged.code).not.toBe(0);
    expect(git(repo, "log", "--format=%s")).toBe("commit");
    git(repo, "add", ".leakguardignore");
    const staged = await gitTry(repo, ["commit", "-m", "staged ignore"]);
    expect(staged.code, output(staged)).toBe(0);
  });

  it("checks the index git commit builds for `git commit <path>` (GIT_INDEX_FILE)", async () => {
    const repo = initRepo();
    await installPreCommit(repo);
    commitFiles(repo, { "app.cfg": "name=app\n" });
    // Modified in the working tree only; `git commit app.cfg` stages it into a temporary index.
    writeFiles(repo, { "app.cfg": `name=app\n${passwordLine()}\n` });
    const r = await gitTry(repo, ["commit", "-m", "path commit", "app.cfg"]);
    expect(r.code).not.toBe(0);
    expect(output(r)).toContain("app.cfg:2");
    expect(git(repo, "rev-list", "--count", "HEAD")).toBe("1");
  });
});

describe("leakguard staged: what counts as staged", () => {
  it("reports only lines the commit adds, numbered as in the staged file", async () => {
    const repo = initRepo();
    const old = passwordLine();
    commitFiles(repo, { "a.env": `one\n${old}\nthree\n` });
    // An old secret in an untouched line stays quiet; the new one is reported at its line.
    writeFiles(repo, { "a.env": `zero\none\n${old}\nthree\nfour\n${passwordLine()}\n` });
    git(repo, "add", "a.env");
    // GIT_DIFF_OPTS would add context lines to git's diff; the numbering must not care.
    const r = await stagedJson(repo, [], { GIT_DIFF_OPTS: "--unified=3" });
    expect(r.code).toBe(1);
    expect(r.findings.map((f) => [f.file, f.startLine])).toEqual([["a.env", 6]]);
    // Editing the old secret's line makes it an added line again.
    writeFiles(repo, { "a.env": `one\n${old} \nthree\n` });
    git(repo, "add", "a.env");
    const edited = await stagedJson(repo);
    expect(edited.findings.map((f) => f.startLine)).toEqual([2]);
  });

  it("scans the staged version of a partially staged file (git add -p)", async () => {
    const repo = initRepo();
    const lines = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`);
    commitFiles(repo, { "f.txt": lines.join("\n") + "\n" });
    // Two hunks: a secret at the top, a harmless line at the bottom.
    writeFiles(repo, { "f.txt": [passwordLine(), ...lines, "tail"].join("\n") + "\n" });
    const add = await gitTry(repo, ["add", "-p", "f.txt"], { input: "n\ny\n" });
    expect(add.code, output(add)).toBe(0);
    expect(git(repo, "diff", "--cached")).toContain("+tail");
    const clean = await stagedJson(repo);
    expect(clean.code, clean.stderr).toBe(0);
    expect(clean.findings).toEqual([]);
    // The other way round: the secret is staged, the working copy no longer has it.
    git(repo, "reset", "-q");
    const add2 = await gitTry(repo, ["add", "-p", "f.txt"], { input: "y\nn\n" });
    expect(add2.code, output(add2)).toBe(0);
    writeFiles(repo, { "f.txt": lines.join("\n") + "\n" });
    const dirty = await stagedJson(repo);
    expect(dirty.code).toBe(1);
    expect(dirty.findings.map((f) => [f.file, f.startLine])).toEqual([["f.txt", 1]]);
  });

  it("handles names with spaces, quotes, newlines and non-ASCII, renames and deletions", async () => {
    const repo = initRepo();
    const kept = passwordLine();
    commitFiles(repo, { "old name.env": `${kept}\n`, "gone.env": `${passwordLine()}\n`, "plain.txt": "x\n" });
    // A rename with the same content adds nothing; a deletion adds nothing.
    git(repo, "mv", "old name.env", 'new "quoted" name.env');
    git(repo, "rm", "-q", "gone.env");
    const renamed = await stagedJson(repo);
    expect(renamed.code, renamed.stderr).toBe(0);
    const weird = "we\nird ünï.env";
    writeFiles(repo, { [weird]: `a\n${passwordLine()}\n`, "with space/x y.env": passwordLine() + "\n" });
    git(repo, "add", "-A");
    const r = await stagedJson(repo);
    expect(r.code).toBe(1);
    expect(r.findings.map((f) => [f.file, f.startLine]).sort()).toEqual([
      [weird, 2],
      ["with space/x y.env", 1],
    ]);
    // The text message shows control characters escaped.
    const text = await runCli(["staged"], { cwd: repo });
    expect(text.stdout).toContain("we\\nird ünï.env:2");
  });

  it("reports a secret added while renaming a file", async () => {
    const repo = initRepo();
    const body = Array.from({ length: 10 }, (_, i) => `row ${i}`).join("\n") + "\n";
    commitFiles(repo, { "src.txt": body });
    git(repo, "mv", "src.txt", "dst.txt");
    writeFileSync(join(repo, "dst.txt"), body + passwordLine() + "\n");
    git(repo, "add", "-A");
    const r = await stagedJson(repo);
    expect(r.findings.map((f) => [f.file, f.startLine])).toEqual([["dst.txt", 11]]);
  });

  it("treats a detected copy like a rename: only lines it changes count", async () => {
    const repo = initRepo();
    const body = Array.from({ length: 30 }, (_, i) => `row ${i}`).join("\n") + `\n${passwordLine()}\n`;
    commitFiles(repo, { "a.env": body });
    writeFileSync(join(repo, "b.env"), body);
    writeFileSync(join(repo, "a.env"), body + "extra\n");
    git(repo, "add", "-A");
    expect(git(repo, "diff", "--cached", "-C", "--name-status")).toMatch(/^C\d+/m);
    const r = await stagedJson(repo);
    expect(r.code, r.stderr).toBe(0);
  });

  it("skips binary files but not text that .gitattributes calls binary", async () => {
    const repo = initRepo();
    commitFiles(repo, { ".gitattributes": "*.env binary\n", "base.env": "a=1\n" });
    writeFiles(repo, {
      "blob.bin": Buffer.concat([Buffer.from([0, 1, 2, 3, 0, 255]), Buffer.from(passwordLine())]),
      "base.env": `a=1\n${passwordLine()}\n`,
    });
    git(repo, "add", "-A");
    const r = await stagedJson(repo);
    expect(r.code).toBe(1);
    expect(r.findings.map((f) => [f.file, f.startLine])).toEqual([["base.env", 2]]);
    expect(r.stderr).toMatch(/1 binary/);
  });

  it("during a merge reports only lines new to every parent", async () => {
    const repo = initRepo();
    commitFiles(repo, { "base.txt": "base\n" });
    git(repo, "checkout", "-q", "-b", "side");
    // Already on the side branch (say, committed with --no-verify long ago).
    commitFiles(repo, { "side.env": `${passwordLine()}\n` }, "side secret");
    git(repo, "checkout", "-q", "main");
    commitFiles(repo, { "main.txt": "main\n" }, "main work");
    git(repo, "merge", "--no-ff", "--no-commit", "side");
    const clean = await stagedJson(repo);
    expect(clean.code, clean.stderr).toBe(0);
    // An "evil merge": a secret introduced in the merge itself.
    writeFiles(repo, { "main.txt": `main\n${passwordLine()}\n` });
    git(repo, "add", "main.txt");
    const evil = await stagedJson(repo);
    expect(evil.findings.map((f) => [f.file, f.startLine])).toEqual([["main.txt", 2]]);
  });

  it("with file names (pre-commit framework), scans exactly those files, whole", async () => {
    const repo = initRepo();
    commitFiles(repo, { "a.env": `${passwordLine()}\n`, "b.env": `${passwordLine()}\n`, "c.txt": "fine\n" });
    // Nothing is staged, yet named files are checked in full.
    const r = await stagedJson(repo, ["a.env", "c.txt"]);
    expect(r.code).toBe(1);
    expect(r.findings.map((f) => f.file)).toEqual(["a.env"]);
    const missing = await runCli(["staged", "nope.txt"], { cwd: repo });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("nope.txt");
  });

  it("uses the staged .leakguard.toml; a broken one fails closed unless LEAKGUARD_FAIL_OPEN=1", async () => {
    const repo = initRepo();
    commitFiles(repo, { "x.txt": "x\n" });
    writeFiles(repo, { ".leakguard.toml": "[extend\nbroken", "a.env": passwordLine() + "\n" });
    git(repo, "add", "-A");
    const closed = await runCli(["staged"], { cwd: repo });
    expect(closed.code).toBe(2);
    expect(closed.stderr).toContain(".leakguard.toml");
    const open = await runCli(["staged"], { cwd: repo, env: { LEAKGUARD_FAIL_OPEN: "1" } });
    expect(open.code).toBe(0);
    expect(open.stderr).toMatch(/warning: .*LEAKGUARD_FAIL_OPEN/);
    // A valid staged config that disables the rule applies; the working-tree copy does not.
    writeFiles(repo, { ".leakguard.toml": '[extend]\ndisabledRules = ["generic-password"]\n' });
    const unstaged = await stagedJson(repo, [], { LEAKGUARD_FAIL_OPEN: "" });
    expect(unstaged.code).toBe(2);
    git(repo, "add", ".leakguard.toml");
    const staged = await stagedJson(repo);
    expect(staged.code, staged.stderr).toBe(0);
  });

  it("exits 2 outside a git repository", async () => {
    const dir = tmpDir();
    const r = await runCli(["staged"], { cwd: dir, env: { GIT_CEILING_DIRECTORIES: dir } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("not inside a git repository");
  });

  it("a hook that cannot find leakguard blocks, unless fail-open", async () => {
    // The hook names a leakguard that is not there (as after an uninstall of the package);
    // install itself would refuse to write such a hook, so it is written here directly.
    const repo = initRepo();
    writeFiles(repo, {
      ".git/hooks/pre-commit": "#!/bin/sh\n" + renderBlock({ hook: "pre-commit", invoke: { kind: "absolute", node: process.execPath, bin: join(repo, "gone/bin.js") }, created: true }),
    });
    chmodSync(join(repo, ".git/hooks/pre-commit"), 0o755);
    writeFiles(repo, { "a.txt": "a\n" });
    git(repo, "add", "-A");
    const blocked = await gitTry(repo, ["commit", "-m", "x"]);
    expect(blocked.code).not.toBe(0);
    expect(output(blocked)).toContain("leakguard is gone");
    const passed = await gitTry(repo, ["commit", "-m", "x"], { env: { LEAKGUARD_FAIL_OPEN: "1" } });
    expect(passed.code, output(passed)).toBe(0);
  });
});
