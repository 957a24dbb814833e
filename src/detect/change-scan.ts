// A file a commit changed: only candidates on lines the commit added count. Pure, so it
// runs in worker threads: the line hashing and the scan are most of a history scan's work.
//
// The lines of the new version whose content it holds more often than the old one (a
// superset of the added lines, found by hashing each line once) are scanned; only when
// they hold candidates is the exact line diff computed, to keep those on added lines.
import type { Candidate } from "../types.js";
import type { DetectReport, Detector } from "./detector.js";
import { addedLines, extractLines, freshLines } from "./line-diff.js";

/** Base64-looking line: possibly the inside of a key block, which only matches whole. */
export const KEY_MATERIAL_LINE = /^[A-Za-z0-9+/=]{40,}\r?$/m;

export interface ChangeReport extends DetectReport {
  /**
   * The new lines look like the inside of a key block, and the bytes given were only the
   * changed middles of the two versions: scan again with the whole versions.
   */
  needsWhole?: boolean;
}

/** Whether any line of start..end is in `lines`. */
export function spanTouches(lines: ReadonlySet<number>, start: number, end: number): boolean {
  for (let l = start; l <= end; l++) if (lines.has(l)) return true;
  return false;
}

/**
 * Candidates in `newer` on lines added relative to `older`, numbered as lines of `newer`.
 * `whole` says the buffers are the complete versions (not just their changed middles), so
 * an edit inside a multi-line key block can be scanned as the whole block.
 */
export function scanChange(detector: Detector, older: Buffer, newer: Buffer, path: string, whole: boolean): ChangeReport {
  if (!older.length) return detector.detectReport(newer, path); // every line is new
  const fresh = freshLines(older, newer);
  if (!fresh?.size) return { candidates: [] }; // only deletions or moves
  const region = extractLines(newer, fresh);
  let report: DetectReport;
  if (!KEY_MATERIAL_LINE.test(region.data.toString("latin1"))) {
    report = detector.detectReport(region.data, path);
    const map = region.lineMap;
    report.candidates = report.candidates.map((c): Candidate => ({ ...c, startLine: map[c.startLine - 1] ?? c.startLine, endLine: map[c.endLine - 1] ?? c.endLine }));
  } else {
    if (!whole) return { candidates: [], needsWhole: true };
    report = detector.detectReport(newer, path);
  }
  if (!report.candidates.length) return report;
  const added = addedLines(older, newer);
  return { ...report, candidates: report.candidates.filter((c) => spanTouches(added, c.startLine, c.endLine)) };
}
