// Worker-thread entry: one Detector per thread, fed file paths or buffers.
import { parentPort, workerData } from "node:worker_threads";
import { Detector } from "./detector.js";
import { scanFilesWith, type FileResult } from "./file-job.js";
import { scanChange, type ChangeReport } from "./change-scan.js";
import { collectOnGrowth } from "./garbage.js";
import { WORKER_LOADED, type WorkerInit, type WorkerTask } from "./worker-init.js";

parentPort?.postMessage(WORKER_LOADED);

const detector = new Detector((workerData as WorkerInit).rules);
/**
 * A task's candidates live until it ends, so they reach the old generation and each
 * thread's heap fills with them: after tasks with many, collected at the start of the
 * next task (when they are garbage) once the heap has grown enough. Tasks with few
 * candidates (most source trees) leave the collector to V8.
 */
const tidy = collectOnGrowth(16 << 20);
let candidatesSinceTidy = 0;

export default function run(task: WorkerTask): FileResult | FileResult[] | ChangeReport[] {
  if (task.kind === "files") {
    if (candidatesSinceTidy >= 4096) {
      candidatesSinceTidy = 0;
      tidy();
    }
    const results = scanFilesWith(detector, task.jobs);
    for (const r of results) if (r.status === "ok" || r.status === "binary") candidatesSinceTidy += r.candidates?.length ?? 0;
    return results;
  }
  if (task.kind === "changes") {
    const arena = Buffer.from(task.arena);
    return task.jobs.map((j) => scanChange(detector, arena.subarray(...j.older), arena.subarray(...j.newer), j.path, task.whole));
  }
  const data = Buffer.from(task.data.buffer, task.data.byteOffset, task.data.byteLength);
  return { status: "ok", bytes: data.length, ...detector.detectReport(data, task.path) };
}
