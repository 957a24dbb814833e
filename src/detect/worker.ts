// Worker-thread entry: one Detector per thread, fed file paths or buffers.
import { parentPort, workerData } from "node:worker_threads";
import { Detector } from "./detector.js";
import { scanFilesWith, type FileResult } from "./file-job.js";
import { scanChange } from "./change-scan.js";
import { collectOnGrowth } from "./garbage.js";
import { WORKER_LOADED, type ChangeReports, type WorkerInit, type WorkerTask } from "./worker-init.js";

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

export default function run(task: WorkerTask): FileResult | FileResult[] | ChangeReports {
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
    const paths = task.paths.split("\0");
    const s = task.spans;
    const out: ChangeReports = { index: [], reports: [] };
    for (let i = 0; i < paths.length; i++) {
      const r = scanChange(detector, arena.subarray(s[4 * i], s[4 * i + 1]), arena.subarray(s[4 * i + 2], s[4 * i + 3]), paths[i], task.whole);
      if (r.candidates.length || r.needsWhole || r.overBudget || r.checksumRejected) {
        out.index.push(i);
        out.reports.push(r);
      }
    }
    return out;
  }
  const data = Buffer.from(task.data.buffer, task.data.byteOffset, task.data.byteLength);
  return { status: "ok", bytes: data.length, ...detector.detectReport(data, task.path) };
}
