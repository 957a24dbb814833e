// The git history source: every commit reachable from the given revisions; each finding
// is attributed to the commit whose added lines hold it.
//
// git does the diffing, in as many processes as the scan has threads (history-feed.ts):
//   git rev-list --parents          the commits
//   git diff-tree --stdin -p -U0    per commit, the raw entries and each text file's
//                                   added and removed lines (one process per thread)
//   git diff-tree --stdin -c        merges, raw entries only
//   git cat-file --batch            commit metadata; blobs where a patch is not enough
// A file a commit adds is its added lines, scanned whole once per blob id. A file a
// commit changes is scanned from its added lines that are not a removed line moved; so the
// same line carried along is never reported again. Blobs are read (and diffed in-process)
// only for what the patch cannot show: binary and oversized files, Git LFS pointers, an
// edit inside a key block (matched whole), merges (kept on lines new relative to every
// parent), and every commit a diff-tree process did not answer (a missing blob, counted).
import { isBinaryFileSync } from "isbinaryfile";
import type { Candidate, CommitMeta } from "../types.js";
import { countStat, UsageError } from "../types.js";
import { chunkBytes, type ChunkBatch, type Source, type SourceChunk, type SourceContext, type SourceItem } from "../engine/source.js";
import { CatFile, type GitObject } from "../git/cat-file.js";
import { GitError, runGit } from "../git/process.js";
import { parseCommitObject, type ChangedEntry, type LogCommit } from "../git/log.js";
import type { FilePatch } from "../git/diff-tree.js";
import { CommitFeed, type FedCommit } from "./history-feed.js";
import { inspectRepository, PSEUDO_OPTION, resolveRevs, tryResolveCommit } from "../git/repository.js";
import { addedLines, extractLines, freshLines } from "../detect/line-diff.js";
import { KEY_MATERIAL_LINE } from "../detect/change-scan.js";
import { historyProgress } from "./history-progress.js";
import { isLfsPointer } from "../git/lfs-pointer.js";
import { pathSkipper } from "./excludes.js";
import { decodeUtf16 } from "../detect/utf16.js";

/**
 * What to scan. Used by `leakguard git`, the pre-push guard, the pre-receive hook and the
 * GitHub Action.
 *
 * - `revs`: rev-list arguments, in order: revisions (`main`, `<sha>`, `^<sha>`, `A..B`,
 *   `A...B`) and the pseudo-options `--all`, `--not`, `--branches[=glob]`,
 *   `--tags[=glob]`, `--remotes[=glob]`, `--glob=`, `--exclude=`. Every revision is
 *   resolved to a commit id first (`rev-parse --end-of-options`), so a ref named like an
 *   option can never become one. Examples: `["--all"]`, `["A..B"]`,
 *   `["<new>", "--not", "--remotes"]`.
 * - `since`: `git log --since` date; `maxCommits`: `--max-count`.
 * - `logOpts`: extra `git log` options (one argv item each), e.g. `["--first-parent"]`;
 *   options that change the output format are refused.
 * - `env`: extra environment for every git process, e.g. `GIT_QUARANTINE_PATH` and
 *   `GIT_ALTERNATE_OBJECT_DIRECTORIES` in a pre-receive hook.
 */
export interface HistoryScanOptions {
  repo: string;
  revs: string[];
  since?: string;
  maxCommits?: number;
  logOpts?: string[];
  progress?: boolean;
  env?: NodeJS.ProcessEnv;
}

/** git log options that would change the output this source parses. */
const REFUSED_LOG_OPT =
  /^(-p|-u|-U\d*|-z|-m|-c|-M.*|-C.*|-B.*|-R|--$|--end-of-options|--stdin|--(patch|raw|stat|numstat|shortstat|dirstat|summary|name-only|name-status|check|format|pretty|oneline|graph|cc|combined-all-paths|diff-merges|dd|follow|output|binary|patch-with-raw|patch-with-stat|find-renames|find-copies|find-copies-harder|word-diff|color|color-words|ext-diff|textconv|boundary|left-right|reverse|abbrev|full-index|notes|show-notes|show-signature|line-prefix|relative|src-prefix|dst-prefix|no-prefix|walk-reflogs|children|parents|source|decorate|z|no-walk|do-walk|exit-code|quiet|null|break-rewrites|irreversible-delete|show-linear-break|ignore-submodules|submodule)(=.*)?$|^-g$|^-L)/;

