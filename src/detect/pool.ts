// Runs the detector on all cores: worker threads when more than one thread is asked for
// (and the compiled worker exists), the calling thread otherwise.
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import type { RuleSpec } from "../types.js";
import { Detector, type DetectReport } from "./detector.js";
import { scanFileWith, type FileJob, type FileResult } from "./file-job.js";
import { WORKER_LOADED, type ChangeReports, type ChangesTask, type WorkerInit, type WorkerTask } from "./worker-init.js";
import { scanChange, type ChangeReport } from "./change-scan.js";
import { changedMiddle, countNewlines } from "./line-diff.js";

export interface Scanner {
  readonly threads: number;
  /**
   * The caller keeps this many threads busy itself (the history source: its main thread
   * and git's processes): the pool, not started yet, starts that many fewer workers, and
   * none when no thread is left (the scan stays in the calling thread).
   */
  reserve?(busy: number): void;
  /**
   * Several small files in one task: less messaging per byte. Each file's result goes to
   * `found` with its job's index as soon as it is back, so a batch of big files full of
   * findings is never held whole.
   */
  scanFiles(jobs: FileJob[], found: FileFound): Promise<void>;
  scanBuffer(data: Buffer, path: string): Promise<DetectReport>;
  /**
   * A small chunk: scanned in the calling thread, now, until the scan is big enough for
   * worker threads; then batched with others into one worker task (a round trip each
   * would cost more than the scan).
   */
  scanSmall(data: Buffer, path: string): DetectReport | Promise<DetectReport>;
  /** Candidates in `newer` on lines added relative to `older` (a file a commit changed). */
  scanChange(older: Buffer, newer: Buffer, path: string): Promise<DetectReport>;
  close(): Promise<void>;
}

/** Receives one file's result; may throw (the scan then fails with that error). */
export type FileFound = (result: FileResult, index: number) => void;

export function defaultThreads(): number {
  return Math.max(1, Math.min(availableParallelism(), 8));
}

class InlineScanner implements Scanner {
  readonly threads = 1;
  private readonly detector: Detector;
  constructor(rules: RuleSpec[]) {
    this.detector = new Detector(rules);
  }
  async scanFiles(jobs: FileJob[], found: FileFound): Promise<void> {
    jobs.forEach((j, i) => found(scanFileWith(this.detector, j), i));
  }
  async scanBuffer(data: Buffer, path: string): Promise<DetectReport> {
    return this.detector.detectReport(data, path);
  }
  scanSmall(data: Buffer, path: string): DetectReport {
    return this.detector.detectReport(data, path);
  }
  async scanChange(older: Buffer, newer: Buffer, path: string): Promise<DetectReport> {
    return scanChange(this.detector, older, newer, path, true);
  }
  async close(): Promise<void> {}
}

interface PoolLike {
  run(task: WorkerTask, transferList?: ArrayBuffer[]): Promise<FileResult & FileResult[] & ChangeReports>;
  destroy(): Promise<void>;
}

const EMPTY = Buffer.alloc(0);

/** Changed-file bytes per worker task: one round trip per file would cost more than most scans. */
const CHANGE_BATCH_BYTES = 1 << 20;
const CHANGE_BATCH_JOBS = 512;
/** Below this, a batch waits for a running task to finish rather than wake another thread. */
const CHANGE_BATCH_MIN_BYTES = 128 * 1024;

interface PendingChange {
  older: Buffer;
  newer: Buffer;
  path: string;
  resolve: (r: ChangeReport) => void;
  reject: (e: unknown) => void;
}

/**
 * Collects changed files into worker tasks. A task goes when it holds enough bytes, or
 * when a thread would otherwise sit idle; while threads are busy, files wait and batch
 * up (one message per file would cost the main thread more than the files do).
 * A task's bytes are copied into one arena that is moved, not cloned, to the worker (a
 * cloned Buffer view would take its whole backing store along).
 */
class ChangeBatches {
  private pending: PendingChange[] = [];
  private bytes = 0;
  private scheduled = false;
  private running = 0;

  constructor(
    private readonly pool: PoolLike,
    private readonly threads: number,
    private readonly whole: boolean,
  ) {}

  add(older: Buffer, newer: Buffer, path: string): Promise<ChangeReport> {
    return new Promise((resolve, reject) => {
      this.pending.push({ older, newer, path, resolve, reject });
      this.bytes += older.length + newer.length;
      if (this.bytes >= CHANGE_BATCH_BYTES || this.pending.length >= CHANGE_BATCH_JOBS) this.flush();
      else if (this.idleThread() && !this.scheduled) {
        this.scheduled = true;
        setImmediate(() => {
          this.scheduled = false;
          if (this.idleThread()) this.flush();
        });
      }
    });
  }

