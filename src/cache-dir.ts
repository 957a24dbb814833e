// The user's cache folder, where leakguard keeps what it compiled once for later runs:
// V8's code cache of its bundles (bundle-loader.ts) and Hyperscan's keyword database
// (detect/native-keywords.ts). Nothing in it is needed: a missing or read-only folder
// only costs the next run its compile time.
import { homedir } from "node:os";
import { join } from "node:path";

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
