// The pre-commit guard: what the next commit records (index blobs, only the lines it
// adds), or named working-tree files whole (the pre-commit framework passes them). The
// config, what it extends and the ignore file come from the index, so an unstaged edit
// cannot switch the guard off.
import { relative, resolve, sep } from "node:path";
import type { FileRef } from "../engine/source.js";
import { builtinRules } from "../config/resolve.js";
import { indexConfig } from "../git/config-at.js";
import { deliver, warn, type OutputOptions } from "../report/deliver.js";
import { NotARepoError, StagedGit, namedFilesSource, stagedSource, type RepoInfo } from "../sources/staged.js";
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
async function locateRepo(git: StagedGit, required: boolean): Promise<RepoInfo | undefined> {
  try {
    return await git.info;
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
  // git first: its processes run while the engine and the rules load.
  const git = new StagedGit(o.cwd, { diff: files.length === 0 });
  try {
    const indexed = o.configFile ? undefined : indexConfig(git.objects, o.cwd);
    indexed?.catch(() => {}); // unused outside a repository
    const { ScanSession } = await import("../engine/session.js");
    await builtinRules();
    const info = await locateRepo(git, files.length === 0);
    const trusted = info ? await indexed : undefined;
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
    await session.scan(files.length || !info ? namedFilesSource(files.map((f) => namedFile(o.cwd, info?.top, f))) : stagedSource(info, git));
    return await deliver(await session.finish(), o.out, (shown, color) => renderBlocked("commit", shown, color));
  } finally {
    git.close();
  }
}
