// The pre-commit guard: what the next commit records (index blobs, only the lines it
// adds), or named working-tree files whole (the pre-commit framework passes them). The
// config, what it extends and the ignore file come from the index, so an unstaged edit
// cannot switch the guard off.
import { relative, resolve, sep } from "node:path";
import { ScanSession } from "../engine/session.js";
import type { FileRef } from "../engine/source.js";
import { configAt } from "../git/config-at.js";
import { deliver, warn, type OutputOptions } from "../report/deliver.js";
import { NotARepoError, namedFilesSource, repoInfo, stagedSource, type RepoInfo } from "../sources/staged.js";
import { UsageError, type Confidence } from "../types.js";
import { displayText, renderBlocked } from "./message.js";

export interface StagedGuardOptions {
  cwd: string;
  /** Working-tree files to scan whole; empty: the staged changes. */
  files: string[];
  out: OutputOptions;
  configFile?: string;
  baselineFile?: string;
  minConfidence?: Confidence;
}

/** The repository around `cwd`; undefined outside one unless `required`. */
function locateRepo(cwd: string, required: boolean): RepoInfo | undefined {
  try {
    return repoInfo(cwd);
  } catch (err) {
    if (!(err instanceof NotARepoError)) throw err;
    if (required) throw new UsageError(`staged: ${err.message}`);
    return undefined;
  }
}

function namedFile(cwd: string, top: string | undefined, f: string): FileRef {
  const absPath = resolve(cwd, f);
  const rel = relative(top ?? cwd, absPath);
  // Outside the repository: report the name as given.
  const path = rel.startsWith("..") || rel === "" ? f : rel;
  return { absPath, path: path.split(sep).join("/"), given: displayText(f) };
}

export async function runStagedGuard(o: StagedGuardOptions): Promise<number> {
  const files = o.files.filter((f) => f !== "");
  const info = locateRepo(o.cwd, files.length === 0);
  const trusted = o.configFile || !info ? undefined : configAt(info.top, "");
  const session = await ScanSession.open({
    root: info?.top ?? o.cwd,
    configFile: o.configFile,
    config: trusted?.files,
    ignoreText: trusted ? trusted.ignoreText : undefined,
    baselineFile: o.baselineFile,
    threads: 1,
    warn: (m) => warn(displayText(m)),
    minConfidence: o.minConfidence,
  });
  // Without files locateRepo has already thrown outside a repository.
  const scan = session.config.scan;
  await session.scan(files.length || !info ? namedFilesSource(files.map((f) => namedFile(o.cwd, info?.top, f)), scan) : stagedSource(info, scan));
  return deliver(await session.finish(), o.out, (shown, color) => renderBlocked("commit", shown, color));
}
