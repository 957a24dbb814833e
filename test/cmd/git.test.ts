// `leakguard git` end to end: real repositories built in temp dirs, the built CLI run as
// a child process.
import { afterAll, describe, expect, it } from "vitest";
import { existsSync, readFileSync, writeFileSync, rmSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { execFileSync } from "node:child_process";
import { runCli } from "../helpers/cli.js";
import { cleanupTmp, commitFiles, git, initRepo, tmpDir } from "../helpers/tmp.js";
import { fakeGithubToken, fakePassword, passwordLine } from "../helpers/secrets.js";
import type { JsonFinding } from "../helpers/report.js";

afterAll(cleanupTmp);


async function scanJson(args: string[], cwd?: string): Promise<{ code: number; findings: JsonFinding[]; stderr: string }> {
  const r = await runCli(["git", ...args, "--format", "json", "--threads", "1"], { cwd });
  if (r.code !== 0 && r.code !== 1) throw new Error(`exit ${r.code}: ${r.stderr}`);
  return { code: r.code, findings: (JSON.parse(r.stdout) as { findings: JsonFinding[] }).findings, stderr: r.stderr };
}

const passwords = (fs: JsonFinding[]) => fs.filter((f) => f.ruleId === "generic-password");

/** Builds many commits fast with `git fast-import` (one process for the whole series). */
function fastImport(repo: string, commits: { files: Record<string, string>; message: string }[], branch = "refs/heads/main"): void {
  let stream = "";
  let t = 1_700_000_000;
  const parent = (() => {
    try {
      return git(repo, "rev-parse", "--verify", "--quiet", branch);
    } catch {
      return "";
    }
  })();
  commits.forEach((c, i) => {
    t += 60;
    stream += `commit ${branch}\ncommitter Test Author <author@example.com> ${t} +0000\ndata ${Buffer.byteLength(c.message)}\n${c.message}\n`;
    if (i === 0 && parent) stream += `from ${parent}\n`;
    for (const [path, content] of Object.entries(c.files)) {
      stream += `M 100644 inline ${path}\ndata ${Buffer.byteLength(content)}\n${content}\n`;
    }
    stream += "\n";
  });
  execFileSync("git", ["fast-import", "--quiet"], { cwd: repo, input: stream });
}

describe("leakguard git", () => {
  it("reports a secret added then deleted once, at the commit that added it, with commit metadata", async () => {
    const repo = initRepo();
    commitFiles(repo, { "README.md": "hello\n" }, "init");
    const line = passwordLine();
    const added = commitFiles(repo, { "config/app.env": `HOST=localhost\n${line}\n` }, "add config\n\nwith a body line");
    commitFiles(repo, { "config/app.env": "HOST=localhost\n" }, "remove the password");
    commitFiles(repo, { "README.md": "hello again\n" }, "later");
    const { code, findings, stderr } = await scanJson([repo]);
    expect(code).toBe(1);
    const pw = passwords(findings);
    expect(pw).toHaveLength(1);
    const f = pw[0];
    expect(f).toMatchObject({
      file: "config/app.env",
      startLine: 2,
      commit: added,
      author: "Test Author",
      email: "author@example.com",
      message: "add config\n\nwith a body line",
    });
    expect(f.date).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/);
    expect(f.fingerprint).toBe(`config/app.env:generic-password:${f.fingerprint.split(":")[2].split("@")[0]}@${added}`);
    // Redacted by default: the secret never appears in clear.
    expect(JSON.stringify(findings)).not.toContain(line.split("=")[1]);
    expect(stderr).toMatch(/4 commits/);
  });

  it("does not report a secret again when its file is renamed, moved or edited around it", async () => {
    const repo = initRepo();
    const line = passwordLine();
    const added = commitFiles(repo, { "old/name.env": `A=1\n${line}\nB=2\n` }, "add");
    git(repo, "mv", "old/name.env", "new-name.env");
    git(repo, "commit", "-q", "-m", "rename");
    commitFiles(repo, { "new-name.env": `A=1\nZ=0\n${line}\nB=3\n` }, "edit around");
    commitFiles(repo, { "new-name.env": `${line}\nA=1\nZ=0\n` }, "move the line up");
    const { findings } = await scanJson([repo]);
    const pw = passwords(findings);
    expect(pw).toHaveLength(1);
    expect(pw[0]).toMatchObject({ commit: added, file: "old/name.env", startLine: 2 });
  });

  it("finds a secret that exists only on a side branch, and --branch limits the walk", async () => {
    const repo = initRepo();
    commitFiles(repo, { "a.txt": "a\n" }, "init");
    git(repo, "checkout", "-q", "-b", "feature");
    const side = commitFiles(repo, { "b.env": passwordLine() + "\n" }, "side secret");
    git(repo, "checkout", "-q", "main");
    commitFiles(repo, { "a.txt": "a2\n" }, "main work");
    const all = passwords((await scanJson([repo])).findings);
    expect(all.map((f) => f.commit)).toEqual([side]);
    const mainOnly = await scanJson([repo, "--branch", "main"]);
    expect(passwords(mainOnly.findings)).toHaveLength(0);
    expect(mainOnly.code).toBe(0);
    const feature = await scanJson([repo, "--branch", "feature"]);
    expect(passwords(feature.findings).map((f) => f.commit)).toEqual([side]);
  });

  it("attributes secrets introduced by a merge resolution to the merge, and merged-in ones to their own commit", async () => {
    const repo = initRepo();
    commitFiles(repo, { "app.env": "X=1\n" }, "init");
    git(repo, "checkout", "-q", "-b", "side");
    const sideSecret = commitFiles(repo, { "app.env": "X=side\n", "side.env": passwordLine() + "\n" }, "side");
    git(repo, "checkout", "-q", "main");
    commitFiles(repo, { "app.env": "X=main\n" }, "main");
    try {
      git(repo, "merge", "-q", "--no-edit", "side");
    } catch {
      // conflict expected on app.env
    }
    writeFileSync(join(repo, "app.env"), `X=merged\n${passwordLine()}\n`);
    git(repo, "add", "app.env");
    git(repo, "commit", "-q", "--no-edit");
    const merge = git(repo, "rev-parse", "HEAD");
    expect(git(repo, "rev-list", "--parents", "-n1", "HEAD").split(" ")).toHaveLength(3);
    const pw = passwords((await scanJson([repo])).findings);
    expect(pw.map((f) => `${f.file}@${f.commit}`).sort()).toEqual([`app.env@${merge}`, `side.env@${sideSecret}`].sort());
  });

  it("reads a blob shared by 100 commits once and reports its secret once", async () => {
    const repo = initRepo();
    const line = passwordLine();
    const commits = Array.from({ length: 100 }, (_, i) => ({
      message: `c${i}`,
      files: i === 0 ? { "secret.env": `${line}\n`, "log.txt": "0\n" } : i % 2 ? { "log.txt": `${i}\n` } : { "secret.env": `${line}\nN=${i}\n` },
    }));
    fastImport(repo, commits);
    // Ten branches pointing into the history, so the blobs are reachable many ways.
    for (let b = 0; b < 10; b++) git(repo, "branch", `b${b}`, `main~${b * 7}`);
    const { findings, stderr } = await scanJson([repo]);
    const pw = passwords(findings);
    expect(pw).toHaveLength(1);
    expect(pw[0].message).toBe("c0");
    expect(stderr).toMatch(/100 commits/);
    // 1 + 50 versions of log.txt... each distinct blob once: 51 secret.env + 50 log.txt.
    expect(stderr).toMatch(/scanned 101 blobs/);
  });

  it("notes a shallow clone's truncated history and attributes old secrets to the boundary", async () => {
    const repo = initRepo();
    commitFiles(repo, { "s.env": passwordLine() + "\n" }, "old secret");
    commitFiles(repo, { "x.txt": "x\n" }, "newer");
    const clone = join(tmpDir(), "shallow");
    execFileSync("git", ["clone", "-q", "--depth", "1", `file://${repo}`, clone]);
    const { findings, stderr } = await scanJson([clone]);
    expect(stderr).toContain("history truncated (shallow clone)");
    const pw = passwords(findings);
    expect(pw).toHaveLength(1);
    expect(pw[0].commit).toBe(git(clone, "rev-parse", "HEAD"));
  });

  it("scans bare and mirror clones like the original", async () => {
    const repo = initRepo();
    commitFiles(repo, { "a.txt": "a\n" }, "init");
    const c = commitFiles(repo, { "s.env": passwordLine() + "\n" }, "secret");
    const dir = tmpDir();
    execFileSync("git", ["clone", "-q", "--bare", repo, join(dir, "bare.git")]);
    execFileSync("git", ["clone", "-q", "--mirror", repo, join(dir, "mirror.git")]);
    for (const target of [join(dir, "bare.git"), join(dir, "mirror.git")]) {
      const pw = passwords((await scanJson([target])).findings);
      expect(pw.map((f) => f.commit)).toEqual([c]);
    }
  });

  it("never lets a ref or range named like an option become one", async () => {
    const repo = initRepo();
    const base = commitFiles(repo, { "a.txt": "a\n" }, "init");
    git(repo, "checkout", "-q", "-b", "tmp");
    const c = commitFiles(repo, { "s.env": passwordLine() + "\n" }, "on -x");
    git(repo, "update-ref", "refs/heads/-x", c);
    git(repo, "checkout", "-q", "main");
    git(repo, "branch", "-q", "-D", "tmp");
    // A real branch called -x is scanned as a branch.
    const ok = await scanJson([repo, "--branch=-x"]);
    expect(passwords(ok.findings).map((f) => f.commit)).toEqual([c]);
    // Option-looking refs are looked up as revisions, never passed as options.
    const out = join(tmpDir(), "pwned");
    for (const args of [[`--branch=--output=${out}`], [`--range=--output=${out}..main`], [`--range=${base}..--all`], ["--branch=-p"]]) {
      const r = await runCli(["git", repo, ...args]);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      expect(r.stderr).toMatch(/unknown revision/);
    }
    expect(existsSync(out)).toBe(false);
  });

  it("honours .leakguardignore with and without @commit, and baselines, in history mode", async () => {
    const repo = initRepo();
    const secret = fakePassword();
    const c1 = commitFiles(repo, { "a.env": `DB_PASSWORD=${secret}\n` }, "one");
    const c2 = commitFiles(repo, { "b.env": `DB_PASSWORD=${secret}\n` }, "two");
    const c3 = commitFiles(repo, { "a.env": `DB_PASSWORD=${secret}\nDB_PASSWORD=${secret}\n` }, "three");
    const all = passwords((await scanJson([repo])).findings);
    expect(all.map((f) => f.commit).sort()).toEqual([c1, c2, c3].sort());
    const fpA1 = all.find((f) => f.commit === c1)!.fingerprint;
    const fpB = all.find((f) => f.commit === c2)!.fingerprint;
    // Without @commit: that secret in that file at every commit; with @commit: only there.
    // The first scan wrote the repository's fingerprint key into .leakguardignore: kept.
    const keyLines = readFileSync(join(repo, ".leakguardignore"), "utf8");
    expect(keyLines).toMatch(/^# leakguard-key [0-9a-f]{64}$/m);
    writeFileSync(join(repo, ".leakguardignore"), `${keyLines}${fpA1.split("@")[0]}\n${fpB}\n`);
    const ignored = await scanJson([repo]);
    expect(passwords(ignored.findings)).toHaveLength(0);
    expect(ignored.code).toBe(0);
    writeFileSync(join(repo, ".leakguardignore"), `${keyLines}${fpA1}\n`);
    const partly = passwords((await scanJson([repo])).findings);
    expect(partly.map((f) => f.commit).sort()).toEqual([c2, c3].sort());
    writeFileSync(join(repo, ".leakguardignore"), keyLines);
    // A baseline with the c1 and c2 findings: only c3's is new.
    const baseline = join(tmpDir(), "baseline.json");
    writeFileSync(baseline, JSON.stringify({ version: 1, fingerprints: [fpA1, fpB].sort() }));
    const withBaseline = passwords((await scanJson([repo, "--baseline", baseline])).findings);
    expect(withBaseline.map((f) => f.commit)).toEqual([c3]);
  });

  it("supports --range A..B and A...B, --since and --max-commits", async () => {
    const repo = initRepo();
    const c1 = commitFiles(repo, { "1.env": passwordLine() + "\n" }, "one");
    const c2 = commitFiles(repo, { "2.env": passwordLine() + "\n" }, "two");
    const c3 = commitFiles(repo, { "3.env": passwordLine() + "\n" }, "three");
    const commitsOf = async (args: string[]) => passwords((await scanJson([repo, ...args])).findings).map((f) => f.commit).sort();
    expect(await commitsOf(["--range", `${c1}..${c3}`])).toEqual([c2, c3].sort());
    expect(await commitsOf(["--range", `${c1}...${c3}`])).toEqual([c2, c3].sort());
    expect(await commitsOf(["--max-commits", "1"])).toEqual([c3]);
    expect(await commitsOf(["--since", "2099-01-01"])).toEqual([]);
    expect(await commitsOf(["--log-opts=--max-count=2 --no-merges"])).toEqual([c2, c3].sort());
  });

  it("skips binary blobs, LFS pointers and submodules (counted), and reports non-UTF-8 paths", async () => {
    const repo = initRepo();
    const bin = Buffer.concat([Buffer.from([0, 1, 2, 3, 0, 255]), Buffer.from(passwordLine() + "\n")]);
    const lfs = `version https://git-lfs.github.com/spec/v1\noid sha256:${"ab".repeat(32)}\nsize 123\n`;
    commitFiles(repo, { "blob.bin": bin, "big.psd": lfs }, "binary and lfs");
    const sub = initRepo();
    commitFiles(sub, { "x.txt": "x\n" }, "sub");
    git(repo, "-c", "protocol.file.allow=always", "submodule", "add", "-q", sub, "vendor/sub");
    git(repo, "commit", "-q", "-m", "submodule");
    // A file name that is not valid UTF-8, committed through plumbing.
    const blob = execFileSync("git", ["hash-object", "-w", "--stdin"], { cwd: repo, input: passwordLine() + "\n" }).toString().trim();
    const raw = Buffer.concat([Buffer.from("100644 blob " + blob + "\tcaf"), Buffer.from([0xe9]), Buffer.from(".env")]);
    const tree = execFileSync("git", ["mktree", "-z"], { cwd: repo, input: Buffer.concat([raw, Buffer.from([0])]) }).toString().trim();
    const head = git(repo, "rev-parse", "HEAD");
    const odd = execFileSync("git", ["commit-tree", tree, "-p", head, "-m", "odd name"], { cwd: repo }).toString().trim();
    git(repo, "update-ref", "refs/heads/odd", odd);
    const { findings, stderr } = await scanJson([repo]);
    expect(stderr).toMatch(/1 binary/);
    expect(stderr).toMatch(/1 LFS pointers/);
    expect(stderr).toMatch(/submodules not scanned \(1 gitlink path\)/);
    const pw = passwords(findings);
    expect(pw.map((f) => f.file)).toEqual(["caf\\351.env"]);
    expect(pw[0].commit).toBe(odd);
  });

  it("carries the commit into SARIF and text reports", async () => {
    const repo = initRepo();
    const c = commitFiles(repo, { "s.env": passwordLine() + "\n" }, "secret");
    const sarif = await runCli(["git", repo, "--format", "sarif", "--threads", "1"]);
    expect(sarif.code).toBe(1);
    expect(sarif.stdout).toContain(c);
    const text = await runCli(["git", repo, "--threads", "1"]);
    expect(text.stdout).toContain(c.slice(0, 12));
  });

  it("finds a token in a commit message and redacts it in every report field", async () => {
    const repo = initRepo();
    const token = fakeGithubToken();
    commitFiles(repo, { "s.env": passwordLine() + "\n" }, `add settings\n\ntemporary ${token}`);
    const windows = (s: string) => Array.from({ length: s.length - 7 }, (_, i) => s.slice(i, i + 8));
    for (const format of ["json", "sarif", "text", "csv"]) {
      const r = await runCli(["git", repo, "--format", format, "--threads", "1"]);
      expect(r.code, r.stderr).toBe(1);
      for (const w of windows(token.slice(4))) expect(r.stdout + r.stderr, `${format}: ${w}`).not.toContain(w);
    }
    const json = JSON.parse((await runCli(["git", repo, "--format", "json", "--threads", "1"])).stdout) as { findings: JsonFinding[] };
    const msg = json.findings.find((f) => f.location === "commit-message")!;
    expect(msg.file).toBe("");
    expect(msg.ruleId).toMatch(/^github/);
    // The file finding of the same commit carries the message too, redacted.
    const file = json.findings.find((f) => f.location === "file")!;
    expect(file.message).toContain("temporary ghp_");
    const shown = JSON.parse((await runCli(["git", repo, "--format", "json", "--show-secrets", "--threads", "1"])).stdout) as { findings: JsonFinding[] };
    expect(shown.findings.find((f) => f.location === "file")!.message).toContain(token);
  });

  it("exits 2 with one line for bad input", async () => {
    const notRepo = tmpDir();
    const repo = initRepo();
    commitFiles(repo, { "a.txt": "a\n" }, "init");
    const cases: [string[], RegExp][] = [
      [[notRepo], /not a git repository/],
      [[join(notRepo, "missing")], /not a directory/],
      [[repo, "--branch", "nope"], /unknown revision 'nope'/],
      [[repo, "--range", "main"], /--range/],
      [[repo, "--range", "nope..main"], /unknown revision 'nope'/],
      [[repo, "--branch", "main", "--range", "main..main"], /--branch and --range/],
      [[repo, "--max-commits", "0"], /--max-commits/],
      [[repo, "--log-opts=-p"], /--log-opts: '-p'/],
      [[repo, "--log-opts=--format=%H"], /--log-opts/],
      [[repo, "--log-opts=-- x"], /--log-opts/],
      [[repo, "--log-opts", "'unbalanced"], /unbalanced/],
      // git itself refuses it: the scan stops and exits (no git process left waiting).
      [[repo, "--log-opts=--no-such-option"], /reading the history failed/],
    ];
    for (const [args, re] of cases) {
      const r = await runCli(["git", ...args], { timeoutMs: 20_000 });
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr, args.join(" ")).toMatch(re);
      expect(r.stderr.trim().split("\n"), args.join(" ")).toHaveLength(1);
    }
    // An empty repository is nothing to scan, not an error.
    const e = await runCli(["git", initRepo()]);
    expect(e.code, e.stderr).toBe(0);
    expect(e.stderr).toMatch(/scanned 0 blobs.*empty repository \(no commits\)/);
  });

  it("fails with one line on a corrupt tree, and warns and counts a missing blob", async () => {
    const repo = initRepo();
    commitFiles(repo, { "a.txt": "a\n" }, "init");
    commitFiles(repo, { "dir/b.txt": "b\n", "c.env": passwordLine() + "\n" }, "two");
    const objPath = (oid: string) => join(repo, ".git", "objects", oid.slice(0, 2), oid.slice(2));
    // Missing blob: the rest is still scanned.
    const blob = git(repo, "rev-parse", "HEAD:dir/b.txt");
    rmSync(objPath(blob));
    const r1 = await runCli(["git", repo, "--format", "json", "--threads", "1"]);
    expect(r1.code).toBe(1);
    expect(r1.stderr).toMatch(/dir\/b\.txt: blob [0-9a-f]+ is missing or corrupt/);
    expect(r1.stderr).toMatch(/1 unreadable/);
    // Corrupt tree: git log cannot walk; one line, exit 2.
    const tree = git(repo, "rev-parse", "HEAD:dir");
    rmSync(objPath(tree), { force: true });
    writeFileSync(objPath(tree), "garbage");
    const r2 = await runCli(["git", repo]);
    expect(r2.code).toBe(2);
    expect(r2.stderr.trim().split("\n")).toHaveLength(1);
    expect(readdirSync(repo)).toContain(".git");
  });
});
