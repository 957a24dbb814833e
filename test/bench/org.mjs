#!/usr/bin/env node
// Organisation-audit benchmark. Builds (once) 200 small bare repositories in
// test/bench/.work/org-200/ with `git fast-import`, serves them with `git daemon` on
// 127.0.0.1, then in the same run:
//   floor:  `git clone --mirror` of every repository, one after the other
//   audit:  `leakguard github --repos-from LIST` with its default concurrency
//   lossy:  the same with 10% of the listed repositories missing on the server
//           (every repository must come back scanned or failed: none lost)
// and, on one larger repository, a mirror clone with and without --filter=blob:none
// for a full-history scan and for --max-commits 10.
// Usage: node test/bench/org.mjs [--repos N] [--rebuild] [--skip-blobless] (the blobless
// full-history run alone takes minutes: that is its finding)
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { createServer, connect } from "node:net";
import { BIN, WORK, fmt, measure, rng } from "./lib.mjs";

const args = process.argv.slice(2);
const REPOS = Number(args[args.indexOf("--repos") + 1] || 200) || 200;
const DIR = join(WORK, `org-${REPOS}`);
const BIG = join(WORK, "org-big.git");
const rand = rng(0x0a9);
const pick = (n) => Math.floor(rand() * n);
const WORDS = "const let value return function config server client request response token parse index count items user name path".split(" ");
const ALNUM = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

function codeFile(lines) {
  let s = "";
  for (let i = 0; i < lines; i++) {
    const n = 3 + pick(6);
    for (let j = 0; j < n; j++) s += WORDS[pick(WORDS.length)] + " ";
    s += ";\n";
  }
  return s;
}
function fakePassword() {
  let s = "";
  for (let i = 0; i < 14; i++) s += ALNUM[pick(ALNUM.length)];
  return s + "!" + (10 + pick(90));
}

/** fast-import stream: `commits` commits over `files` files; every 7th repository gets a password once. */
function importRepo(dir, commits, files, withSecret) {
  mkdirSync(dir, { recursive: true });
  spawnSync("git", ["init", "-q", "--bare", dir]);
  let stream = "";
  let t = 1_600_000_000;
  for (let c = 0; c < commits; c++) {
    t += 3600;
    const msg = `change ${c}`;
    stream += `commit refs/heads/main\ncommitter Bench <bench@example.com> ${t} +0000\ndata ${msg.length}\n${msg}\n`;
    const touched = c === 0 ? files : 1 + pick(3);
    for (let k = 0; k < touched; k++) {
      const f = c === 0 ? k : pick(files);
      let body = codeFile(20 + pick(60));
      if (withSecret && c === Math.floor(commits / 2) && k === 0) body += `DB_PASSWORD=${fakePassword()}\n`;
      stream += `M 100644 inline src/file${f}.js\ndata ${Buffer.byteLength(body)}\n${body}\n`;
    }
    stream += "\n";
  }
  const r = spawnSync("git", ["fast-import", "--quiet"], { cwd: dir, input: stream });
  if (r.status !== 0) throw new Error(`fast-import failed in ${dir}: ${r.stderr}`);
  spawnSync("git", ["config", "uploadpack.allowFilter", "true"], { cwd: dir });
  spawnSync("git", ["config", "uploadpack.allowAnySHA1InWant", "true"], { cwd: dir });
}

function build() {
  if (args.includes("--rebuild")) rmSync(DIR, { recursive: true, force: true });
  if (!existsSync(join(DIR, "done"))) {
    rmSync(DIR, { recursive: true, force: true });
    for (let i = 0; i < REPOS; i++) importRepo(join(DIR, `repo${String(i).padStart(3, "0")}.git`), 8 + pick(12), 4 + pick(6), i % 7 === 0);
    writeFileSync(join(DIR, "done"), "");
  }
  if (!existsSync(join(BIG, "HEAD"))) importRepo(BIG, 600, 100, true);
}

