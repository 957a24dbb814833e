// A scan session: the resolved config, the worker pool, the filters, the stats and a
// result cache, fed by one or more sources. It returns findings and stats; it never
// prints, exits or revokes (warnings go to the caller's `warn`).
import { readFileSync } from "node:fs";
import type { Candidate, Confidence, Finding, ScanStats, VerificationStatus } from "../types.js";
import { dropBelowConfidence } from "../filter/confidence.js";
import { countStat, emptyStats, UsageError } from "../types.js";
import { loadConfig } from "../config/resolve.js";
import { DEFAULT_MAX_FILE_SIZE, type ConfigFiles, type ResolvedConfig } from "../config/settings.js";
import { createScanner, type Scanner } from "../detect/pool.js";
import { spanTouches } from "../detect/change-scan.js";
import type { FileResult } from "../detect/file-job.js";
import type { DetectReport } from "../detect/detector.js";
import { binaryFileCandidates } from "../detect/parsers/sensitive-file.js";
import { fileContext } from "../detect/context/file-role.js";
import { legacyFingerprint, toFinding, type SecretHasher } from "../detect/fingerprint.js";
import { envKey, lazyHasher } from "./hash-key.js";
import { FindingFilter } from "../filter/index.js";
import { IGNORE_FILE_NAME, parseIgnoreFile } from "../filter/ignore-file.js";
import { parseBaseline } from "../filter/baseline.js";
import { GITLEAKS_IGNORE_NAME, parseGitleaksIgnore } from "../filter/gitleaks-ignore.js";
import { gitleaksConfigNotice } from "../config/gitleaks-notice.js";
import { chunkBytes, type FileRef, type Source, type SourceChunk, type SourceContext, type SourceItem } from "./source.js";
import type { VerifyOptions } from "../verify/verifier.js";
import { comparePlaces } from "./result.js";
import { FindingStore, findingsView } from "./finding-store.js";

export interface SessionOptions {
  /** Scan root: where `.leakguard.toml` and `.leakguardignore` are read when nothing else is given. */
  root: string;
  /** Explicit --config file. */
  configFile?: string;
  /** Config (and what it extends) from a trusted revision; wins over the root's files. */
  config?: ConfigFiles;
  /** `.leakguardignore` text from elsewhere; null = none; undefined = `<root>/.leakguardignore`. */
  ignoreText?: string | null;
  baselineFile?: string;
  /** Baseline JSON from elsewhere (a base commit); wins over baselineFile. */
  baselineText?: string;
  /** Worker threads; 1 scans in the calling thread (fastest start-up). */
  threads?: number;
  /** Overrides the config's scan.maxFileSize. */
  maxFileSize?: number;
  /** Where warnings go (unreadable files, missing blobs); the shell decides. */
  warn: (message: string) => void;
  /** Findings below this confidence are dropped and counted (default: keep all). */
  minConfidence?: Confidence;
  /** Check found secrets with their providers (opt-in; never for hooks). */
  verify?: VerifyOptions;
  /** Report only findings with these verification statuses (needs `verify`). */
  results?: ReadonlySet<VerificationStatus>;
  /**
   * A scanner built once for many sessions with the same rules (an organisation audit:
   * building the detector costs more than scanning a small repository). The session
   * neither builds nor closes it.
   */
  scanner?: Scanner;
  /** Remote and organisation audits: the repository every finding names. */
  repository?: string;
  /** false: never write a fingerprint key into the root (standard input is no repository). */
  createKey?: boolean;
}

export interface ScanResult {
  /**
   * In report order (see result.ts). Secrets in clear: redact before showing. A scan's
   * result is a read-only view that builds each finding when it is read (see finding-store.ts).
   */
  findings: Finding[];
  stats: ScanStats;
  /** What the summary counts ("files", "blobs"). */
  unit: string;
  config: ResolvedConfig;
  /** Secrets found in each commit's message (by commit id): every report redacts them in `message`. */
  messageSecrets: ReadonlyMap<string, readonly string[]>;
  /** Ignore or baseline entries from before keyed hashes that matched, and their keyed form (`leakguard rekey`). */
  legacyMatches?: ReadonlyMap<string, string>;
}

