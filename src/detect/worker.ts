// Worker-thread entry: one Detector per thread, fed file paths or buffers.
import { workerData } from "node:worker_threads";
import type { RuleSpec } from "../types.js";
import { Detector } from "./detector.js";
import { scanFileWith, type FileJob, type FileResult } from "./file-job.js";

const detector = new Detector((workerData as { rules: RuleSpec[] }).rules);

export type WorkerTask =
  | { kind: "file"; job: FileJob }
  | { kind: "files"; jobs: FileJob[] }
  | { kind: "buffer"; data: Uint8Array; path: string };

export default function run(task: WorkerTask): FileResult | FileResult[] {
  if (task.kind === "file") return scanFileWith(detector, task.job);
  if (task.kind === "files") return task.jobs.map((j) => scanFileWith(detector, j));
  const data = Buffer.from(task.data.buffer, task.data.byteOffset, task.data.byteLength);
  return { status: "ok", bytes: data.length, candidates: detector.detect(data, task.path) };
}
