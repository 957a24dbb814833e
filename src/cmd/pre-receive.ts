// `leakguard pre-receive`: server-side hook. Scans only the pushed commits the server does
// not have yet, while they still sit in git's quarantine area, and rejects the push when
// they hold secrets.
import type { Argv } from "yargs";
import { withCommonOptions, outputOptions, minConfidence, type CommonArgs } from "./options.js";
import { runCommand } from "./run.js";
import { failOpen } from "../guard/fail-open.js";

export const preReceiveCommand = {
  command: "pre-receive",
  describe: "pre-receive hook (git server): reject pushes whose new commits hold secrets",
  builder: (y: Argv) => withCommonOptions(y),
  handler: (a: CommonArgs) => runCommand(failOpen(() => runPreReceive(a), "push")),
};

export async function runPreReceive(a: CommonArgs): Promise<number> {
  // Reports go to the pusher through git's sideband, which has no colours.
  const out = { ...outputOptions(a), color: a.color ?? false };
  const [{ runHistoryGuard, readRefLines }, { parsePreReceive, preReceiveRevs }] = await Promise.all([
    import("../guard/history-guard.js"),
    import("../guard/refs.js"),
  ]);
  const updates = parsePreReceive(await readRefLines("pre-receive"));
  return runHistoryGuard({
    kind: "receive",
    cwd: process.cwd(),
    updates,
    revsFor: preReceiveRevs,
    out,
    configFile: a.config,
    baselineFile: a.baseline,
    threads: a.threads,
    minConfidence: minConfidence(a),
  });
}
