// The git history source: every commit reachable from the given revisions; each finding
// is attributed to the commit whose added lines hold it.
//
// Two git processes stream side by side:
//   git log --raw -c -z   ids of the blobs each commit changed (tree diffs only; cheap)
//   git cat-file --batch  blob contents (recent ones cached for the next diff)
// A file a commit adds is scanned whole, once per distinct blob id (cached); only big
// blobs go to worker threads (for a source file the round trip costs more than the
// scan). A file a commit changes is diffed against its parent version(s) in-process and
// only the lines it added are scanned: the same line carried along is never scanned or
// reported again, and the detector sees a few hundred bytes per change instead of the
// whole file. (Added lines that look like key material get a whole-blob scan, so an
// edit inside a multi-line key block is still seen.)
import { isBinaryFileSync } from "isbinaryfile";
import { simpleGit } from "simple-git";
import { resolve as resolvePath } from "node:path";
import { existsSync, statSync } from "node:fs";
import type { Candidate, CommitMeta } from "../types.js";
import { countStat, UsageError } from "../types.js";
import { DEFAULT_MAX_FILE_SIZE } from "../config/settings.js";
import { collect, type ScanSession } from "../cmd/pipeline.js";
import { CatFile, GitError, gitEnv, runGit, type GitObject } from "./git-process.js";
import { LOG_FORMAT, logCommits, type ChangedEntry, type LogCommit } from "./git-log.js";
import { addedLines, extractLines } from "./git-diff.js";
import { Detector } from "../detect/detector.js";
import { historyProgress } from "./git-progress.js";

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
 * - `maxFileSize`: blobs larger than this are skipped (default: config or 10 MiB).
 */
export interface HistoryScanOptions {
  repo: string;
  revs: string[];
  since?: string;
  maxCommits?: number;
  logOpts?: string[];
  progress?: boolean;
  env?: NodeJS.ProcessEnv;
  maxFileSize?: number;
}

export interface RepoInfo {
  /** Absolute work tree top level, or the git directory for a bare repository. */
  root: string;
  gitDir: string;
  bare: boolean;
  shallow: boolean;
}

/** Checks that `repo` is a git repository and describes it; UsageError otherwise. */
export async function inspectRepository(repo: string, env?: NodeJS.ProcessEnv): Promise<RepoInfo> {
  const dir = resolvePath(repo);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`${repo}: not a directory`);
  const sg = simpleGit({ baseDir: dir }).env(simpleGitEnv(env));
  let out: string;
  try {
    out = await sg.revparse(["--absolute-git-dir", "--is-bare-repository", "--is-shallow-repository"]);
  } catch (err) {
    throw new UsageError(`${repo}: ${describeGitFailure(err)}`);
  }
  const [gitDir, bare, shallow] = out.split("\n").map((s) => s.trim());
  let root = gitDir;
  if (bare !== "true") {
    try {
      root = (await sg.revparse(["--show-toplevel"])).trim() || gitDir;
    } catch {
      root = gitDir; // inside the .git directory itself
    }
  }
  return { root, gitDir, bare: bare === "true", shallow: shallow === "true" };
}

/**
 * simple-git refuses to run when the environment names an editor, pager, ssh command or
 * config path (a guard against injected helpers); none matter to rev-parse, so drop them.
 */
const SIMPLE_GIT_REFUSED_ENV = /^(editor|pager|prefix|ssh_askpass|git_(askpass|config.*|editor|exec_path|external_diff|pager|proxy_command|template_dir|sequence_editor|ssh|ssh_command))$/i;

function simpleGitEnv(extra?: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(gitEnv(extra))) if (v !== undefined && !SIMPLE_GIT_REFUSED_ENV.test(k)) out[k] = v;
  return out;
}

function describeGitFailure(err: unknown): string {
  const msg = (err as Error)?.message ?? String(err);
  if (/not a git repository/i.test(msg)) return "not a git repository";
  const line = msg.split("\n").find((l) => l.trim()) ?? msg;
  return line.replace(/^(fatal|error): /, "").trim();
}

const PSEUDO_OPTION = /^--(all|not|branches|tags|remotes)(=.*)?$|^--(glob|exclude)=.+$/;

/** Resolves one revision to a commit id; UsageError naming it when unknown. */
async function resolveCommit(rev: string, cwd: string, env?: NodeJS.ProcessEnv): Promise<string> {
  try {
    const out = await runGit(["rev-parse", "--verify", "--quiet", "--end-of-options", `${rev}^{commit}`], { cwd, env });
    const id = out.toString("utf8").trim();
    if (/^[0-9a-f]{40,64}$/.test(id)) return id;
  } catch {
    // reported below
  }
  throw new UsageError(`unknown revision '${rev}'`);
}

