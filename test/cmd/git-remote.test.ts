// `leakguard git URL` against real servers on 127.0.0.1: git daemon, file://, and smart
// HTTP behind Basic authentication (what the server receives, what git's argv holds).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createServer, type Socket } from "node:net";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BIN, runCli } from "../helpers/cli.js";
import { cleanupTmp, commitFiles, git, initRepo, tmpDir } from "../helpers/tmp.js";
import { fakeToken, passwordLine } from "../helpers/secrets.js";
import { leakedWindow } from "../helpers/redaction.js";
import { startGitDaemon, startHttpGitServer, type GitDaemon, type HttpGitServer } from "../helpers/git-server.js";
import type { JsonFinding } from "../helpers/report.js";

let base: string;
let daemon: GitDaemon;
let http: HttpGitServer;
let secretLine: string;

/** A bare repository `name` under `base` whose history once held a password. */
function servedRepo(name: string, line: string): void {
  const work = initRepo();
  commitFiles(work, { "README.md": "hello\n" }, "init");
  commitFiles(work, { "config/app.env": `HOST=db\n${line}\n` }, "add config");
  commitFiles(work, { "config/app.env": "HOST=db\n" }, "drop the password");
  git(base, "clone", "-q", "--bare", work, join(base, name));
}

const cloneDirs = () => readdirSync(tmpdir()).filter((d) => d.startsWith("leakguard-clone-"));

beforeAll(async () => {
  base = tmpDir("leakguard-served-");
  secretLine = passwordLine();
  servedRepo("app.git", secretLine);
  daemon = await startGitDaemon(base);
  http = await startHttpGitServer(base);
});

afterAll(async () => {
  await daemon?.stop();
  await http?.stop();
  cleanupTmp();
});

async function remoteJson(args: string[], env?: NodeJS.ProcessEnv) {
  const r = await runCli(["git", "--format", "json", "--threads", "1", ...args], { env });
  if (r.code !== 0 && r.code !== 1) throw new Error(`exit ${r.code}: ${r.stderr}`);
  return { ...r, findings: (JSON.parse(r.stdout) as { findings: (JsonFinding & { repository?: string })[] }).findings };
}

describe("leakguard git URL", () => {
  it("clones from git daemon, reports the secret with the repository, and removes the clone", async () => {
    const before = new Set(cloneDirs());
    const url = daemon.url("app.git");
    const { code, findings } = await remoteJson(["--", url]);
    expect(code).toBe(1);
    const pw = findings.filter((f) => f.ruleId === "generic-password");
    expect(pw).toHaveLength(1);
    expect(pw[0]).toMatchObject({ file: "config/app.env", repository: url });
    expect(cloneDirs().filter((d) => !before.has(d))).toEqual([]);
  });

  it("names the repository in the text report's file headings", async () => {
    const url = daemon.url("app.git");
    const r = await runCli(["git", url, "--threads", "1"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`${url}: config/app.env @ `);
  });

  it("scans a file:// URL given explicitly and keeps the mirror with --keep-clone", async () => {
    const keep = join(tmpDir(), "kept.git");
    const { code, findings } = await remoteJson([`file://${join(base, "app.git")}`, "--keep-clone", keep]);
    expect(code).toBe(1);
    expect(findings.some((f) => f.ruleId === "generic-password")).toBe(true);
    expect(git(keep, "rev-parse", "--is-bare-repository")).toBe("true");
  });

  it("refuses ext:: URLs and a missing repository is one line, exit 2", async () => {
    const ext = await runCli(["git", "ext::sh -c id"]);
    expect(ext.code).toBe(2);
    expect(ext.stderr).toMatch(/^leakguard: ext:: URLs are not allowed/);
    const missing = await runCli(["git", daemon.url("nope.git")]);
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("sends the token as a header (never in git's argv or any output) and strips userinfo from reports", async () => {
    const token = fakeToken(40);
    const trace = join(tmpDir(), "trace.log");
    const url = http.url("app.git");
    const r = await remoteJson([url, "--token", token], { GIT_TRACE: trace });
    expect(r.code).toBe(1);
    expect(http.authorizations).toContain(`Basic ${Buffer.from(`x-access-token:${token}`).toString("base64")}`);
    const argvs = readFileSync(trace, "utf8");
    expect(argvs).toMatch(/git.* clone/);
    expect(leakedWindow(argvs, token)).toBeUndefined();
    expect(leakedWindow(r.stdout + r.stderr, token)).toBeUndefined();

    const password = fakeToken(32);
    const withUser = url.replace("http://", `http://alice:${password}@`);
    const r2 = await runCli(["git", withUser, "-f", "sarif", "--threads", "1"], { env: { GIT_TRACE: trace } });
    expect(r2.code).toBe(1);
    expect(http.authorizations).toContain(`Basic ${Buffer.from(`alice:${password}`).toString("base64")}`);
    expect(leakedWindow(readFileSync(trace, "utf8") + r2.stdout + r2.stderr, password)).toBeUndefined();
    expect(r2.stdout).not.toContain("alice");
    expect(leakedWindow(r.stdout + r2.stdout, secretLine.split("=")[1])).toBeUndefined();
    expect(existsSync(trace)).toBe(true);
  });

  it("removes the temporary mirror when interrupted", async () => {
    const sockets: Socket[] = [];
    const hang = createServer((sock) => void sockets.push(sock));
    await new Promise<void>((r) => hang.listen(0, "127.0.0.1", () => r()));
    const before = new Set(cloneDirs());
    const child = spawn(process.execPath, [BIN, "git", `git://127.0.0.1:${(hang.address() as AddressInfo).port}/slow.git`], { stdio: "ignore" });
    const deadline = Date.now() + 30_000;
    while (!sockets.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const created = cloneDirs().filter((d) => !before.has(d));
    expect(created).toHaveLength(1);
    child.kill("SIGTERM");
    const code = await new Promise((r) => child.once("close", r));
    for (const sock of sockets) sock.destroy();
    hang.close();
    expect(code).toBe(143);
    expect(existsSync(join(tmpdir(), created[0]))).toBe(false);
  });
});
