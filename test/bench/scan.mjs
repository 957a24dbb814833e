// Directory-scan throughput: full rule pack vs the read-only floor, same tree, same run.
// Then a small scan's start-up: `leakguard scan` of a one-file directory beside
// `node -e 0` (target: at most 0.2 s wall; worker threads must not start for it).
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { BIN, WORK, fmt, measure, median } from "./lib.mjs";
import { generateTree } from "./gen-tree.mjs";

const dir = join(WORK, "tree");
const t = generateTree(dir, Number(process.env.BENCH_TREE_MB ?? 210));
const mb = t.bytes / 1024 / 1024;
const floorScript = new URL("./read-floor.mjs", import.meta.url).pathname;
measure(process.execPath, [floorScript, dir]); // warm the page cache
const runs = Number(process.env.BENCH_RUNS ?? 3);
const floor = [];
const scan = [];
let rss = 0;
let last;
for (let i = 0; i < runs; i++) {
  floor.push(measure(process.execPath, [floorScript, dir]).seconds);
  last = measure(process.execPath, [BIN, "scan", dir, "--format", "json", "--output", "/dev/null", "--no-default-excludes"]);
  if (last.status !== 0 && last.status !== 1) throw new Error(`leakguard failed: ${last.stderr}`);
  scan.push(last.seconds);
  rss = Math.max(rss, last.rssMB);
}
const floorMBs = mb / median(floor);
const scanMBs = mb / median(scan);
console.log(`\n### leakguard scan (directory), ${t.files} files, ${fmt(mb, 0)} MB, ${runs} runs (median)\n`);
console.log("| what | seconds | MB/s | peak RSS MB |");
console.log("|---|---:|---:|---:|");
console.log(`| read-only floor (walk + read, no detection) | ${fmt(median(floor))} | ${fmt(floorMBs, 0)} | |`);
console.log(`| leakguard scan, full rule pack | ${fmt(median(scan))} | ${fmt(scanMBs, 0)} | ${fmt(rss, 0)} |`);
console.log(`\nscan/floor throughput ratio: ${fmt(scanMBs / floorMBs, 3)} (target >= 0.333); peak RSS ${fmt(rss, 0)} MB (target < 500)`);
console.log(`summary: ${last.stderr.split("\n").find((l) => l.startsWith("leakguard: scanned")) ?? ""}`);

// A one-file directory: what a small scan pays over Node's own start-up.
const small = join(WORK, "one-file");
mkdirSync(small, { recursive: true });
writeFileSync(join(small, "app.js"), "export const answer = 42;\n");
const smallRuns = Math.max(10, Number(process.env.BENCH_SMALL_RUNS ?? 11));
const nodeStart = [];
const smallScan = [];
measure(process.execPath, [BIN, "scan", small]); // warm-up
for (let i = 0; i < smallRuns; i++) {
  nodeStart.push(measure(process.execPath, ["-e", "0"]).seconds);
  const r = measure(process.execPath, [BIN, "scan", small]);
  if (r.status !== 0) throw new Error(`leakguard scan of a one-file directory exited ${r.status}: ${r.stderr}`);
  smallScan.push(r.seconds);
}
const ms = (xs) => median(xs) * 1000;
console.log(`\n### leakguard scan of a one-file directory, ${smallRuns} runs (median)\n`);
console.log("| what | ms |");
console.log("|---|---:|");
console.log(`| node -e 0 | ${fmt(ms(nodeStart), 0)} |`);
console.log(`| leakguard scan (one-file directory) | ${fmt(ms(smallScan), 0)} |`);
console.log(`\none-file scan: ${fmt(ms(smallScan), 0)} ms wall (target <= 200), +${fmt(ms(smallScan) - ms(nodeStart), 0)} ms over node -e 0, ${fmt(median(smallScan) / median(nodeStart), 2)}x`);
