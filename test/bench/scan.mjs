// Directory-scan throughput: full rule pack vs the read-only floor, same tree, same run.
// (A small scan's start-up is small-scan.mjs.)
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

