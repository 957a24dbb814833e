import type { ScanStats } from "../types.js";

function mb(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${(bytes / 1024).toFixed(1)} KB`;
}

/** The one-line summary printed on stderr after every scan. */
export function summaryLine(s: ScanStats, unit = "files"): string {
  const skipped = [
    s.skippedBinary ? `${s.skippedBinary} binary` : "",
    s.skippedTooLarge ? `${s.skippedTooLarge} too large` : "",
    s.skippedUnreadable ? `${s.skippedUnreadable} unreadable` : "",
    s.skippedOther ? `${s.skippedOther} other` : "",
  ].filter(Boolean);
  const extra = Object.entries(s)
    .filter(([k, v]) => typeof v === "number" && !(k in BASE_KEYS) && v > 0)
    .map(([k, v]) => `${v} ${k}`);
  const parts = [
    `scanned ${s.filesScanned} ${unit} (${mb(s.bytesScanned)}) in ${(s.durationMs / 1000).toFixed(2)}s`,
    ...extra,
    `skipped ${skipped.length ? skipped.join(", ") : "0"}`,
    `${s.findings} finding${s.findings === 1 ? "" : "s"}` + (s.suppressed ? ` (${s.suppressed} suppressed)` : ""),
    ...s.notes,
  ];
  return "leakguard: " + parts.join("; ");
}

const BASE_KEYS = {
  filesScanned: 1,
  bytesScanned: 1,
  skippedBinary: 1,
  skippedTooLarge: 1,
  skippedUnreadable: 1,
  skippedOther: 1,
  findings: 1,
  suppressed: 1,
  durationMs: 1,
};
