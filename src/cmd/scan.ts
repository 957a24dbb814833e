// `leakguard scan [PATH|-]`: a directory, a single file, or standard input.
import { statSync } from "node:fs";
import { resolve } from "node:path";
import type { Argv } from "yargs";
import { DEFAULT_MAX_FILE_SIZE, parseSize } from "../config/settings.js";
import { countStat, UsageError, type Finding } from "../types.js";
import { withCommonOptions, outputOptions, minConfidence, type CommonArgs } from "./options.js";
import { checkRevokeConfig, collect, finishScan, openScan, scanChunk, type ScanSession } from "./pipeline.js";
import { runCommand } from "./run.js";
import type { FileResult } from "../detect/file-job.js";
import type { WalkEntry } from "../sources/working-tree.js";

export interface ScanArgs extends CommonArgs {
  path: string;
  gitignore?: boolean;
  "max-file-size"?: string;
  exclude?: string[];
  "default-excludes": boolean;
  "stdin-name": string;
  stdin?: boolean;
}

export const scanCommand = {
  command: "scan [path]",
  describe: "scan a directory, a file, or standard input (-)",
  builder: (y: Argv) =>
    withCommonOptions(y)
      .positional("path", { type: "string", default: ".", describe: "directory or file to scan, or - for stdin" })
      .option("gitignore", { type: "boolean", describe: "also skip what .gitignore files ignore" })
      .option("max-file-size", { type: "string", describe: "skip files larger than this (default 10MiB)" })
      .option("exclude", { type: "string", array: true, describe: "extra glob patterns to skip" })
      .option("default-excludes", { type: "boolean", default: true, describe: "skip dependency/generated/media paths (--no-default-excludes to scan them)" })
      .option("stdin", { type: "boolean", describe: "scan standard input (same as PATH -)" })
      .option("stdin-name", { type: "string", default: "stdin", describe: "file name reported for standard input" }),
  handler: (a: ScanArgs) => runCommand(() => runScan(a)),
};

export async function runScan(a: ScanArgs, capture?: (f: Finding[]) => void): Promise<number> {
  const out = { ...outputOptions(a), capture };
  const min = minConfidence(a);
  await checkRevokeConfig(out.revokeConfig);
  if (a.stdin || a.path === "-") {
    const session = await openScan({ root: process.cwd(), configFile: a.config, baselineFile: a.baseline, threads: 1, minConfidence: min });
    const { readStdin } = await import("../sources/stdin.js");
    await scanChunk(session, { path: a["stdin-name"], data: await readStdin() });
    return finishScan(session, out);
  }
  const root = resolve(a.path);
  let isDir: boolean;
  try {
    isDir = statSync(root).isDirectory();
  } catch (err) {
    throw new UsageError(`${a.path}: cannot scan (${(err as NodeJS.ErrnoException).code ?? err})`);
  }
  const session = await openScan({ root: isDir ? root : resolve(root, ".."), configFile: a.config, baselineFile: a.baseline, threads: a.threads, minConfidence: min });
  // A directory is usually worth the worker threads: they boot while the walk starts.
  if (isDir) session.scanner.prepare();
  const cfg = session.config.scan;
  const maxFileSize = a["max-file-size"] !== undefined ? parseSize(a["max-file-size"], "--max-file-size") : (cfg.maxFileSize ?? DEFAULT_MAX_FILE_SIZE);
  await scanTree(session, {
    root,
    exclude: [...cfg.exclude, ...(a.exclude ?? [])],
    include: cfg.include,
    defaultExcludes: a["default-excludes"] && cfg.defaultExcludes,
    gitignore: a.gitignore ?? cfg.gitignore ?? false,
    maxFileSize,
  });
  return finishScan(session, out);
}

export interface TreeScanOptions {
  root: string;
  exclude: string[];
  include: string[];
  defaultExcludes: boolean;
  gitignore: boolean;
  maxFileSize: number;
}

/** Walks and scans a tree with bounded concurrency, counting every skipped file. */
export async function scanTree(session: ScanSession, o: TreeScanOptions): Promise<void> {
  const { walkTree } = await import("../sources/working-tree.js");
  const counters = { symlinks: 0, unreadableDirs: 0, gitignored: 0 };
  const stats = session.stats;
  const inflight = new Set<Promise<void>>();
  const limit = session.scanner.threads * 8;
  const record = (entry: WalkEntry, r: FileResult) => {
    if (r.status === "ok") {
      stats.filesScanned++;
      stats.bytesScanned += r.bytes;
      collect(session, { path: entry.path }, r.candidates);
    } else if (r.status === "binary") {
      stats.skippedBinary++;
      if (r.candidates) collect(session, { path: entry.path }, r.candidates);
    }
    else if (r.status === "too-large") stats.skippedTooLarge++;
    else if (r.status === "unreadable") {
      stats.skippedUnreadable++;
      process.stderr.write(`leakguard: warning: ${entry.path}: unreadable (${r.error})\n`);
    }
  };
  // The walk hands out files in batches, one worker task each.
  const send = async (entries: WalkEntry[]) => {
    const jobs = entries.map((e) => ({ absPath: e.absPath, path: e.path, maxFileSize: o.maxFileSize }));
    const p: Promise<void> = session.scanner
      .scanFiles(jobs)
      .then((results) => results.forEach((r, i) => record(entries[i], r)))
      .finally(() => inflight.delete(p));
    inflight.add(p);
    if (inflight.size >= limit) await Promise.race(inflight);
  };
  for await (const walked of walkTree(o, counters)) {
    const entries = walked.filter((entry) => {
      const allowed = session.filter.pathAllowed(entry.path);
      if (allowed) countStat(stats, "allowlisted paths");
      return !allowed;
    });
    if (entries.length) await send(entries);
  }
  await Promise.all(inflight);
  if (counters.symlinks) stats["symlinks skipped"] = counters.symlinks;
  if (counters.gitignored) stats["gitignored"] = counters.gitignored;
  if (counters.unreadableDirs) {
    stats.skippedUnreadable += counters.unreadableDirs;
    stats.notes.push(`${counters.unreadableDirs} unreadable director${counters.unreadableDirs === 1 ? "y" : "ies"}`);
  }
}
