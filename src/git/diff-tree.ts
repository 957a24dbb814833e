// `git diff-tree --stdin`: commit ids go in, and for each commit come out its changed
// entries (`--raw -z`: ids, modes, paths as bytes) and, for text files, the `-U0` patch:
// git computes the diffs, in as many processes as there are threads, and leakguard reads
// only the lines each commit added. Binary files, files above the size limit (git's
// `core.bigFileThreshold` makes those "binary" too) and merges come without lines; the
// caller reads their blobs instead.
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { GIT_BASE_ARGS, GitError, gitEnv, type GitOptions } from "./process.js";
import { decodePath, parseEntryHeader, type ChangedEntry } from "./log.js";

/** What one file's `-U0` patch says. */
export interface FilePatch {
  /** git judged the file binary (a NUL byte, a `binary` attribute, over the size limit). */
  binary: boolean;
  /** The added lines, each ending in '\n' except a last line git marks "No newline". */
  plus: Buffer;
  /** Line number in the new file of each added line. */
  plusLines: number[];
  /** The removed lines, each ending in '\n'. */
  minus: Buffer;
  /**
   * False when the native reader saw no added line that is a run of 40+ base64
   * characters (the inside of a key block may be one); true when one is, or unknown.
   */
  maybeKeyMaterial: boolean;
}

/**
 * The native hunk reader (src/detect/native/hunks.c): reads the lines inside hunks from
 * `pos` into `plus`/`minus`/`plusLines`, with the parser's state in `state` (HunkState),
 * and returns the position it stopped at.
 */
export type HunkLines = (data: Buffer, pos: number, final: boolean, state: Int32Array, plus: Buffer, minus: Buffer, plusLines: Int32Array) => number;

/** Indexes into the state array HunkLines reads and writes (same order as in hunks.c). */
const enum HunkState {
  NextLine,
  InHunk,
  LastPlus,
  PlusLen,
  MinusLen,
  PlusCount,
  Dropping,
  Room,
  Stop,
  Need,
  KeyLine,
  Size,
}

/** Why HunkLines returned. */
const enum HunkStop {
  /** The line at the position is cut by the end of the data. */
  More,
  /** The line at the position is the JavaScript parser's (a header, a commit id). */
  Other,
  /** A buffer has no room for the line at the position (HunkState.Need bytes). */
  Full,
  /** All the data was read. */
  End,
}

export interface PatchEntry extends ChangedEntry {
  /** Undefined for merges (read without patches) and entries git printed no patch for. */
  patch?: FilePatch;
}

export interface PatchCommit {
  id: string;
  entries: PatchEntry[];
}

/** A growing byte buffer: lines are copied in as they are parsed. */
class ByteSink {
  buf = Buffer.allocUnsafe(16 * 1024);
  length = 0;

  /** Room for `n` more bytes. */
  reserve(n: number): void {
    if (this.length + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.length + n));
    this.buf.copy(next, 0, 0, this.length);
    this.buf = next;
  }

  push(src: Buffer, start: number, end: number): void {
    const n = end - start;
    this.reserve(n + 1);
    const buf = this.buf;
    let at = this.length;
    // Most lines are short: a loop beats a native copy's call cost.
    if (n < 96) for (let i = start; i < end; i++) buf[at++] = src[i];
    else at += src.copy(buf, at, start, end);
    buf[at++] = 10;
    this.length = at;
  }

  /** Drops a trailing '\n' (the line before git's "\ No newline at end of file"). */
  dropNewline(): void {
    if (this.length && this.buf[this.length - 1] === 10) this.length--;
  }

  /** Empties the sink (a big buffer is let go). */
  clear(): void {
    this.length = 0;
    if (this.buf.length > 1024 * 1024) this.buf = Buffer.allocUnsafe(16 * 1024);
  }

  /** A copy of the bytes, and an empty sink. */
  take(): Buffer {
    const out = Buffer.from(this.buf.subarray(0, this.length));
    this.clear();
    return out;
  }
}

/** See DiffTreeParser's `maxCommitBytes`. */
const MAX_COMMIT_PATCH_BYTES = 32 * 1024 * 1024;