/** Chunks up to this size are scanned in the calling thread: a worker round trip costs more. */
const INLINE_SCAN_LIMIT = 64 * 1024;
/** Bytes of chunks being scanned at once, and chunks at most (memory stays bounded). */
const CHUNK_BYTES_IN_FLIGHT = 16 * 1024 * 1024;
const MAX_IN_FLIGHT = 4096;

function readOptional(path: string): string | null {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return null;
  }
}

function readBaseline(o: SessionOptions): Set<string> | undefined {
  if (o.baselineText !== undefined) return parseBaseline(o.baselineText, "baseline");
  if (!o.baselineFile) return undefined;
  let text: string;
  try {
    text = readFileSync(o.baselineFile, "utf8");
  } catch (err) {
    throw new UsageError(`${o.baselineFile}: cannot read baseline (${(err as NodeJS.ErrnoException).code ?? err})`);
  }
  return parseBaseline(text, o.baselineFile);
}

export class ScanSession {
  readonly stats: ScanStats = emptyStats();
  private readonly findings = new FindingStore();
  /** Secrets found in each commit's message (by commit id). */
  private readonly messageSecrets = new Map<string, string[]>();
  /** Candidates per cache key (a blob id; with the path when rules depend on it). */
  private readonly cache = new Map<string, Candidate[] | Promise<Candidate[]>>();
  private readonly pathSensitive: boolean;
  private readonly allowlisted = new Set<string>();
  private readonly maxFileSize: number;
  private readonly startedAt = performance.now();
  private unit = "files";
  /** Notes from resolving the hash key (filled when the first finding is hashed). */
  private keyNotes: string[] = [];

  private constructor(
    readonly config: ResolvedConfig,
    private readonly scanner: Scanner,
    private readonly filter: FindingFilter,
    private readonly o: SessionOptions,
    private readonly hash: SecretHasher,
  ) {
    this.pathSensitive = config.rules.some((r) => (r.allowlist?.paths?.length ?? 0) > 0);
    this.maxFileSize = o.maxFileSize ?? config.scan.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  }

  static async open(o: SessionOptions): Promise<ScanSession> {
    const config = await loadConfig({ root: o.root, configFile: o.configFile, files: o.config });
    const ignoreText = o.ignoreText === undefined ? readOptional(`${o.root}/${IGNORE_FILE_NAME}`) : o.ignoreText;
    envKey(process.env); // a bad key fails before the scan
    const notes: string[] = [];
    const hash = lazyHasher({
      env: process.env,
      ignoreText,
      // Only a plain scan of its own folder may add a key there; checks that read a trusted revision never write.
      root: o.ignoreText === undefined && o.createKey !== false ? o.root : undefined,
      note: (text) => notes.push(text),
    });
    const filter = new FindingFilter({
      legacyFingerprint,
      allowlist: config.allowlist,
      ignored: ignoreText ? parseIgnoreFile(ignoreText) : new Set(),
      baseline: readBaseline(o),
      // Only beside a plain scan's own files: checks that read their ignore file from a
      // trusted revision (staged, pull requests, pushes) pass ignoreText and skip it.
      gitleaksIgnore: o.ignoreText === undefined ? parseGitleaksIgnore(readOptional(`${o.root}/${GITLEAKS_IGNORE_NAME}`) ?? "") : undefined,
    });
    const session = new ScanSession(config, o.scanner ?? (await createScanner(config.rules, o.threads)), filter, o, hash);
    session.keyNotes = notes;
    const notice = gitleaksConfigNotice(o.root, o.configFile !== undefined || o.config !== undefined);
    if (notice) session.stats.notes.push(notice);
    return session;
  }

