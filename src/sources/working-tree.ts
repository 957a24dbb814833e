// Directory source: every file under the root, dotfiles included, without following
// symlinks; dependency and generated paths skipped by default; `.gitignore` on request.
import * as fs from "node:fs";
import { lstatSync, readFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import fg from "fast-glob";
import ignore, { type Ignore } from "ignore";
import { excludePatterns } from "./default-excludes.js";

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
  /** Relative to the root, '/' separators. */
  path: string;
}

export interface WalkCounters {
  symlinks: number;
  unreadableDirs: number;
  gitignored: number;
}

/** Walks a directory tree, yielding regular files. A file root yields just that file. */
export async function* walkTree(o: WalkOptions, counters: WalkCounters): AsyncGenerator<WalkEntry> {
  const root = resolve(o.root);
  const st = lstatSync(root);
  if (st.isFile()) {
    yield { absPath: root, path: basename(root) };
    return;
  }
  // fast-glob swallows unreadable directories with suppressErrors; count them instead.
  const countingFs = {
    ...fs,
    readdir: ((path: fs.PathLike, options: unknown, cb: (err: NodeJS.ErrnoException | null, entries: unknown[]) => void) => {
      fs.readdir(path, options as { withFileTypes: true }, (err, entries) => {
        if (err && (err.code === "EACCES" || err.code === "EPERM" || err.code === "ENOENT")) {
          counters.unreadableDirs++;
          cb(null, []);
        } else cb(err, entries as unknown[]);
      });
    }) as unknown as typeof fs.readdir,
  };
  const gi = o.gitignore ? new GitignoreMatcher(root) : undefined;
  const stream = fg.stream("**", {
    cwd: root,
    dot: true,
    onlyFiles: false,
    followSymbolicLinks: false,
    ignore: excludePatterns(o),
    objectMode: true,
    fs: countingFs as unknown as fg.FileSystemAdapter,
    suppressErrors: true,
  });
  for await (const raw of stream) {
    const entry = raw as unknown as { path: string; dirent: fs.Dirent };
    const d = entry.dirent;
    if (d.isSymbolicLink()) {
      counters.symlinks++;
      continue;
    }
    if (!d.isFile()) continue;
    const rel = entry.path;
    if (gi?.ignores(rel)) {
      counters.gitignored++;
      continue;
    }
    yield { absPath: join(root, rel), path: rel };
  }
}

/** Applies every `.gitignore` from the root down to a file's directory. */
class GitignoreMatcher {
  private readonly cache = new Map<string, Ignore | null>();
  constructor(private readonly root: string) {}

  private forDir(dir: string): Ignore | null {
    let ig = this.cache.get(dir);
    if (ig !== undefined) return ig;
    try {
      ig = ignore().add(readFileSync(join(this.root, dir, ".gitignore"), "utf8"));
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
