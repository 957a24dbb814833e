// The CLI's and the hook's V8 code caches (src/bundle-loader.ts), as their tests see them.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "vitest";
import type { RunResult } from "./cli.js";
import { tmpDir } from "./tmp.js";

export interface StableRun {
  code: number;
  text: string;
}

/** A run's exit code and output, the summary's duration (the one part that differs between runs) blanked. */
export function stable(r: RunResult): StableRun {
  return { code: r.code, text: (r.stdout + r.stderr).replace(/ in [\d.]+s;/, " in <t>;") };
}

/** The cache files under `cacheHome` whose names start with `prefix` ("hook-", "cli-"). */
export function codeCaches(cacheHome: string, prefix: string): string[] {
  try {
    return readdirSync(join(cacheHome, "leakguard"))
      .filter((f) => f.startsWith(prefix))
      .map((f) => join(cacheHome, "leakguard", f));
  } catch {
    return [];
  }
}

/**
 * After a first `run` (which gave `first`) wrote the one cache of `prefix` under
 * `cacheHome`: a second run keeps it byte for byte; one from another build (same key,
 * other bytes) is rejected by V8 and rewritten; LEAKGUARD_CODE_CACHE=0 reads and writes
 * none. Every run gives `first`'s result.
 */
export async function expectCacheKeptAndRenewed(
  run: (env: NodeJS.ProcessEnv) => Promise<StableRun>,
  first: StableRun,
  cacheHome: string,
  prefix: string,
): Promise<void> {
  const env = { XDG_CACHE_HOME: cacheHome };
  const [cache] = codeCaches(cacheHome, prefix);
  expect(cache).toBeDefined();
  const written = readFileSync(cache);
  expect(written.length).toBeGreaterThan(10_000);

  expect(await run(env)).toEqual(first);
  expect(readFileSync(cache).equals(written)).toBe(true);

  const key = written.subarray(0, written.indexOf(10) + 1);
  writeFileSync(cache, Buffer.concat([key, Buffer.alloc(written.length - key.length, 7)]));
  expect(await run(env)).toEqual(first);
  expect(readFileSync(cache).subarray(key.length, key.length + 64).equals(Buffer.alloc(64, 7))).toBe(false);

  const off = tmpDir();
  expect(await run({ XDG_CACHE_HOME: off, LEAKGUARD_CODE_CACHE: "0" })).toEqual(first);
  expect(codeCaches(off, prefix)).toEqual([]);
}
