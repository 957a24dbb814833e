#!/usr/bin/env node
// Entry point. Git hooks run `leakguard staged` on every commit; that exact call (no
// options, optional file names) skips yargs and the other commands' modules, which would
// cost more start-up time than the scan itself. Everything else goes through cli.ts.
// A reader that closes the pipe early (`leakguard rules | head`) ends the output, quietly.
process.stdout.on("error", (err: NodeJS.ErrnoException) => {
  if (err.code !== "EPIPE") throw err;
  process.exit(process.exitCode ?? 0);
});
const args = process.argv.slice(2);
if (args[0] === "staged" && args.slice(1).every((a) => !a.startsWith("-"))) {
  const { runStagedHook } = await import("./cmd/staged.js");
  await runStagedHook(args.slice(1));
} else {
  // A directory scan wants worker threads: they boot while yargs and the config load.
  // Standard input and an explicit --threads decide otherwise.
  if (args[0] === "scan" && !args.some((a) => a === "-" || /^--(?:stdin|threads|help|version)\b/.test(a))) {
    const { prestartPool } = await import("./detect/pool.js");
    prestartPool();
  }
  const { main } = await import("./cli.js");
  await main();
}
