// Where a finding can be commented on in a pull request: GitHub accepts review comments
// only on lines of the pull request's diff (base..head), while a history finding's line
// number is in the file as of the commit that introduced it. So look the secret up in
// the head version of the file, among the lines the diff adds.
import type { Finding } from "../types.js";
import { runGit, tryGitText } from "../git/process.js";

export interface DiffLocation {
  path: string;
  line: number;
}

/** Parses `git diff --unified=0` output into the added (new-side) line numbers. */
export function addedLines(diff: string): Set<number> {
  const out = new Set<number>();
  for (const m of diff.matchAll(/^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/gm)) {
    const start = Number(m[1]);
    const count = m[2] === undefined ? 1 : Number(m[2]);
    for (let i = 0; i < count; i++) out.add(start + i);
  }
  return out;
}

/** Identity of a secret in a file, independent of the commit and the line. */
export function findingKey(f: Finding): string {
  return `${f.file}\u0000${f.ruleId}\u0000${f.secretHash}`;
}

/**
 * For each finding (with its clear secret, kept in this process), the line at `head`
 * that a review comment can be attached to, if any. Keyed by findingKey.
 */
export async function locateInDiff(dir: string, base: string, head: string, findings: Finding[]): Promise<Map<string, DiffLocation>> {
  const byFile = new Map<string, Finding[]>();
  for (const f of findings) byFile.set(f.file, [...(byFile.get(f.file) ?? []), f]);
  const out = new Map<string, DiffLocation>();
  for (const [file, list] of byFile) {
    const text = await tryGitText(["cat-file", "blob", `${head}:${file}`], { cwd: dir });
    if (text === null) continue;
    const diff = (await runGit(["diff", "--unified=0", "--no-color", "--no-ext-diff", "--no-renames", base, head, "--", file], { cwd: dir })).toString("utf8");
    const added = addedLines(diff);
    const lines = text.split("\n");
    for (const f of list) {
      const key = findingKey(f);
      if (out.has(key)) continue;
      const needle = (f.decodedFrom ? f.match : f.secret).split("\n")[0];
      if (!needle) continue;
      const candidates = [f.startLine, ...lines.map((_, i) => i + 1)];
      const line = candidates.find((n) => added.has(n) && lines[n - 1]?.includes(needle));
      if (line !== undefined) out.set(key, { path: file, line });
    }
  }
  return out;
}