/** The new side's first line in `@@ -a[,b] +c[,d] @@`; -1 when the line is not a hunk header. */
function hunkNewStart(d: Buffer, start: number, end: number): number {
  if (d[start + 1] !== 64 || d[start + 2] !== 32 || d[start + 3] !== 45) return -1;
  let i = start + 4;
  while (i < end && d[i] !== 32) i++;
  if (d[i + 1] !== 43) return -1;
  i += 2;
  let n = 0;
  const from = i;
  for (; i < end && d[i] >= 48 && d[i] <= 57; i++) n = n * 10 + d[i] - 48;
  return i > from ? n : -1;
}

function isHex(b: number): boolean {
  return (b >= 48 && b <= 57) || (b >= 97 && b <= 102);
}

/**
 * Whether a commit id starts at `pos` (40 or 64 hex digits, then NUL). One cut by the
 * chunk's end is not seen here; it has no newline either, so the caller waits for more.
 */
function commitIdAt(d: Buffer, pos: number): boolean {
  let i = pos;
  while (i < d.length && i - pos < 64 && isHex(d[i])) i++;
  const n = i - pos;
  return i < d.length && d[i] === 0 && (n === 40 || n === 64);
}

function unexpected(what: string): GitError {
  return new GitError(["diff-tree"], null, `unexpected git diff-tree output: '${what.slice(0, 80)}'`);
}

/**
 * Parses the output of `git diff-tree --stdin --always --raw -z [-p -U0]` as it streams
 * in: NUL-terminated tokens (a commit id, then entry headers and paths), an empty token,
 * then the patch text, one `diff --git` section per entry in the same order.
 */
export class DiffTreeParser {
  private rest?: Buffer;
  private current?: PatchCommit;
  private pending?: Omit<ChangedEntry, "path">;
  private inPatch = false;
  /** Index of the entry whose patch is being read; -1 before the first. */
  private file = -1;
  /** A `diff` section is being read (its patch not stored yet). */
  private open = false;
  /** The section read is a type change's deletion half: the next one is the same entry's. */
  private secondHalf = false;
  private inHunk = false;
  private binary = false;
  private nextLine = 0;
  private lastPlus = false;
  private readonly plus = new ByteSink();
  private readonly minus = new ByteSink();
  /** Line numbers of the added lines: plusLines[0, plusCount). */
  private plusLines = new Int32Array(1024);
  private plusCount = 0;
  /** The native reader's view of the state above (see readHunks). */
  private readonly state = new Int32Array(HunkState.Size);
  /** An added line of this file may be key material (the native reader says when not). */
  private keyLine = false;

  /** Patch bytes kept for the commit being read; past the limit, files get no patch. */
  private commitBytes = 0;
  private dropping = false;

  constructor(
    private readonly onCommit: (c: PatchCommit) => void,
    /**
     * A commit delivers all its patches at once, so one huge commit (a vendored tree
     * imported whole) would be held whole: past this many bytes its remaining files get
     * no patch, and the reader reads their blobs a few at a time instead.
     */
    private readonly maxCommitBytes = MAX_COMMIT_PATCH_BYTES,
    /** Reads the lines inside hunks natively; without it, this class does (same result). */
    private readonly hunkLines?: HunkLines,
  ) {}

  push(chunk: Buffer): void {
    let d = chunk;
    if (this.rest) {
      // Join the cut line (or token) with its end only, not with the whole chunk.
      const nl = chunk.indexOf(10);
      const nul = chunk.indexOf(0);
      const cut = nl < 0 ? nul : nul < 0 ? nl : Math.min(nl, nul);
      const head = Buffer.concat([this.rest, cut < 0 ? chunk : chunk.subarray(0, Math.min(cut + 1, chunk.length))]);
      this.rest = undefined;
      const pos = this.parse(head, false);
      if (cut < 0 || pos < head.length) {
        // Still cut (a long line): keep joining.
        this.rest = cut < 0 ? Buffer.from(head.subarray(pos)) : undefined;
        if (cut >= 0) d = Buffer.concat([head.subarray(pos), chunk.subarray(cut + 1)]);
        else return;
      } else d = chunk.subarray(cut + 1);
    }
    const pos = this.parse(d, false);
    if (pos < d.length) this.rest = Buffer.from(d.subarray(pos));
  }