/**
 * Turns user revisions into arguments git cannot mistake for options: allowed
 * pseudo-options pass through, everything else becomes commit ids (`^id`, `a..b`, `a...b`).
 */
export async function resolveRevs(revs: string[], cwd: string, env?: NodeJS.ProcessEnv): Promise<string[]> {
  const out: string[] = [];
  for (const rev of revs) {
    if (PSEUDO_OPTION.test(rev)) {
      out.push(rev);
      continue;
    }
    if (!rev) throw new UsageError("empty revision");
    const sym = rev.indexOf("...");
    const dots = sym >= 0 ? sym : rev.indexOf("..");
    if (dots >= 0) {
      const sep = sym >= 0 ? "..." : "..";
      const left = rev.slice(0, dots) || "HEAD";
      const right = rev.slice(dots + sep.length) || "HEAD";
      out.push(`${await resolveCommit(left, cwd, env)}${sep}${await resolveCommit(right, cwd, env)}`);
    } else if (rev.startsWith("^")) {
      out.push("^" + (await resolveCommit(rev.slice(1), cwd, env)));
    } else {
      out.push(await resolveCommit(rev, cwd, env));
    }
  }
  return out;
}

/** git log options that would change the output this source parses. */
const REFUSED_LOG_OPT =
  /^(-p|-u|-U\d*|-z|-m|-c|-M.*|-C.*|-B.*|-R|--$|--end-of-options|--stdin|--(patch|raw|stat|numstat|shortstat|dirstat|summary|name-only|name-status|check|format|pretty|oneline|graph|cc|combined-all-paths|diff-merges|dd|follow|output|binary|patch-with-raw|patch-with-stat|find-renames|find-copies|find-copies-harder|word-diff|color|color-words|ext-diff|textconv|boundary|left-right|reverse|abbrev|full-index|notes|show-notes|show-signature|line-prefix|relative|src-prefix|dst-prefix|no-prefix|walk-reflogs|children|parents|source|decorate|z|no-walk|do-walk|exit-code|quiet|null|break-rewrites|irreversible-delete|show-linear-break|ignore-submodules|submodule)(=.*)?$|^-g$|^-L)/;

export function checkLogOpts(opts: string[]): void {
  for (const o of opts) {
    if (!o.startsWith("-")) throw new UsageError(`--log-opts: '${o}' is not an option (give revisions with --branch or --range)`);
    if (REFUSED_LOG_OPT.test(o)) throw new UsageError(`--log-opts: '${o}' changes the output leakguard reads; not allowed`);
  }
}

/** Author and message of a commit, parsed from the raw commit object. */
export function parseCommitObject(id: string, data: Buffer): CommitMeta {
  const sep = data.indexOf("\n\n");
  const headerText = data.toString("utf8", 0, sep < 0 ? data.length : sep);
  let encoding = "utf-8";
  let author = "";
  let email = "";
  let date = "";
  for (const line of headerText.split("\n")) {
    if (line.startsWith("author ")) {
      const m = /^author (.*?) ?<([^>]*)> (\d+) ([+-])(\d\d)(\d\d)$/.exec(line);
      if (m) {
        author = m[1];
        email = m[2];
        date = isoDate(Number(m[3]), m[4], Number(m[5]), Number(m[6]));
      } else author = line.slice(7);
    } else if (line.startsWith("encoding ")) encoding = line.slice(9).trim();
  }
  const body = sep < 0 ? Buffer.alloc(0) : data.subarray(sep + 2);
  let message: string;
  try {
    message = new TextDecoder(encoding).decode(body);
  } catch {
    message = body.toString("utf8");
  }
  return { commit: id, author, email, date, message: message.trim() };
}

/** `2024-05-01T12:00:00+02:00`, the commit's own offset (what `git log --format=%aI` prints). */
function isoDate(epoch: number, sign: string, hh: number, mm: number): string {
  const offsetMin = (sign === "-" ? -1 : 1) * (hh * 60 + mm);
  const local = new Date((epoch + offsetMin * 60) * 1000).toISOString().slice(0, 19);
  if (local.startsWith("+") || local.length !== 19) return new Date(epoch * 1000).toISOString();
  return `${local}${sign}${String(hh).padStart(2, "0")}:${String(mm).padStart(2, "0")}`;
}

