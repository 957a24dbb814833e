// Peak memory with about a million findings (issue #12 item 11): ~30 MB of
// `DB_PASSWORD="<random>"` lines, each a distinct secret, in files small enough that no
// rule reaches its per-file match budget, so every finding is reported. Two layouts of
// the same lines: 1,000 lines a file (the scan's findings dominate) and 15,000 (a 64-file
// batch holds ~1M detector candidates: worker tasks must hand them back in parts). Each
// report format is written to a file, with the default threads and with `--threads 1`;
// the target is a peak RSS under 500 MB for every run.
// BENCH_FINDINGS (default 1000000), BENCH_LINES (default 1000,15000), BENCH_FORMATS
// (default json,sarif), BENCH_THREADS (default "default,1"), LEAKGUARD_BIN.
import { mkdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { BIN, WORK, fmt, measure, rng } from "./lib.mjs";

const total = Number(process.env.BENCH_FINDINGS ?? 1_000_000);
const formats = (process.env.BENCH_FORMATS ?? "json,sarif").split(",");
const layouts = (process.env.BENCH_LINES ?? "1000,15000").split(",").map(Number);
const threadCounts = (process.env.BENCH_THREADS ?? "default,1").split(",");
const bin = process.env.LEAKGUARD_BIN ?? BIN;
const ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

/** Writes `total` lines, `perFile` a file (under the generic rule's per-file match budget). */
function generate(dir, perFile) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const r = rng(12);
  let bytes = 0;
  for (let done = 0, n = 0; done < total; n++) {
    const lines = [];
    for (let i = 0; i < perFile && done < total; i++, done++) {
      let v = "";
      for (let k = 0; k < 16; k++) v += ALPHABET[Math.floor(r() * ALPHABET.length)];
      lines.push(`DB_PASSWORD="${v}"`);
    }
    const text = lines.join("\n") + "\n";
    bytes += text.length;
    writeFileSync(join(dir, `creds_${String(n).padStart(4, "0")}.env`), text);
  }
  return bytes;
}

console.log(`\n### Peak memory with ${total} findings (DB_PASSWORD lines, one distinct secret each)\n`);
console.log("| lines a file | format | threads | MB scanned | seconds | findings reported | report MB | peak RSS MB |");
console.log("|---:|---|---|---:|---:|---:|---:|---:|");
let over = 0;
for (const perFile of layouts) {
  const dir = join(WORK, "findings");
  const bytes = generate(dir, perFile);
  for (const format of formats) for (const threads of threadCounts) {
    const out = join(WORK, `findings-report.${format}`);
    const threadArgs = threads === "default" ? [] : ["--threads", threads];
    const m = measure(process.execPath, [bin, "scan", dir, "--format", format, "--output", out, ...threadArgs]);
    if (m.status !== 1) throw new Error(`leakguard exited ${m.status}: ${m.stderr.slice(-2000)}`);
    const reported = /(\d+) findings?/.exec(m.stderr.split("\n").find((l) => l.startsWith("leakguard: scanned")) ?? "")?.[1] ?? "?";
    console.log(`| ${perFile} | ${format} | ${threads} | ${fmt(bytes / 1024 / 1024, 1)} | ${fmt(m.seconds, 1)} | ${reported} | ${fmt(statSync(out).size / 1024 / 1024, 0)} | ${fmt(m.rssMB, 0)} |`);
    if (m.rssMB >= 500) over++;
    rmSync(out, { force: true });
  }
}
console.log(`\ntarget: peak RSS < 500 MB${over ? ` (${over} run(s) over)` : " (met)"}`);
