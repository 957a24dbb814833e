// Capture-group arithmetic on RE2 regex sources, shared by rule validation and the detector.

/** Counts capturing groups (RE2 syntax: `(` not followed by `?`, except `(?P<name>`). */
export function countGroups(source: string): number {
  let n = 0;
  let inClass = false;
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
    if (c === "(") {
      if (source[i + 1] !== "?") n++;
      else if (source[i + 2] === "P" && source[i + 3] === "<") n++;
      else if (source[i + 2] === "<" && source[i + 3] !== "=" && source[i + 3] !== "!") n++;
    }
  }
  return n;
}

/** 1-based index of the `(?P<key>...)` group, if the regex has one. */
export function keyGroupOf(source: string): number | undefined {
  const pos = source.search(/\(\?P?<key>/);
  return pos < 0 ? undefined : countGroups(source.slice(0, pos)) + 1;
}
