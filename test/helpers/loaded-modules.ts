// What a real CLI run loaded: every ES module URL it resolved (a module.register hook),
// every CommonJS file it required and every Node.js built-in it loaded, recorded by a
// preload script and read back after the child exits.
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";
import { BIN, runProcess, type RunOptions, type RunResult } from "./cli.js";
import { tmpDir } from "./tmp.js";

export interface Loaded extends RunResult {
  /** Resolved ES module URLs. */
  esm: string[];
  /** Required CommonJS files (absolute paths). */
  cjs: string[];
  /** Built-in modules by name ("crypto", "worker_threads"). */
  builtins: string[];
}

const HOOKS = `import { appendFileSync } from "node:fs";
export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  appendFileSync(process.env.LG_LOAD_LOG, "esm " + r.url + "\\n");
  return r;
}`;

const PRELOAD = `import { register, createRequire } from "node:module";
import { appendFileSync } from "node:fs";
register("data:text/javascript," + encodeURIComponent(${JSON.stringify(HOOKS)}));
const cache = createRequire(import.meta.url).cache;
process.on("exit", () => {
  const lines = [...Object.keys(cache).map((f) => "cjs " + f), ...process.moduleLoadList.filter((m) => m.startsWith("NativeModule ")).map((m) => "builtin " + m.slice(13))];
  appendFileSync(process.env.LG_LOAD_LOG, lines.join("\\n") + "\\n");
});`;

/** Runs dist/bin.cjs with `args` and returns its result and what it loaded. */
export async function runCliLoaded(args: string[], opts: RunOptions = {}): Promise<Loaded> {
  const dir = tmpDir("leakguard-loaded-");
  const preload = join(dir, "preload.mjs");
  const log = join(dir, "loaded.log");
  writeFileSync(preload, PRELOAD);
  writeFileSync(log, "");
  const r = await runProcess(process.execPath, ["--import", preload, BIN, ...args], { ...opts, env: { ...opts.env, LG_LOAD_LOG: log } });
  const lines = readFileSync(log, "utf8").split("\n");
  const pick = (kind: string) => lines.filter((l) => l.startsWith(kind + " ")).map((l) => l.slice(kind.length + 1));
  return { ...r, esm: pick("esm"), cjs: pick("cjs"), builtins: pick("builtin") };
}

/**
 * leakguard's own files (under dist/) a run loaded as modules, by their path under dist/,
 * each once. (Node's resolve hooks, which record ES modules, see a CommonJS entry too.)
 */
export function ownModules(l: Loaded): string[] {
  const files = [...l.esm.filter((u) => u.startsWith("file:")).map((u) => fileURLToPath(u)), ...l.cjs];
  return [...new Set(files.filter((f) => /[/\\]dist[/\\]/.test(f)).map((f) => f.replace(/.*[/\\]dist[/\\]/, "")))];
}

/** Whether a package (by name, in node_modules) appears among the loaded files. */
export function loadedPackage(l: Loaded, name: string): boolean {
  const part = `/node_modules/${name}/`;
  return [...l.esm, ...l.cjs].some((f) => f.includes(part));
}

/**
 * A lean start: no ES module (Node.js's ES module loader alone costs ~7 ms), only the small
 * CommonJS entry (the rest is the bundle, read as one script), none of `packages`, and
 * neither crypto nor zlib (fingerprints, checksums and decompression run on candidates only).
 */
export function expectLeanStart(l: Loaded, packages: string[]): void {
  expect(ownModules(l)).toEqual(["bin.cjs"]);
  expect(statSync(BIN).size).toBeLessThan(8 * 1024);
  for (const pkg of packages) expect(loadedPackage(l, pkg), pkg).toBe(false);
  for (const builtin of ["crypto", "zlib"]) expect(l.builtins, builtin).not.toContain(builtin);
}