  /** Scans everything the source yields, with bounded work in flight. */
  async scan(source: Source): Promise<void> {
    this.unit = source.unit;
    if (source.busyThreads) this.scanner.reserve?.(source.busyThreads(this.scanner.threads));
    const ctx: SourceContext = {
      skip: (path) => this.skip(path),
      stats: this.stats,
      maxFileSize: this.maxFileSize,
      scan: this.config.scan,
      threads: this.scanner.threads,
      warn: this.o.warn,
    };
    const inflight = new Set<Promise<void>>();
    // Worker tasks of files in flight, and bytes of chunks: changed files go to the workers
    // in batches of many, so many chunks must be in flight to fill them.
    const taskLimit = this.scanner.threads * 8;
    let tasks = 0;
    let heldBytes = 0;
    let failure: unknown;
    try {
      for await (const item of source.items(ctx)) {
        for (const one of "chunks" in item ? item.chunks : [item]) {
          const p = this.scanItem(one);
          if (!p) continue;
          const bytes = Array.isArray(one) ? 0 : chunkBytes(one);
          const task = Array.isArray(one) ? 1 : 0;
          tasks += task;
          heldBytes += bytes;
          const tracked: Promise<void> = p
            .catch((err) => void (failure ??= err))
            .finally(() => {
              inflight.delete(tracked);
              tasks -= task;
              heldBytes -= bytes;
            });
          inflight.add(tracked);
          while (tasks >= taskLimit || heldBytes > CHUNK_BYTES_IN_FLIGHT || inflight.size >= MAX_IN_FLIGHT) await Promise.race(inflight);
        }
        if (failure) break;
      }
    } finally {
      await Promise.all(inflight);
      source.close?.();
    }
    if (failure) throw failure;
  }

  /** Ends the session: closes the workers and returns the sorted findings and stats. */
  async finish(): Promise<ScanResult> {
    if (!this.o.scanner) await this.scanner.close();
    const stats = this.stats;
    if (this.allowlisted.size) countStat(stats, "allowlisted paths", this.allowlisted.size);
    stats.findings = this.findings.length;
    stats.durationMs = Math.round(performance.now() - this.startedAt);
    let findings = findingsView(this.findings, this.findings.order(comparePlaces));
    // Verification sets each finding's status: it works on built findings (a verified scan is small).
    if (this.o.verify) findings = await this.verify(Array.from(findings, (f) => ({ ...f })), this.o.verify);
    const messageSecrets = this.messageSecrets;
    stats.findings = findings.length;
    stats.notes.push(...this.keyNotes);
    return { findings, stats, unit: this.unit, config: this.config, messageSecrets, legacyMatches: this.filter.legacyMatches };
  }

  /** Verifies, puts live keys first, and keeps the statuses asked for (all counted). */
  private async verify(findings: Finding[], o: VerifyOptions): Promise<Finding[]> {
    // Loaded only when asked for: scans without --verify (hooks) never pay for it.
    const { Verifier, VERIFICATION_ORDER } = await import("../verify/verifier.js");
    const verifier = new Verifier(o);
    await verifier.verifyAll(findings, this.config.rules);
    for (const [status, n] of Object.entries(verifier.counts)) if (n) countStat(this.stats, status, n);
    const order = (f: Finding) => VERIFICATION_ORDER[f.verification?.status ?? "not-verifiable"];
    const ranked = findings.map((f, i) => ({ f, i })).sort((a, b) => order(a.f) - order(b.f) || a.i - b.i).map((x) => x.f);
    const wanted = this.o.results;
    if (!wanted) return ranked;
    const kept = ranked.filter((f) => wanted.has(f.verification!.status));
    if (kept.length < ranked.length) countStat(this.stats, "not shown (--results)", ranked.length - kept.length);
    return kept;
  }

  /** Closes the workers after a failed scan. */
  async abort(): Promise<void> {
    if (!this.o.scanner) await this.scanner.close();
  }

  private skip(path: string): boolean {
    if (!this.filter.pathAllowed(path)) return false;
    this.allowlisted.add(path);
    return true;
  }

  /** Undefined when the item was handled synchronously. */
  private scanItem(item: SourceChunk | FileRef[]): Promise<void> | undefined {
    if (Array.isArray(item)) {
      const files = item.filter((f) => !this.skip(f.path));
      if (!files.length) return undefined;
      const jobs = files.map((f) => ({ absPath: f.absPath, absPathBytes: f.absPathBytes, path: f.path, maxFileSize: this.maxFileSize }));
      return this.scanner.scanFiles(jobs, (r, i) => this.recordFile(files[i], r));
    }
    if (!item.counted) {
      this.stats.filesScanned++;
      this.stats.bytesScanned += item.data.length;
    }
    const found = this.candidates(item);
    if (Array.isArray(found) && !item.keep) {
      this.collect(item, found, item.lines);
      return undefined;
    }
    return (async () => {
      const cands = await found;
      if (!cands.length) return;
      this.collect(item, cands, item.keep ? await item.keep(cands) : item.lines);
    })();
  }

