// Runs the detector on all cores: worker threads when more than one thread is asked for
// (and the compiled worker exists), the calling thread otherwise.
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import type { RuleSpec } from "../types.js";
import { Detector, type DetectReport } from "./detector.js";
import { scanFileWith, type FileJob, type FileResult } from "./file-job.js";
import { WORKER_LOADED, type WorkerInit, type WorkerTask } from "./worker-init.js";

export interface Scanner {
  readonly threads: number;
  /** Several small files in one task: less messaging per byte. */
  scanFiles(jobs: FileJob[]): Promise<FileResult[]>;
  scanBuffer(data: Buffer, path: string): Promise<DetectReport>;
  /** Scans in the calling thread, now: for small chunks a worker round trip costs more. */
  detectHere(data: Buffer, path: string): DetectReport;
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
  async scanFiles(jobs: FileJob[]): Promise<FileResult[]> {
    return jobs.map((j) => scanFileWith(this.detector, j));
  }
  async scanBuffer(data: Buffer, path: string): Promise<DetectReport> {
    return this.detector.detectReport(data, path);
  }
  detectHere(data: Buffer, path: string): DetectReport {
    return this.detector.detectReport(data, path);
  }
  async close(): Promise<void> {}
}

interface PoolLike {
  run(task: WorkerTask): Promise<FileResult & FileResult[]>;
  destroy(): Promise<void>;
}

/** Worker threads only; the adaptive scanner in front of it does what runs here. */
class PoolScanner {
  constructor(
    private readonly pool: PoolLike,
    readonly threads: number,
  ) {}
  scanFiles(jobs: FileJob[]): Promise<FileResult[]> {
    return this.pool.run({ kind: "files", jobs });
  }
  async scanBuffer(data: Buffer, path: string): Promise<DetectReport> {
    const r = await this.pool.run({ kind: "buffer", data, path });
    return r.status === "ok" ? r : { candidates: [] };
  }
  close(): Promise<void> {
    return this.pool.destroy();
  }
}

/** Jobs (or bytes) that show a scan worth worker threads; smaller ones run in-process. */
const INLINE_JOBS = 64;
const INLINE_BYTES = 4 * 1024 * 1024;

/**
 * Starts in the calling thread and moves to worker threads once the scan proves big
 * enough: starting workers costs ~100 ms of CPU, more than a small scan takes in total
 * (a one-file directory, a few named files). Scanning on here while the threads boot
 * measured slower on two cores (three threads warming up their own regexes).
 */
class AdaptiveScanner implements Scanner {
  private inlineScanner?: InlineScanner;
  /** Started once the scan passes the inline limits; everything goes to it from then on. */
  private pool?: Promise<PoolScanner>;
  private jobs = 0;
  private bytes = 0;

  constructor(
    private readonly rules: RuleSpec[],
    readonly threads: number,
    private readonly workerFile: string,
  ) {}

  /** Built on first use: a scan that goes straight to the pool never compiles it here. */
  private get inline(): InlineScanner {
    return (this.inlineScanner ??= new InlineScanner(this.rules));
  }

  /** The pool, started when the scan passes the inline limits; undefined before. */
  private target(): Promise<PoolScanner> | undefined {
    if (!this.pool && (this.jobs >= INLINE_JOBS || this.bytes > INLINE_BYTES)) this.pool = startPool(this.rules, this.threads, this.workerFile);
    return this.pool;
  }

  detectHere(data: Buffer, path: string): DetectReport {
    return this.inline.detectHere(data, path);
  }

  async scanFiles(jobs: FileJob[]): Promise<FileResult[]> {
    // A full batch (64 files) already shows a big scan: it goes to the pool, not through this thread.
    this.jobs += jobs.length;
    const pool = this.target();
    if (pool) return (await pool).scanFiles(jobs);
    const r = await this.inline.scanFiles(jobs);
    for (const x of r) if (x.status === "ok") this.bytes += x.bytes;
    return r;
  }

  async scanBuffer(data: Buffer, path: string): Promise<DetectReport> {
    this.jobs++;
    this.bytes += data.length;
    const pool = this.target();
    if (pool) return (await pool).scanBuffer(data, path);
    return this.inline.scanBuffer(data, path);
  }

  async close(): Promise<void> {
    if (this.pool) await (await this.pool).close();
  }
}

function workerFile(): string {
  return fileURLToPath(new URL("./worker.js", import.meta.url));
}

/** Creates a scanner over `rules` using up to `threads` worker threads (1 = in-process). */
export async function createScanner(rules: RuleSpec[], threads = defaultThreads()): Promise<Scanner> {
  const file = workerFile();
  if (threads <= 1 || !existsSync(file)) return new InlineScanner(rules);
  return new AdaptiveScanner(rules, threads, file);
}

/** What a worker needs of a rule: the examples stay behind. */
function withoutExamples({ truePositives, falsePositives, ...spec }: RuleSpec): RuleSpec {
  return spec;
}

async function startPool(rules: RuleSpec[], threads: number, filename: string): Promise<PoolScanner> {
  const { Piscina } = await import("piscina");
  return new PoolScanner(newPool(Piscina, { filename, workerData: { rules: rules.map(withoutExamples) }, threads }), threads);
}

/** Longest wait for booting threads to finish loading before they are stopped anyway. */
const LOAD_WAIT_MS = 10_000;

function newPool(
  Piscina: typeof import("piscina").Piscina,
  o: { filename: string; workerData: WorkerInit; threads: number },
): PoolLike {
  const pool = new Piscina({ filename: o.filename, workerData: o.workerData, minThreads: o.threads, maxThreads: o.threads, idleTimeout: 60_000 });
  const loaded = threadsLoaded(pool, o.threads);
  return {
    run: (task) => pool.run(task) as Promise<FileResult & FileResult[]>,
    // A thread stopped while it loads its modules aborts the process: wait until all loaded.
    destroy: () => loaded.then(() => pool.destroy()),
  };
}

/** Resolves once `threads` workers have said they are loaded (or after LOAD_WAIT_MS). */
function threadsLoaded(pool: import("piscina").Piscina, threads: number): Promise<void> {
  return new Promise((resolve) => {
    let n = 0;
    const done = () => {
      clearTimeout(timer);
      pool.off("message", onMessage);
      resolve();
    };
    const onMessage = (m: unknown) => {
      if (m === WORKER_LOADED && ++n >= threads) done();
    };
    const timer = setTimeout(done, LOAD_WAIT_MS);
    timer.unref();
    pool.on("message", onMessage);
  });
}
