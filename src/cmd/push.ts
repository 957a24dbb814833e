// `leakguard push [remote] [url]`: the pre-push hook. Scans only the commits being pushed.
import type { Argv } from "yargs";
import { withCommonOptions, outputOptions, minConfidence, type CommonArgs } from "./options.js";
import { runCommand } from "./run.js";
import { failOpen } from "../guard/fail-open.js";

export interface PushArgs extends CommonArgs {
  remote?: string;
  url?: string;
}

export const pushCommand = {
  command: "push [remote] [url]",
  describe: "pre-push hook: scan the commits being pushed (ref lines on stdin, as git passes them)",
  builder: (y: Argv) =>
    withCommonOptions(y)
      .positional("remote", { type: "string", describe: "remote name (passed by git; informational)" })
      .positional("url", { type: "string", describe: "remote URL (passed by git; informational)" }),
  handler: (a: PushArgs) => runCommand(failOpen(() => runPush(a), "push")),
};

export async function runPush(a: PushArgs): Promise<number> {
  const out = outputOptions(a);
  const [{ runHistoryGuard, readRefLines }, { parsePrePush, prePushRevs }] = await Promise.all([
    import("../guard/history-guard.js"),
    import("../guard/refs.js"),
  ]);
  const updates = parsePrePush(await readRefLines("push"));
  return runHistoryGuard({
    kind: "push",
    cwd: process.cwd(),
    updates,
    revsFor: prePushRevs,
    out,
    configFile: a.config,
    baselineFile: a.baseline,
    threads: a.threads,
    minConfidence: minConfidence(a),
  });
}