  /** The stream ended: the last commit is complete. */
  end(): void {
    const d = this.rest;
    this.rest = undefined;
    if (d?.length) {
      const pos = this.parse(d, true);
      if (pos < d.length) throw unexpected(d.toString("latin1", pos));
    }
    this.finishCommit();
  }

  private parse(d: Buffer, final: boolean): number {
    let pos = 0;
    while (pos < d.length) {
      if (this.inPatch) {
        const c = d[pos];
        if (this.hunkLines) {
          const stop = this.readHunks(d, pos, final);
          pos = stop.pos;
          if (stop.why === HunkStop.More) return pos;
          if (stop.why === HunkStop.End) break;
          // HunkStop.Other: the line at pos is this parser's.
        } else if (this.inHunk && (c === 43 || c === 45)) {
          // The hot path: an added or removed line.
          const nl = d.indexOf(10, pos);
          if (nl < 0 && !final) return pos;
          const end = nl < 0 ? d.length : nl;
          this.changedLine(c === 43, d, pos + 1, end);
          pos = end + 1;
          continue;
        }
        if (commitIdAt(d, pos)) {
          this.finishFile();
          this.inPatch = false;
          continue;
        }
        const nl = d.indexOf(10, pos);
        if (nl < 0) {
          if (!final) return pos;
          this.line(d, pos, d.length);
          return d.length;
        }
        this.line(d, pos, nl);
        pos = nl + 1;
        continue;
      }
      const nul = d.indexOf(0, pos);
      if (nul < 0) return pos;
      this.token(d.subarray(pos, nul));
      pos = nul + 1;
    }
    return pos;
  }

  private token(t: Buffer): void {
    if (this.pending) {
      this.current?.entries.push({ ...this.pending, path: decodePath(t) });
      this.pending = undefined;
      return;
    }
    if (t.length === 0) {
      // The blank separator between the raw entries and the patches.
      this.inPatch = true;
      this.file = -1;
      return;
    }
    const s = t.toString("latin1");
    if (s[0] === ":") {
      this.pending = parseEntryHeader(s);
      if (!this.pending || !this.current) throw unexpected(s);
      return;
    }
    if (!/^(?:[0-9a-f]{40}|[0-9a-f]{64})$/.test(s)) throw unexpected(s);
    this.finishCommit();
    this.current = { id: s, entries: [] };
  }

  /** An added (or removed) line's text, d[start..end), kept unless past the commit's limit. */
  private changedLine(added: boolean, d: Buffer, start: number, end: number): void {
    if (this.dropping) {
      if (added) this.nextLine++;
    } else if (added) {
      this.plus.push(d, start, end);
      if (this.plusCount === this.plusLines.length) this.growLines();
      this.plusLines[this.plusCount++] = this.nextLine++;
    } else this.minus.push(d, start, end);
    if (this.commitBytes + this.plus.length + this.minus.length > this.maxCommitBytes) this.dropping = true;
    this.lastPlus = added;
  }

  private growLines(): void {
    const next = new Int32Array(this.plusLines.length * 2);
    next.set(this.plusLines);
    this.plusLines = next;
  }

