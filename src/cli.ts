// CLI shell: yargs wiring only; every command lives in cmd/.
import yargs from "yargs";
import { hideBin } from "yargs/helpers";
import type { CommandName } from "./command-names.js";
import { VERSION } from "./version.js";

/**
 * Options whose value is itself a list of options (`--log-opts "--first-parent --author=bob"`):
 * yargs would read the value as flags of its own, so it is attached with `=` first.
 */
const OPTIONS_TAKING_OPTIONS = new Set(["--log-opts"]);

export function joinOptionValues(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (OPTIONS_TAKING_OPTIONS.has(argv[i]) && i + 1 < argv.length) out.push(`${argv[i]}=${argv[++i]}`);
    else out.push(argv[i]);
  }
  return out;
}

/**
 * Every command's module, by the name it is invoked with, in --help order. A module loads
 * only when its command runs: start-up then pays for one command, not sixteen.
 */
const COMMANDS = {
  scan: async () => (await import("./cmd/scan.js")).scanCommand,
  git: async () => (await import("./cmd/git.js")).gitCommand,
  staged: async () => (await import("./cmd/staged.js")).stagedCommand,
  push: async () => (await import("./cmd/push.js")).pushCommand,
  "pre-receive": async () => (await import("./cmd/pre-receive.js")).preReceiveCommand,
  install: async () => (await import("./cmd/install.js")).installCommand,
  uninstall: async () => (await import("./cmd/install.js")).uninstallCommand,
  baseline: async () => (await import("./cmd/baseline.js")).baselineCommand,
  rekey: async () => (await import("./cmd/rekey.js")).rekeyCommand,
  rules: async () => (await import("./cmd/rules.js")).rulesCommand,
  revoke: async () => (await import("./cmd/revoke.js")).revokeCommand,
  verify: async () => (await import("./cmd/verify.js")).verifyCommand,
  config: async () => (await import("./cmd/config.js")).configCommand,
  github: async () => (await import("./cmd/github.js")).githubCommand,
  shard: async () => (await import("./cmd/shard.js")).shardCommand,
  merge: async () => (await import("./cmd/merge.js")).mergeCommand,
} satisfies Record<CommandName, () => Promise<object>>;

/**
 * The commands a run needs. A command named first is the one yargs runs (nothing before it
 * can be an option's value), so it alone is loaded. Anything else (--help, --version, no
 * command, a typo, options first) loads them all: the command list and "did you mean"
 * need every one, and the output stays exactly what it was.
 */
export function commandsToLoad(argv: readonly string[]): CommandName[] {
  const first = argv[0];
  if (first !== undefined && Object.hasOwn(COMMANDS, first)) return [first as CommandName];
  return Object.keys(COMMANDS) as CommandName[];
}

export async function main(argv = hideBin(process.argv)): Promise<void> {
  // yargs drops a lone "-"; `scan -` means standard input.
  if (argv[0] === "scan") argv = argv.map((a) => (a === "-" ? "--stdin" : a));
  argv = joinOptionValues(argv);
  const commands = await Promise.all(commandsToLoad(argv).map((name) => COMMANDS[name]()));
  let y = yargs(argv)
    .scriptName("leakguard")
    .usage("leakguard <command> [options]\n\nFinds leaked credentials in files, git history, staged changes and pushes.")
    .version(VERSION)
    .strict()
    .demandCommand(1, "name a command (leakguard --help lists them)")
    .recommendCommands()
    .wrap(null) // no hard wrapping: long descriptions stay whole and the terminal folds them
    .fail((msg, err) => {
      // Not process.exit here: the exit code is set below and stderr drains first.
      throw new ArgumentError((err?.message ?? msg ?? "invalid arguments").replace(/\s+/g, " ").trim());
    });
  for (const c of commands) y = y.command(c as never);
  try {
    await y.parseAsync();
  } catch (err) {
    if (!(err instanceof ArgumentError)) throw err;
    process.stderr.write(`leakguard: ${err.message}\n`);
    process.exitCode = 2;
  }
}

/** A usage error found by yargs: one line on stderr, exit 2. */
class ArgumentError extends Error {}