/** git log options that only change how authors print: rev-list refuses them, and metadata comes from the commit objects anyway. */
const DISPLAY_ONLY_OPT = /^--(no-)?(use-)?mailmap$/;

export function checkLogOpts(opts: string[]): void {
  for (const o of opts) {
    if (!o.startsWith("-")) throw new UsageError(`--log-opts: '${o}' is not an option (give revisions with --branch or --range)`);
    if (REFUSED_LOG_OPT.test(o)) throw new UsageError(`--log-opts: '${o}' changes the output leakguard reads; not allowed`);
  }
}


/**
 * The history selected by `o.revs`, as chunks: each file a commit adds, whole (once per
 * blob: the engine caches by blob id), and for each file a commit changes only the lines
 * it added. Throws UsageError for a bad repository or revision, or a git failure such as
 * a corrupt object. A repository with no commits yields nothing and says so in a note.
 */
export function historySource(o: HistoryScanOptions): Source {
  let walker: HistoryWalker | undefined;
  let feed: CommitFeed | undefined;
  return {
    unit: "blobs",
    // The main thread parses the patches and git's diff processes (one per thread) take
    // more CPU than it does: on 2 cores a worker thread only adds its messaging and its
    // own compiled code (1.06× slower, ~50 MB more), so detection stays on the main thread
    // until there are cores to spare (a worker from 4 threads, 3 from 8).
    busyThreads: (threads) => 1 + Math.ceil(threads / 2),
    async *items(ctx: SourceContext): AsyncGenerator<SourceItem> {
      const logOpts = o.logOpts ?? [];
      checkLogOpts(logOpts);
      if (o.maxCommits !== undefined && (!Number.isInteger(o.maxCommits) || o.maxCommits < 1)) {
        throw new UsageError(`--max-commits: expected a positive integer, got '${o.maxCommits}'`);
      }
      const info = await inspectRepository(o.repo, o.env);
      const git = { cwd: info.gitDir, env: o.env };
      let revs = await resolveRevs(o.revs.length ? o.revs : ["--all"], git);
      if (revs.every((r) => PSEUDO_OPTION.test(r))) {
        const anyRef = (await runGit(["for-each-ref", "--count=1", "--format=%(refname)"], git)).toString().trim();
        if (!anyRef) {
          // A detached HEAD with no refs (a CI checkout of FETCH_HEAD) still has history.
          const head = await tryResolveCommit("HEAD", git);
          if (!head) {
            ctx.stats.notes.push("empty repository (no commits)");
            return;
          }
          revs = [head];
        }
      }
      const limits = [
        ...(o.since !== undefined ? [`--since=${o.since}`] : []),
        ...(o.maxCommits !== undefined ? [`--max-count=${o.maxCommits}`] : []),
      ];
      if (info.shallow) ctx.stats.notes.push("history truncated (shallow clone)");

      walker = new HistoryWalker(ctx, info.gitDir, o.env);
      const progress = historyProgress(o.progress === true);
      if (o.progress) {
        const counted = logOpts.filter((x) => x === "--first-parent" || x.startsWith("--author") || x === "--no-merges");
        runGit(["rev-list", "--count", ...counted, ...limits, ...revs, "--"], git)
          .then((out) => progress.setTotal(Number(out.toString().trim()) || 0))
          .catch(() => {});
      }
      const w = walker;
      feed = new CommitFeed(
        { ...git, revList: [...logOpts.filter((x) => !DISPLAY_ONLY_OPT.test(x)), ...limits, ...revs, "--"], processes: ctx.threads ?? 1, maxFileSize: ctx.maxFileSize },
        (ids) => w.prefetch(ids),
        (c) => w.commit(c),
        () => w.notify(),
      );
      try {
        yield* walker.run(feed, () => progress.update(w.commits, ctx.stats.filesScanned, ctx.stats.bytesScanned));
      } catch (err) {
        if (err instanceof GitError) throw new UsageError(`${o.repo}: reading the history failed: ${err.message}`);
        throw err;
      } finally {
        feed.close();
        progress.stop();
      }
      walker.finishStats();
    },
    // After the engine has finished with every chunk: `keep` callbacks read blobs too.
    close() {
      walker?.close();
    },
  };
}

