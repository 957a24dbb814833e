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
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Script } from "node:vm";

export interface LoadedBundle<T> {
  exports: T;
  /** Writes the code cache if it was missing or stale (call after the run). */
  saveCache(): void;
}

/** bin.cjs sits in dist/, the bundles in dist/lib/. */
function bundlePath(name: string): string {
  return join(dirname(fileURLToPath(import.meta.url)), "lib", `${name}.cjs`);
}

function userCacheDir(): string {
  const env = process.env;
  if (env.XDG_CACHE_HOME) return env.XDG_CACHE_HOME;
  if (process.platform === "win32" && env.LOCALAPPDATA) return env.LOCALAPPDATA;
  if (process.platform === "darwin") return join(homedir(), "Library", "Caches");
  return join(homedir(), ".cache");
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

function readCache(path: string, key: string): Buffer | undefined {
  try {
    const buf = readFileSync(path);
    const nl = buf.indexOf(10);
    return nl > 0 && buf.toString("latin1", 0, nl) === key ? buf.subarray(nl + 1) : undefined;
  } catch {
    return undefined;
  }
}

/** Best effort: a read-only or missing home only costs the next run its compile time. */
function writeCache(path: string, key: string, data: Buffer): void {
  try {
    mkdirSync(dirname(path), { recursive: true });
    const tmp = `${path}.${process.pid}.tmp`;
    writeFileSync(tmp, Buffer.concat([Buffer.from(`${key}\n`, "latin1"), data]));
    renameSync(tmp, path);
  } catch {
    // no cache then
  }
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
  const useCache = process.env.LEAKGUARD_CODE_CACHE !== "0";
  const cachePath = join(userCacheDir(), "leakguard", `${name}-${use}-${shortHash(`${file} ${v8Stamp()}`)}.cache`);
  const cachedData = useCache ? readCache(cachePath, key) : undefined;
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
