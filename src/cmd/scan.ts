// `leakguard scan [PATH|-]`: a directory, a single file, or standard input.
import { statSync } from "node:fs";
import { resolve } from "node:path";
import type { Argv } from "yargs";
import { parseSize } from "../config/settings.js";
import { UsageError } from "../types.js";
import { ScanSession, type ScanResult } from "../engine/session.js";
import { checkRevokeConfig, deliver, warn } from "../report/deliver.js";
import { summaryLine } from "../report/summary.js";
import { withCommonOptions, withVerifyOptions, outputOptions, minConfidence, verifyOptions, type CommonArgs, type VerifyArgs } from "./options.js";
import { runCommand } from "./run.js";

export interface ScanArgs extends CommonArgs, VerifyArgs {
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
    withVerifyOptions(withCommonOptions(y))
      .positional("path", { type: "string", default: ".", describe: "directory or file to scan, or - for stdin" })
      .option("gitignore", { type: "boolean", describe: "also skip what .gitignore files ignore" })
      .option("max-file-size", { type: "string", describe: "skip files larger than this (default 10MiB)" })
      .option("exclude", { type: "string", array: true, describe: "extra glob patterns to skip" })
      .option("default-excludes", { type: "boolean", default: true, describe: "skip dependency/generated/media paths (--no-default-excludes to scan them)" })
      .option("stdin", { type: "boolean", describe: "scan standard input (same as PATH -)" })
      .option("stdin-name", { type: "string", default: "stdin", describe: "file name reported for standard input" }),
  handler: (a: ScanArgs) => runCommand(() => runScan(a)),
};

export async function runScan(a: ScanArgs): Promise<number> {
  const out = outputOptions(a);
  await checkRevokeConfig(out.revokeConfig);
  return deliver(await scanPath(a), out);
}

/** Scans the directory, file or standard input the arguments name. */
/**
 * A scan whose findings a command reads itself (baseline, rekey): every confidence level,
 * so a later `--confidence low` audit finds nothing unknown; nothing sent, exit 0, summary
 * written to stderr.
 */
export async function captureFindings(path: string, config?: string, baseline?: string): Promise<ScanResult> {
  const args = {
    path,
    format: "json",
    "show-secrets": false,
    "exit-code": 0,
    config,
    baseline,
    revoke: false,
    "default-excludes": true,
    "stdin-name": "stdin",
    confidence: "low",
  } as ScanArgs;
  const result = await scanPath(args);
  process.stderr.write(summaryLine(result.stats, result.unit) + "\n");
  return result;
}

export async function scanPath(a: ScanArgs): Promise<ScanResult> {
  const stdin = a.stdin || a.path === "-";
  const root = resolve(stdin ? "." : a.path);
  let isDir = true;
  if (!stdin) {
    try {
      isDir = statSync(root).isDirectory();
    } catch (err) {
      throw new UsageError(`${a.path}: cannot scan (${(err as NodeJS.ErrnoException).code ?? err})`);
    }
  }
  const maxFileSize = a["max-file-size"] !== undefined ? parseSize(a["max-file-size"], "--max-file-size") : undefined;
  const session = await ScanSession.open({
    root: isDir ? root : resolve(root, ".."),
    configFile: a.config,
    baselineFile: a.baseline,
    threads: stdin ? 1 : a.threads,
    createKey: !stdin,
    maxFileSize,
    warn,
    minConfidence: minConfidence(a),
    ...(await verifyOptions(a)),
  });
  try {
    if (stdin) {
      const { stdinSource } = await import("../sources/stdin.js");
      await session.scan(stdinSource(a["stdin-name"]));
    } else {
      const { workingTreeSource } = await import("../sources/working-tree.js");
      const cfg = session.config.scan;
      await session.scan(
        workingTreeSource({
          root,
          exclude: [...cfg.exclude, ...(a.exclude ?? [])],
          include: cfg.include,
          defaultExcludes: a["default-excludes"] && cfg.defaultExcludes,
          gitignore: a.gitignore ?? cfg.gitignore ?? false,
        }),
      );
    }
  } catch (err) {
    await session.abort();
    throw err;
  }
  return session.finish();
}
