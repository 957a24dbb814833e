// What the main thread and the worker threads agree on: task shapes and how rules arrive.
import type { RuleSpec } from "../types.js";
import type { FileJob } from "./file-job.js";

export type WorkerTask =
  | { kind: "files"; jobs: FileJob[] }
  | { kind: "buffer"; data: Uint8Array; path: string };

/** The rules, given at start. */
export type WorkerInit = { rules: RuleSpec[] };

/**
 * Posted by a worker once its modules are loaded. Stopping a thread while Node is still
 * instantiating its modules aborts the whole process (exit 134), so the pool waits for
 * this before it stops threads.
 */
export const WORKER_LOADED = "leakguard:loaded";
