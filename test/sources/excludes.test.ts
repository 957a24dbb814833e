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

