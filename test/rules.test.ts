// Every built-in rule's own examples, through the real detector: alone, and with the
// whole pack (where another, more specific rule may legitimately claim the bytes).
import { describe, expect, it } from "vitest";
import { loadBuiltinRules } from "../src/config/load.js";
import { Detector } from "../src/detect/detector.js";
import { checkRuleExamples } from "../src/detect/examples.js";

const rules = loadBuiltinRules();
const full = new Detector(rules);

describe("built-in rule pack", () => {
  it("has at least 150 rules, each with examples", () => {
    expect(rules.length).toBeGreaterThanOrEqual(170);
    for (const r of rules) {
      expect(r.truePositives?.length ?? 0, r.id).toBeGreaterThan(0);
      expect(r.falsePositives?.length ?? 0, r.id).toBeGreaterThan(0);
      expect(r.keywords.length, `${r.id} has no keywords`).toBeGreaterThan(0);
    }
  });

  for (const rule of rules) {
    it(`${rule.id}: examples hold alone and in the full pack`, () => {
      const alone = checkRuleExamples(rule);
      expect(alone.failures).toEqual([]);
      for (const tp of rule.truePositives ?? []) {
        const found = full.detect(Buffer.from(tp), "example.txt");
        expect(found.length, `full pack missed: ${tp}`).toBeGreaterThan(0);
        if (!rule.generic) expect(found.map((c) => c.ruleId), tp).toContain(rule.id);
      }
    });
  }
});
