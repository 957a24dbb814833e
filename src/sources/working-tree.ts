// Directory source: every file under the root, dotfiles included, without following
// symlinks; dependency and generated paths skipped by default; `.gitignore` on request.
import * as fs from "node:fs";
import { lstatSync, readFileSync, realpathSync } from "node:fs";
import { basename, join, relative, resolve, sep } from "node:path";
import type { Readable } from "node:stream";
import fg from "fast-glob";
import type { Ignore } from "ignore";
import type { Source, SourceContext, SourceItem } from "../engine/source.js";
import { compactGlobs, excludePatterns } from "./default-excludes.js";

export interface WalkOptions {
  root: string;
  exclude: string[];
  /** Patterns removed from the default skip list. */
  include: string[];
  defaultExcludes: boolean;
  gitignore: boolean;
}

export interface WalkEntry {
  absPath: string;
  /** The path's raw bytes, when a name in it is not valid UTF-8 (absPath is then lossy). */
  absPathBytes?: Buffer;
  /** Relative to the root, '/' separators. */
  path: string;
}

export interface WalkCounters {
  symlinks: number;
  unreadableDirs: number;
  gitignored: number;
}

/**
 * Files per batch; the scan sends each batch as one worker task, which keeps messaging
 * cheap. Sizes come from stat-free dirents, so the count bounds a batch and big files
 * simply make a slower one.
 */
const WALK_BATCH = 64;
/** Batches buffered ahead of the consumer before the walk pauses (bounded memory). */
const WALK_AHEAD = 32;

/**
 * Walks a directory tree, yielding regular files in batches. A file root yields just
 * that file. Entries arrive through stream events, not one promise per file.
 */
export async function* walkTree(o: WalkOptions, counters: WalkCounters): AsyncGenerator<WalkEntry[]> {
  // A symlink given as the scan path is what the user asked for: walk its target.
  const root = realpathSync(resolve(o.root));
  const st = lstatSync(root);
  if (st.isFile()) {
    yield [{ absPath: root, path: basename(root) }];
    return;
  }
  // fast-glob's patterns never match a name holding a line break: such entries are taken
  // out of its listing and walked here, so they are scanned too.
  // Names that are not valid UTF-8 reach fast-glob as lossy strings (U+FFFD) that open
  // nothing: they are taken out too, and read by their raw bytes.
  const oddFiles: OddFile[] = [];
  const takeOdd = (dir: string, entries: fs.Dirent[]): fs.Dirent[] => {
    const taken = entries.some((d) => d.name.includes("\uFFFD")) ? collectNonUtf8(dir, oddFiles, counters) : undefined;
    return entries.filter((d) => {
      if (taken?.has(d.name)) return false; // read by its bytes above
      if (!/[\n\r]/.test(d.name)) return true;
      collectFiles(Buffer.from(join(dir, d.name)), d, oddFiles, counters);
      return false;
    });
  };
  // fast-glob swallows unreadable directories with suppressErrors; count them instead.
  // Directories are read synchronously: a thread-pool round trip per directory costs more
  // than the read itself. The callback comes on the next turn of the event loop, so
  // worker messages and timers still run during a long walk.
  const countingFs = {
    ...fs,
    readdir: ((path: fs.PathLike, options: unknown, cb: (err: NodeJS.ErrnoException | null, entries: unknown[]) => void) => {
      let entries: unknown[] = [];
      try {
        entries = takeOdd(String(path), fs.readdirSync(path, options as { withFileTypes: true }));
      } catch {
        // Any failure (EACCES, ENOENT, ENAMETOOLONG past the OS path limit...) is counted:
        // fast-glob would drop the directory silently.
        counters.unreadableDirs++;
      }
      setImmediate(cb, null, entries);
    }) as unknown as typeof fs.readdir,
  };
  // Loaded only when asked for: parsing the module costs more than most small scans.
  let gi: GitignoreMatcher | undefined;
  if (o.gitignore) {
    const { default: ignore } = await import("ignore");
    gi = new GitignoreMatcher(root, () => ignore());
  }
  const stream = fg.stream("**", {
    cwd: root,
    dot: true,
    onlyFiles: false,
    followSymbolicLinks: false,
    ignore: compactGlobs(excludePatterns(o)),
    objectMode: true,
    unique: false, // one walk from one pattern never repeats a path
    fs: countingFs as unknown as fg.FileSystemAdapter,
    suppressErrors: true,
  }) as Readable;
  const ready: WalkEntry[][] = [];
  let batch: WalkEntry[] = [];
  let ended = false;
  let failure: unknown;
  let wake: (() => void) | undefined;
  const notify = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  stream.on("data", (raw: { path: string; dirent: fs.Dirent }) => {
    const d = raw.dirent;
    if (d.isSymbolicLink()) {
      counters.symlinks++;
      return;
    }
    if (!d.isFile()) return;
    const rel = raw.path;
    if (gi?.ignores(rel)) {
      counters.gitignored++;
      return;
    }
    batch.push({ absPath: join(root, rel), path: rel });
    if (batch.length >= WALK_BATCH) {
      ready.push(batch);
      batch = [];
      if (ready.length >= WALK_AHEAD) stream.pause();
      notify();
    }
  });
  stream.on("end", () => {
    for (const f of oddFiles) {
      const abs = f.toString("utf8");
      const entry: WalkEntry = { absPath: abs, path: relative(root, abs).split(sep).join("/") };
      if (!isUtf8(f)) entry.absPathBytes = f;
      batch.push(entry);
    }
    if (batch.length) ready.push(batch);
    ended = true;
    notify();
  });
  stream.on("error", (err) => {
    failure = err;
    ended = true;
    notify();
  });
  try {
    for (;;) {
      const next = ready.shift();
      if (next) {
        if (stream.isPaused() && ready.length < WALK_AHEAD / 2) stream.resume();
        yield next;
        continue;
      }
      if (failure) throw failure;
      if (ended) return;
      await new Promise<void>((r) => (wake = r));
    }
  } finally {
    if (!ended) stream.destroy();
  }
}

