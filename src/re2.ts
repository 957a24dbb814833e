// The one way leakguard gets RE2 (every regex from rules and configs runs on it: linear
// time, so no rule can hang a scan). The addon loads on first use, not at start-up: its
// native library takes a pre-commit hook ~6 ms to load, and a commit whose blocks hold no
// rule keyword, percent escape or escaped JSON string runs no regex at all.
import { createRequire } from "node:module";
import type RE2Class from "re2";

export type RE2 = RE2Class;
type RE2Module = typeof RE2Class;
export type RE2Set = InstanceType<RE2Module["Set"]>;

let loaded: RE2Module | undefined;

/** The RE2 class (its static `Set` too), loaded on the first call. */
export function re2(): RE2Module {
  return (loaded ??= createRequire(import.meta.url)("re2") as RE2Module);
}
