// Runs a CommonJS bundle of dist/lib/ (scripts/bundle.mjs: cli.cjs) with V8's code cache,
// so a command skips resolving, linking and compiling ~40 ES modules and yargs: one file,
// its functions read back compiled. Node 20 caches code only for scripts (vm.Script
// cachedData; module.enableCompileCache() for ES modules came in Node 22.1), so a bundle
// is CommonJS run in a module wrapper. The cache lives in the user's cache directory,
// keyed by the bundle's path, size and time, the Node.js version and V8's flags; a stale or
// foreign one is ignored and rewritten after the run, so it holds the functions that ran.
// A bundle run in several ways (the CLI's commands) keeps one cache per way, so the first
// command run (`install`, say) does not decide what every later one finds compiled.
// LEAKGUARD_CODE_CACHE=0 switches it off. The hook (dist/lib/hook.cjs) loads through it too.
// Writing a cache also deletes the caches of bundles that were removed or replaced (an
// upgrade, a project deleted, npx's temporary installs): nothing else would, and they
// piled up to hundreds of megabytes.
import { closeSync, openSync, readFileSync, readSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Script } from "node:vm";
import { compiledCacheEnabled, leakguardCacheDir, pruneCacheFolder, readCacheFile, writeCacheFile } from "./cache-dir.js";

export interface LoadedBundle<T> {
  exports: T;
  /** Writes the code cache if it was missing or stale (call after the run). */
  saveCache(): void;
}

/** bin.cjs sits in dist/, the bundles in dist/lib/. */
function bundlePath(name: string): string {
  return join(dirname(fileURLToPath(import.meta.url)), "lib", `${name}.cjs`);
}

/** FNV-1a: one cache file per installed bundle, without loading node:crypto. */
function shortHash(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, "0");
}

let stamp: string | undefined;

/**
 * V8's version and flag hashes, as it stamps them on cached data (the first 16 bytes of a
 * tiny script's cache). V8 rejects a cache made under other flags (`--max-old-space-size`
 * in NODE_OPTIONS is enough), so each set of flags keeps a file of its own: a user
 * alternating between two (a terminal, an IDE) does not rewrite one on every run.
 */
function v8Stamp(): string {
  // Started without options (the usual case), V8 runs on its defaults: no probe (~2 ms).
  if (!process.execArgv.length && !process.env.NODE_OPTIONS) return "defaults";
  return (stamp ??= new Script("0", { filename: "leakguard-v8-stamp" }).createCachedData().toString("hex", 0, 16));
}

/** Best effort: a cache that cannot be written only costs the next run its compile time. */
function writeCache(path: string, key: string, data: Buffer): void {
  if (writeCacheFile(path, key, data)) pruneCaches(dirname(path), Date.now());
}

/** The names this loader gives its files: `<bundle>-<use>-<hash>.cache`. */
const CACHE_FILE = /^[a-z][a-z0-9-]*-[0-9a-f]{8}\.cache$/;

/**
 * The bundle a cache was made for (path, size, mtime), from its key line:
 * `leakguard-<bundle> <use> <path> <size> <mtime> <node> <arch> <v8 stamp>`.
 */
export function cacheKeyBundle(key: string): { file: string; size: number; mtimeMs: number } | undefined {
  const m = /^leakguard-\S+ \S+ (.+) (\d+) (\d+(?:\.\d+)?) v\S+ \S+ \S+$/.exec(key);
  return m ? { file: m[1], size: Number(m[2]), mtimeMs: Number(m[3]) } : undefined;
}

/** The first line of a file (at most 4 KiB), or undefined when it cannot be read. */
function firstLine(path: string): string | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(path, "r");
    const buf = Buffer.alloc(4096);
    const n = readSync(fd, buf, 0, buf.length, 0);
    const nl = buf.subarray(0, n).indexOf(10);
    return nl >= 0 ? buf.toString("latin1", 0, nl) : undefined;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Deletes, in the cache folder, the caches whose bundle no longer exists or has changed
 * since (its key names it; a cache of a live bundle is never touched, whichever project
 * or version it belongs to), caches in a key format this version cannot read, and
 * temporary files a dead run left. Only this loader's file names are considered.
 */
export function pruneCaches(dir: string, now: number): void {
  pruneCacheFolder(dir, now, CACHE_FILE, (path) => {
    const key = firstLine(path);
    if (key === undefined) return false; // being written, or unreadable: leave it
    const made = cacheKeyBundle(key);
    if (!made) return true; // a key format this version cannot read
    const st = statSync(made.file, { throwIfNoEntry: false });
    return !st || st.size !== made.size || st.mtimeMs !== made.mtimeMs;
  });
}

/** dist/lib/NAME.cjs, run, with the code cache kept for `use`; throws when it cannot be read. */
export function loadBundle<T extends object>(name: string, use: string): LoadedBundle<T> {
  const file = bundlePath(name);
  let source: string;
  let key: string;
  try {
    const st = statSync(file);
    // esbuild writes code as ASCII (charset "ascii" escapes the rest) and only comments
    // may hold UTF-8: latin1 reads the same program several times faster than utf8.
    source = readFileSync(file, "latin1");
    key = `leakguard-${name} ${use} ${file} ${st.size} ${st.mtimeMs} ${process.version} ${process.arch} ${v8Stamp()}`;
  } catch (err) {
    throw new Error(`cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? String(err)}): reinstall leakguard, or run npm run build in a checkout`);
  }
  const useCache = compiledCacheEnabled();
  const cachePath = join(leakguardCacheDir(), `${name}-${use}-${shortHash(`${file} ${v8Stamp()}`)}.cache`);
  const cached = useCache ? readCacheFile(cachePath) : undefined;
  const cachedData = cached?.key === key ? cached.body : undefined;
  const wrapped = `(function (exports, require, module, __filename, __dirname, __lgImportMetaUrl) {${source}\n})`;
  const script = new Script(wrapped, { filename: file, cachedData });
  const fn = script.runInThisContext() as (...args: unknown[]) => void;
  const mod = { exports: {} as T };
  fn(mod.exports, createRequire(file), mod, file, dirname(file), pathToFileURL(file).href);
  const stale = useCache && (!cachedData || script.cachedDataRejected === true);
  return {
    exports: mod.exports,
    saveCache: () => {
      if (stale) writeCache(cachePath, key, script.createCachedData());
    },
  };
}
