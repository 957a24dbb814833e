// `leakguard staged [files..]`: the pre-commit hook (see guard/staged.ts).
import type { Argv } from "yargs";
import { DEFAULT_COMMON_ARGS, withCommonOptions, outputOptions, minConfidence, type CommonArgs } from "./options.js";
import { runCommand } from "./run.js";
import { failOpen } from "../guard/fail-open.js";

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

async function runStaged(a: StagedArgs): Promise<number> {
  const out = outputOptions(a);
  // Loaded here, not at the top: only this path needs it and hooks pay for start-up.
  const { runStagedGuard } = await import("../guard/staged.js");
  return runStagedGuard({ cwd: process.cwd(), files: a.files ?? [], out, configFile: a.config, baselineFile: a.baseline, minConfidence: minConfidence(a) });
}
