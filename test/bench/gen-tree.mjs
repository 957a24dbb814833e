// Builds the scan benchmark's tree from real source text found on the machine (this
// project's node_modules, Python's standard library, C headers, Perl modules), copied
// until the target size, plus a few planted fake secrets. Real code has the keyword
// density, line lengths and encoded blobs that synthetic text gets wrong.
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { ROOT, rng } from "./lib.mjs";

const SOURCES = [join(ROOT, "node_modules"), "/usr/lib/python3.11", "/usr/lib/python3", "/usr/include", "/usr/share/perl", "/usr/share/perl5"];
const TEXT_EXT = /\.(?:[cm]?js|ts|json|md|py|h|hh|hpp|c|cc|cpp|pm|pl|txt|ya?ml|toml|rb|go|rs|sh|html|css|xml|ini|cfg|rst)$/i;

function* walk(dir) {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory() && e.name !== "bench" && e.name !== ".work") yield* walk(p);
    else if (e.isFile() && TEXT_EXT.test(e.name)) yield p;
  }
}

function plant(r) {
  const hex = (n) => Array.from({ length: n }, () => "0123456789abcdef"[Math.floor(r() * 16)]).join("");
  return `# deployment settings\nDB_PASSWORD=Qx${hex(6)}!Lm${hex(4)}\nSERVICE_URL=postgres://svc:Vq${hex(8)}@db.internal:5432/app\n`;
}

/** Writes >= targetMB of real text under dir; returns { files, bytes }. Cached by a marker. */
export function generateTree(dir, targetMB = 210, seed = 42) {
  const marker = join(dir, ".generated.json");
  if (existsSync(marker)) {
    const m = JSON.parse(readFileSync(marker, "utf8"));
    if (m.targetMB === targetMB && m.seed === seed) return m;
  }
  rmSync(dir, { recursive: true, force: true });
  const r = rng(seed);
  const target = targetMB * 1024 * 1024;
  let bytes = 0;
  let files = 0;
  for (let round = 0; bytes < target && round < 10; round++) {
    for (const src of SOURCES.filter(existsSync)) {
      for (const p of walk(src)) {
        const size = statSync(p).size;
        if (size > 10 * 1024 * 1024) continue;
        const dest = join(dir, `copy${round}`, src.replace(/^\//, "").replace(/[/]/g, "_"), relative(src, p));
        mkdirSync(dirname(dest), { recursive: true });
        copyFileSync(p, dest);
        bytes += size;
        files++;
        if (files % 500 === 0) {
          writeFileSync(join(dirname(dest), `settings${files}.env`), plant(r));
          files++;
        }
        if (bytes >= target) break;
      }
      if (bytes >= target) break;
    }
  }
  const m = { targetMB, seed, files, bytes };
  writeFileSync(marker, JSON.stringify(m));
  return m;
}