  /**
   * The native reader over the lines from `pos`: the state goes in and comes back out of
   * the shared array; a full buffer grows and the read goes on.
   */
  private readHunks(d: Buffer, pos: number, final: boolean): { pos: number; why: HunkStop } {
    const st = this.state;
    st[HunkState.NextLine] = this.nextLine;
    st[HunkState.InHunk] = this.inHunk ? 1 : 0;
    st[HunkState.LastPlus] = this.lastPlus ? 1 : 0;
    st[HunkState.PlusLen] = this.plus.length;
    st[HunkState.MinusLen] = this.minus.length;
    st[HunkState.PlusCount] = this.plusCount;
    st[HunkState.Dropping] = this.dropping ? 1 : 0;
    st[HunkState.Room] = this.maxCommitBytes - this.commitBytes;
    st[HunkState.KeyLine] = this.keyLine ? 1 : 0;
    for (;;) {
      pos = this.hunkLines!(d, pos, final, st, this.plus.buf, this.minus.buf, this.plusLines);
      if (st[HunkState.Stop] !== HunkStop.Full) break;
      // The sinks' lengths are the native reader's until they are read back below.
      this.plus.length = st[HunkState.PlusLen];
      this.minus.length = st[HunkState.MinusLen];
      this.plus.reserve(st[HunkState.Need]);
      this.minus.reserve(st[HunkState.Need]);
      if (st[HunkState.PlusCount] === this.plusLines.length) this.growLines();
    }
    this.nextLine = st[HunkState.NextLine];
    this.inHunk = st[HunkState.InHunk] === 1;
    this.lastPlus = st[HunkState.LastPlus] === 1;
    this.plus.length = st[HunkState.PlusLen];
    this.minus.length = st[HunkState.MinusLen];
    this.plusCount = st[HunkState.PlusCount];
    this.dropping = st[HunkState.Dropping] === 1;
    this.keyLine = st[HunkState.KeyLine] === 1;
    return { pos, why: st[HunkState.Stop] as HunkStop };
  }

  private line(d: Buffer, start: number, end: number): void {
    const c = d[start];
    if (this.inHunk) {
      if (c === 43 /* + */ || c === 45 /* - */) {
        // Only at a stream's end (the hot path in parse() takes the rest).
        this.changedLine(c === 43, d, start + 1, end);
        return;
      }
      if (c === 92 /* \ No newline at end of file */) {
        if (this.lastPlus) this.plus.dropNewline();
        else this.minus.dropNewline();
        return;
      }
      if (c === 32 /* context */) {
        this.nextLine++;
        return;
      }
    }
    if (c === 64 /* @ */) {
      const at = hunkNewStart(d, start, end);
      if (at < 0) throw unexpected(d.toString("latin1", start, end));
      this.nextLine = at;
      this.inHunk = true;
      return;
    }
    if (c === 100 /* d */ && d[start + 1] === 105 && d[start + 2] === 102 && d[start + 3] === 102 && d[start + 4] === 32) {
      this.finishFile();
      // A type change (file <-> symlink) prints two sections: the deletion, then this.
      if (!this.secondHalf) this.file++;
      this.secondHalf = false;
      if (!this.current || this.file >= this.current.entries.length) throw unexpected(d.toString("latin1", start, end));
      this.open = true;
      return;
    }
    if (!this.inHunk && c === 66 /* B */ && d.toString("latin1", start, start + 13) === "Binary files ") this.binary = true;
    if (!this.inHunk && c === 100 /* d */ && this.current?.entries[this.file]?.status === "T" && d.toString("latin1", start, start + 13) === "deleted file ") {
      this.secondHalf = true;
    }
    // Other header lines (index, modes, ---/+++) say nothing the raw entry did not.
  }

  private finishFile(): void {
    if (this.open && this.current) {
      this.open = false;
      if (this.dropping) {
        this.plus.clear();
        this.minus.clear();
      } else {
        this.commitBytes += this.plus.length + this.minus.length;
        const plusLines = Array.from(this.plusLines.subarray(0, this.plusCount));
        const maybeKeyMaterial = this.keyLine || !this.hunkLines;
        this.current.entries[this.file].patch = { binary: this.binary, plus: this.plus.take(), plusLines, minus: this.minus.take(), maybeKeyMaterial };
      }
    }
    this.plusCount = 0;
    this.keyLine = false;
    this.binary = false;
    this.inHunk = false;
    this.lastPlus = false;
  }

  private finishCommit(): void {
    this.finishFile();
    this.inPatch = false;
    this.file = -1;
    this.secondHalf = false;
    this.commitBytes = 0;
    this.dropping = false;
    const c = this.current;
    this.current = undefined;
    if (c) this.onCommit(c);
  }
}

