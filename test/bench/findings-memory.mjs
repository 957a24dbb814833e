// Peak memory with about a million findings (issue #12 item 11): ~32 MB of
// `DB_PASSWORD="<random>"` lines, each a distinct secret, in files small enough that no
// rule reaches its per-file match budget, so every finding is reported. Each report
// format is written to a file; the target is a peak RSS under 500 MB.
// BENCH_FINDINGS (default 1000000), BENCH_FORMATS (default json,sarif), LEAKGUARD_BIN.
import { mkdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { BIN, WORK, fmt, measure, rng } from "./lib.mjs";

const total = Number(process.env.BENCH_FINDINGS ?? 1_000_000);
const formats = (process.env.BENCH_FORMATS ?? "json,sarif").split(",");
const bin = process.env.LEAKGUARD_BIN ?? BIN;
/** Lines per file: under the generic rule's per-file match budget. */
const PER_FILE = 15_000;
const ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

const dir = join(WORK, "findings");
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
const r = rng(12);
let bytes = 0;
for (let done = 0, n = 0; done < total; n++) {
  const lines = [];
  for (let i = 0; i < PER_FILE && done < total; i++, done++) {
    let v = "";
    for (let k = 0; k < 16; k++) v += ALPHABET[Math.floor(r() * ALPHABET.length)];
    lines.push(`DB_PASSWORD="${v}"`);
  }
  const text = lines.join("\n") + "\n";
  bytes += text.length;
  writeFileSync(join(dir, `creds_${String(n).padStart(3, "0")}.env`), text);
}

console.log(`\n### Peak memory with ${total} findings (${fmt(bytes / 1024 / 1024, 1)} MB of DB_PASSWORD lines)\n`);
console.log("| format | seconds | findings reported | report MB | peak RSS MB |");
console.log("|---|---:|---:|---:|---:|");
let over = 0;
for (const format of formats) {
  const out = join(WORK, `findings-report.${format}`);
  const m = measure(process.execPath, [bin, "scan", dir, "--format", format, "--output", out]);
  if (m.status !== 1) throw new Error(`leakguard exited ${m.status}: ${m.stderr.slice(-2000)}`);
  const reported = /(\d+) findings?/.exec(m.stderr.split("\n").find((l) => l.startsWith("leakguard: scanned")) ?? "")?.[1] ?? "?";
  console.log(`| ${format} | ${fmt(m.seconds, 1)} | ${reported} | ${fmt(statSync(out).size / 1024 / 1024, 0)} | ${fmt(m.rssMB, 0)} |`);
  if (m.rssMB >= 500) over++;
  rmSync(out, { force: true });
}
console.log(`\ntarget: peak RSS < 500 MB for every format${over ? ` (${over} over)` : ""}`);
