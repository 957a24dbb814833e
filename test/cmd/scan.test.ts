// `leakguard scan` end to end: a real CLI process over real temp directories.
import { chmodSync, existsSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { spawn } from "node:child_process";
import { BIN, runCli } from "../helpers/cli.js";
import { cleanupTmp, tmpDir, writeFiles } from "../helpers/tmp.js";
import { fakeGithubToken, fakePassword } from "../helpers/secrets.js";
import { jsonFindings } from "../helpers/report.js";

afterAll(cleanupTmp);

const json = jsonFindings;

describe("leakguard scan DIR", () => {
  it("finds secrets in dotfiles, skips .git, dependencies and lock files, exits 1", async () => {
    const dir = tmpDir();
    const tok = fakeGithubToken();
    writeFiles(dir, {
      ".env": `GITHUB_TOKEN=${tok}\n`,
      ".npmrc": `//registry.npmjs.org/:_authToken=${fakeGithubToken()}\n`,
      ".git/config": `token=${fakeGithubToken()}\n`,
      "node_modules/pkg/index.js": `const t = "${fakeGithubToken()}";\n`,
      "package-lock.json": `{"token": "${fakeGithubToken()}"}\n`,
      // coverage.py's HTML report quotes the source it covered.
      "htmlcov/app_py.html": `<span>token = "${fakeGithubToken()}"</span>\n`,
      "src/app.js": "console.log('hi')\n",
    });
    const r = await runCli(["scan", dir, "--format", "json"]);
    expect(r.code).toBe(1);
    const files = json(r.stdout).map((f) => f.file).sort();
    expect(files).toEqual([".env", ".npmrc"]);
    expect(r.stderr).toMatch(/scanned 3 files/);
    expect(r.stderr).toMatch(/2 findings/);
  });

  it("exits 0 with no findings and honours --exit-code", async () => {
    const dir = tmpDir();
    writeFiles(dir, { "a.txt": "nothing here\n" });
    expect((await runCli(["scan", dir])).code).toBe(0);
    writeFiles(dir, { "b.env": `DB_PASSWORD=${fakePassword()}\n` });
    expect((await runCli(["scan", dir, "--exit-code", "7"])).code).toBe(7);
  });

  it("counts binary and too-large files, and survives invalid UTF-8 and huge single lines", async () => {
    const dir = tmpDir();
    const tok = fakeGithubToken();
    writeFiles(dir, {
      "bin.dat": Buffer.from([0, 1, 2, 3, 0, 0, 255, 0, 4, 5]),
      "big.txt": "x".repeat(2 * 1024 * 1024),
      "latin1.txt": Buffer.concat([Buffer.from([0xe9, 0xff, 0x0a]), Buffer.from(`token = "${tok}"\n`)]),
      "min.js": "a=1;".repeat(1_300_000) + `b="${fakeGithubToken()}"`,
    });
    const r = await runCli(["scan", dir, "--format", "json", "--max-file-size", "1MiB", "--no-default-excludes"]);
    expect(r.code).toBe(1);
    expect(json(r.stdout).map((f) => f.file)).toEqual(["latin1.txt"]);
    expect(r.stderr).toMatch(/1 binary/);
    expect(r.stderr).toMatch(/2 too large/);
    const r2 = await runCli(["scan", dir, "--format", "json", "--max-file-size", "20MiB"]);
    expect(json(r2.stdout).map((f) => f.file).sort()).toEqual(["latin1.txt", "min.js"]);
  });

  it("does not follow symlinks out of the root and counts them", async () => {
    const outside = tmpDir();
    writeFiles(outside, { "secret.env": `DB_PASSWORD=${fakePassword()}\n` });
    const dir = tmpDir();
    writeFiles(dir, { "a.txt": "hi\n" });
    symlinkSync(join(outside, "secret.env"), join(dir, "link.env"));
    symlinkSync(outside, join(dir, "linkdir"));
    const r = await runCli(["scan", dir, "--format", "json"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/2 symlinks skipped/);
  });

  it("survives an unreadable file and counts it", async () => {
    const dir = tmpDir();
    chmodSync(dir, 0o755);
    writeFiles(dir, { "ok.env": `DB_PASSWORD=${fakePassword()}\n`, "locked.env": `DB_PASSWORD=${fakePassword()}\n` });
    chmodSync(join(dir, "ok.env"), 0o644);
    chmodSync(join(dir, "locked.env"), 0o000);
    // root reads anything: drop to an unprivileged user to get a real EACCES
    const r = await runCli(["scan", dir, "--format", "json"], process.getuid?.() === 0 ? { uid: 65534 } : {});
    expect(r.code).toBe(1);
    expect(json(r.stdout).map((f) => f.file)).toEqual(["ok.env"]);
    expect(r.stderr).toMatch(/1 unreadable/);
    expect(r.stderr).toMatch(/locked\.env: unreadable \(EACCES\)/);
  });

  it("honours .gitignore only with --gitignore", async () => {
    const dir = tmpDir();
    writeFiles(dir, { ".gitignore": "ignored/\n*.local\n", "ignored/a.env": `DB_PASSWORD=${fakePassword()}\n`, "x.local": `DB_PASSWORD=${fakePassword()}\n`, "k.env": `DB_PASSWORD=${fakePassword()}\n` });
    expect(json((await runCli(["scan", dir, "-f", "json"])).stdout)).toHaveLength(3);
    const r = await runCli(["scan", dir, "-f", "json", "--gitignore"]);
    expect(json(r.stdout).map((f) => f.file)).toEqual(["k.env"]);
    expect(r.stderr).toMatch(/2 gitignored/);
  });

  it("scans a single file and stdin", async () => {
    const dir = tmpDir();
    const pw = fakePassword();
    writeFiles(dir, { "one.env": `DB_PASSWORD=${pw}\n` });
    const r = await runCli(["scan", join(dir, "one.env"), "-f", "json"]);
    expect(json(r.stdout)[0].file).toBe("one.env");
    const s = await runCli(["scan", "-", "-f", "json", "--stdin-name", "piped.env"], { input: `x\nDB_PASSWORD=${pw}\n` });
    expect(s.code).toBe(1);
    expect(json(s.stdout)[0]).toMatchObject({ file: "piped.env", startLine: 2 });
  });

  it("scans a tree big enough for worker threads: every file, every secret, nested and large", async () => {
    const dir = tmpDir();
    const files: Record<string, string> = {};
    const secrets: string[] = [];
    for (let i = 0; i < 300; i++) {
      const depth = i % 4;
      const path = [...Array.from({ length: depth }, (_, d) => `d${d}_${i % 7}`), `f${i}.txt`].join("/");
      // Sizes from a few bytes to ~200 KiB, so one read buffer is reused, grown and cut.
      let text = "line of ordinary text\n".repeat(i % 50 === 0 ? 9000 : i % 13);
      if (i % 60 === 7) {
        const tok = fakeGithubToken();
        secrets.push(tok);
        text += `GITHUB_TOKEN=${tok}\n`;
      }
      files[path] = text;
    }
    writeFiles(dir, files);
    const r = await runCli(["scan", dir, "--format", "json", "--show-secrets"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/scanned 300 files/);
    expect(json(r.stdout).map((f) => f.secret).sort()).toEqual(secrets.sort());
  });

  it("names a path that does not exist, exit 2", async () => {
    const r = await runCli(["scan", "/no/such/dir"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\/no\/such\/dir: cannot scan \(ENOENT\)/);
  });
});

describe("secrets stay out of output", () => {
  it("redacts in every format unless --show-secrets", async () => {
    const dir = tmpDir();
    const tok = fakeGithubToken();
    writeFiles(dir, { ".env": `GITHUB_TOKEN=${tok}\n` });
    for (const format of ["text", "json", "sarif", "csv"]) {
      const r = await runCli(["scan", dir, "-f", format]);
      expect(r.code).toBe(1);
      expect(r.stdout + r.stderr, format).not.toContain(tok);
      expect(r.stdout + r.stderr, format).not.toContain(tok.slice(8));
    }
    const shown = await runCli(["scan", dir, "-f", "json", "--show-secrets"]);
    expect(json(shown.stdout)[0].secret).toBe(tok);
  });

  it("writes --output FILE", async () => {
    const dir = tmpDir();
    writeFiles(dir, { ".env": `DB_PASSWORD=${fakePassword()}\n` });
    const out = join(tmpDir(), "report.json");
    const r = await runCli(["scan", dir, "-f", "json", "-o", out]);
    expect(r.stdout).toBe("");
    expect(json(readFileSync(out, "utf8"))).toHaveLength(1);
  });
});

describe("the JSON contract", () => {
  it("has every field with stable fingerprints", async () => {
    const dir = tmpDir();
    const pw = fakePassword();
    writeFiles(dir, { "conf/app.env": `# config\nDB_PASSWORD=${pw}\n` });
    const r = await runCli(["scan", dir, "-f", "json"]);
    const doc = JSON.parse(r.stdout);
    expect(doc.version).toBe(1);
    const f = doc.findings[0];
    for (const k of ["ruleId", "description", "file", "startLine", "endLine", "startColumn", "endColumn", "secret", "match", "entropy", "fingerprint", "severity", "tags"]) {
      expect(f, k).toHaveProperty(k);
    }
    expect(f).toMatchObject({ file: "conf/app.env", startLine: 2, endLine: 2, startColumn: 13 });
    expect(f.fingerprint).toMatch(/^conf\/app\.env:generic-password:[0-9a-f]{16}$/);
    // the line moving keeps the fingerprint; a different secret changes it
    writeFiles(dir, { "conf/app.env": `# config\n\n\nDB_PASSWORD=${pw}\n` });
    const moved = JSON.parse((await runCli(["scan", dir, "-f", "json"])).stdout).findings[0];
    expect(moved.startLine).toBe(4);
    expect(moved.fingerprint).toBe(f.fingerprint);
    writeFiles(dir, { "conf/app.env": `# config\nDB_PASSWORD=${fakePassword()}\n` });
    const other = JSON.parse((await runCli(["scan", dir, "-f", "json"])).stdout).findings[0];
    expect(other.fingerprint).not.toBe(f.fingerprint);
  });

  it("writes CSV with a header and one row per finding", async () => {
    const dir = tmpDir();
    writeFiles(dir, { "a.env": `DB_PASSWORD=${fakePassword()}\n`, "b.env": `DB_PASSWORD=${fakePassword()}\n` });
    const r = await runCli(["scan", dir, "-f", "csv"]);
    const lines = r.stdout.trim().split("\n");
    expect(lines[0]).toMatch(/^ruleId,description,file,startLine/);
    expect(lines).toHaveLength(3);
  });
});

describe("suppression", () => {
  it("honours leakguard:allow, .leakguardignore and baselines", async () => {
    const dir = tmpDir();
    writeFiles(dir, {
      "a.env": `DB_PASSWORD=${fakePassword()} # leakguard:allow\n`,
      "b.env": `DB_PASSWORD=${fakePassword()}\n`,
      "c.env": `DB_PASSWORD=${fakePassword()}\n`,
    });
    const first = json((await runCli(["scan", dir, "-f", "json"])).stdout);
    expect(first.map((f) => f.file)).toEqual(["b.env", "c.env"]);
    writeFileSync(join(dir, ".leakguardignore"), `# reviewed\n${first[0].fingerprint}\n`);
    const second = await runCli(["scan", dir, "-f", "json"]);
    expect(json(second.stdout).map((f) => f.file)).toEqual(["c.env"]);
    expect(second.stderr).toMatch(/2 suppressed/);

    const baseline = join(tmpDir(), "baseline.json");
    const b = await runCli(["baseline", baseline, dir]);
    expect(b.code).toBe(0);
    const text = readFileSync(baseline, "utf8");
    expect(JSON.parse(text).fingerprints).toHaveLength(1);
    expect(text).not.toMatch(/DB_PASSWORD|startLine/);
    expect((await runCli(["scan", dir, "--baseline", baseline])).code).toBe(0);
    writeFiles(dir, { "d.env": `DB_PASSWORD=${fakePassword()}\n` });
    const after = await runCli(["scan", dir, "-f", "json", "--baseline", baseline]);
    expect(json(after.stdout).map((f) => f.file)).toEqual(["d.env"]);
  });

  it("rejects a baseline that is not one", async () => {
    const dir = tmpDir();
    writeFiles(dir, { "x.json": "[1,2]" });
    const r = await runCli(["scan", dir, "--baseline", join(dir, "x.json")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/x\.json: not a (gitleaks JSON report|baseline)/);
  });
});

describe("leakguard rules", () => {
  it("lists rules and tests a user's rule file", async () => {
    const list = await runCli(["rules", "--format", "json"]);
    expect(JSON.parse(list.stdout).length).toBeGreaterThanOrEqual(150);
    const dir = tmpDir();
    const good = `[[rules]]\nid = "mine"\ndescription = "d"\nregex = '''(itk_[0-9a-f]{16})'''\nkeywords = ["itk_"]\ntruePositives = ["x = itk_0f1e2d3c4b5a6978"]\nfalsePositives = ["x = itk_0f1e"]\n`;
    writeFiles(dir, { "good.toml": good, "bad.toml": good.replace("itk_0f1e\"", "itk_0f1e2d3c4b5a6978\"") });
    const ok = await runCli(["rules", "test", join(dir, "good.toml")]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/2 passed, 0 failed/);
    const bad = await runCli(["rules", "test", join(dir, "bad.toml")]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/FAIL mine: false positive detected/);
  });

  it("stops quietly when the reader closes the pipe early (`leakguard rules | head -1`)", async () => {
    const child = spawn(process.execPath, [BIN, "rules"], { stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    // Take the first chunk, then close our end: every later write by leakguard hits EPIPE.
    await new Promise<void>((resolve) => child.stdout.once("data", () => resolve()));
    child.stdout.destroy();
    const code = await new Promise<number | null>((resolve) => child.on("close", (c) => resolve(c)));
    expect(stderr).not.toMatch(/EPIPE|Error/);
    expect(code).toBe(0);
  });
});

describe("this repository", () => {
  it("passes its own scan", async () => {
    const root = join(__dirname, "../..");
    // An operator's key: the scan must not write a fingerprint key into this checkout (other
    // tests run the CLI from it, and would read that key).
    const had = existsSync(join(root, ".leakguardignore"));
    const r = await runCli(["scan", root, "-f", "json"], { timeoutMs: 120_000, env: { LEAKGUARD_HASH_KEY: "self-scan-key-0123456789" } });
    expect(existsSync(join(root, ".leakguardignore"))).toBe(had);
    expect(json(r.stdout)).toEqual([]);
    expect(r.code).toBe(0);
  });
});
