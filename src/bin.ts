#!/usr/bin/env node
// Entry point, built as CommonJS (dist/bin.cjs, scripts/bundle.mjs): Node.js starts a
// CommonJS main without its ES module loader, which costs ~7 ms even for an empty module.
// Git hooks run `leakguard staged` on every commit; that exact call (no options, optional
// file names) skips yargs and the other commands' modules, which would cost more start-up
// time than the scan itself: it runs from one bundled file with V8's code cache
// (dist/lib/hook.cjs, bundle-loader.ts). Everything else goes through cli.ts, bundled the
// same way into dist/lib/cli.cjs: a one-file scan is mostly start-up.
// A reader that closes the pipe early (`leakguard rules | head`) ends the output, quietly.
import { loadBundle } from "./bundle-loader.js";
import { COMMAND_NAMES } from "./command-names.js";

type Hook = { runStagedHook(files: string[]): Promise<void> };
type Cli = { main(): Promise<void> };

async function start(args: string[]): Promise<void> {
  if (args[0] === "staged" && args.slice(1).every((a) => !a.startsWith("-"))) {
    const hook = loadBundle<Hook>("hook", "staged");
    await hook.exports.runStagedHook(args.slice(1));
    hook.saveCache();
  } else {
    const command = COMMAND_NAMES.find((name) => name === args[0]) ?? "other";
    const cli = loadBundle<Cli>("cli", command);
    await cli.exports.main();
    cli.saveCache();
  }
}

process.stdout.on("error", (err: NodeJS.ErrnoException) => {
  if (err.code !== "EPIPE") throw err;
  process.exit(process.exitCode ?? 0);
});
start(process.argv.slice(2)).catch((err: unknown) => {
  // Commands report their own errors (runCommand); this is a broken install.
  process.stderr.write(`leakguard: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 2;
});
