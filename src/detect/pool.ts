// Runs the detector on all cores: worker threads when more than one thread is asked for
// (and the compiled worker exists), the calling thread otherwise.
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import type { RuleSpec } from "../types.js";
import { Detector, type DetectReport } from "./detector.js";
import { scanFileWith, type FileJob, type FileResult } from "./file-job.js";
import { RULES_REQUEST, WORKER_LOADED, type WorkerInit, type WorkerTask } from "./worker-init.js";

export interface Scanner {
  readonly threads: number;
  /** Several small files in one task: less messaging per byte. */
  scanFiles(jobs: FileJob[]): Promise<FileResult[]>;
  scanBuffer(data: Buffer, path: string): Promise<DetectReport>;
  /** Scans in the calling thread, now: for small chunks a worker round trip costs more. */
  detectHere(data: Buffer, path: string): DetectReport;
  /** Starts worker threads now, when the caller expects a big scan (a directory walk). */
  prepare(): void;
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
  prepare(): void {}
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
    private readonly onClose?: () => void,
  ) {}
  scanFiles(jobs: FileJob[]): Promise<FileResult[]> {
    return this.pool.run({ kind: "files", jobs });
  }
  async scanBuffer(data: Buffer, path: string): Promise<DetectReport> {
    const r = await this.pool.run({ kind: "buffer", data, path });
    return r.status === "ok" ? r : { candidates: [] };
  }
  close(): Promise<void> {
    this.onClose?.();
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
  private inlineScanner?: InlineScanner;
  /** Past the inline limits: everything goes to the pool from here on. */
  private big = false;
  private jobs = 0;
  private bytes = 0;

  constructor(
    private readonly rules: RuleSpec[],
    readonly threads: number,
    private readonly workerFile: string,
    /** A pool started before the rules were known (see prestartPool): used, or closed. */
    private pool?: Promise<PoolScanner>,
  ) {}

  /** Built on first use: a scan that goes straight to the pool never compiles it here. */
  private get inline(): InlineScanner {
    return (this.inlineScanner ??= new InlineScanner(this.rules));
  }

  private target(): Promise<PoolScanner> | undefined {
    if (!this.big && (++this.jobs > INLINE_JOBS || this.bytes > INLINE_BYTES)) {
      this.big = true;
      this.prepare();
    }
    return this.big ? this.pool : undefined;
  }

  /**
   * Workers boot (~100 ms) while the caller walks; a scan that stays small still runs
   * inline, and closing an unused pool only stops its threads.
   */
  prepare(): void {
    this.pool ??= startPool(this.rules, this.threads, this.workerFile);
  }

  detectHere(data: Buffer, path: string): DetectReport {
    return this.inline.detectHere(data, path);
  }

  async scanFiles(jobs: FileJob[]): Promise<FileResult[]> {
    // A full batch already shows a big scan: it goes to the pool, not through this thread.
    this.jobs += jobs.length;
    const pool = this.target();
    if (pool) return (await pool).scanFiles(jobs);
    const r = await this.inline.scanFiles(jobs);
    for (const x of r) if (x.status === "ok") this.bytes += x.bytes;
    return r;
  }

  async scanBuffer(data: Buffer, path: string): Promise<DetectReport> {
    const pool = this.target();
    if (pool) return (await pool).scanBuffer(data, path);
    this.bytes += data.length;
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
  const early = takeEarlyPool(threads);
  if (threads <= 1 || !existsSync(file)) {
    await early?.discard();
    return new InlineScanner(rules);
  }
  return new AdaptiveScanner(rules, threads, file, early?.adopt(rules));
}

/**
 * A pool started at process start, before the config (and so the rules) is read: its
 * workers boot in parallel with argument parsing and config loading, then wait for the
 * rules on a BroadcastChannel (a worker that starts late asks for them).
 */
interface EarlyPool {
  threads: number;
  adopt(rules: RuleSpec[]): Promise<PoolScanner>;
  discard(): Promise<void>;
}

let earlyPool: EarlyPool | undefined;

/** Starts worker threads for a scan that is about to begin (`leakguard scan DIR`). */
export function prestartPool(threads = defaultThreads()): void {
  const file = workerFile();
  if (earlyPool || threads <= 1 || !existsSync(file)) return;
  const channelName = `leakguard-rules-${process.pid}-${threads}`;
  const channel = new BroadcastChannel(channelName);
  channel.unref();
  let shared: RuleSpec[] | undefined;
  channel.onmessage = (e: MessageEvent) => {
    if (shared && e.data === RULES_REQUEST) channel.postMessage(shared);
  };
  const pool = import("piscina").then(({ Piscina }) => newPool(Piscina, { filename: file, workerData: { rulesChannel: channelName }, threads }));
  earlyPool = {
    threads,
    adopt(rules) {
      shared = rules.map(withoutExamples);
      channel.postMessage(shared);
      return pool.then((p) => new PoolScanner(p, threads, () => channel.close()));
    },
    async discard() {
      channel.close();
      await (await pool).destroy();
    },
  };
}

/** The early pool, if it was started with this many threads; any other one is closed. */
function takeEarlyPool(threads: number): EarlyPool | undefined {
  const early = earlyPool;
  earlyPool = undefined;
  if (!early || early.threads === threads) return early;
  void early.discard();
  return undefined;
}

/** Closes an early pool that no scan took (the command failed, or never scanned). */
export async function discardEarlyPool(): Promise<void> {
  const early = earlyPool;
  earlyPool = undefined;
  await early?.discard();
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