/** A directory (or one file): its files in batches, every skipped entry counted. */
export function workingTreeSource(o: WalkOptions): Source {
  return {
    unit: "files",
    async *items(ctx: SourceContext): AsyncGenerator<SourceItem> {
      const counters: WalkCounters = { symlinks: 0, unreadableDirs: 0, gitignored: 0 };
      try {
        // The engine drops allowlisted paths from each batch before reading them.
        for await (const batch of walkTree(o, counters)) yield batch;
      } finally {
        const stats = ctx.stats;
        if (counters.symlinks) stats["symlinks skipped"] = counters.symlinks;
        if (counters.gitignored) stats["gitignored"] = counters.gitignored;
        if (counters.unreadableDirs) {
          stats.skippedUnreadable += counters.unreadableDirs;
          stats.notes.push(`${counters.unreadableDirs} unreadable director${counters.unreadableDirs === 1 ? "y" : "ies"}`);
        }
      }
    },
  };
}

/** A file found outside fast-glob's walk, by the raw bytes of its absolute path. */
type OddFile = Buffer;

const utf8Strict = new TextDecoder("utf-8", { fatal: true });

function isUtf8(bytes: Uint8Array): boolean {
  try {
    utf8Strict.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/**
 * Walks the entries of `dir` whose names are not valid UTF-8 by their raw bytes; returns
 * their lossy names (as the string listing shows them).
 */
function collectNonUtf8(dir: string, out: OddFile[], counters: WalkCounters): Set<string> {
  const base = Buffer.from(dir);
  const taken = new Set<string>();
  let entries: fs.Dirent<Buffer>[];
  try {
    entries = fs.readdirSync(base, { withFileTypes: true, encoding: "buffer" });
  } catch {
    counters.unreadableDirs++;
    return taken;
  }
  for (const e of entries) {
    if (isUtf8(e.name)) continue;
    taken.add(e.name.toString("utf8"));
    collectFiles(Buffer.concat([base, Buffer.from(sep), e.name]), e, out, counters);
  }
  return taken;
}

/** Regular files at or under `abs` (symlinks counted, never followed). */
function collectFiles(abs: Buffer, d: fs.Dirent<string | Buffer>, out: OddFile[], counters: WalkCounters): void {
  if (d.isSymbolicLink()) counters.symlinks++;
  else if (d.isFile()) out.push(abs);
  else if (d.isDirectory()) {
    let entries: fs.Dirent<Buffer>[];
    try {
      entries = fs.readdirSync(abs, { withFileTypes: true, encoding: "buffer" });
    } catch {
      counters.unreadableDirs++;
      return;
    }
    for (const e of entries) collectFiles(Buffer.concat([abs, Buffer.from(sep), e.name]), e, out, counters);
  }
}

/** Applies every `.gitignore` from the root down to a file's directory. */
class GitignoreMatcher {
  private readonly cache = new Map<string, Ignore | null>();
  constructor(
    private readonly root: string,
    private readonly newIgnore: () => Ignore,
  ) {}

  private forDir(dir: string): Ignore | null {
    let ig = this.cache.get(dir);
    if (ig !== undefined) return ig;
    try {
      ig = this.newIgnore().add(readFileSync(join(this.root, dir, ".gitignore"), "utf8"));
    } catch {
      ig = null;
    }
    this.cache.set(dir, ig);
    return ig;
  }

  ignores(rel: string): boolean {
    const parts = rel.split("/");
    for (let i = 0; i < parts.length; i++) {
      const dir = parts.slice(0, i).join("/");
      const ig = this.forDir(dir);
      if (!ig) continue;
      const sub = parts.slice(i).join("/");
      if (ig.ignores(sub)) return true;
    }
    return false;
  }
}
