#!/usr/bin/env node
// History-scan benchmark: builds (once) a repository with >= 5,000 commits and >= 100 MB
// of blob history in test/bench/.work/ with `git fast-import`, then times, in the same run:
//   leakguard git (wall time, peak RSS), git log -p --all > /dev/null,
//   git cat-file --batch-all-objects --batch > /dev/null.
// Then the same on a real history, when one is at hand: LEAKGUARD_BENCH_REPO=/path/to/clone
// (any clone, bare or not), else a bare clone of LEAKGUARD_BENCH_URL (default eslint's
// GitHub repository) made once into test/bench/.work/ when the network allows, else
// skipped with a message. gitleaks runs beside it as a peer when it is on PATH.
// Usage: node bench/git.mjs [--commits N] [--threads N] [--rounds N] [--rebuild] [--no-real]
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, openSync, closeSync, rmSync, readFileSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const WORK = join(ROOT, "test", "bench", ".work");
const args = process.argv.slice(2);
const argValue = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const COMMITS = Number(argValue("--commits", 5200));
const THREADS = argValue("--threads", undefined);
const REPO = join(WORK, `history-${COMMITS}`);
const FILES = 400;
const LINES_PER_FILE = 220; // ~12 KiB per file
const TAGS = 10_000;
const ROUNDS = Number(argValue("--rounds", 3));