const LFS_POINTER = Buffer.from("version https://git-lfs.github.com/spec/");
const EMPTY: Candidate[] = [];

/**
 * Scans the history selected by `o.revs` into `session` (findings and stats); the caller
 * opens the session and finishes it. Throws UsageError for a bad repository or revision,
 * or a git failure such as a corrupt object; an empty repository is a note.
 */
export async function scanHistory(session: ScanSession, o: HistoryScanOptions): Promise<void> {
  const info = await inspectRepository(o.repo, o.env);
  const cwd = info.gitDir;
  const env = o.env;
  const revs = await resolveRevs(o.revs.length ? o.revs : ["--all"], cwd, env);
  if (revs.every((r) => PSEUDO_OPTION.test(r))) {
    const anyRef = (await runGit(["for-each-ref", "--count=1", "--format=%(refname)"], { cwd, env })).toString().trim();
    // Nothing committed yet is a clean history, not an error (a brand-new repository in CI).
    if (!anyRef) {
      session.stats.notes.push("empty repository: no commits to scan");
      return;
    }
  }
  const logOpts = o.logOpts ?? [];
  checkLogOpts(logOpts);
  if (o.maxCommits !== undefined && (!Number.isInteger(o.maxCommits) || o.maxCommits < 1)) {
    throw new UsageError(`--max-commits: expected a positive integer, got '${o.maxCommits}'`);
  }
  const limits = [
    ...(o.since !== undefined ? [`--since=${o.since}`] : []),
    ...(o.maxCommits !== undefined ? [`--max-count=${o.maxCommits}`] : []),
  ];
  if (info.shallow) session.stats.notes.push("history truncated (shallow clone)");

  const walker = new HistoryWalker(session, cwd, env, o.maxFileSize ?? session.config.scan.maxFileSize ?? DEFAULT_MAX_FILE_SIZE);
  const progress = historyProgress(o.progress === true);
  if (o.progress) {
    runGit(["rev-list", "--count", ...logOpts.filter((x) => x === "--first-parent" || x.startsWith("--author") || x === "--no-merges"), ...limits, ...revs, "--"], { cwd, env })
      .then((out) => progress.setTotal(Number(out.toString().trim()) || 0))
      .catch(() => {});
  }
  const args = [
    "-c",
    "log.showRoot=true",
    "--no-replace-objects",
    "log",
    ...logOpts,
    "--raw",
    "-c",
    "--no-renames",
    "--no-abbrev",
    "--no-color",
    "-z",
    LOG_FORMAT,
    ...limits,
    ...revs,
    "--",
  ];
  try {
    for await (const commit of logCommits(args, { cwd, env })) {
      await walker.commit(commit);
      progress.update(walker.commits, session.stats.filesScanned, session.stats.bytesScanned);
    }
    await walker.drain();
  } catch (err) {
    if (err instanceof GitError) throw new UsageError(`${o.repo}: git log failed: ${err.message}`);
    throw err;
  } finally {
    progress.stop();
    walker.close();
  }
  walker.finishStats();
}

/** Base64-looking line: possibly the inside of a key block, which needs the whole blob. */
const KEY_MATERIAL_LINE = /^[A-Za-z0-9+/=]{40,}\r?$/;
/** Added text above this size goes to the worker pool instead of the main thread. */
const INLINE_SCAN_LIMIT = 64 * 1024;
/** Recently read blobs kept for the next diff that needs them (bytes). */
const CONTENT_CACHE_BYTES = 48 * 1024 * 1024;
/** Above this many bytes of blob data held by tasks, no new task starts. */
const HELD_BYTES_LIMIT = 128 * 1024 * 1024;
/** Blob bytes the task window aims to keep in flight. */
const WINDOW_BYTES = 64 * 1024 * 1024;

type BlobRead = { status: "ok"; data: Buffer } | { status: "missing" | "too-large" | "binary" | "lfs" };

/** Per-run state: caches, in-flight work and counters. */
class HistoryWalker {
  commits = 0;
  private readonly cat: CatFile;
  /** Candidates of whole blobs (files a commit added), per blob id (and path if needed). */
  private readonly blobs = new Map<string, Candidate[] | Promise<Candidate[]>>();
  private readonly metas = new Map<string, Promise<CommitMeta>>();
  private readonly reads = new Map<string, Promise<BlobRead>>();
  private readonly contents = new Map<string, Buffer>();
  private contentBytes = 0;
  private heldBytes = 0;
  /** Blob ids already counted in the stats (each distinct blob counts once). */
  private readonly counted = new Set<string>();
  /** Tasks started and not finished; `wake` resumes the log reader when they drain. */
  private inflight = 0;
  private wake?: () => void;
  /** Running average blob size: the window of tasks shrinks when blobs are big. */
  private avgBlob = 16 * 1024;
  /** Rules with path allowlists make candidates depend on the path, not just the blob. */
  private readonly pathSensitive: boolean;
  private readonly hasMultiline: boolean;
  private readonly detector: Detector;
  private readonly submodules = new Set<string>();
  private readonly allowlisted = new Set<string>();
  private firstError?: unknown;

