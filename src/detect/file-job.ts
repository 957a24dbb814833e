// Reading one file for the detector: size limit, binary check, unreadable files.
import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { isBinaryFileSync } from "isbinaryfile";
import type { Candidate } from "../types.js";
import type { DetectReport, Detector } from "./detector.js";
import { decodeUtf16 } from "./utf16.js";
import { fileContext } from "./context/file-role.js";
import { binaryFileCandidates } from "./parsers/sensitive-file.js";

export interface FileJob {
  absPath: string;
  /** The path's raw bytes when a name in it is not valid UTF-8 (absPath is then lossy). */
  absPathBytes?: Uint8Array;
  path: string;
  maxFileSize: number;
}

export type FileResult =
  | ({ status: "ok"; bytes: number } & DetectReport)
  | { status: "binary"; bytes: number; /** Key stores and password databases (still counted as binary). */ candidates?: Candidate[] }
  | { status: "too-large"; bytes: number }
  | { status: "unreadable"; error: string };

/**
 * One read buffer per thread, grown as needed: a fresh allocation per file costs page
 * faults and external-memory GC pressure. Safe because a file is scanned to the end
 * before the next is read, and candidates copy their text out.
 */
let scratch = Buffer.allocUnsafeSlow(1 << 16);

function readBuffer(size: number): Buffer {
  if (size > scratch.length) scratch = Buffer.allocUnsafeSlow(Math.max(size, scratch.length * 2));
  return scratch;
}

/** Reads a file for one synchronous scan; the returned bytes are valid until the next call. */
export function readFileChecked(job: FileJob): { data: Buffer; bytes?: number } | Exclude<FileResult, { status: "ok" }> {
  let fd: number;
  try {
    // Bytes cross to worker threads as a Uint8Array; fs wants a Buffer.
    fd = openSync(job.absPathBytes ? Buffer.from(job.absPathBytes) : job.absPath, "r");
  } catch (err) {
    return { status: "unreadable", error: (err as NodeJS.ErrnoException).code ?? String(err) };
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return { status: "unreadable", error: "not a regular file" };
    if (st.size > job.maxFileSize) return { status: "too-large", bytes: st.size };
    const data = readBuffer(st.size);
    let off = 0;
    while (off < st.size) {
      const n = readSync(fd, data, off, st.size - off, off);
      if (n === 0) break;
      off += n;
    }
    const buf = data.subarray(0, off);
    const utf16 = decodeUtf16(buf);
    if (utf16) return { data: utf16, bytes: off };
    if (buf.length && isBinaryFileSync(buf, Math.min(buf.length, 8192))) {
      const candidates = binaryFileCandidates(job.path, buf, fileContext(job.path).role);
      return { status: "binary", bytes: buf.length, ...(candidates.length ? { candidates } : {}) };
    }
    return { data: buf };
  } catch (err) {
    return { status: "unreadable", error: (err as NodeJS.ErrnoException).code ?? String(err) };
  } finally {
    closeSync(fd);
  }
}

/**
 * A files task hands back what it has once it has read this many bytes or found this
 * many candidates: a task's candidates cross to the main thread in one message, and 64
 * files of a few hundred KB full of findings made that a million objects at once.
 * Typical source files stay far below both.
 */
export const FILES_TASK_BYTES = 1 << 20;
export const FILES_TASK_CANDIDATES = 4096;

/**
 * Scans `jobs` in order until one of the task limits is reached; returns the results of
 * the files scanned (at least one): the caller sends the rest again.
 */
export function scanFilesWith(detector: Detector, jobs: readonly FileJob[]): FileResult[] {
  const out: FileResult[] = [];
  let bytes = 0;
  let candidates = 0;
  for (const job of jobs) {
    if (out.length && (bytes >= FILES_TASK_BYTES || candidates >= FILES_TASK_CANDIDATES)) break;
    const r = scanFileWith(detector, job);
    out.push(r);
    if (r.status === "ok" || r.status === "binary") {
      bytes += r.bytes;
      candidates += r.candidates?.length ?? 0;
    }
  }
  return out;
}

export function scanFileWith(detector: Detector, job: FileJob): FileResult {
  const r = readFileChecked(job);
  if (!("data" in r)) return r;
  return { status: "ok", bytes: r.bytes ?? r.data.length, ...detector.detectReport(r.data, job.path) };
}
