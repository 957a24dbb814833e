// What the main thread and the worker threads agree on: task shapes and how rules arrive.
import type { RuleSpec } from "../types.js";
import type { FileJob } from "./file-job.js";

export type WorkerTask =
  | { kind: "files"; jobs: FileJob[] }
  | { kind: "buffer"; data: Uint8Array; path: string };

/** Rules given at start, or the BroadcastChannel they will arrive on (early pools). */
export type WorkerInit = { rules: RuleSpec[] } | { rulesChannel: string };

/**
 * Posted by a worker once its modules are loaded. Stopping a thread while Node is still
 * instantiating its modules aborts the whole process (exit 134), so the pool waits for
 * this before it stops threads.
 */
export const WORKER_LOADED = "leakguard:loaded";

/** A late worker's request for rules already broadcast. */
export const RULES_REQUEST = "leakguard:rules?";

/** The rules for this worker: at once, or when the main thread has read the config. */
export function receiveRules(init: WorkerInit): Promise<RuleSpec[]> {
  if ("rules" in init) return Promise.resolve(init.rules);
  const channel = new BroadcastChannel(init.rulesChannel);
  return new Promise((resolve) => {
    channel.onmessage = (e: MessageEvent) => {
      if (!Array.isArray(e.data)) return;
      channel.close();
      resolve(e.data as RuleSpec[]);
    };
    channel.postMessage(RULES_REQUEST);
  });
}