  constructor(
    private readonly session: ScanSession,
    cwd: string,
    env: NodeJS.ProcessEnv | undefined,
    private readonly maxFileSize: number,
  ) {
    this.cat = new CatFile(cwd, env);
    this.pathSensitive = session.config.rules.some((r) => (r.allowlist?.paths?.length ?? 0) > 0);
    this.hasMultiline = session.config.rules.some((r) => r.multiline === true);
    // Added lines are usually a few hundred bytes: scanning them here is cheaper than a
    // round trip to a worker thread.
    this.detector = new Detector(session.config.rules);
  }

  async commit(c: LogCommit): Promise<void> {
    this.commits++;
    for (const e of c.entries) {
      if (!e.blob) continue; // deleted
      if (e.mode === "160000") {
        this.submodules.add(e.path);
        continue;
      }
      if (e.mode === "120000") continue; // a symlink's blob is its target path, not content
      if (this.session.filter.pathAllowed(e.path)) {
        this.allowlisted.add(e.path);
        continue;
      }
      const sources = e.parentBlobs.filter((b): b is string => b !== undefined);
      this.track(sources.length ? this.changedFile(c, e, e.blob, sources) : this.addedFile(c, e, e.blob));
      // Throttle per entry (one commit may add tens of thousands of files), in bursts so
      // ids reach cat-file in batches rather than one pipe write each.
      const limit = this.window();
      if (this.inflight >= limit || this.heldBytes > HELD_BYTES_LIMIT) await this.until(() => this.inflight <= limit / 2 && this.heldBytes <= HELD_BYTES_LIMIT / 2);
      if (this.firstError) throw this.firstError;
    }
  }

  /** How many tasks may be in flight: ~64 MiB worth of blobs, between 4 and 512. */
  private window(): number {
    return Math.max(4, Math.min(512, Math.floor(WINDOW_BYTES / this.avgBlob)));
  }

  private until(cond: () => boolean): Promise<void> {
    return new Promise((resolve) => {
      const check = () => {
        if (cond() || this.firstError) {
          this.wake = undefined;
          resolve();
        } else this.wake = check;
      };
      check();
    });
  }

  async drain(): Promise<void> {
    await this.until(() => this.inflight === 0);
    if (this.firstError) throw this.firstError;
  }

  close(): void {
    this.cat.close();
  }

  finishStats(): void {
    const stats = this.session.stats;
    stats.commits = this.commits;
    if (this.submodules.size) {
      countStat(this.session.stats, "submodules skipped", this.submodules.size);
      stats.notes.push(`submodules not scanned (${this.submodules.size} gitlink path${this.submodules.size === 1 ? "" : "s"})`);
    }
    if (this.allowlisted.size) countStat(this.session.stats, "allowlisted paths", this.allowlisted.size);
  }

  private track(p: Promise<void>): void {
    this.inflight++;
    p.catch((err) => {
      this.firstError ??= err;
    }).finally(() => {
      this.inflight--;
      this.wake?.();
    });
  }

  /** A path the commit added (no parent has it): the whole blob is new. */
  private async addedFile(c: LogCommit, e: ChangedEntry, blob: string): Promise<void> {
    const cands = await this.candidates(blob, e.path);
    if (!cands.length) return;
    // A file added by a commit that also deleted files holding the same secrets was most
    // likely renamed or moved: diff against those, so the move does not re-report them.
    const sources = c.parents.length === 1 ? await this.renameSources(c, cands) : [];
    if (!sources.length) return this.record(c, e.path, cands, undefined);
    const lines = await this.linesAdded(blob, sources);
    if (lines?.size) await this.record(c, e.path, cands, lines);
  }

