// `leakguard staged [files..]`: the pre-commit hook. Without files it scans what the next
// commit records (index blobs, only the lines the commit adds); with files (the
// pre-commit framework passes them) it scans exactly those files, whole.
import { relative, resolve, sep } from "node:path";
import type { Argv } from "yargs";
import { DEFAULT_COMMON_ARGS, withCommonOptions, outputOptions, type CommonArgs } from "./options.js";
import { openScan } from "./pipeline.js";
import { runCommand } from "./run.js";
import { failOpen } from "../guard/fail-open.js";
import { finishGuard } from "../guard/finish.js";

export interface StagedArgs extends CommonArgs {
  files?: string[];
  "self-test"?: boolean;
}

export const stagedCommand = {
  command: "staged [files..]",
  describe: "scan what is about to be committed (pre-commit hook); with FILES, scan those files whole",
  builder: (y: Argv) =>
    withCommonOptions(y)
      .positional("files", {
        type: "string",
        array: true,
        describe: "scan exactly these working-tree files (as the pre-commit framework passes them)",
      })
      .option("self-test", { type: "boolean", describe: "check that this leakguard starts and its rules compile, scan nothing (install runs it through the hook's command)" }),
  handler: (a: StagedArgs) =>
    a["self-test"] ? runCommand(async () => (await import("../guard/self-test.js")).runSelfTest()) : runCommand(failOpen(() => runStaged(a), "commit")),
};

/** `leakguard staged [files..]` exactly as hooks call it, without yargs (see bin.ts). */
export function runStagedHook(files: string[]): Promise<void> {
  return stagedCommand.handler({ ...DEFAULT_COMMON_ARGS, files });
}

export async function runStaged(a: StagedArgs): Promise<number> {
  const out = outputOptions(a);
  const cwd = process.cwd();
  const files = (a.files ?? []).filter((f) => f !== "");
  // Loaded here, not at the top: only this path needs them and hooks pay for start-up.
  const { readIndexConfig, scanStagedChanges, scanNamedFiles, locateRepo } = await import("../guard/staged-scan.js");
  const info = locateRepo(cwd, files.length === 0);
  const cfg = a.config ? {} : info ? readIndexConfig(info.top) : {};
  const session = await openScan({
    root: info?.top ?? cwd,
    configFile: a.config,
    ...cfg,
    baselineFile: a.baseline,
    threads: 1,
  });
  // Without files locateRepo has already thrown outside a repository.
  if (files.length || !info) await scanNamedFiles(session, files.map((f) => namedFile(cwd, info?.top, f)));
  else await scanStagedChanges(session, info);
  return finishGuard(session, out, "commit");
}

function namedFile(cwd: string, top: string | undefined, f: string): { absPath: string; path: string; given: string } {
  const absPath = resolve(cwd, f);
  const rel = relative(top ?? cwd, absPath);
  // Outside the repository: report the name as given.
  const path = rel.startsWith("..") || rel === "" ? f : rel;
  return { absPath, path: path.split(sep).join("/"), given: f };
}
