// Worker-thread entry: one Detector per thread, fed file paths or buffers.
import { parentPort, workerData } from "node:worker_threads";
import { Detector } from "./detector.js";
import { scanFilesWith, type FileResult } from "./file-job.js";
import { scanChange, type ChangeReport } from "./change-scan.js";
import { WORKER_LOADED, type WorkerInit, type WorkerTask } from "./worker-init.js";

parentPort?.postMessage(WORKER_LOADED);

const detector = new Detector((workerData as WorkerInit).rules);

export default function run(task: WorkerTask): FileResult | FileResult[] | ChangeReport[] {
  if (task.kind === "files") return scanFilesWith(detector, task.jobs);
  if (task.kind === "changes") {
    const arena = Buffer.from(task.arena);
    return task.jobs.map((j) => scanChange(detector, arena.subarray(...j.older), arena.subarray(...j.newer), j.path, task.whole));
  }
  const data = Buffer.from(task.data.buffer, task.data.byteOffset, task.data.byteLength);
  return { status: "ok", bytes: data.length, ...detector.detectReport(data, task.path) };
}
