#!/usr/bin/env node
// Entry point. Git hooks run `leakguard staged` on every commit; that exact call (no
// options, optional file names) skips yargs and the other commands' modules, which would
// cost more start-up time than the scan itself: it runs from one bundled file with V8's
// code cache (bin-hook-loader.ts). Everything else goes through cli.ts, bundled the same
// way into dist/lib/cli.cjs (bundle-loader.ts): a one-file scan is mostly start-up.
// A reader that closes the pipe early (`leakguard rules | head`) ends the output, quietly.
import { loadStagedHook } from "./bin-hook-loader.js";
import { loadBundle } from "./bundle-loader.js";
import { COMMAND_NAMES } from "./command-names.js";

process.stdout.on("error", (err: NodeJS.ErrnoException) => {
  if (err.code !== "EPIPE") throw err;
  process.exit(process.exitCode ?? 0);
});
const args = process.argv.slice(2);
if (args[0] === "staged" && args.slice(1).every((a) => !a.startsWith("-"))) {
  const hook = loadStagedHook();
  if (hook) {
    await hook.run(args.slice(1));
    hook.saveCache();
  } else {
    const { runStagedHook } = await import("./cmd/staged.js");
    await runStagedHook(args.slice(1));
  }
} else {
  const command = COMMAND_NAMES.find((name) => name === args[0]) ?? "other";
  const cli = loadBundle<typeof import("./cli.js")>("cli", command);
  if (cli?.exports.main) {
    await cli.exports.main();
    cli.saveCache();
  } else {
    const { main } = await import("./cli.js");
    await main();
  }
}