// Deterministic PRNG (mulberry32) so every run builds the same repository.
let seed = 0x5eed;
function rand() {
  seed |= 0;
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = (n) => Math.floor(rand() * n);
const WORDS = "const let value return function config server client request response buffer stream token parse encode decode handler result error index count items user name path file data cache retry timeout limit offset".split(" ");
const ALNUM = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
function codeLine() {
  const n = 4 + pick(8);
  let s = "  ".repeat(pick(4));
  for (let i = 0; i < n; i++) s += WORDS[pick(WORDS.length)] + (i % 3 === 2 ? "(" + pick(1000) + ") " : " ");
  return s + ";";
}
function fakePassword() {
  let s = "";
  for (let i = 0; i < 14; i++) s += ALNUM[pick(ALNUM.length)];
  return s + "!" + pick(90 + 10);
}

function buildRepo() {
  rmSync(REPO, { recursive: true, force: true });
  mkdirSync(REPO, { recursive: true });
  spawnSync("git", ["init", "-q", "--bare", REPO], { stdio: "inherit" });
  const fi = spawn("git", ["fast-import", "--quiet", "--depth=50"], { cwd: REPO, stdio: ["pipe", "inherit", "inherit"] });
  const files = Array.from({ length: FILES }, () => Array.from({ length: LINES_PER_FILE }, codeLine));
  const pathOf = (i) => `src/module${Math.floor(i / 40)}/file${i}.${["ts", "py", "go", "yaml"][i % 4]}`;
  let mark = 0;
  let time = 1_600_000_000;
  const out = [];
  let pending = 0;
  const flush = () => {
    if (!out.length) return true;
    const ok = fi.stdin.write(Buffer.concat(out.map((x) => (typeof x === "string" ? Buffer.from(x) : x))));
    out.length = 0;
    return ok;
  };
  const blob = (content) => {
    const m = ++mark;
    const buf = Buffer.isBuffer(content) ? content : Buffer.from(content);
    out.push(`blob\nmark :${m}\ndata ${buf.length}\n`, buf, "\n");
    pending += buf.length;
    return m;
  };
  const commit = (ref, msg, from, merge, changes) => {
    const m = ++mark;
    time += 60;
    out.push(
      `commit ${ref}\nmark :${m}\nauthor Bench <bench@example.com> ${time} +0000\ncommitter Bench <bench@example.com> ${time} +0000\ndata ${Buffer.byteLength(msg)}\n${msg}\n`,
      from ? `from :${from}\n` : "",
      merge ? `merge :${merge}\n` : "",
      ...changes,
      "\n",
    );
    return m;
  };
  const write = async () => {
    if (!flush()) await new Promise((r) => fi.stdin.once("drain", r));
  };
  return (async () => {
    // Root commit with every file.
    const rootChanges = files.map((lines, i) => `M 100644 :${blob(lines.join("\n") + "\n")} ${pathOf(i)}\n`);
    let head = commit("refs/heads/main", "initial import", 0, 0, rootChanges);
    let side = 0;
    const commitMarks = [head];
    let secretsAdded = 0;
    for (let c = 1; c < COMMITS; c++) {
      const changes = [];
      for (let k = 0; k < 2; k++) {
        const i = pick(FILES);
        const lines = files[i];
        for (let r = 0; r < 3; r++) lines[pick(lines.length)] = codeLine();
        lines.splice(pick(lines.length), 0, codeLine());
        if (lines.length > LINES_PER_FILE + 40) lines.splice(pick(lines.length), 1);
        if (c % 250 === 0 && k === 0) {
          lines.splice(pick(lines.length), 0, `DB_PASSWORD=${fakePassword()}`);
          secretsAdded++;
        }
        changes.push(`M 100644 :${blob(lines.join("\n") + "\n")} ${pathOf(i)}\n`);
      }
      if (c % 400 === 0) changes.push(`M 100644 :${blob(Buffer.from(Array.from({ length: 4096 }, () => pick(256))))} assets/image${c}.bin\n`);
      if (c % 100 === 50) {
        // A side-branch commit, merged back a little later.
        side = commit("refs/heads/side", `side work ${c}`, head, 0, [`M 100644 :${blob(`side ${c}\n` + codeLine() + "\n")} docs/side${c}.md\n`]);
        commitMarks.push(side);
        continue;
      }
      if (c % 100 === 60 && side) {
        head = commit("refs/heads/main", `merge side ${c}`, head, side, changes);
      } else {
        head = commit("refs/heads/main", `change ${c}: ${WORDS[pick(WORDS.length)]}`, head, 0, changes);
      }
      commitMarks.push(head);
      if (pending > 8 * 1024 * 1024) {
        pending = 0;
        await write();
      }
    }
    for (let t = 0; t < TAGS; t++) out.push(`reset refs/tags/t${t}\nfrom :${commitMarks[t % commitMarks.length]}\n\n`);
    await write();
    fi.stdin.end();
    await new Promise((r) => fi.on("close", r));
    spawnSync("git", ["repack", "-a", "-d", "-q"], { cwd: REPO, stdio: "inherit" });
    spawnSync("git", ["pack-refs", "--all"], { cwd: REPO, stdio: "inherit" });
    console.error(`built ${REPO}: ${commitMarks.length} commits, ${secretsAdded} secrets planted`);
  })();
}

function timeCommand(cmd, cmdArgs, opts = {}) {
  const hasTime = existsSync("/usr/bin/time");
  const outFd = openSync("/dev/null", "w");
  const start = performance.now();
  const r = hasTime
    ? spawnSync("/usr/bin/time", ["-v", cmd, ...cmdArgs], { cwd: opts.cwd, stdio: ["ignore", outFd, "pipe"], maxBuffer: 64 * 1024 * 1024 })
    : spawnSync(cmd, cmdArgs, { cwd: opts.cwd, stdio: ["ignore", outFd, "pipe"], maxBuffer: 64 * 1024 * 1024 });
  const wall = (performance.now() - start) / 1000;
  closeSync(outFd);
  const stderr = r.stderr?.toString() ?? "";
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
  if (r.status !== 0 && r.status !== 1) {
    console.error(stderr.split("\n").slice(0, 5).join("\n"));
    throw new Error(`${cmd} exited with ${r.status}`);
  }
  const summary = stderr.split("\n").find((l) => l.startsWith("leakguard: scanned"));
  // CPU seconds (user + system, children included): steadier than wall time on a shared machine.
  const user = /User time \(seconds\): ([\d.]+)/.exec(stderr);
  const sys = /System time \(seconds\): ([\d.]+)/.exec(stderr);
  const cpu = user && sys ? Number(user[1]) + Number(sys[1]) : undefined;
  return { wall, cpu, rssMb: rss ? Number(rss[1]) / 1024 : undefined, summary };
}

function dirSizeMb(dir) {
  const r = spawnSync("du", ["-sk", dir]);
  return Number(r.stdout.toString().split("\t")[0]) / 1024;
}

async function main() {
  mkdirSync(WORK, { recursive: true });
  if (args.includes("--rebuild") || !existsSync(join(REPO, "packed-refs"))) {
    const t = performance.now();
    await buildRepo();
    console.error(`generated in ${((performance.now() - t) / 1000).toFixed(1)}s`);
  }
  const count = spawnSync("git", ["rev-list", "--all", "--count"], { cwd: REPO }).stdout.toString().trim();
  const blobBytes = spawnSync("sh", ["-c", "git cat-file --batch-all-objects --batch-check='%(objecttype) %(objectsize)' | awk '$1==\"blob\"{s+=$2} END{print s}'"], { cwd: REPO })
    .stdout.toString()
    .trim();
  const refs = spawnSync("git", ["for-each-ref", "--format=x"], { cwd: REPO }).stdout.toString().split("\n").filter(Boolean).length;
  // Warm the page cache so the first measurement is not penalised.
  timeCommand("git", ["cat-file", "--batch-all-objects", "--batch"], { cwd: REPO });

  const report = join(WORK, "report.json");
  const lgArgs = [join(ROOT, "dist", "bin.cjs"), "git", REPO, "--format", "json", "--output", report, "--no-progress", ...(THREADS ? ["--threads", THREADS] : [])];
  // Interleaved rounds, median of each: on a shared machine one slow round says little.
  const runs = { logP: [], catFile: [], lg: [] };
  for (let round = 0; round < ROUNDS; round++) {
    runs.logP.push(timeCommand("git", ["log", "-p", "--all"], { cwd: REPO }));
    runs.catFile.push(timeCommand("git", ["cat-file", "--batch-all-objects", "--batch"], { cwd: REPO }));
    runs.lg.push(timeCommand(process.execPath, lgArgs));
  }
  const median = (list) => [...list].sort((a, b) => a.wall - b.wall)[Math.floor(list.length / 2)];
  const logP = median(runs.logP);
  const catFile = median(runs.catFile);
  const lg = median(runs.lg);
  const peakRss = Math.max(...runs.lg.map((r) => r.rssMb ?? 0));
  const findings = JSON.parse(readFileSync(report, "utf8")).findings.length;

  const f = (n) => (n === undefined || Number.isNaN(n) ? "n/a" : n.toFixed(2));
  console.log(`\n### leakguard git benchmark\n`);
  console.log(`repository: ${count} commits, ${refs} refs, ${(Number(blobBytes) / 1024 / 1024).toFixed(1)} MB of blobs, ${dirSizeMb(REPO).toFixed(1)} MB on disk; ${availableParallelism()} cores; git ${spawnSync("git", ["--version"]).stdout.toString().trim().replace("git version ", "")}\n`);
  console.log(`median of ${ROUNDS} interleaved rounds; load average before: ${(await import("node:os")).loadavg()[0].toFixed(2)}\n`);
  console.log("| command | wall (s) | CPU (s) | peak RSS (MB) |");
  console.log("|---|---:|---:|---:|");
  console.log(`| \`leakguard git\` (${findings} findings) | ${f(lg.wall)} | ${f(lg.cpu)} | ${f(lg.rssMb)} |`);
  console.log(`| \`git log -p --all > /dev/null\` | ${f(logP.wall)} | ${f(logP.cpu)} | ${f(logP.rssMb)} |`);
  console.log(`| \`git cat-file --batch-all-objects --batch > /dev/null\` | ${f(catFile.wall)} | ${f(catFile.cpu)} | ${f(catFile.rssMb)} |`);
  console.log(`\nratio leakguard / git log -p: **${(lg.wall / logP.wall).toFixed(2)}x** wall, ${f(lg.cpu / logP.cpu)}x CPU (target <= 1.0x); peak RSS ${f(peakRss)} MB over all rounds (target < 300 MB)`);
  console.log(`all rounds, leakguard: ${runs.lg.map((r) => f(r.wall)).join(", ")} s; git log -p: ${runs.logP.map((r) => f(r.wall)).join(", ")} s`);
  if (lg.summary) console.log(`\n${lg.summary}`);
  if (!args.includes("--no-real")) realHistory();
}

/** First executable `name` on PATH, or undefined. */
function onPath(name) {
  for (const dir of (process.env.PATH ?? "").split(":")) {
    if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

/** A real clone: LEAKGUARD_BENCH_REPO, else a bare clone of LEAKGUARD_BENCH_URL made once, else undefined. */
function realRepo() {
  if (process.env.LEAKGUARD_BENCH_REPO) return process.env.LEAKGUARD_BENCH_REPO;
  const url = process.env.LEAKGUARD_BENCH_URL ?? "https://github.com/eslint/eslint.git";
  const dir = join(WORK, "real-" + url.replace(/\.git$/, "").split("/").slice(-2).join("-") + ".git");
  if (existsSync(join(dir, "packed-refs")) || existsSync(join(dir, "HEAD"))) return dir;
  console.error(`cloning ${url} for the real-history benchmark (once)...`);
  const r = spawnSync("git", ["clone", "--quiet", "--bare", url, dir], { stdio: ["ignore", "inherit", "inherit"], timeout: 15 * 60 * 1000 });
  if (r.status === 0) return dir;
  rmSync(dir, { recursive: true, force: true });
  return undefined;
}

/**
 * A real history, median of interleaved rounds: leakguard (default threads and
 * --threads 1), git log -p --all, and gitleaks when it is on PATH.
 */
function realHistory() {
  const repo = realRepo();
  if (!repo) {
    console.log("\n### real history: skipped (set LEAKGUARD_BENCH_REPO=/path/to/clone, or allow `git clone` of LEAKGUARD_BENCH_URL)");
    return;
  }
  const count = spawnSync("git", ["rev-list", "--all", "--count"], { cwd: repo }).stdout.toString().trim();
  const gitleaks = onPath("gitleaks");
  const report = join(WORK, "report-real.json");
  const lg = (threads) => [join(ROOT, "dist", "bin.cjs"), "git", repo, "--format", "json", "--output", report, "--no-progress", ...(threads ? ["--threads", threads] : [])];
  const rows = {
    [`\`leakguard git\`${THREADS ? ` --threads ${THREADS}` : ""}`]: () => timeCommand(process.execPath, lg(THREADS)),
    "`leakguard git --threads 1`": () => timeCommand(process.execPath, lg("1")),
    "`git log -p --all > /dev/null`": () => timeCommand("git", ["log", "-p", "--all"], { cwd: repo }),
    ...(gitleaks ? { "`gitleaks git`": () => timeCommand(gitleaks, ["git", repo, "--no-banner", "--log-level", "error", "--exit-code", "0", "--report-path", join(WORK, "report-gitleaks.json")]) } : {}),
  };
  timeCommand("git", ["log", "-p", "--all"], { cwd: repo }); // warm the page cache
  const runs = Object.fromEntries(Object.keys(rows).map((k) => [k, []]));
  for (let round = 0; round < ROUNDS; round++) for (const [k, run] of Object.entries(rows)) runs[k].push(run());
  const med = (list, key) => [...list].map((r) => r[key]).sort((a, b) => a - b)[Math.floor(list.length / 2)];
  const f = (n) => (n === undefined || Number.isNaN(n) ? "n/a" : n.toFixed(2));
  const [lgKey, lg1Key, logKey, glKey] = Object.keys(rows);
  console.log(`\n### leakguard git on a real history\n`);
  console.log(`repository: ${repo.split("/").slice(-1)[0]}, ${count} commits; ${availableParallelism()} cores; median of ${ROUNDS} interleaved rounds; load average before: ${(loadavg()[0]).toFixed(2)}\n`);
  console.log("| command | wall (s) | CPU (s) | peak RSS (MB) |");
  console.log("|---|---:|---:|---:|");
  for (const k of Object.keys(rows)) console.log(`| ${k} | ${f(med(runs[k], "wall"))} | ${f(med(runs[k], "cpu"))} | ${f(Math.max(...runs[k].map((r) => r.rssMb ?? 0)))} |`);
  const ratio = (a, b, key) => f(med(runs[a], key) / med(runs[b], key));
  console.log(`\nleakguard / git log -p: **${ratio(lgKey, logKey, "wall")}x** wall, ${ratio(lgKey, logKey, "cpu")}x CPU (target <= 1.0x wall)`);
  if (glKey) console.log(`gitleaks / leakguard: **${ratio(glKey, lgKey, "wall")}x** wall, ${ratio(glKey, lgKey, "cpu")}x CPU (target >= 3x)`);
  else console.log("gitleaks: not on PATH, no peer row");
  console.log(`--threads 1 / default: ${ratio(lg1Key, lgKey, "wall")}x wall`);
  const summary = runs[lgKey].at(-1)?.summary;
  if (summary) console.log(`\n${summary}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