function freePort() {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function startDaemon(base) {
  const port = await freePort();
  const child = spawn("git", ["daemon", "--export-all", `--base-path=${base}`, "--reuseaddr", "--listen=127.0.0.1", `--port=${port}`, base], { stdio: "ignore" });
  for (let i = 0; i < 200; i++) {
    const ok = await new Promise((r) => {
      const s = connect(port, "127.0.0.1");
      s.once("connect", () => (s.destroy(), r(true)));
      s.once("error", () => (s.destroy(), r(false)));
    });
    if (ok) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  return { port, stop: () => child.kill() };
}

async function main() {
  build();
  const daemon = await startDaemon(WORK);
  const url = (name) => `git://127.0.0.1:${daemon.port}/${name}`;
  const names = Array.from({ length: REPOS }, (_, i) => `repo${String(i).padStart(3, "0")}`);
  const tmp = mkdtempSync(join(tmpdir(), "leakguard-orgbench-"));
  try {
    const list = join(tmp, "repos.txt");
    writeFileSync(list, names.map((n) => `bench/${n} ${url(`org-${REPOS}/${n}.git`)}\n`).join(""));
    // 10% of the list points at repositories the server does not have.
    const lossy = join(tmp, "lossy.txt");
    writeFileSync(lossy, names.map((n, i) => `bench/${n} ${url(`org-${REPOS}/${i % 10 === 3 ? "missing-" : ""}${n}.git`)}\n`).join(""));

    console.log(`\n### leakguard github (organisation audit) benchmark\n`);
    console.log(`${REPOS} small repositories (8-19 commits each) served by git daemon on 127.0.0.1; ${availableParallelism()} cores; load average before: ${loadavg()[0].toFixed(2)}\n`);

    const floorDir = join(tmp, "floor");
    mkdirSync(floorDir);
    const t0 = process.hrtime.bigint();
    for (const n of names) {
      const r = spawnSync("git", ["clone", "--mirror", "--quiet", url(`org-${REPOS}/${n}.git`), join(floorDir, n)]);
      if (r.status !== 0) throw new Error(`floor clone of ${n} failed: ${r.stderr}`);
    }
    const floor = Number(process.hrtime.bigint() - t0) / 1e9;
    rmSync(floorDir, { recursive: true, force: true });

    const audit = measure(process.execPath, [BIN, "github", "--repos-from", list, "-f", "json", "-o", join(tmp, "audit.json"), "--exit-code", "0"]);
    if (audit.status !== 0) throw new Error(`audit failed: ${audit.stderr}`);
    const report = JSON.parse(readFileSync(join(tmp, "audit.json"), "utf8"));
    const lossyRun = measure(process.execPath, [BIN, "github", "--repos-from", lossy, "-f", "json", "-o", join(tmp, "lossy.json"), "--exit-code", "0"]);
    if (lossyRun.status !== 0) throw new Error(`lossy audit failed: ${lossyRun.stderr}`);
    const lossyReport = JSON.parse(readFileSync(join(tmp, "lossy.json"), "utf8"));
    const accounted = lossyReport.audit.scanned.length + lossyReport.audit.failed.length;

    console.log("| run | wall (s) | ratio to floor | peak RSS (MB) | scanned | failed | findings |");
    console.log("|---|---:|---:|---:|---:|---:|---:|");
    console.log(`| floor: git clone --mirror x${REPOS}, in sequence | ${fmt(floor)} | 1.00 | | ${REPOS} | 0 | |`);
    console.log(`| leakguard github (default concurrency) | ${fmt(audit.seconds)} | ${fmt(audit.seconds / floor)} | ${fmt(audit.rssMB, 0)} | ${report.audit.scanned.length} | ${report.audit.failed.length} | ${report.findings.length} |`);
    console.log(`| leakguard github, 10% missing | ${fmt(lossyRun.seconds)} | ${fmt(lossyRun.seconds / floor)} | ${fmt(lossyRun.rssMB, 0)} | ${lossyReport.audit.scanned.length} | ${lossyReport.audit.failed.length} | ${lossyReport.findings.length} |`);
    console.log(`\nrepositories lost with 10% failing: ${REPOS - accounted} (scanned + failed = ${accounted} of ${REPOS})`);
    if (accounted !== REPOS) process.exitCode = 1;

    if (args.includes("--skip-blobless")) return;
    // Blobless or full mirror, on one repository with 600 commits.
    console.log(`\n| one repository, 600 commits | full mirror (s) | blobless (s) | blobless / full |`);
    console.log("|---|---:|---:|---:|");
    for (const [label, extra] of [["full history", []], ["--max-commits 10", ["--max-commits", "10"]]]) {
      const full = measure(process.execPath, [BIN, "git", url("org-big.git"), "-f", "json", "--exit-code", "0", ...extra]);
      const blobless = measure(process.execPath, [BIN, "git", url("org-big.git"), "--blobless", "-f", "json", "--exit-code", "0", ...extra]);
      if (full.status !== 0 || blobless.status !== 0) throw new Error(`${label}: ${full.stderr}${blobless.stderr}`);
      console.log(`| ${label} | ${fmt(full.seconds)} | ${fmt(blobless.seconds)} | ${fmt(blobless.seconds / full.seconds)} |`);
    }
  } finally {
    daemon.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
}

await main();
