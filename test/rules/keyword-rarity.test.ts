// Keywords stay rare: a provider rule's regex runs only on the 2 KiB blocks holding one of
// its keywords, so a keyword that is a common word in code (`pat` of path, `-us` of -use,
// `github`) makes the rule run almost everywhere. Measured on real source text: the
// installed packages' JavaScript, cut into blocks the way the detector cuts them.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadBuiltinRules } from "../../src/config/load.js";
import { blockEnd, KeywordIndex } from "../../src/detect/keywords.js";
import { ROOT } from "../helpers/cli.js";

/** The first `limit` bytes of .js files under `dir`, in a fixed order. */
function corpus(dir: string, limit: number): Buffer[] {
  const files: Buffer[] = [];
  let bytes = 0;
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (bytes >= limit) return;
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && e.name.endsWith(".js") && !e.name.endsWith(".min.js")) {
        const data = readFileSync(p);
        bytes += data.length;
        files.push(data);
      }
    }
  };
  walk(dir);
  return files;
}

/** For each rule, the share of blocks its keywords send it to, cut as the detector cuts them. */
function runShares(keywords: string[][], files: Buffer[]): { blocks: number; share: number[] } {
  const index = new KeywordIndex(keywords);
  const runs = new Array<number>(keywords.length).fill(0);
  let blocks = 0;
  for (const data of files) {
    for (let s = 0; s < data.length; ) {
      const e = blockEnd(data, s);
      for (const r of index.rulesFor(index.match(data, s, e))) runs[r]++;
      blocks++;
      s = e;
    }
  }
  return { blocks, share: runs.map((n) => n / blocks) };
}

describe("rule keywords are rare in real code", () => {
  const files = corpus(join(ROOT, "node_modules"), 12 * 1024 * 1024);
  const rules = loadBuiltinRules().filter((r) => !r.generic);

  it("no provider rule runs on more than 2% of the blocks of a source tree", () => {
    const { blocks, share } = runShares(rules.map((r) => r.keywords), files);
    expect(blocks).toBeGreaterThan(4000);
    const common = rules.map((r, i) => [r.id, Math.round(share[i] * 1000) / 10] as const).filter(([, pct]) => pct > 2);
    expect(common).toEqual([]);
  });
});
