// The confidence threshold (--confidence): findings below it are dropped and counted by
// level, so the summary says what an audit with `--confidence low` would add.
import type { Confidence, Finding, ScanStats } from "../types.js";
import { UsageError } from "../types.js";

export const CONFIDENCE_LEVELS: readonly Confidence[] = ["low", "medium", "high"];
export const DEFAULT_MIN_CONFIDENCE: Confidence = "medium";

/** Summary counters: `below confidence: low` and `below confidence: medium`. */
export const BELOW_KEY_PREFIX = "below confidence: ";

export function parseConfidence(value: string, label: string): Confidence {
  const v = value.toLowerCase();
  if ((CONFIDENCE_LEVELS as readonly string[]).includes(v)) return v as Confidence;
  throw new UsageError(`${label}: expected one of ${CONFIDENCE_LEVELS.join(", ")}, got '${value}'`);
}

/** True when the finding is below `min`; counts it in the stats by its level. */
export function dropBelowConfidence(f: Finding, min: Confidence, stats: ScanStats): boolean {
  if (CONFIDENCE_LEVELS.indexOf(f.confidence) >= CONFIDENCE_LEVELS.indexOf(min)) return false;
  const key = BELOW_KEY_PREFIX + f.confidence;
  stats[key] = ((stats[key] as number | undefined) ?? 0) + 1;
  return true;
}

/** `12 low, 1 medium below --confidence`, or "" when nothing was dropped. */
export function belowConfidenceSummary(stats: ScanStats): string {
  const parts = CONFIDENCE_LEVELS.flatMap((level) => {
    const n = stats[BELOW_KEY_PREFIX + level];
    return typeof n === "number" && n > 0 ? [`${n} ${level}`] : [];
  });
  return parts.length ? `${parts.join(", ")} below --confidence` : "";
}
