// Issue #12 item 8: secret hashes and fingerprints are HMAC-SHA-256 under a per-repository
// key, so a report or baseline read elsewhere cannot confirm a guessed secret offline.
// Fingerprints stay the same across runs and clones of one repository, and entries
// written before keyed hashes (plain SHA-256) keep working until `leakguard rekey`.
import { createHash, createHmac } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { jsonFindings } from "../helpers/report.js";
import { fakeGithubToken, fakePassword, passwordLine } from "../helpers/secrets.js";
import { cleanupTmp, commitFiles, git, initRepo, tmpDir, writeFiles } from "../helpers/tmp.js";

afterAll(cleanupTmp);

const sha256 = (s: string) => createHash("sha256").update(s, "utf8").digest("hex");
/** This machine's key goes to a temp config folder, never the real home. */
const ENV = { XDG_CONFIG_HOME: tmpDir("leakguard-xdg-") };
const scan = (dir: string, ...args: string[]) => runCli(["scan", dir, "--format", "json", "--threads", "1", ...args], { env: ENV });
const keyOf = (dir: string) => /^# leakguard-key ([0-9a-f]{64})$/m.exec(readFileSync(join(dir, ".leakguardignore"), "utf8"))?.[1];

describe("keyed secret hashes", () => {
  it.concurrent("the same secret in two repositories gets different hashes; each repository gets its own key", async () => {
    const secret = fakeGithubToken();
    const [a, b] = [initRepo(), initRepo()];
    for (const repo of [a, b]) writeFiles(repo, { "config.env": `GH=${secret}\n` });
    const [ra, rb] = await Promise.all([scan(a), scan(b)]);
    const [fa, fb] = [jsonFindings(ra.stdout)[0], jsonFindings(rb.stdout)[0]];
    expect(fa.secretHash).toMatch(/^[0-9a-f]{64}$/);
    expect(fa.secretHash).not.toBe(fb.secretHash);
    expect(fa.fingerprint).not.toBe(fb.fingerprint);
    expect(keyOf(a)).not.toBe(keyOf(b));
    // The hash is the HMAC under the key written into the repository.
    expect(fa.secretHash).toBe(createHmac("sha256", keyOf(a)!).update(secret).digest("hex"));
    expect(ra.stderr).toMatch(/created this repository's fingerprint key in \.leakguardignore/);
  }, 60_000);

  it.concurrent("the same repository gets the same hash in two runs and in a clone", async () => {
    const repo = initRepo();
    writeFiles(repo, { "config.env": passwordLine() + "\n" });
    const first = jsonFindings((await scan(repo)).stdout)[0];
    const again = jsonFindings((await scan(repo)).stdout)[0];
    expect(again.fingerprint).toBe(first.fingerprint);
    commitFiles(repo, {}, "with key");
    const clone = join(tmpDir(), "clone");
    git(repo, "clone", "-q", repo, clone);
    const cloned = jsonFindings((await scan(clone)).stdout)[0];
    expect(cloned.fingerprint).toBe(first.fingerprint);
    expect(cloned.secretHash).toBe(first.secretHash);
    // History mode, on a machine with another key of its own: the repository's key wins.
    const hist = await runCli(["git", clone, "--format", "json"], { env: { XDG_CONFIG_HOME: tmpDir() } });
    expect(jsonFindings(hist.stdout)[0].secretHash).toBe(first.secretHash);
  }, 60_000);

  it.concurrent("no report holds the unkeyed SHA-256 of a planted secret, nor the key", async () => {
    const repo = initRepo();
    const secrets = [fakeGithubToken(), fakePassword()];
    writeFiles(repo, { "a.env": `GH=${secrets[0]}\n${passwordLine(secrets[1])}\n` });
    await scan(repo); // creates the key
    const key = keyOf(repo)!;
    for (const format of ["json", "jsonl", "sarif", "csv", "text"]) {
      for (const extra of [[], ["--show-secrets"]]) {
        const r = await runCli(["scan", repo, "--format", format, "--threads", "1", ...extra], { env: ENV });
        expect(r.code, r.stderr).toBe(1);
        const out = r.stdout + r.stderr;
        for (const s of secrets) expect(out, `${format} ${extra}`).not.toContain(sha256(s).slice(0, 16));
        expect(out).not.toContain(key);
        expect(out).not.toContain(key.slice(0, 16));
      }
    }
  }, 90_000);

  it.concurrent("stdin and folders outside a repository use LEAKGUARD_HASH_KEY, else this machine's key", async () => {
    const secret = fakeGithubToken();
    const opKey = "operator-key-" + fakePassword();
    // Run from a folder outside any repository: a key in the working directory's ignore file
    // (this checkout's, once its own scan has made one) would win over the machine's.
    const away = tmpDir();
    const withKey = await runCli(["scan", "-", "--format", "json"], { input: `GH=${secret}\n`, cwd: away, env: { ...ENV, LEAKGUARD_HASH_KEY: opKey } });
    expect(jsonFindings(withKey.stdout)[0].secretHash).toBe(createHmac("sha256", opKey).update(secret).digest("hex"));
    const xdg = tmpDir();
    const dir = tmpDir(); // not a repository: nothing is written into it
    writeFiles(dir, { "a.env": `GH=${secret}\n` });
    const one = await runCli(["scan", dir, "--format", "json"], { env: { XDG_CONFIG_HOME: xdg } });
    const two = await runCli(["scan", "-", "--format", "json"], { input: `GH=${secret}\n`, cwd: away, env: { XDG_CONFIG_HOME: xdg } });
    expect(existsSync(join(dir, ".leakguardignore"))).toBe(false);
    const machineKey = readFileSync(join(xdg, "leakguard", "hash-key"), "utf8").trim();
    expect(jsonFindings(one.stdout)[0].secretHash).toBe(createHmac("sha256", machineKey).update(secret).digest("hex"));
    expect(jsonFindings(two.stdout)[0].secretHash).toBe(jsonFindings(one.stdout)[0].secretHash);
    const short = await runCli(["scan", "-"], { input: "x\n", env: { LEAKGUARD_HASH_KEY: "short" } });
    expect(short.code).toBe(2);
    expect(short.stderr).toMatch(/LEAKGUARD_HASH_KEY: too short/);
  }, 60_000);
});

describe("entries written before keyed hashes", () => {
  it.concurrent("a legacy baseline and ignore file still suppress, and rekey rewrites them keyed", async () => {
    const repo = initRepo();
    const [kept, base] = [fakeGithubToken(), fakePassword()];
    writeFiles(repo, { "a.env": `GH=${kept}\n`, "b.env": passwordLine(base) + "\n", "c.env": passwordLine() + "\n" });
    const legacyA = `a.env:github-pat:${sha256(kept).slice(0, 16)}`;
    const legacyB = `b.env:generic-password:${sha256(base).slice(0, 16)}`;
    writeFiles(repo, { ".leakguardignore": `# reviewed\n${legacyA}  # test fixture\n` });
    const baseline = join(tmpDir(), "baseline.json");
    writeFileSync(baseline, JSON.stringify({ version: 1, fingerprints: [legacyB] }));
    const before = await scan(repo, "--baseline", baseline);
    expect(before.code, before.stderr).toBe(1);
    expect(jsonFindings(before.stdout).map((f) => f.file)).toEqual(["c.env"]);
    expect(before.stderr).toMatch(/1 finding \(2 suppressed\)/);

    const rekey = await runCli(["rekey", repo, "--baseline", baseline], { env: ENV });
    expect(rekey.code, rekey.stderr).toBe(0);
    expect(rekey.stderr).toMatch(/\.leakguardignore: 1 entry rekeyed/);
    const ignore = readFileSync(join(repo, ".leakguardignore"), "utf8");
    const rewritten = readFileSync(baseline, "utf8");
    expect(ignore).not.toContain(legacyA);
    expect(ignore).toContain("# reviewed");
    expect(rewritten).not.toContain(legacyB);
    // Keyed now: each entry is the fingerprint under the repository's key.
    const keyed = (s: string) => createHmac("sha256", keyOf(repo)!).update(s).digest("hex").slice(0, 16);
    expect(ignore).toContain(`a.env:github-pat:${keyed(kept)}`);
    expect(JSON.parse(rewritten).fingerprints).toEqual([`b.env:generic-password:${keyed(base)}`]);
    const after = await scan(repo, "--baseline", baseline);
    expect(jsonFindings(after.stdout).map((f) => f.file)).toEqual(["c.env"]);
  }, 90_000);
});