/** Recently read blobs kept for the next diff that needs them (bytes). */
const CONTENT_CACHE_BYTES = 32 * 1024 * 1024;
/** Above this many bytes of blob data held by tasks and queued chunks, no new task starts. */
const HELD_BYTES_LIMIT = 32 * 1024 * 1024;
/** Blob bytes the task window aims to keep in flight. */
const WINDOW_BYTES = 16 * 1024 * 1024;

type BlobRead = { status: "ok" | "binary"; data: Buffer } | { status: "missing" | "too-large" | "lfs" };

/**
 * Per-run state: caches, in-flight reads and diffs, counters. Entries become tasks that
 * run concurrently (cat-file answers in order, diffs wait for both sides); each task
 * queues the chunk it produces, and the source yields queued chunks in between.
 */
class HistoryWalker {
  commits = 0;
  private readonly cat: CatFile;
  private readonly metas = new Map<string, Promise<CommitMeta>>();
  private readonly reads = new Map<string, Promise<BlobRead>>();
  private readonly contents = new Map<string, Buffer>();
  private contentBytes = 0;
  private heldBytes = 0;
  /** Blob ids already counted in the stats (each distinct blob counts once). */
  private readonly counted = new Set<string>();
  /** The paths a directory scan skips (dependencies, lock files...) and the engine rejects. */
  private readonly skip: (path: string, blob: string) => boolean;
  /** Tasks started and not finished; `wake` resumes the reader when one ends or queues. */
  private inflight = 0;
  private wake?: () => void;
  private readonly ready: SourceChunk[] = [];
  /** Blob-reading tasks not started yet (see startLater). */
  private readonly waiting: (() => Promise<void>)[] = [];
  /** Running average blob size: the window of tasks shrinks when blobs are big. */
  private avgBlob = 16 * 1024;
  private readonly submodules = new Set<string>();
  private firstError?: unknown;

  constructor(
    private readonly ctx: SourceContext,
    cwd: string,
    env: NodeJS.ProcessEnv | undefined,
  ) {
    this.cat = new CatFile(cwd, env);
    this.skip = pathSkipper(ctx);
  }

  /**
   * One commit as git listed it. A text file with its patch is scanned from its added
   * lines; anything else (a merge, a binary or oversized file, a patch git could not make)
   * is read blob by blob, a few at a time.
   */
  commit(c: FedCommit): void {
    this.commits++;
    this.track(this.message(c));
    for (const e of c.entries) {
      if (!e.blob) continue; // deleted
      if (e.mode === "160000") {
        this.submodules.add(e.path);
        continue;
      }
      if (e.mode === "120000") continue; // a symlink's blob is its target path, not content
      if (this.skip(e.path, e.blob)) continue;
      const blob = e.blob;
      const sources = e.parentBlobs.filter((b): b is string => b !== undefined);
      const p = e.patch;
      if (p && !p.binary && sources.length <= 1) this.track(this.patched(c, e, blob, sources[0], p));
      // Reads blobs: started by startLater when the window has room (a commit may add thousands).
      else this.waiting.push(() => (sources.length ? this.changedFile(c, e, blob, sources) : this.addedFile(c, e, blob)));
    }
  }

