// The scanning half of `leakguard staged`: staged blobs with their added lines, or named
// working-tree files whole. Config and ignore file come from the index, so an unstaged
// edit cannot switch the guard off.
import { isBinaryFileSync } from "isbinaryfile";
import { DEFAULT_MAX_FILE_SIZE } from "../config/settings.js";
import { IGNORE_FILE_NAME } from "../filter/ignore-file.js";
import { collect, scanChunk, type ScanSession } from "../cmd/pipeline.js";
import { countStat, UsageError } from "../types.js";
import { forcedTextAdded, NotARepoError, repoInfo, stagedEntries, type RepoInfo, type StagedEntry } from "../sources/staged.js";
import { catFileBatch, objectSizes, readObjectsByName, type CatFileObject } from "./git.js";
import { pathExcluder } from "./excludes.js";
import { displayText } from "./message.js";

const CONFIG_NAME = ".leakguard.toml";

/** The repository around `cwd`; undefined outside one unless `required`. */
export function locateRepo(cwd: string, required: boolean): RepoInfo | undefined {
  try {
    return repoInfo(cwd);
  } catch (err) {
    if (!(err instanceof NotARepoError)) throw err;
    if (required) throw new UsageError(`staged: ${err.message}`);
    return undefined;
  }
}

export interface IndexConfig {
  configText: string | null;
  configLabel: string;
  ignoreText: string | null;
}

/** Reads `:<path>` (the index version) of several files in one git call. */
export function readIndexFiles(top: string, paths: string[]): (Buffer | null)[] {
  return readObjectsByName(paths.map((p) => `:${p}`), { cwd: top });
}

export function readIndexConfig(top: string): IndexConfig {
  const [config, ignore] = readIndexFiles(top, [CONFIG_NAME, IGNORE_FILE_NAME]);
  return {
    configText: config ? config.toString("utf8") : null,
    configLabel: `staged ${CONFIG_NAME}`,
    ignoreText: ignore ? ignore.toString("utf8") : null,
  };
}

function isBinary(data: Buffer): boolean {
  return data.length > 0 && isBinaryFileSync(data, Math.min(data.length, 8192));
}

/** True when the path is excluded or allowlisted; counts it as skipped. */
function skipPath(session: ScanSession, excluded: (p: string) => boolean, path: string): boolean {
  if (excluded(path)) {
    session.stats.skippedOther++;
    return true;
  }
  if (session.filter.pathAllowed(path)) {
    countStat(session.stats, "allowlisted paths");
    return true;
  }
  return false;
}

/** Scans the index versions of staged files, keeping findings on added lines only. */
export async function scanStagedChanges(session: ScanSession, info: RepoInfo): Promise<void> {
  const excluded = pathExcluder(session.config.scan);
  const maxFileSize = session.config.scan.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  const todo: StagedEntry[] = stagedEntries(info).filter(
    // A pure rename or mode change adds no line: nothing to read.
    (e) => (e.binary || e.added.size > 0) && !skipPath(session, excluded, e.path),
  );
  const deferred: { entry: StagedEntry; data: Buffer }[] = [];
  const scanOne = async (entry: StagedEntry, obj: CatFileObject): Promise<void> => {
    if (!obj.data) {
      if (obj.type) session.stats.skippedTooLarge++;
      else {
        session.stats.skippedUnreadable++;
        process.stderr.write(`leakguard: warning: ${displayText(entry.path)}: staged blob ${entry.oid} missing\n`);
      }
      return;
    }
    if (isBinary(obj.data)) {
      session.stats.skippedBinary++;
      return;
    }
    // git called it binary yet it is text: a .gitattributes `-diff`/`binary` line must
    // not hide its lines; get them from a forced text diff below.
    if (entry.binary) deferred.push({ entry, data: obj.data });
    else await scanChunk(session, { path: entry.path, data: obj.data, lines: entry.added });
  };
  for await (const [entry, obj] of readStagedBlobs(todo, info.top, maxFileSize)) await scanOne(entry, obj);
  if (deferred.length) {
    const added = forcedTextAdded(
      info,
      deferred.map((d) => d.entry.path),
    );
    for (const { entry, data } of deferred) {
      // Not found in the forced diff (should not happen): scan the whole file.
      await scanChunk(session, { path: entry.path, data, lines: added.get(entry.path) });
    }
  }
}

/** Below this many bytes in total, blobs are read in one synchronous call. */
const SYNC_READ_LIMIT = 64 * 1024 * 1024;

/**
 * Index blobs of the entries, in order. A typical commit is read with two synchronous
 * git calls (sizes, then contents: an async child process costs ~20 ms more to start
 * and the hook pays that on every commit); a huge one is streamed blob by blob.
 */
async function* readStagedBlobs(todo: StagedEntry[], top: string, maxFileSize: number): AsyncGenerator<[StagedEntry, CatFileObject]> {
  const oids = todo.map((e) => e.oid);
  const sizes = objectSizes(oids, { cwd: top });
  const total = sizes.reduce<number>((sum, n) => sum + (n !== undefined && n <= maxFileSize ? n : 0), 0);
  if (total > SYNC_READ_LIMIT) {
    let i = 0;
    for await (const obj of catFileBatch(oids, { cwd: top, keep: (_name, size) => size <= maxFileSize })) yield [todo[i++], obj];
    return;
  }
  const wanted = todo.filter((_, i) => sizes[i] !== undefined && sizes[i]! <= maxFileSize);
  const contents = wanted.length ? readObjectsByName(wanted.map((e) => e.oid), { cwd: top }) : [];
  let w = 0;
  for (let i = 0; i < todo.length; i++) {
    const size = sizes[i];
    if (size === undefined) yield [todo[i], { name: oids[i], size: 0 }];
    else if (size > maxFileSize) yield [todo[i], { name: oids[i], type: "blob", size }];
    else {
      const data = contents[w++];
      yield [todo[i], data ? { name: oids[i], type: "blob", size, data } : { name: oids[i], size: 0 }];
    }
  }
}

export interface NamedFile {
  absPath: string;
  /** Reported path ('/' separators, relative to the repository when inside it). */
  path: string;
  /** As given on the command line, for error messages. */
  given: string;
}

/** Scans exactly the named files, whole (the pre-commit framework's `--all-files`). */
export async function scanNamedFiles(session: ScanSession, files: NamedFile[]): Promise<void> {
  const excluded = pathExcluder(session.config.scan);
  const maxFileSize = session.config.scan.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  const stats = session.stats;
  for (const f of files) {
    if (skipPath(session, excluded, f.path)) continue;
    const r = await session.scanner.scanFile({ absPath: f.absPath, path: f.path, maxFileSize });
    if (r.status === "ok") {
      stats.filesScanned++;
      stats.bytesScanned += r.bytes;
      collect(session, { path: f.path }, r.candidates);
    } else if (r.status === "binary") {
      stats.skippedBinary++;
      if (r.candidates) collect(session, { path: f.path }, r.candidates);
    } else if (r.status === "too-large") stats.skippedTooLarge++;
    else if (r.status === "unreadable" && r.error === "ENOENT") throw new UsageError(`${displayText(f.given)}: no such file`);
    else if (r.status === "unreadable") {
      stats.skippedUnreadable++;
      process.stderr.write(`leakguard: warning: ${displayText(f.given)}: unreadable (${r.error})\n`);
    }
  }
}
