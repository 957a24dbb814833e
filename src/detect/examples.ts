// Runs a rule's own truePositives/falsePositives through the real detector.
import type { RuleSpec } from "../types.js";
import { Detector } from "./detector.js";

export interface ExampleResult {
  passed: number;
  failures: string[];
}

function preview(s: string): string {
  return s.length > 60 ? s.slice(0, 57) + "..." : s;
}

/** Each true positive must yield a finding of this rule; no false positive may. */
export function checkRuleExamples(rule: RuleSpec, detector = new Detector([rule])): ExampleResult {
  const failures: string[] = [];
  let passed = 0;
  const hits = (text: string) => detector.detect(Buffer.from(text, "utf8"), "example.txt").filter((c) => c.ruleId === rule.id);
  for (const tp of rule.truePositives ?? []) {
    if (hits(tp).length) passed++;
    else failures.push(`true positive not detected: ${JSON.stringify(preview(tp))}`);
  }
  for (const fp of rule.falsePositives ?? []) {
    if (hits(fp).length === 0) passed++;
    else failures.push(`false positive detected: ${JSON.stringify(preview(fp))}`);
  }
  if (!(rule.truePositives ?? []).length) failures.push("no truePositives examples");
  return { passed, failures };
}
