// Every built-in rule says where its format is documented, how it is filed and how bad a
// leak is: `references` (https pages of the provider's documentation, or the format's
// specification), tags and a severity.
import { describe, expect, it } from "vitest";
import { loadBuiltinRules } from "../../src/config/load.js";

const rules = loadBuiltinRules();

describe("built-in rule metadata", () => {
  it("every rule has references to https documentation", () => {
    const without = rules.filter((r) => !(r.references?.length ?? 0)).map((r) => r.id);
    expect(without).toEqual([]);
    const notHttps = rules.flatMap((r) => (r.references ?? []).filter((u) => !u.startsWith("https://")).map((u) => `${r.id}: ${u}`));
    expect(notHttps).toEqual([]);
  });

  it("every rule has tags and a severity", () => {
    expect(rules.filter((r) => !(r.tags?.length ?? 0)).map((r) => r.id)).toEqual([]);
    expect(rules.filter((r) => r.severity === undefined).map((r) => r.id)).toEqual([]);
  });
});
