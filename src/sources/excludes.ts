// The same path exclusions a directory scan applies (built-in dependency/lock-file list,
// the config's scan.exclude / scan.include / scan.defaultExcludes), for sources that get
// paths from git instead of walking the tree. Lock files and vendored trees are where
// false alarms come from, and a false alarm in a hook teaches `--no-verify`.
import ignore from "ignore";
import type { ScanSettings } from "../config/settings.js";
import type { SourceContext } from "../engine/source.js";
import { excludePatterns } from "./default-excludes.js";

export type PathExcluder = (path: string) => boolean;

/**
 * The three gitignore shapes every default pattern has, lower-cased: `**\/a/b/**`
 * (anything inside directories a/b), `**\/name` (a file or directory so named, and all
 * inside it) and `**\/*suffix` (likewise, any name ending so).
 */
type Shape = { inside: string[] } | { name: string } | { suffix: string };

/** A path segment with no gitignore syntax in it (braces are literal in gitignore). */
const PLAIN = "[\\w.,{}@+~-]+";
const INSIDE = new RegExp(`^\\*\\*/((?:${PLAIN}/)*${PLAIN})/\\*\\*$`);
const NAME = new RegExp(`^\\*\\*/(${PLAIN})$`);
const SUFFIX = new RegExp(`^\\*\\*/\\*(${PLAIN})$`);

function shapeOf(pattern: string): Shape | undefined {
  const p = pattern.toLowerCase();
  let m: RegExpExecArray | null;
  if ((m = INSIDE.exec(p))) return { inside: m[1].split("/") };
  if ((m = NAME.exec(p))) return { name: m[1] };
  if ((m = SUFFIX.exec(p))) return { suffix: m[1] };
  return undefined;
}

/** What `ignore` refuses (it throws): absolute paths, `.`, `..`, `./x`, `../x`. */
function notRelative(path: string): boolean {
  return path === "" || path.startsWith("/") || path === "." || path === ".." || path.startsWith("./") || path.startsWith("../");
}

function shapeMatches(s: Shape, parts: string[]): boolean {
  if ("name" in s) return parts.includes(s.name);
  if ("suffix" in s) return parts.some((p) => p.endsWith(s.suffix));
  // Directories only: something must be inside them.
  const seq = s.inside;
  for (let i = 0; i + seq.length < parts.length; i++) if (seq.every((d, k) => parts[i + k] === d)) return true;
  return false;
}

export function pathExcluder(scan: ScanSettings): PathExcluder {
  const patterns = excludePatterns(scan);
  // The defaults (and most configs) need no gitignore engine: `ignore` compiles a regex per
  // pattern and tests every parent directory, ~10 ms for a commit's first paths.
  const shapes = patterns.map(shapeOf);
  if (shapes.every((s) => s !== undefined)) {
    return (path) => {
      if (notRelative(path)) return false;
      const parts = path.toLowerCase().split("/");
      return shapes.some((s) => shapeMatches(s, parts));
    };
  }
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

/**
 * True when a path is to be skipped: excluded by the scan settings (counted as "excluded
 * by path", once per distinct `id`: history passes the blob id, so a blob at many paths
 * or in many commits counts once) or rejected by the engine (which counts it).
 */
export function pathSkipper(ctx: SourceContext): (path: string, id?: string) => boolean {
  const excluded = pathExcluder(ctx.scan);
  const counted = new Set<string>();
  return (path, id = path) => {
    if (excluded(path)) {
      if (!counted.has(id)) {
        counted.add(id);
        ctx.stats.skippedOther++;
      }
      return true;
    }
    return ctx.skip(path);
  };
}
