import { describe, expect, it } from "vitest";
import { pathExcluder } from "../../src/sources/excludes.js";

describe("pathExcluder", () => {
  it("applies the default excludes and the config's own", () => {
    const ex = pathExcluder({ exclude: ["fixtures/**"], include: [], defaultExcludes: true });
    expect(ex("node_modules/x/index.js")).toBe(true);
    expect(ex("web/package-lock.json")).toBe(true);
    expect(ex("fixtures/a.env")).toBe(true);
    expect(ex("src/a.env")).toBe(false);
    expect(pathExcluder({ exclude: [], include: [], defaultExcludes: false })("package-lock.json")).toBe(false);
  });
});


describe("pathExcluder without a gitignore engine", () => {
  // The default shapes are matched directly; `ignore` (full gitignore) is the reference.
  const exclude = ["**/fixtures/**", "**/a/b/**", "**/secrets.txt", "**/*.gen.ts", "**/*.{png,jpg}"];
  const paths = [
    "node_modules/x.js", "a/node_modules/x/y.js", "a/node_modules", "NODE_MODULES/x", "x/node_modulesx/y",
    "yarn.lock", "a/yarn.lock", "yarn.lock/x", "a/Yarn.Lock", "yarn.locks",
    "a.min.js", ".min.js", "x/a.min.js/y", "a.min.jsx", "A.MIN.JS",
    ".yarn/cache/x", "a/.yarn/cache/b", "a/.yarn/cache", ".yarn/cachex/y",
    "fixtures/a.env", "x/fixtures/y/z", "fixtures", "a/b/c", "x/a/b/c", "a/b", "a/x/b/c",
    "secrets.txt", "d/secrets.txt/e", "x.gen.ts", "img.png", "img.{png,jpg}", ".leakguardignore", "a/.git/config",
    "./node_modules/x", "../node_modules/x", "/abs/node_modules/x", ".", "..", "...", ".../node_modules/x", "src/app.ts",
  ];

  it("excludes exactly what `ignore` does for the default shapes", async () => {
    const { default: ignore } = await import("ignore");
    const { excludePatterns } = await import("../../src/sources/default-excludes.js");
    for (const defaultExcludes of [true, false]) {
      const scan = { exclude, include: ["**/vendor/**"], defaultExcludes };
      const ig = ignore().add(excludePatterns(scan));
      const reference = (p: string) => {
        try {
          return ig.ignores(p);
        } catch {
          return false;
        }
      };
      const ex = pathExcluder(scan);
      for (const p of [...paths, "vendor/x.js"]) expect(ex(p), p).toBe(reference(p));
    }
  });

  it("hands other gitignore syntax to the full engine", () => {
    const ex = pathExcluder({ exclude: ["build/*", "!build/keep.txt", "docs/[ab].md"], include: [], defaultExcludes: true });
    expect(ex("build/out.js")).toBe(true);
    expect(ex("build/keep.txt")).toBe(false);
    expect(ex("docs/a.md")).toBe(true);
    expect(ex("docs/c.md")).toBe(false);
    expect(ex("node_modules/x.js")).toBe(true);
  });
});
