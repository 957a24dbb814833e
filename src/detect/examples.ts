// Runs a rule's own truePositives/falsePositives through the real detector.
import type { Candidate, RuleSpec } from "../types.js";
import { re2 } from "../re2.js";
import { Detector } from "./detector.js";

export interface ExampleResult {
  passed: number;
  failures: string[];
}

function preview(s: string): string {
  return s.length > 60 ? s.slice(0, 57) + "..." : s;
}

/** A check after detection (the config's global allowlist): why it drops a candidate, if it does. */
export type DropCheck = (c: Candidate) => string | undefined;

/**
 * Why a true positive was not reported: each of the rule's own filters is switched off in
 * turn; the first whose absence brings the finding back is named.
 */
export function whyMissed(rule: RuleSpec, text: string): string {
  const finds = (r: RuleSpec) =>
    new Detector([r]).detect(Buffer.from(text, "utf8"), "example.txt").some((c) => c.ruleId === r.id);
  if (rule.allowlist && finds({ ...rule, allowlist: undefined })) return "dropped by the rule's own allowlist";
  if (rule.entropy !== undefined && finds({ ...rule, entropy: undefined })) return `below the rule's entropy threshold (${rule.entropy})`;
  if (rule.validate && finds({ ...rule, validate: undefined })) return `rejected by its '${rule.validate}' check (checksum or structure)`;
  if (rule.keywords.length && finds({ ...rule, keywords: [] })) return "none of the rule's keywords occurs in it";
  if (!new (re2())(rule.regex, "u").test(text)) return "the regex does not match it";
  return "the regex matches, but the detector's value filters drop it (placeholder, weak or non-random value, context)";
}

/** Each true positive must yield a finding of this rule; no false positive may. */
export function checkRuleExamples(rule: RuleSpec, detector = new Detector([rule]), dropped?: DropCheck): ExampleResult {
  const failures: string[] = [];
  let passed = 0;
  const hits = (text: string) => detector.detect(Buffer.from(text, "utf8"), "example.txt").filter((c) => c.ruleId === rule.id);
  for (const tp of rule.truePositives ?? []) {
    const found = hits(tp);
    const why = found.length && dropped ? found.map(dropped).find((w) => w !== undefined) : undefined;
    if (found.length && !why) passed++;
    else failures.push(`true positive not reported (${why ?? whyMissed(rule, tp)}): ${JSON.stringify(preview(tp))}`);
  }
  for (const fp of rule.falsePositives ?? []) {
    if (hits(fp).length === 0) passed++;
    else failures.push(`false positive detected: ${JSON.stringify(preview(fp))}`);
  }
  if (!(rule.truePositives ?? []).length) failures.push("no truePositives examples");
  return { passed, failures };
}
