// The walker hands fast-glob a compacted exclusion list; it must skip exactly what the
// documented list skips, near-misses included.
import fg from "fast-glob";
import { afterAll, describe, expect, it } from "vitest";
import { compactGlobs, DEFAULT_EXCLUDES, excludePatterns } from "../../src/sources/default-excludes.js";
import { cleanupTmp, tmpDir, writeFiles } from "../helpers/tmp.js";

afterAll(cleanupTmp);

/** Paths that each default pattern should skip, and near-misses it should keep. */
function probePaths(): string[] {
  const out = [".git/config", "a/.git/HEAD", "src/app.js", ".env", "Vendor/a.txt", "NODE_MODULES/b.txt", "sub/.leakguardignore"];
  for (const p of DEFAULT_EXCLUDES) {
    let m: RegExpExecArray | null;
    if ((m = /^\*\*\/([^*]+)\/\*\*$/.exec(p))) out.push(`${m[1]}/a.txt`, `x/${m[1]}/b/c.txt`, `${m[1]}x/a.txt`, `x${m[1]}/a.txt`);
    else if ((m = /^\*\*\/\*\.\{(.*)\}$/.exec(p))) for (const e of m[1].split(",")) out.push(`f.${e}`, `d/g.${e}`, `h.${e}x`, `i${e}`);
    else if ((m = /^\*\*\/\*\.(.*)$/.exec(p))) out.push(`f.${m[1]}`, `d/g.${m[1]}`, `h.${m[1]}x`, `i${m[1]}`);
    else if ((m = /^\*\*\/([^*]+)$/.exec(p))) out.push(m[1], `d/${m[1]}`, `x${m[1]}`, `${m[1]}.bak`);
  }
  return out;
}

describe("compacted exclusions", () => {
  it("skip exactly the files the documented patterns skip", async () => {
    const root = tmpDir();
    const paths = probePaths();
    writeFiles(root, Object.fromEntries(paths.map((p) => [p, "x"])));
    const walk = (ignore: string[]) => fg("**", { cwd: root, dot: true, onlyFiles: true, ignore }).then((l) => l.sort());
    for (const settings of [
      { exclude: [], include: [], defaultExcludes: true },
      { exclude: ["docs/**", "**/*.snap", "**/generated"], include: ["**/vendor/**", "**/*.svg"], defaultExcludes: true },
      { exclude: [], include: [], defaultExcludes: false },
    ]) {
      const patterns = excludePatterns(settings);
      const compact = compactGlobs(patterns);
      expect(compact.length).toBeLessThan(8);
      const kept = await walk(patterns);
      expect(kept.length).toBeGreaterThan(100);
      expect(kept.length).toBeLessThan(paths.length);
      expect(await walk(compact)).toEqual(kept);
    }
  });

  it("keep patterns of other shapes as they are", () => {
    expect(compactGlobs(["docs/**", "**/a/b/**", "**/*.{x,y}", "**/gen*"])).toEqual(["**/*.@(x|y)", "docs/**", "**/a/b/**", "**/gen*"]);
  });
});
