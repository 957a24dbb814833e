// The same path exclusions a directory scan applies (built-in dependency/lock-file list,
// the config's scan.exclude / scan.include / scan.defaultExcludes), for sources that get
// paths from git instead of walking the tree. Lock files and vendored trees are where
// false alarms come from, and a false alarm in a hook teaches `--no-verify`.
import ignore from "ignore";
import type { ScanSettings } from "../config/settings.js";
import { excludePatterns } from "./default-excludes.js";

export type PathExcluder = (path: string) => boolean;

export function pathExcluder(scan: ScanSettings): PathExcluder {
  const patterns = excludePatterns(scan);
  // The glob patterns used here (`**/dir/**`, `**/*.ext`, `dir/**`) mean the same in
  // gitignore syntax, which `ignore` matches without a file system walk.
  const ig = ignore().add(patterns);
  return (path) => {
    try {
      return ig.ignores(path);
    } catch {
      // `ignore` rejects some odd relative forms; not excluding is the safe answer.
      return false;
    }
  };
}