export interface DiffTreeOptions extends GitOptions {
  /** Read patches (`-p -U0`); without, only the raw entries (merges: `-c`). */
  patches: boolean;
  /** Files over this many bytes get no patch (git calls them binary). */
  maxFileSize: number;
  /** The native hunk reader, where the addon is built. */
  hunkLines?: HunkLines;
}

/**
 * One `git diff-tree --stdin` process. `send` queues commit ids; each commit comes back
 * through `onCommit` in the order sent. `outstanding` counts those not back yet.
 */
export class DiffTree {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly parser: DiffTreeParser;
  private stderr = "";
  /** Ids sent and not answered yet, oldest first (from `head`). */
  private queue: string[] = [];
  private head = 0;
  /** Resolves when git has exited and its output is parsed; rejects with a GitError. */
  readonly done: Promise<void>;

  constructor(o: DiffTreeOptions, onCommit: (c: PatchCommit) => void) {
    const args = [
      ...GIT_BASE_ARGS,
      "-c",
      `core.bigFileThreshold=${Math.floor(Math.min(o.maxFileSize, 2 ** 40))}`,
      "-c",
      "diff.mnemonicPrefix=false",
      "--no-replace-objects",
      "diff-tree",
      "--stdin",
      "--always",
      "--root",
      "-r",
      "--raw",
      "-z",
      "--no-renames",
      "--full-index",
      "--no-abbrev",
      "--no-color",
      "--no-ext-diff",
      "--no-textconv",
      "--ignore-submodules=none",
      ...(o.patches ? ["-p", "-U0", "--src-prefix=a/", "--dst-prefix=b/"] : ["-c"]),
    ];
    this.parser = new DiffTreeParser((c) => {
      if (this.queue[this.head] !== c.id) throw unexpected(`commit ${c.id} out of order`);
      this.head++;
      if (this.head > 4096 && this.head * 2 > this.queue.length) {
        this.queue = this.queue.slice(this.head);
        this.head = 0;
      }
      onCommit(c);
    }, undefined, o.hunkLines);
    this.child = spawn("git", args, { cwd: o.cwd, env: gitEnv(o.env), stdio: ["pipe", "pipe", "pipe"] });
    this.child.stdin.on("error", () => {});
    this.child.stderr.on("data", (d: Buffer) => {
      if (this.stderr.length < 64 * 1024) this.stderr += d.toString("utf8");
    });
    this.done = new Promise<void>((resolve, reject) => {
      let failed = false;
      const fail = (e: Error) => {
        if (failed) return;
        failed = true;
        this.child.kill();
        reject(e);
      };
      this.child.stdout.on("data", (d: Buffer) => {
        try {
          this.parser.push(d);
        } catch (e) {
          fail(e as Error);
        }
      });
      this.child.on("error", (e) => fail(new GitError(["diff-tree"], null, `cannot run git (${(e as NodeJS.ErrnoException).code ?? e.message})`)));
      this.child.on("close", (code) => {
        if (failed) return;
        if (code !== 0) return fail(new GitError(["diff-tree"], code, this.stderr));
        try {
          this.parser.end();
          resolve();
        } catch (e) {
          fail(e as Error);
        }
      });
    });
    this.done.catch(() => {});
  }

  get outstanding(): number {
    return this.queue.length - this.head;
  }

  /** Ids sent whose output did not come (all of it) before git failed. */
  unanswered(): string[] {
    return this.queue.slice(this.head);
  }

  send(ids: readonly string[]): void {
    if (!ids.length) return;
    if (this.ended) throw new Error("diff-tree: send after end");
    for (const id of ids) this.queue.push(id);
    this.child.stdin.write(ids.join("\n") + "\n");
  }

  /** True once `end` was called: nothing more can be sent. */
  ended = false;

  /** No more ids: git finishes the ones sent and exits. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.child.stdin.end();
  }

  pause(): void {
    this.child.stdout.pause();
  }

  resume(): void {
    this.child.stdout.resume();
  }

  kill(): void {
    this.child.kill();
  }
}
