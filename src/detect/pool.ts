// Runs the detector on all cores: worker threads when more than one thread is asked for
// (and the compiled worker exists), the calling thread otherwise.
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import type { Candidate, RuleSpec } from "../types.js";
import { Detector } from "./detector.js";
import { scanFileWith, type FileJob, type FileResult } from "./file-job.js";
import type { WorkerTask } from "./worker.js";

export interface Scanner {
  readonly threads: number;
  scanFile(job: FileJob): Promise<FileResult>;
  /** Several small files in one task: less messaging per byte. */
  scanFiles(jobs: FileJob[]): Promise<FileResult[]>;
  scanBuffer(data: Buffer, path: string): Promise<Candidate[]>;
  close(): Promise<void>;
}

export function defaultThreads(): number {
  return Math.max(1, Math.min(availableParallelism(), 8));
}

class InlineScanner implements Scanner {
  readonly threads = 1;
  private readonly detector: Detector;
  constructor(rules: RuleSpec[]) {
    this.detector = new Detector(rules);
  }
  async scanFile(job: FileJob): Promise<FileResult> {
    return scanFileWith(this.detector, job);
  }
  async scanFiles(jobs: FileJob[]): Promise<FileResult[]> {
    return jobs.map((j) => scanFileWith(this.detector, j));
  }
  async scanBuffer(data: Buffer, path: string): Promise<Candidate[]> {
    return this.detector.detect(data, path);
  }
  async close(): Promise<void> {}
}

interface PoolLike {
  run(task: WorkerTask): Promise<FileResult & FileResult[]>;
  destroy(): Promise<void>;
}

class PoolScanner implements Scanner {
  constructor(
    private readonly pool: PoolLike,
    readonly threads: number,
  ) {}
  scanFile(job: FileJob): Promise<FileResult> {
    return this.pool.run({ kind: "file", job });
  }
  scanFiles(jobs: FileJob[]): Promise<FileResult[]> {
    return this.pool.run({ kind: "files", jobs });
  }
  async scanBuffer(data: Buffer, path: string): Promise<Candidate[]> {
    const r = await this.pool.run({ kind: "buffer", data, path });
    return r.status === "ok" ? r.candidates : [];
  }
  close(): Promise<void> {
    return this.pool.destroy();
  }
}

/** Jobs (or bytes) scanned in-process before worker threads are worth starting. */
const INLINE_JOBS = 64;
const INLINE_BYTES = 4 * 1024 * 1024;

/**
 * Starts in the calling thread and moves to worker threads once the scan proves big
 * enough: starting workers costs ~100 ms, more than a small scan takes in total.
 */
class AdaptiveScanner implements Scanner {
  private readonly inline: InlineScanner;
  private pool?: Promise<Scanner>;
  private jobs = 0;
  private bytes = 0;

  constructor(
    private readonly rules: RuleSpec[],
    readonly threads: number,
    private readonly workerFile: string,
  ) {
    this.inline = new InlineScanner(rules);
  }

  private target(): Promise<Scanner> | undefined {
    if (!this.pool && (++this.jobs > INLINE_JOBS || this.bytes > INLINE_BYTES)) {
      this.pool = startPool(this.rules, this.threads, this.workerFile);
    }
    return this.pool;
  }

  async scanFile(job: FileJob): Promise<FileResult> {
    const pool = this.target();
    if (pool) return (await pool).scanFile(job);
    const r = await this.inline.scanFile(job);
    if (r.status === "ok") this.bytes += r.bytes;
    return r;
  }

  async scanFiles(jobs: FileJob[]): Promise<FileResult[]> {
    this.jobs += jobs.length - 1;
    const pool = this.target();
    if (pool) return (await pool).scanFiles(jobs);
    const r = await this.inline.scanFiles(jobs);
    for (const x of r) if (x.status === "ok") this.bytes += x.bytes;
    return r;
  }

  async scanBuffer(data: Buffer, path: string): Promise<Candidate[]> {
    const pool = this.target();
    if (pool) return (await pool).scanBuffer(data, path);
    this.bytes += data.length;
    return this.inline.scanBuffer(data, path);
  }

  async close(): Promise<void> {
    if (this.pool) await (await this.pool).close();
  }
}

/** Creates a scanner over `rules` using up to `threads` worker threads (1 = in-process). */
export async function createScanner(rules: RuleSpec[], threads = defaultThreads()): Promise<Scanner> {
  const workerFile = fileURLToPath(new URL("./worker.js", import.meta.url));
  if (threads <= 1 || !existsSync(workerFile)) return new InlineScanner(rules);
  return new AdaptiveScanner(rules, threads, workerFile);
}

async function startPool(rules: RuleSpec[], threads: number, workerFile: string): Promise<Scanner> {
  const { Piscina } = await import("piscina");
  const pool = new Piscina({
    filename: workerFile,
    workerData: { rules },
    minThreads: threads,
    maxThreads: threads,
    idleTimeout: 60_000,
  });
  return new PoolScanner(pool as unknown as PoolLike, threads);
}
