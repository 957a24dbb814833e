// Structure of RE2 regex sources (groups, alternation), shared by rule validation and the
// detector.

/**
 * Calls `visit` for each syntax character outside escapes and character classes, with
 * its index and the group depth before it.
 */
function forEachSyntax(source: string, visit: (c: string, i: number, depth: number) => void): void {
  let inClass = false;
  let depth = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === "\\") {
      i++;
      continue;
    }
    if (inClass) {
      if (c === "]") inClass = false;
      continue;
    }
    if (c === "[") {
      inClass = true;
      if (source[i + 1] === "]") i++;
      continue;
    }
    visit(c, i, depth);
    if (c === "(") depth++;
    else if (c === ")") depth--;
  }
}

/** Counts capturing groups (RE2 syntax: `(` not followed by `?`, except `(?P<name>`). */
export function countGroups(source: string): number {
  let n = 0;
  forEachSyntax(source, (c, i) => {
    if (c !== "(") return;
    if (source[i + 1] !== "?") n++;
    else if (source[i + 2] === "P" && source[i + 3] === "<") n++;
    else if (source[i + 2] === "<" && source[i + 3] !== "=" && source[i + 3] !== "!") n++;
  });
  return n;
}

/** 1-based index of the `(?P<key>...)` group, if the regex has one. */
export function keyGroupOf(source: string): number | undefined {
  const pos = source.search(/\(\?P?<key>/);
  return pos < 0 ? undefined : countGroups(source.slice(0, pos)) + 1;
}

/** Whether `a|b` splits the whole regex (then a leading anchor binds only the first branch). */
export function hasTopLevelAlternation(source: string): boolean {
  let found = false;
  forEachSyntax(source, (c, _i, depth) => {
    if (c === "|" && depth === 0) found = true;
  });
  return found;
}
