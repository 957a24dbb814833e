// `leakguard github`, `shard` and `merge` against a fake GitHub REST API on 127.0.0.1
// (paged listing, rate-limit answers) and repositories served by a real git daemon.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawn } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type Server, type Socket } from "node:net";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { BIN, runCli } from "../helpers/cli.js";
import { cleanupTmp, commitFiles, git, initRepo, tmpDir } from "../helpers/tmp.js";
import { fakeGithubToken, fakeToken, passwordLine } from "../helpers/secrets.js";
import { leakedWindow } from "../helpers/redaction.js";
import { startGitDaemon, type GitDaemon } from "../helpers/git-server.js";
import { startFakeGithub, type FakeGithub, type FakeRepo } from "../helpers/fake-github.js";
import type { JsonFinding } from "../helpers/report.js";

type AuditFinding = JsonFinding & { repository?: string };
interface AuditReport {
  findings: AuditFinding[];
  audit: { scanned: string[]; failed: { repository: string; error: string }[] };
}

const ORG = "acme";
let base: string;
let daemon: GitDaemon;
let api: FakeGithub;
const secrets = new Map<string, string>();

/** A served bare repository; `withSecret` commits (then removes) a password line. */
function servedRepo(name: string, withSecret: boolean): void {
  const work = initRepo();
  commitFiles(work, { "README.md": `# ${name}\n` }, "init");
  if (withSecret) {
    const line = passwordLine();
    secrets.set(name, line.split("=")[1]);
    commitFiles(work, { "deploy/prod.env": `HOST=db\n${line}\n` }, "add deploy config");
    commitFiles(work, { "deploy/prod.env": "HOST=db\n" }, "drop the password");
  }
  git(base, "clone", "-q", "--bare", work, join(base, `${name}.git`));
}

const NAMES = ["alpha", "beta", "delta", "epsilon", "gamma", "kappa", "omega"];
const WITH_SECRET = new Set(["alpha", "delta", "gamma", "omega"]);

function apiRepos(): FakeRepo[] {
  return [
    ...NAMES.map((n) => ({ name: n, cloneUrl: daemon.url(`${n}.git`) })),
    { name: "ghost", cloneUrl: daemon.url("ghost.git") }, // listed, but the server has no such repository
    { name: "forked", cloneUrl: daemon.url("alpha.git"), fork: true },
    { name: "old", cloneUrl: daemon.url("alpha.git"), archived: true, pushedAt: "2019-05-01T00:00:00Z" },
  ];
}

beforeAll(async () => {
  base = tmpDir("leakguard-org-");
  for (const n of NAMES) servedRepo(n, WITH_SECRET.has(n));
  daemon = await startGitDaemon(base);
  api = await startFakeGithub(ORG, apiRepos());
});

afterAll(async () => {
  await daemon?.stop();
  await api?.stop();
  cleanupTmp();
});

const keyOf = (f: AuditFinding) => `${f.repository} ${f.fingerprint} ${f.startLine}`;

async function audit(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; report: AuditReport; stderr: string; stdout: string }> {
  const r = await runCli(["github", "--api-url", api.url, "--format", "json", ...args], { env, timeoutMs: 120_000 });
  if (r.code !== 0 && r.code !== 1) throw new Error(`exit ${r.code}: ${r.stderr}`);
  return { code: r.code, report: JSON.parse(r.stdout) as AuditReport, stderr: r.stderr, stdout: r.stdout };
}

