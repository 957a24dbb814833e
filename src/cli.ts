// CLI shell: yargs wiring only; every command lives in cmd/.
import yargs from "yargs";
import { hideBin } from "yargs/helpers";
import { scanCommand } from "./cmd/scan.js";
import { rulesCommand } from "./cmd/rules.js";
import { baselineCommand } from "./cmd/baseline.js";
import { rekeyCommand } from "./cmd/rekey.js";
import { gitCommand } from "./cmd/git.js";
import { stagedCommand } from "./cmd/staged.js";
import { pushCommand } from "./cmd/push.js";
import { installCommand, uninstallCommand } from "./cmd/install.js";
import { preReceiveCommand } from "./cmd/pre-receive.js";
import { revokeCommand } from "./cmd/revoke.js";
import { verifyCommand } from "./cmd/verify.js";
import { configCommand } from "./cmd/config.js";
import { githubCommand } from "./cmd/github.js";
import { shardCommand } from "./cmd/shard.js";
import { mergeCommand } from "./cmd/merge.js";
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

export async function main(argv = hideBin(process.argv)): Promise<void> {
  // yargs drops a lone "-"; `scan -` means standard input.
  if (argv[0] === "scan") argv = argv.map((a) => (a === "-" ? "--stdin" : a));
  argv = joinOptionValues(argv);
  const commands = [
    scanCommand,
    gitCommand,
    stagedCommand,
    pushCommand,
    preReceiveCommand,
    installCommand,
    uninstallCommand,
    baselineCommand,
    rekeyCommand,
    rulesCommand,
    revokeCommand,
    verifyCommand,
    configCommand,
    githubCommand,
    shardCommand,
    mergeCommand,
  ];
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
