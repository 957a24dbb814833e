// The user's cache folder, where leakguard keeps what it compiled once for later runs:
// V8's code cache of its bundles (bundle-loader.ts) and Hyperscan's keyword database
// (detect/native-keywords.ts). Nothing in it is needed: a missing or read-only folder
// only costs the next run its compile time.
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";

/** $XDG_CACHE_HOME, else the platform's cache folder. */
export function userCacheDir(): string {
  const env = process.env;
  if (env.XDG_CACHE_HOME) return env.XDG_CACHE_HOME;
  if (process.platform === "win32" && env.LOCALAPPDATA) return env.LOCALAPPDATA;
  if (process.platform === "darwin") return join(homedir(), "Library", "Caches");
  return join(homedir(), ".cache");
}

/** leakguard's own folder in it. */
export function leakguardCacheDir(): string {
  return join(userCacheDir(), "leakguard");
}

/** LEAKGUARD_CODE_CACHE=0 switches every compiled-code cache off. */
export function compiledCacheEnabled(): boolean {
  return process.env.LEAKGUARD_CODE_CACHE !== "0";
}

/** A cache file's first line (its key) and the bytes after it; undefined when it is missing or unreadable. */
export function readCacheFile(path: string): { key: string; body: Buffer } | undefined {
  try {
    const file = readFileSync(path);
    const nl = file.indexOf(10);
    return nl < 0 ? undefined : { key: file.toString("latin1", 0, nl), body: file.subarray(nl + 1) };
  } catch {
    return undefined;
  }
}

/**
 * Writes a cache file (the key line, then the body) whole or not at all: into a temporary
 * file of this writer's own (worker threads share a pid), then renamed. False when it
 * could not (a read-only home only costs the next run its compile time).
 */
export function writeCacheFile(path: string, key: string, body: Buffer): boolean {
  try {
    mkdirSync(dirname(path), { recursive: true });
    const tmp = `${path}.${process.pid}-${Math.random().toString(36).slice(2, 10)}.tmp`;
    writeFileSync(tmp, Buffer.concat([Buffer.from(`${key}\n`, "latin1"), body]));
    renameSync(tmp, path);
    return true;
  } catch {
    return false;
  }
}

/** A temporary file older than this was left by a run that died while writing it. */
const DEAD_TEMP_MS = 60 * 60 * 1000;

/** The name a writer's temporary file (see writeCacheFile) was to get; undefined for any other name. */
function tempTarget(name: string): string | undefined {
  return /^(.+)\.\d+-[0-9a-z]+\.tmp$/.exec(name)?.[1];
}

/**
 * Deletes, in a cache folder, the files named like `ours` that `stale` condemns, and the
 * temporary files of such names that a dead writer left (older than an hour). Other
 * names are never touched; a file another run removes first is skipped.
 */
export function pruneCacheFolder(dir: string, now: number, ours: RegExp, stale: (path: string, mtimeMs: number) => boolean): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const target = tempTarget(name);
    if (!ours.test(target ?? name)) continue;
    const path = join(dir, name);
    try {
      const mtimeMs = statSync(path).mtimeMs;
      if (target !== undefined ? now - mtimeMs > DEAD_TEMP_MS : stale(path, mtimeMs)) unlinkSync(path);
    } catch {
      // removed meanwhile by another run, or not ours to remove
    }
  }
}