describe("leakguard github", () => {
  it("pages through the API past two rate limits, audits every repository, counts the failing one, and never shows the token", async () => {
    const token = fakeGithubToken();
    api.requests.length = 0;
    api.rateLimitOnce.set(2, "reset");
    api.rateLimitOnce.set(3, "retry-after");
    const { code, report, stderr, stdout } = await audit([ORG, "--progress"], { GITHUB_TOKEN: token });
    expect(code).toBe(1);
    // 5 pages of 2 (10 repositories), pages 2 and 3 asked twice.
    const pages = api.requests.map((r) => new URL(r.path, "http://x").searchParams.get("page") ?? "1");
    expect(pages.filter((p) => p === "2")).toHaveLength(2);
    expect(pages.filter((p) => p === "3")).toHaveLength(2);
    expect(new Set(pages)).toEqual(new Set(["1", "2", "3", "4", "5"]));
    expect(api.requests.every((r) => r.authorization === `token ${token}`)).toBe(true);
    expect(stderr).toMatch(/rate limit \(HTTP 403\): waiting \d+s/);
    expect(stderr).toMatch(/rate limit \(HTTP 429\): waiting 1s/);

    expect(report.audit.scanned).toEqual(NAMES.map((n) => `${ORG}/${n}`));
    expect(report.audit.failed.map((f) => f.repository)).toEqual([`${ORG}/ghost`]);
    const pw = report.findings.filter((f) => f.ruleId === "generic-password");
    expect(pw.map((f) => f.repository).sort()).toEqual([...WITH_SECRET].map((n) => `${ORG}/${n}`).sort());
    expect(pw.every((f) => f.file === "deploy/prod.env")).toBe(true);
    expect(stderr).toMatch(/audited 8 repositories \(1 failed: acme\/ghost\)/);
    expect(stderr).toMatch(/audit \|.*\| 8\/8 repositories \| 1 failed \| \d+ findings/);
    expect(leakedWindow(stdout + stderr, token)).toBeUndefined();
    for (const s of secrets.values()) expect(leakedWindow(stdout + stderr, s)).toBeUndefined();
  });

  it("lists and filters through shard --org: forks, archived, globs, push date, max", async () => {
    const list = async (...args: string[]) => {
      const r = await runCli(["shard", "--org", ORG, "--api-url", api.url, "--total", "1", "--index", "0", ...args]);
      expect(r.code, r.stderr).toBe(0);
      return r.stdout.trim().split("\n").map((l) => l.split(" ")[0].replace(`${ORG}/`, ""));
    };
    expect(await list()).toEqual(["alpha", "beta", "delta", "epsilon", "gamma", "ghost", "kappa", "omega"]);
    expect(await list("--include-forks", "--include-archived")).toContain("forked");
    expect(await list("--include-archived", "--since-pushed", "2020-01-01")).not.toContain("old");
    expect(await list("--include-archived")).toContain("old");
    expect(await list("--repo-glob", "*a", "--repo-glob", "!gamma")).toEqual(["alpha", "beta", "delta", "kappa", "omega"]);
    expect(await list("--max-repos", "3")).toEqual(["alpha", "beta", "delta"]);
  });

  it("gives the same findings sharded and merged as in one run", async () => {
    const dir = tmpDir();
    const whole = await audit([ORG]);
    const listed = await runCli(["shard", "--org", ORG, "--api-url", api.url, "--total", "1", "--index", "0"]);
    writeFileSync(join(dir, "repos.txt"), listed.stdout);
    const shardLists: string[] = [];
    for (let i = 0; i < 3; i++) {
      const part = await runCli(["shard", join(dir, "repos.txt"), "--total", "3", "--index", String(i)]);
      expect(part.code, part.stderr).toBe(0);
      shardLists.push(part.stdout);
      writeFileSync(join(dir, `shard-${i}.txt`), part.stdout);
      const r = await runCli(["github", "--repos-from", join(dir, `shard-${i}.txt`), "-f", "json", "-o", join(dir, `shard-${i}.json`)]);
      expect([0, 1, 2], r.stderr).toContain(r.code);
    }
    // The shards split the list: every repository once.
    const lines = shardLists.flatMap((s) => s.split("\n").filter(Boolean));
    expect(lines.sort()).toEqual(listed.stdout.split("\n").filter(Boolean).sort());
    expect(shardLists.filter((s) => s.trim()).length).toBeGreaterThan(1);

    const merged = await runCli(["merge", ...[0, 1, 2].map((i) => join(dir, `shard-${i}.json`)), "-f", "json"]);
    expect(merged.code).toBe(1);
    const m = JSON.parse(merged.stdout) as AuditReport;
    expect(m.findings.map(keyOf).sort()).toEqual(whole.report.findings.map(keyOf).sort());
    expect(m.audit).toEqual(whole.report.audit);
    expect(merged.stderr).toMatch(/audited 8 repositories \(1 failed: acme\/ghost\); 3 reports merged/);
    // Merging a report twice does not double its findings; SARIF from the same reports.
    const twice = await runCli(["merge", join(dir, "shard-0.json"), join(dir, "shard-0.json"), join(dir, "shard-1.json"), join(dir, "shard-2.json"), "-f", "json"]);
    expect((JSON.parse(twice.stdout) as AuditReport).findings).toHaveLength(m.findings.length);
    const sarif = await runCli(["merge", ...[0, 1, 2].map((i) => join(dir, `shard-${i}.json`)), "-f", "sarif"]);
    const results = (JSON.parse(sarif.stdout) as { runs: { results: { properties: { repository?: string } }[] }[] }).runs[0].results;
    expect(results).toHaveLength(m.findings.length);
    expect(results.map((x) => x.properties.repository).sort()).toEqual(m.findings.map((f) => f.repository).sort());
    const html = await runCli(["merge", ...[0, 1, 2].map((i) => join(dir, `shard-${i}.json`)), "-f", "html"]);
    expect(html.code).toBe(1);
    expect(html.stdout).toContain(`${ORG}/alpha`);
    for (const s of secrets.values()) expect(leakedWindow(html.stdout, s)).toBeUndefined();
    const bad = await runCli(["merge", join(dir, "repos.txt")]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/repos\.txt: not JSON/);
  });

  it("resumes an interrupted audit from its state file", async () => {
    // The last repository hangs (a server that accepts and never answers): the run is killed there.
    const sockets: Socket[] = [];
    const hang: Server = createServer((s) => void sockets.push(s));
    await new Promise<void>((r) => hang.listen(0, "127.0.0.1", () => r()));
    const hangUrl = `git://127.0.0.1:${(hang.address() as AddressInfo).port}/zulu.git`;
    servedRepo("zulu", true);
    api.repos = [...apiRepos(), { name: "zulu", cloneUrl: hangUrl }];
    const dir = tmpDir();
    const state = join(dir, "audit.state");
    const child = spawn(process.execPath, [BIN, "github", ORG, "--api-url", api.url, "--state", state, "--concurrency", "1", "-f", "json"], { stdio: "ignore" });
    const outcomes = () => (existsSync(state) ? readFileSync(state, "utf8").split("\n").filter(Boolean).length - 1 : 0);
    const deadline = Date.now() + 90_000;
    while (outcomes() < 8 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    child.kill("SIGKILL");
    await new Promise((r) => child.once("close", r));
    for (const s of sockets) s.destroy();
    hang.close();
    expect(outcomes()).toBe(8);

    api.repos = [...apiRepos(), { name: "zulu", cloneUrl: daemon.url("zulu.git") }];
    const resumed = await audit([ORG, "--state", state]);
    expect(resumed.stderr).toMatch(/7 resumed from/);
    expect(resumed.report.audit.scanned).toEqual([...NAMES, "zulu"].map((n) => `${ORG}/${n}`));
    const fresh = await audit([ORG]);
    expect(resumed.report.findings.map(keyOf).sort()).toEqual(fresh.report.findings.map(keyOf).sort());
    expect(resumed.report.findings.some((f) => f.repository === `${ORG}/zulu`)).toBe(true);
    // The state file holds redacted findings only.
    for (const s of secrets.values()) expect(leakedWindow(readFileSync(state, "utf8"), s)).toBeUndefined();
    api.repos = apiRepos();
  });

  it("refuses a list with an ext:: URL and a state file of another audit", async () => {
    const dir = tmpDir();
    writeFileSync(join(dir, "list.txt"), `acme/x ${daemon.url("alpha.git")}\nacme/y ext::evil\n`);
    const r = await runCli(["github", "--repos-from", join(dir, "list.txt")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/ext:: URLs are not allowed/);
    writeFileSync(join(dir, "other.state"), JSON.stringify({ leakguard: "audit-state", version: 1, target: "other" }) + "\n");
    const s = await runCli(["github", ORG, "--api-url", api.url, "--state", join(dir, "other.state"), "--token", fakeToken()]);
    expect(s.code).toBe(2);
    expect(s.stderr).toMatch(/state of an audit of 'other', not 'acme'/);
    const nobody = await runCli(["github", "nobody", "--api-url", api.url]);
    expect(nobody.code).toBe(2);
    expect(nobody.stderr).toMatch(/nobody: no such GitHub organisation or user at/);
  });
});
