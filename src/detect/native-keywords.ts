// The optional native addon (src/detect/native/): the keyword matcher on Hyperscan, and for
// history scans the line hashing and the reading of git's patch lines. It is built when
// libhyperscan-dev is installed; without it, or with LEAKGUARD_NATIVE=0, the keyword pass
// runs on an RE2.Set and the lines are hashed and read in JavaScript, with exactly the
// same results, only slower.
import { createHash } from "node:crypto";
import { statSync, utimesSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { compiledCacheEnabled, leakguardCacheDir, pruneCacheFolder, readCacheFile, writeCacheFile } from "../cache-dir.js";

export interface NativeKeywordLib {
  /** Compiles case-insensitive ASCII literals; throws on anything else. */
  create(keywords: string[]): object;
  /** Ids of the keywords occurring in data[start, end). */
  match(matcher: object, data: Buffer, start: number, end: number): number[];
  /** 0-based indexes of the lines of `newer` whose content `older` holds fewer copies of. */
  freshLines(older: Buffer, newer: Buffer): Uint32Array;
  /** The lines inside the hunks of `git diff-tree -p -U0` output (see HunkLines in git/diff-tree.ts). */
  hunkLines(data: Buffer, pos: number, final: boolean, state: Int32Array, plus: Buffer, minus: Buffer, plusLines: Int32Array): number;
  /** The compiled keywords as bytes, for load() in a later run. */
  serialize(matcher: object): Buffer;
  /** A matcher from serialize()'s bytes; throws when this Hyperscan or this CPU cannot take them. */
  load(bytes: Buffer, count: number): object;
}

let lib: NativeKeywordLib | null | undefined;

/** The compiled addon, or null when it was not built or is switched off. */
export function nativeKeywordLib(): NativeKeywordLib | null {
  if (lib === undefined) {
    lib = null;
    if (process.env.LEAKGUARD_NATIVE !== "0") {
      const require = createRequire(import.meta.url);
      // dist/ holds a copy; running from src/ (the tests) finds node-gyp's output.
      for (const file of ["./native/keywords.node", "./native/build/Release/keywords.node"]) {
        try {
          lib = require(file) as NativeKeywordLib;
          break;
        } catch {
          // Not built here (no libhyperscan-dev), or its library is missing at run time.
        }
      }
    }
  }
  return lib;
}

/** A cached database unused (not loaded) for this long is deleted when another is written. */
const UNUSED_MAX_AGE_MS = 30 * 24 * 60 * 60 * 1000;
/** A load refreshes its file's time at most this often (the age above is measured from it). */
const TOUCH_AFTER_MS = 24 * 60 * 60 * 1000;
const DB_FILE = /^keywords-[0-9a-f]{16}\.hsdb$/;

/**
 * A Hyperscan matcher for these keywords, read from the cache folder when an earlier run
 * compiled the same list (about a millisecond), else compiled (60-75 ms for the 1,352
 * built-in keywords, in every thread of every scan) and written there. The file starts
 * with the list's SHA-256 and length and the bytes' SHA-256, so another list's database
 * or a damaged one is never used; one that this Hyperscan or CPU refuses is compiled
 * again and replaced. Throws what `create` throws. LEAKGUARD_CODE_CACHE=0 switches the
 * file off.
 */
export function cachedKeywordMatcher(lib: NativeKeywordLib, keywords: string[], dir = leakguardCacheDir(), now = Date.now()): object {
  if (!compiledCacheEnabled()) return lib.create(keywords);
  const sha256 = (data: string | Buffer) => createHash("sha256").update(data).digest("hex");
  const digest = sha256(keywords.join("\n"));
  // The list it was compiled from, then (appended) the digest of the bytes: a damaged file is never loaded.
  const key = `leakguard-keywords ${digest} ${keywords.length} `;
  const path = join(dir, `keywords-${digest.slice(0, 16)}.hsdb`);
  const file = readCacheFile(path);
  if (file && file.key === key + sha256(file.body)) {
    try {
      const matcher = lib.load(file.body, keywords.length);
      if (now - statSync(path).mtimeMs > TOUCH_AFTER_MS) utimesSync(path, now / 1000, now / 1000);
      return matcher;
    } catch {
      // refused by this Hyperscan or CPU: compiled below
    }
  }
  const matcher = lib.create(keywords);
  try {
    const bytes = lib.serialize(matcher);
    if (writeCacheFile(path, key + sha256(bytes), bytes)) pruneCacheFolder(dir, now, DB_FILE, (_, mtimeMs) => now - mtimeMs > UNUSED_MAX_AGE_MS);
  } catch {
    // not kept: compiled again next time
  }
  return matcher;
}