  private flush(): void {
    if (!this.pending.length) return;
    const batch = this.pending;
    // Not zero-filled: every byte is written below.
    const view = Buffer.allocUnsafeSlow(this.bytes);
    this.pending = [];
    this.bytes = 0;
    let at = 0;
    const spans = new Int32Array(batch.length * 4);
    batch.forEach((p, i) => {
      spans[4 * i] = at;
      spans[4 * i + 1] = at += p.older.copy(view, at);
      spans[4 * i + 2] = at;
      spans[4 * i + 3] = at += p.newer.copy(view, at);
    });
    const arena = view.buffer as ArrayBuffer;
    this.running++;
    const task: ChangesTask = { kind: "changes", arena, spans, paths: batch.map((p) => p.path).join("\0"), whole: this.whole };
    this.pool.run(task, [arena, spans.buffer as ArrayBuffer]).then(
      (answer) => {
        this.settled();
        const { index, reports } = answer as ChangeReports;
        let k = 0;
        batch.forEach((p, i) => p.resolve(index[k] === i ? reports[k++] : { candidates: [] }));
      },
      (err: unknown) => {
        this.settled();
        batch.forEach((p) => p.reject(err));
      },
    );
  }

  /**
   * Whether what waits should go now, on the next turn: always when nothing runs (no
   * completion would send it); to a second idle thread only once it is worth a message.
   */
  private idleThread(): boolean {
    return this.running === 0 || (this.running < this.threads && this.bytes >= CHANGE_BATCH_MIN_BYTES);
  }

  /** A thread is free: what waited goes now. */
  private settled(): void {
    this.running--;
    this.flush();
  }
}

class PoolScanner {
  /** Only the changed middles of the two versions travel (their shared head and tail cannot hold new lines). */
  private readonly middles: ChangeBatches;
  /** Both versions whole: for the rare change that looks like the inside of a key block. */
  private readonly wholes: ChangeBatches;

  constructor(
    private readonly pool: PoolLike,
    readonly threads: number,
  ) {
    this.middles = new ChangeBatches(pool, threads, false);
    this.wholes = new ChangeBatches(pool, threads, true);
  }

  async scanChange(older: Buffer, newer: Buffer, path: string): Promise<DetectReport> {
    if (!older.length) return this.middles.add(older, newer, path);
    const m = changedMiddle(older, newer);
    if (!m) return { candidates: [] };
    const r = await this.middles.add(older.subarray(m.start, m.olderEnd), newer.subarray(m.start, m.end), path);
    if (r.needsWhole) return this.wholes.add(older, newer, path);
    if (!r.candidates.length || m.start === 0) return r;
    // Lines of the middle -> lines of the file (counted only when something was found).
    const base = countNewlines(newer, m.start);
    return { ...r, candidates: r.candidates.map((c) => ({ ...c, startLine: c.startLine + base, endLine: c.endLine + base })) };
  }

  /** A worker scans a task's files up to its limits (see scanFilesWith); the rest go again. */
  async scanFiles(jobs: FileJob[], found: FileFound): Promise<void> {
    for (let from = 0; from < jobs.length; ) {
      const results = await this.pool.run({ kind: "files", jobs: from ? jobs.slice(from) : jobs });
      results.forEach((r, i) => found(r, from + i));
      from += results.length;
    }
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
  /** Threads the source keeps busy (see Scanner.reserve). */
  private busy = 0;

  constructor(
    private readonly rules: RuleSpec[],
    readonly threads: number,
    private readonly workerFile: string,
  ) {}

  /** Built on first use: a scan that goes straight to the pool never compiles it here. */
  private get inline(): InlineScanner {
    return (this.inlineScanner ??= new InlineScanner(this.rules));
  }

  reserve(busy: number): void {
    this.busy = busy;
  }

  /** The pool, started when the scan passes the inline limits; undefined before. */
  private target(): Promise<PoolScanner> | undefined {
    const workers = this.threads - this.busy;
    if (!this.pool && workers >= 1 && (this.jobs >= INLINE_JOBS || this.bytes > INLINE_BYTES)) {
      this.pool = startPool(this.rules, workers, this.workerFile);
      // Everything goes to the pool from now on: this thread's compiled rules can go.
      this.inlineScanner = undefined;
    }
    return this.pool;
  }

  scanSmall(data: Buffer, path: string): DetectReport | Promise<DetectReport> {
    // Many small chunks (a history's added lines) add up to a big scan too.
    this.bytes += data.length;
    const pool = this.target();
    if (pool) return pool.then((p) => p.scanChange(EMPTY, data, path));
    return this.inline.scanSmall(data, path);
  }

  async scanFiles(jobs: FileJob[], found: FileFound): Promise<void> {
    // A full batch (64 files) already shows a big scan: it goes to the pool, not through this thread.
    this.jobs += jobs.length;
    const pool = this.target();
    if (pool) return (await pool).scanFiles(jobs, found);
    return this.inline.scanFiles(jobs, (r, i) => {
      if (r.status === "ok") this.bytes += r.bytes;
      found(r, i);
    });
  }

  async scanBuffer(data: Buffer, path: string): Promise<DetectReport> {
    this.jobs++;
    this.bytes += data.length;
    const pool = this.target();
    if (pool) return (await pool).scanBuffer(data, path);
    return this.inline.scanBuffer(data, path);
  }

  async scanChange(older: Buffer, newer: Buffer, path: string): Promise<DetectReport> {
    this.jobs++;
    this.bytes += newer.length;
    const pool = this.target();
    if (pool) return (await pool).scanChange(older, newer, path);
    return this.inline.scanChange(older, newer, path);
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
    run: (task, transferList) => pool.run(task, transferList ? { transferList } : {}) as Promise<FileResult & FileResult[] & ChangeReports>,
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