  /** A path the commit changed: only the lines it added (relative to every parent) count. */
  private async changedFile(c: LogCommit, e: ChangedEntry, blob: string, sources: string[]): Promise<void> {
    const lines = await this.linesAdded(blob, sources, e.path);
    if (!lines?.size) return;
    const read = await this.read(blob, e.path);
    if (read.status !== "ok") return;
    const region = extractLines(read.data, lines);
    const keyMaterial = this.hasMultiline && region.data.toString("latin1").split("\n").some((l) => KEY_MATERIAL_LINE.test(l));
    if (keyMaterial) {
      // A key block edited in the middle only matches as a whole: scan the whole blob.
      const cands = await this.candidates(blob, e.path);
      if (cands.length) await this.record(c, e.path, cands, lines);
      return;
    }
    const found =
      region.data.length > INLINE_SCAN_LIMIT
        ? await this.session.scanner.scanBuffer(region.data, e.path)
        : this.detector.detect(region.data, e.path);
    if (!found.length) return;
    const mapped = found.map((x) => ({ ...x, startLine: region.lineMap[x.startLine - 1] ?? x.startLine, endLine: region.lineMap[x.endLine - 1] ?? x.endLine }));
    await this.record(c, e.path, mapped, lines);
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
    }
  }

  private async record(c: LogCommit, path: string, cands: Candidate[], lines: Set<number> | undefined): Promise<void> {
    const meta = await this.meta(c.id);
    collect(this.session, { path, commit: meta, lines }, cands);
  }

  /** Candidates in a whole blob, from the cache or by reading and scanning it (once). */
  private candidates(oid: string, path: string): Candidate[] | Promise<Candidate[]> {
    const key = this.pathSensitive ? `${oid}\0${path}` : oid;
    const hit = this.blobs.get(key);
    if (hit) return hit;
    const p = this.scanBlob(oid, path).then((list) => {
      this.blobs.set(key, list.length ? list : EMPTY);
      return list;
    });
    this.blobs.set(key, p);
    return p;
  }

  private async scanBlob(oid: string, path: string): Promise<Candidate[]> {
    const read = await this.read(oid, path);
    if (read.status !== "ok") return EMPTY;
    const data = read.data;
    this.heldBytes += data.length;
    try {
      // Worker threads only for big blobs: for typical source files the round trip (and
      // starting the threads at all) costs more than the scan.
      return data.length > INLINE_SCAN_LIMIT ? await this.session.scanner.scanBuffer(data, path) : this.detector.detect(data, path);
    } finally {
      this.heldBytes -= data.length;
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
      p = this.cat.read(oid, this.maxFileSize).then((obj) => this.classify(oid, obj, path));
      this.reads.set(oid, p);
      void p.finally(() => this.reads.delete(oid)).catch(() => {});
    }
    return p;
  }

  private classify(oid: string, obj: GitObject | undefined, path?: string): BlobRead {
    const stats = this.session.stats;
    const first = !this.counted.has(oid);
    if (first) this.counted.add(oid);
    if (!obj || obj.type !== "blob") {
      if (first) {
        stats.skippedUnreadable++;
        process.stderr.write(`leakguard: warning: ${path ? path + ": " : ""}blob ${oid} is missing or corrupt; skipped\n`);
      }
      return { status: "missing" };
    }
    const data = obj.data;
    if (!data) {
      if (first) stats.skippedTooLarge++;
      return { status: "too-large" };
    }
    if (data.length < 1024 && data.subarray(0, LFS_POINTER.length).equals(LFS_POINTER)) {
      if (first) {
        countStat(stats, "LFS pointers");
      }
      return { status: "lfs" };
    }
    if (data.length && isBinaryFileSync(data, Math.min(data.length, 8192))) {
      if (first) stats.skippedBinary++;
      return { status: "binary" };
    }
    if (first) {
      stats.filesScanned++;
      stats.bytesScanned += data.length;
    }
    this.avgBlob = this.avgBlob * 0.95 + data.length * 0.05;
    if (data.length <= CONTENT_CACHE_BYTES / 16) {
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

  private async renameSources(c: LogCommit, cands: Candidate[]): Promise<string[]> {
    const secrets = new Set(cands.map((x) => x.secret));
    const out: string[] = [];
    for (const d of c.entries) {
      const old = d.parentBlobs[0];
      if (d.blob || !old || d.mode === "160000") continue;
      const theirs = await this.candidates(old, d.path);
      if (theirs.some((x) => secrets.has(x.secret))) out.push(old);
    }
    return out;
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

function allLines(data: Buffer): Set<number> {
  const out = new Set<number>();
  let n = 1;
  for (let i = data.indexOf(10); i >= 0 && i < data.length - 1; i = data.indexOf(10, i + 1)) n++;
  for (let l = 1; l <= n; l++) out.add(l);
  return out;
}
