// The optional native addon (src/detect/native/): the keyword matcher on Hyperscan, and the
// line hashing of history scans. It is built when libhyperscan-dev is installed; without
// it, or with LEAKGUARD_NATIVE=0, the keyword pass runs on an RE2.Set and the lines are
// hashed in JavaScript, with exactly the same results, only slower.
import { createRequire } from "node:module";

export interface NativeKeywordLib {
  /** Compiles case-insensitive ASCII literals; throws on anything else. */
  create(keywords: string[]): object;
  /** Ids of the keywords occurring in data[start, end). */
  match(matcher: object, data: Buffer, start: number, end: number): number[];
  /** 0-based indexes of the lines of `newer` whose content `older` holds fewer copies of. */
  freshLines(older: Buffer, newer: Buffer): Uint32Array;
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