  /** Candidates of a chunk: from the cache, inline for small data, else from the pool. */
  private candidates(chunk: SourceChunk): Candidate[] | Promise<Candidate[]> {
    const key = chunk.cacheKey === undefined ? undefined : this.pathSensitive ? `${chunk.cacheKey}\0${chunk.path}` : chunk.cacheKey;
    const hit = key === undefined ? undefined : this.cache.get(key);
    if (hit) return hit;
    if (chunk.binary) return binaryFileCandidates(chunk.path, chunk.data, fileContext(chunk.path).role);
    const report = chunk.older
      ? this.scanner.scanChange(chunk.older, chunk.data, chunk.path)
      : chunk.data.length > INLINE_SCAN_LIMIT
        ? this.scanner.scanBuffer(chunk.data, chunk.path)
        : this.scanner.scanSmall(chunk.data, chunk.path);
    const found = report instanceof Promise ? report.then((r) => this.noteReport(chunk.path, r)) : this.noteReport(chunk.path, report);
    if (key !== undefined) {
      this.cache.set(key, found);
      if (!Array.isArray(found)) void found.then((list) => this.cache.set(key, list)).catch(() => this.cache.delete(key));
    }
    return found;
  }

  /** Counts what the detector dropped or stopped on (nothing vanishes silently); returns the candidates. */
  private noteReport(path: string, r: DetectReport): Candidate[] {
    if (r.checksumRejected) countStat(this.stats, "dropped for a failed checksum", r.checksumRejected);
    if (r.overBudget) {
      // A rule stopped early on this file (its match budget): counted, and named.
      countStat(this.stats, "files cut short by a rule's match budget");
      this.o.warn(`${path}: rule ${r.overBudget.join(", ")} stopped at its match budget; later matches not reported`);
    }
    return r.candidates;
  }

  private recordFile(f: FileRef, r: FileResult): void {
    const stats = this.stats;
    if (r.status === "ok") {
      stats.filesScanned++;
      stats.bytesScanned += r.bytes;
      this.collect(f, this.noteReport(f.path, r), undefined);
    } else if (r.status === "binary") {
      stats.skippedBinary++;
      // A key store or password database is itself a finding (sensitive-file).
      if (r.candidates) this.collect(f, r.candidates, undefined);
    }
    else if (r.status === "too-large") stats.skippedTooLarge++;
    else if (r.status === "unreadable" && r.error === "ENOENT" && f.given !== undefined) throw new UsageError(`${f.given}: no such file`);
    else if (r.status === "unreadable") {
      stats.skippedUnreadable++;
      this.o.warn(`${f.given ?? f.path}: unreadable (${r.error})`);
    }
  }

  /** Candidates -> findings: the chunk's line filter, then the user's filters. */
  private collect(chunk: SourceChunk | FileRef, cands: readonly Candidate[], lines: ReadonlySet<number> | undefined): void {
    const meta = "data" in chunk ? chunk : undefined;
    for (const raw of cands) {
      const c = meta?.lineMap ? { ...raw, startLine: meta.lineMap[raw.startLine - 1] ?? raw.startLine, endLine: meta.lineMap[raw.endLine - 1] ?? raw.endLine } : raw;
      if (lines && !spanTouches(lines, c.startLine, c.endLine)) continue;
      if (this.config.disabledParsers?.has(c.ruleId)) continue;
      const f = toFinding(c, chunk.path, this.hash, meta?.commit, meta?.location);
      if (this.o.repository) f.repository = this.o.repository;
      if (this.o.minConfidence && dropBelowConfidence(f, this.o.minConfidence, this.stats)) continue;
      if (this.filter.check(f, c.lineText)) {
        this.stats.suppressed++;
        continue;
      }
      this.findings.add(f);
      if (f.location === "commit-message" && f.commit) this.messageSecrets.set(f.commit, [...(this.messageSecrets.get(f.commit) ?? []), f.secret]);
    }
  }
}
