#!/usr/bin/env node
// Pre-commit guard benchmark: a repository with 10,000 files (built once in test/bench/.work/),
// a staged change of 10 files / 500 added lines, and in the same run the median wall time
// of `node dist/bin.cjs staged` (as the hook runs it) beside its floor:
// `git diff --cached` and `node -e 0`. Target: leakguard staged - node -e 0 <= 40 ms.
// Rows: with V8's code cache (the normal run; the first run writes it) and without it
// (LEAKGUARD_CODE_CACHE=0), so the cache's share shows in the same run.
// Usage: node bench/staged.mjs [--runs N] [--rebuild]
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { BIN, WORK, fmt, measure, median, rng } from "./lib.mjs";

const args = process.argv.slice(2);
const runs = Number(args[args.indexOf("--runs") + 1]) || 15;
const REPO = join(WORK, "staged-10k");
const FILES = 10_000;
const CHANGED = 10;
const ADDED_PER_FILE = 50;

const rand = rng(0x57a6ed);
const WORDS = "const let value return function config server client request response buffer stream parse encode decode handler result error index count items user name path file data cache retry timeout limit offset".split(" ");
function codeLine() {
  const n = 4 + Math.floor(rand() * 8);
  let s = "  ".repeat(Math.floor(rand() * 3));
  for (let i = 0; i < n; i++) s += WORDS[Math.floor(rand() * WORDS.length)] + (i % 3 === 2 ? `(${Math.floor(rand() * 1000)}) ` : " ");
  return s + ";";
}
function fileBody(lines) {
  return Array.from({ length: lines }, codeLine).join("\n") + "\n";
}

function git(...a) {
  const r = spawnSync("git", a, { cwd: REPO, encoding: "utf8", maxBuffer: 1 << 30, env: { ...process.env, GIT_CONFIG_NOSYSTEM: "1" } });
  if (r.status !== 0) throw new Error(`git ${a.join(" ")}: ${r.stderr}`);
  return r.stdout;
}

function pathOf(i) {
  return `src/mod${String(i % 100).padStart(2, "0")}/file${i}.ts`;
}

function build() {
  rmSync(REPO, { recursive: true, force: true });
  mkdirSync(REPO, { recursive: true });
  git("init", "-q", "-b", "main");
  git("config", "user.name", "Bench");
  git("config", "user.email", "bench@example.com");
  git("config", "commit.gpgsign", "false");
  for (let i = 0; i < FILES; i++) {
    const p = join(REPO, pathOf(i));
    mkdirSync(join(p, ".."), { recursive: true });
    writeFileSync(p, fileBody(30 + Math.floor(rand() * 40)));
  }
  git("add", "-A");
  git("commit", "-q", "--no-verify", "-m", "10k files");
  writeFileSync(join(REPO, ".git", "leakguard-bench-built"), "ok\n");
}

// Never let a git command here fall through to an enclosing repository.
if (args.includes("--rebuild") || !existsSync(join(REPO, ".git", "leakguard-bench-built"))) build();
// The staged change: 10 files, 50 lines added to each (in two places), nothing found.
git("reset", "-q", "--hard");
for (let k = 0; k < CHANGED; k++) {
  const p = join(REPO, pathOf(k * 997));
  const head = git("show", `HEAD:${pathOf(k * 997)}`).split("\n");
  const half = ADDED_PER_FILE / 2;
  const added = [...fileBody(half).trimEnd().split("\n"), ...head.slice(0, 10), ...fileBody(half).trimEnd().split("\n"), ...head.slice(10)];
  writeFileSync(p, added.join("\n"));
}
git("add", "-A");
const stat = git("diff", "--cached", "--shortstat").trim();

const opts = { cwd: REPO };
const sample = { leakguard: [], noCache: [], version: [], gitDiff: [], node: [] };
const noCacheOpts = { ...opts, env: { ...process.env, LEAKGUARD_CODE_CACHE: "0" } };
let last;
// Warm-up (page cache, git index), then interleaved runs so drift hits all rows alike.
measure(process.execPath, [BIN, "staged"], opts);
for (let i = 0; i < runs; i++) {
  sample.node.push(measure(process.execPath, ["-e", "0"], opts).seconds);
  sample.gitDiff.push(measure("git", ["diff", "--cached"], opts).seconds);
  last = measure(process.execPath, [BIN, "staged"], opts);
  if (last.status !== 0) throw new Error(`leakguard staged exited ${last.status}: ${last.stderr}`);
  sample.leakguard.push(last.seconds);
  sample.noCache.push(measure(process.execPath, [BIN, "staged"], noCacheOpts).seconds);
  sample.version.push(measure(process.execPath, [BIN, "--version"], opts).seconds);
}
const ms = (xs) => median(xs) * 1000;
const overNode = ms(sample.leakguard) - ms(sample.node);
console.log(`\n### leakguard staged (pre-commit), ${FILES} files in the repo, staged: ${stat}, ${runs} runs (median)\n`);
console.log("| what | ms |");
console.log("|---|---:|");
console.log(`| node -e 0 | ${fmt(ms(sample.node), 0)} |`);
console.log(`| git diff --cached | ${fmt(ms(sample.gitDiff), 0)} |`);
console.log(`| leakguard --version (CLI start-up: yargs + every command module) | ${fmt(ms(sample.version), 0)} |`);
console.log(`| leakguard staged, no code cache (LEAKGUARD_CODE_CACHE=0) | ${fmt(ms(sample.noCache), 0)} |`);
console.log(`| leakguard staged | ${fmt(ms(sample.leakguard), 0)} |`);
console.log(`\nleakguard staged over node -e 0: +${fmt(overNode, 0)} ms (target <= 40), ${fmt(ms(sample.leakguard) / ms(sample.node), 2)}x node -e 0; without the code cache +${fmt(ms(sample.noCache) - ms(sample.node), 0)} ms`);
console.log(`summary: ${last.stderr.split("\n").filter((l) => l.startsWith("leakguard:")).pop() ?? ""}`);
