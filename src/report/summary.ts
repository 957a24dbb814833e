import { emptyStats, type ScanStats } from "../types.js";
import { BELOW_KEY_PREFIX, belowConfidenceSummary } from "../filter/confidence.js";

/** The fixed counters; any other numeric key is a named extra ("LFS pointers"). */
const BASE_KEYS = new Set(Object.keys(emptyStats()));

function mb(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${(bytes / 1024).toFixed(1)} KB`;
}

/** The one-line summary printed on stderr after every scan. */
export function summaryLine(s: ScanStats, unit = "files"): string {
  const skipped = [
    s.skippedBinary ? `${s.skippedBinary} binary` : "",
    s.skippedTooLarge ? `${s.skippedTooLarge} too large` : "",
    s.skippedUnreadable ? `${s.skippedUnreadable} unreadable` : "",
    // Paths the default excludes, --exclude or [scan] exclude left out (a lock file, node_modules/...).
    s.skippedOther ? `${s.skippedOther} excluded by path` : "",
  ].filter(Boolean);
  const extra = Object.entries(s)
    .filter(([k, v]) => typeof v === "number" && !BASE_KEYS.has(k) && !k.startsWith(BELOW_KEY_PREFIX) && v > 0)
    .map(([k, v]) => `${v} ${k}`);
  const below = belowConfidenceSummary(s);
  const kept = [s.suppressed ? `${s.suppressed} suppressed` : "", below].filter(Boolean);
  const parts = [
    `scanned ${s.filesScanned} ${s.filesScanned === 1 ? unit.replace(/s$/, "") : unit} (${mb(s.bytesScanned)}) in ${(s.durationMs / 1000).toFixed(2)}s`,
    ...extra,
    `skipped ${skipped.length ? skipped.join(", ") : "0"}`,
    `${s.findings} finding${s.findings === 1 ? "" : "s"}` + (kept.length ? ` (${kept.join("; ")})` : ""),
    ...s.notes,
  ];
  return "leakguard: " + parts.join("; ");
}
