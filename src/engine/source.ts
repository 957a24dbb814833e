// The one contract every source implements. A source reads (files, blobs, standard
// input) and says what to scan; the engine scans, filters and counts. A source never
// builds a detector and never collects findings; it may import only this folder's types,
// git/ and the shared types below.
import type { Candidate, Chunk, ScanStats } from "../types.js";
import type { ScanSettings } from "../config/settings.js";

/** Bytes in memory (a blob, a staged file, standard input, the lines a commit added). */
export interface SourceChunk extends Chunk {
  /** Equal keys mean equal bytes (a blob id): the engine scans them once per run. */
  cacheKey?: string;
  /** The data is some lines of a larger file: its line i is the file's line lineMap[i-1]. */
  lineMap?: readonly number[];
  /** The source counted these bytes already (history counts each distinct blob once). */
  counted?: boolean;
  /**
   * Called once candidates are known (only when there are some): the lines to keep
   * instead of `lines` (undefined keeps all). History uses it for files moved by a commit.
   */
  keep?: (candidates: readonly Candidate[]) => Promise<ReadonlySet<number> | undefined>;
  /**
   * The bytes are a binary file (counted as skipped binary by the source): only the
   * whole-file checks run, so a key store or password database committed is still found.
   */
  binary?: boolean;
  /**
   * The version this one replaces (a file a commit changed): only candidates on lines
   * `data` added relative to it count. The engine finds those lines (in worker threads
   * when the scan is big); `lineMap` and `keep` do not apply.
   */
  older?: Buffer;
}

/** Bytes a chunk holds in memory, both versions of a changed file included. */
export function chunkBytes(c: SourceChunk): number {
  return c.data.length + (c.older?.length ?? 0);
}

/** A file on disk for the engine to read (in a worker thread when the scan is big). */
export interface FileRef {
  absPath: string;
  /** The absolute path's raw bytes, when the name is not valid UTF-8 (read by them). */
  absPathBytes?: Buffer;
  /** Reported path: relative to the scan root, '/' separators. */
  path: string;
  /** Named on the command line: a missing one is an error, not a counted skip. */
  given?: string;
}

/** Several chunks at once: one hop through the async iteration instead of one each. */
export interface ChunkBatch {
  chunks: SourceChunk[];
}

/** What a source yields: a chunk, a batch of chunks, or a batch of files (one worker task each). */
export type SourceItem = SourceChunk | ChunkBatch | FileRef[];

export interface SourceContext {
  /** Asked before a path is read: true when the engine rejects it (counted by the engine). */
  skip(path: string): boolean;
  /** For the source's own counters ("LFS pointers", commits) and notes. */
  readonly stats: ScanStats;
  /** Largest file or blob to read, in bytes. */
  readonly maxFileSize: number;
  /** The config's path exclusions, for sources that get paths from git (sources/excludes.ts). */
  readonly scan: ScanSettings;
  /** Processes a source may run side by side (git diffs for history); the scan's threads. */
  readonly threads?: number;
  warn(message: string): void;
}

export interface Source {
  /** What the summary counts: "files" or "blobs". */
  readonly unit: string;
  /**
   * Threads the source keeps busy itself when the scan has `threads` (parsing git's
   * output, git's own processes): that many fewer workers are started, none below one.
   */
  busyThreads?(threads: number): number;
  items(ctx: SourceContext): AsyncIterable<SourceItem>;
  /** Called once the engine has finished with every item (callbacks included). */
  close?(): void;
}
