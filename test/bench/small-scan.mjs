// A small scan's start-up: `leakguard scan` of a one-file directory beside `node -e 0`
// (target: at most 0.2 s wall; worker threads must not start for it), interleaved so
// drift hits every row alike. Rows: with V8's code cache (the normal run; the warm-up
// writes it) and without it (LEAKGUARD_CODE_CACHE=0), so the cache's share shows.
// Wall is spawn to exit; CPU is the child's user + system time (10 ms steps, from
// /usr/bin/time), which a busy machine skews less.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { BIN, WORK, fmt, measure, median } from "./lib.mjs";

const dir = join(WORK, "one-file");
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, "app.js"), "export const answer = 42;\n");
const runs = Math.max(10, Number(process.env.BENCH_SMALL_RUNS ?? 15));
// Its own cache directory: the warm-up run writes the cache the measured runs read.
const env = { ...process.env, XDG_CACHE_HOME: join(WORK, "small-scan-cache") };
const rows = {
  node: { label: "node -e 0", cmd: ["-e", "0"], env },
  scan: { label: "leakguard scan (one-file directory)", cmd: [BIN, "scan", dir], env },
  noCache: { label: "leakguard scan, no code cache (LEAKGUARD_CODE_CACHE=0)", cmd: [BIN, "scan", dir], env: { ...env, LEAKGUARD_CODE_CACHE: "0" } },
};
const timed = (row) => {
  const r = measure(process.execPath, row.cmd, { env: row.env });
  if (r.status !== 0) throw new Error(`${row.label} exited ${r.status}: ${r.stderr}`);
  return { ms: r.seconds * 1000, cpu: r.cpuSeconds * 1000 };
};
for (const row of Object.values(rows)) timed(row); // warm-up: page cache, code cache
const samples = Object.fromEntries(Object.keys(rows).map((k) => [k, { ms: [], cpu: [] }]));
for (let i = 0; i < runs; i++) {
  for (const [k, row] of Object.entries(rows)) {
    const t = timed(row);
    samples[k].ms.push(t.ms);
    samples[k].cpu.push(t.cpu);
  }
}
const wall = (k) => median(samples[k].ms);
const cpu = (k) => median(samples[k].cpu);
console.log(`\n### leakguard scan of a one-file directory, ${runs} runs (median)\n`);
console.log("| what | wall ms | CPU ms |");
console.log("|---|---:|---:|");
for (const [k, row] of Object.entries(rows)) console.log(`| ${row.label} | ${fmt(wall(k), 0)} | ${fmt(cpu(k), 0)} |`);
console.log(
  `\none-file scan: ${fmt(wall("scan"), 0)} ms wall (target <= 200), +${fmt(wall("scan") - wall("node"), 0)} ms over node -e 0, ${fmt(wall("scan") / wall("node"), 2)}x; ` +
    `CPU +${fmt(cpu("scan") - cpu("node"), 0)} ms; without the code cache +${fmt(wall("noCache") - wall("node"), 0)} ms wall`,
);
