// The CLI's command names: bin.ts picks each command's code cache by them without loading
// the CLI, and cli.ts's table of command modules must list exactly these (its type says so).
export const COMMAND_NAMES = [
  "scan",
  "git",
  "staged",
  "push",
  "pre-receive",
  "install",
  "uninstall",
  "baseline",
  "rekey",
  "rules",
  "revoke",
  "verify",
  "config",
  "github",
  "shard",
  "merge",
] as const;

export type CommandName = (typeof COMMAND_NAMES)[number];
