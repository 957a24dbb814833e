// What the main thread and the worker threads agree on: task shapes and how rules arrive.
import type { RuleSpec } from "../types.js";
import type { FileJob } from "./file-job.js";

/** A changed file: where its two versions lie in the task's arena. */
export interface ChangeJob {
  path: string;
  older: [start: number, end: number];
  newer: [start: number, end: number];
}

export type WorkerTask =
  | { kind: "files"; jobs: FileJob[] }
  | { kind: "buffer"; data: Uint8Array; path: string }
  /** Changed files (see change-scan.ts), their bytes in one transferred arena; `whole`: complete versions. */
  | { kind: "changes"; arena: ArrayBuffer; jobs: ChangeJob[]; whole: boolean };

/** The rules, given at start. */
export type WorkerInit = { rules: RuleSpec[] };

/**
 * Posted by a worker once its modules are loaded. Stopping a thread while Node is still
 * instantiating its modules aborts the whole process (exit 134), so the pool waits for
 * this before it stops threads.
 */
export const WORKER_LOADED = "leakguard:loaded";
