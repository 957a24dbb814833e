// Shared benchmark helpers: timing, peak RSS via /usr/bin/time, markdown output.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const WORK = fileURLToPath(new URL("./.work/", import.meta.url));
export const BIN = fileURLToPath(new URL("../../dist/bin.cjs", import.meta.url));

/**
 * Runs a command; returns wall seconds, peak RSS (MB) and CPU seconds (user + system; both
 * when /usr/bin/time exists), exit code.
 */
export function measure(cmd, args, opts = {}) {
  const useTime = existsSync("/usr/bin/time");
  const t0 = process.hrtime.bigint();
  const r = useTime
    ? spawnSync("/usr/bin/time", ["-f", "__RSS_KB=%M __CPU=%U %S", cmd, ...args], { ...opts, encoding: "utf8", maxBuffer: 1 << 30 })
    : spawnSync(cmd, args, { ...opts, encoding: "utf8", maxBuffer: 1 << 30 });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const m = /__RSS_KB=(\d+) __CPU=([\d.]+) ([\d.]+)/.exec(r.stderr ?? "");
  return {
    seconds,
    rssMB: m ? Number(m[1]) / 1024 : NaN,
    cpuSeconds: m ? Number(m[2]) + Number(m[3]) : NaN,
    status: r.status,
    stdout: r.stdout,
    stderr: r.stderr,
  };
}

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Small deterministic PRNG (mulberry32) so generated corpora are the same every run. */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function fmt(n, d = 2) {
  return Number.isFinite(n) ? n.toFixed(d) : "n/a";
}

export function readJson(path) {
  return JSON.parse(readFileSync(path, "utf8"));
}
