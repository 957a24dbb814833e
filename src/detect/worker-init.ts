// What the main thread and the worker threads agree on: task shapes and how rules arrive.
import type { RuleSpec } from "../types.js";
import type { FileJob } from "./file-job.js";
import type { ChangeReport } from "./change-scan.js";

/**
 * Changed files (see change-scan.ts), their bytes in one transferred arena: for file i,
 * `spans[4i..4i+3]` are the older and the newer version's start and end, and its path is
 * the i-th of `paths` split on NUL (flat, because cloning one object per file cost the
 * main thread more than the scan). `whole`: complete versions.
 */
export interface ChangesTask {
  kind: "changes";
  arena: ArrayBuffer;
  spans: Int32Array;
  paths: string;
  whole: boolean;
}

export type WorkerTask = { kind: "files"; jobs: FileJob[] } | { kind: "buffer"; data: Uint8Array; path: string } | ChangesTask;

/** A changes task's answer: only the files with something to say (most have nothing), by index. */
export interface ChangeReports {
  index: number[];
  reports: ChangeReport[];
}

/** The rules, given at start. */
export type WorkerInit = { rules: RuleSpec[] };

/**
 * Posted by a worker once its modules are loaded. Stopping a thread while Node is still
 * instantiating its modules aborts the whole process (exit 134), so the pool waits for
 * this before it stops threads.
 */
export const WORKER_LOADED = "leakguard:loaded";