  /**
   * Yields the chunks as commits come in; git's output is left unread (git waits) while
   * too much is in flight, so memory stays bounded whatever the engine's pace.
   */
  async *run(feed: CommitFeed, progress: () => void): AsyncGenerator<ChunkBatch> {
    feed.start();
    for (;;) {
      if (this.firstError) throw this.firstError;
      if (feed.failure) throw feed.failure;
      this.startLater();
      yield* this.flush();
      progress();
      if (feed.finished && this.inflight === 0 && !this.waiting.length && !this.ready.length) return;
      const limit = this.window();
      if (this.inflight + this.waiting.length >= limit || this.heldBytes > HELD_BYTES_LIMIT) feed.pause();
      else if (this.inflight + this.waiting.length <= limit / 2 && this.heldBytes <= HELD_BYTES_LIMIT / 2) feed.resume();
      // Commits and chunks that came while the engine held the last batch: their notify
      // found no waiter, so start what they queued before waiting.
      this.startLater();
      if (this.ready.length) continue;
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  /** How many tasks may be in flight: ~16 MiB worth of blobs, between 4 and 512. */
  private window(): number {
    return Math.max(4, Math.min(512, Math.floor(WINDOW_BYTES / this.avgBlob)));
  }

  private startLater(): void {
    const limit = this.window();
    while (this.waiting.length && this.inflight < limit && this.heldBytes <= HELD_BYTES_LIMIT) this.track(this.waiting.shift()!());
  }

  /** Everything queued, as one batch (a hop through async iteration per chunk costs more). */
  private *flush(): Generator<ChunkBatch> {
    if (!this.ready.length) return;
    const chunks = this.ready.splice(0);
    for (const c of chunks) this.heldBytes -= chunkBytes(c);
    yield { chunks };
  }

  private emit(chunk: SourceChunk): void {
    this.heldBytes += chunkBytes(chunk);
    this.ready.push(chunk);
    this.notify();
  }

  notify(): void {
    const w = this.wake;
    this.wake = undefined;
    w?.();
  }

  close(): void {
    this.cat.close();
  }

  finishStats(): void {
    const stats = this.ctx.stats;
    stats.commits = this.commits;
    if (this.submodules.size) {
      countStat(stats, "submodules skipped", this.submodules.size);
      stats.notes.push(`submodules not scanned (${this.submodules.size} gitlink path${this.submodules.size === 1 ? "" : "s"})`);
    }
  }

  private track(p: Promise<void>): void {
    this.inflight++;
    p.catch((err) => {
      this.firstError ??= err;
    }).finally(() => {
      this.inflight--;
      this.notify();
    });
  }

  /** The commit's message: people paste tokens into messages too. */
  private async message(c: LogCommit): Promise<void> {
    const commit = await this.meta(c.id);
    if (commit.message) this.emit({ path: "", data: Buffer.from(commit.message, "utf8"), commit, location: "commit-message", counted: true });
  }

  /** A path the commit added (no parent has it): the whole blob is new. */
  private async addedFile(c: LogCommit, e: ChangedEntry, blob: string): Promise<void> {
    return this.added(c, e, blob, await this.read(blob, e.path));
  }

  private async added(c: LogCommit, e: ChangedEntry, blob: string, read: BlobRead): Promise<void> {
    if (read.status === "binary") return this.binaryFile(c, e, blob, read.data);
    if (read.status !== "ok") return;
    const commit = await this.meta(c.id);
    // A file added by a commit that also deleted files holding the same secrets was most
    // likely renamed or moved: only lines new relative to those count.
    const moved = c.parents.length === 1 && c.entries.some((d) => !d.blob && d.parentBlobs[0]);
    this.emit({
      path: e.path,
      data: read.data,
      commit,
      cacheKey: blob,
      counted: true,
      ...(moved ? { keep: (cands: readonly Candidate[]) => this.linesNotMoved(c, blob, cands) } : {}),
    });
  }

  /**
   * A text file with its patch. Added: the added lines are the file, byte for byte.
   * Changed: the added lines whose content the removed ones do not hold as often (what
   * `freshLines` finds) are scanned, numbered as lines of the new file; candidates on a
   * line moved within the file are dropped afterwards (the line diff of the removed lines
   * against the added ones). Lines that look like the inside of a key block need the
   * whole file, so those go through the blobs.
   */
  private async patched(c: FedCommit, e: ChangedEntry, blob: string, older: string | undefined, p: FilePatch): Promise<void> {
    if (!older) return this.added(c, e, blob, this.classify(blob, { oid: blob, type: "blob", size: p.plus.length, data: p.plus }, e.path, false));
    if (looksLikeLfsPointer(p.plus)) return this.changedFile(c, e, blob, [older]);
    this.countText(blob, p.plus.length);
    if (!p.plus.length) return; // only deletions
    let region: ReturnType<typeof extractLines> | undefined;
    // Lines only added (nothing removed) are all fresh.
    if (p.minus.length) {
      const fresh = freshLines(p.minus, p.plus);
      if (!fresh?.size) return; // only moves
      if (fresh.size < p.plusLines.length) region = extractLines(p.plus, fresh);
    }
    const data = region ? region.data : p.plus;
    if (p.maybeKeyMaterial && KEY_MATERIAL_LINE.test(data.toString("latin1"))) return this.changedFile(c, e, blob, [older]);
    const commit = await this.meta(c.id);
    this.emit({
      path: e.path,
      data,
      lineMap: region ? region.lineMap.map((i) => p.plusLines[i - 1]) : p.plusLines,
      commit,
      cacheKey: `${older}..${blob}`,
      counted: true,
      ...(p.minus.length ? { keep: async () => new Set([...addedLines(p.minus, p.plus)].map((i) => p.plusLines[i - 1])) } : {}),
    });
  }

  /** A blob scanned from its patch: counted once, by the bytes of its added lines. */
  private countText(oid: string, bytes: number): void {
    if (this.counted.has(oid)) return;
    this.counted.add(oid);
    this.ctx.stats.filesScanned++;
    this.ctx.stats.bytesScanned += bytes;
  }

  /** A binary version a commit introduced: the engine runs only its whole-file checks (key stores). */
  private async binaryFile(c: LogCommit, e: ChangedEntry, blob: string, data: Buffer): Promise<void> {
    this.emit({ path: e.path, data, commit: await this.meta(c.id), cacheKey: blob, counted: true, binary: true });
  }

  /** Lines of an added blob not carried over from a file the same commit deleted. */
  private async linesNotMoved(c: LogCommit, blob: string, cands: readonly Candidate[]): Promise<ReadonlySet<number> | undefined> {
    const sources: string[] = [];
    for (const d of c.entries) {
      const old = d.parentBlobs[0];
      if (d.blob || !old || d.mode === "160000") continue;
      const r = await this.read(old);
      if (r.status !== "ok") continue;
      // A decoded candidate's match is its encoded form, which is what the old file holds.
      if (cands.some((x) => r.data.includes(x.secret) || r.data.includes(x.match))) sources.push(old);
    }
    if (!sources.length) return undefined;
    return (await this.linesAdded(blob, sources)) ?? new Set();
  }

  /**
   * A path the commit changed. From one parent: the lines whose content the new blob
   * holds more often than the parent's version (a superset of the added lines, found by
   * hashing each line once, no diff) are scanned, once per (old, new) pair; only when they
   * hold candidates is the line diff computed, to keep the candidates on added lines. Most
   * changes hold none, so most need no diff. A merge's change is scanned whole (once per
   * blob) and its candidates kept on lines new relative to every parent.
   */
  private async changedFile(c: LogCommit, e: ChangedEntry, blob: string, sources: string[]): Promise<void> {
    const read = await this.read(blob, e.path);
    if (read.status === "binary") return this.binaryFile(c, e, blob, read.data);
    if (read.status !== "ok") return;
    const older = sources.length === 1 ? await this.read(sources[0]) : undefined;
    const commit = await this.meta(c.id);
    if (older?.status === "ok") {
      // The engine keeps the candidates on lines this commit added (in worker threads).
      this.emit({ path: e.path, data: read.data, older: older.data, commit, cacheKey: `${sources[0]}..${blob}`, counted: true });
      return;
    }
    // A merge: the whole blob, candidates kept on lines new relative to every parent. The
    // parent's version unreadable (missing, binary, too large): every line is new.
    const keep = async () => (await this.linesAdded(blob, sources, e.path)) ?? new Set<number>();
    const all = sources.length === 1;
    this.emit({ path: e.path, data: read.data, commit, cacheKey: blob, counted: true, ...(all ? {} : { keep }) });
  }

  /** Lines of `blob` added relative to every source; undefined when the blob is not text. */
  private async linesAdded(blob: string, sources: string[], path?: string): Promise<Set<number> | undefined> {
    const newer = await this.read(blob, path);
    if (newer.status !== "ok") return undefined;
    this.heldBytes += newer.data.length;
    try {
      let lines: Set<number> | undefined;
      for (const s of sources) {
        const older = await this.read(s);
        const added = older.status === "ok" ? addedLines(older.data, newer.data) : allLines(newer.data);
        lines = lines ? new Set([...lines].filter((l) => added.has(l))) : added;
        if (lines.size === 0) break;
      }
      return lines;
    } finally {
      this.heldBytes -= newer.data.length;
      this.notify(); // the reader may be waiting for held bytes to drop
    }
  }

  /**
   * Reads a blob once per run where possible (recent contents are cached for the diffs
   * that follow) and classifies it; each distinct blob is counted once in the stats.
   */
  private read(oid: string, path?: string): Promise<BlobRead> {
    const cached = this.contents.get(oid);
    if (cached) {
      this.contents.delete(oid); // refresh its place in the LRU order
      this.contents.set(oid, cached);
      return Promise.resolve({ status: "ok", data: cached });
    }
    let p = this.reads.get(oid);
    if (!p) {
      p = this.cat.read(oid, this.ctx.maxFileSize).then((obj) => this.classify(oid, obj, path));
      this.reads.set(oid, p);
      void p.finally(() => this.reads.delete(oid)).catch(() => {});
    }
    return p;
  }

  private classify(oid: string, obj: GitObject | undefined, path?: string, cache = true): BlobRead {
    const stats = this.ctx.stats;
    const first = !this.counted.has(oid);
    if (first) this.counted.add(oid);
    if (!obj || obj.type !== "blob") {
      if (first) {
        stats.skippedUnreadable++;
        this.ctx.warn(`${path ? path + ": " : ""}blob ${oid} is missing or corrupt; skipped`);
      }
      return { status: "missing" };
    }
    const raw = obj.data;
    if (!raw) {
      if (first) stats.skippedTooLarge++;
      return { status: "too-large" };
    }
    const data = decodeUtf16(raw) ?? raw;
    if (isLfsPointer(data)) {
      if (first) countStat(stats, "LFS pointers");
      return { status: "lfs" };
    }
    if (data.length && isBinaryFileSync(data, Math.min(data.length, 8192))) {
      if (first) stats.skippedBinary++;
      return { status: "binary", data };
    }
    if (first) {
      stats.filesScanned++;
      stats.bytesScanned += data.length;
    }
    this.avgBlob = this.avgBlob * 0.95 + data.length * 0.05;
    if (cache && data.length <= CONTENT_CACHE_BYTES / 16) {
      this.contents.set(oid, data);
      this.contentBytes += data.length;
      while (this.contentBytes > CONTENT_CACHE_BYTES) {
        const [old, buf] = this.contents.entries().next().value as [string, Buffer];
        this.contents.delete(old);
        this.contentBytes -= buf.length;
      }
    }
    return { status: "ok", data };
  }

  /** Asks cat-file for these commits now, in one write, so their metadata is there when their diffs are. */
  prefetch(ids: readonly string[]): void {
    for (const id of ids) void this.meta(id).catch(() => {});
  }

  private meta(id: string): Promise<CommitMeta> {
    let p = this.metas.get(id);
    if (!p) {
      p = this.cat.read(id).then((obj) =>
        obj?.data && obj.type === "commit" ? parseCommitObject(id, obj.data) : { commit: id, author: "", email: "", date: "", message: "" },
      );
      this.metas.set(id, p);
    }
    return p;
  }
}

/** A changed Git LFS pointer: its blobs are read, so the pointer is recognised and counted. */
function looksLikeLfsPointer(plus: Buffer): boolean {
  return plus.length < 1024 && /^oid sha256:[0-9a-f]{64}$/m.test(plus.toString("latin1"));
}

function allLines(data: Buffer): Set<number> {
  const out = new Set<number>();
  let n = 1;
  for (let i = data.indexOf(10); i >= 0 && i < data.length - 1; i = data.indexOf(10, i + 1)) n++;
  for (let l = 1; l <= n; l++) out.add(l);
  return out;
}
