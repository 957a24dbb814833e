// Options shared by every scanning command, and their mapping onto the pipeline.
import type { Argv } from "yargs";
import { REPORT_FORMATS, type ReportFormat } from "../report/types.js";
import { UsageError } from "../types.js";
import type { OutputOptions } from "./pipeline.js";

export interface CommonArgs {
  format: ReportFormat;
  output?: string;
  "show-secrets": boolean;
  "exit-code": number;
  config?: string;
  baseline?: string;
  threads?: number;
  color?: boolean;
  revoke: boolean;
  "revoke-config"?: string;
}

/** Defaults of the common options: yargs fills them in, and entry points that skip yargs (hooks) use them as is. */
export const DEFAULT_COMMON_ARGS: CommonArgs = {
  format: "text",
  "show-secrets": false,
  "exit-code": 1,
  revoke: false,
};

export function withCommonOptions<T>(y: Argv<T>): Argv<T & CommonArgs> {
  return y
    .option("format", { alias: "f", choices: REPORT_FORMATS, default: DEFAULT_COMMON_ARGS.format, describe: "report format" })
    .option("output", { alias: "o", type: "string", describe: "write the report to FILE instead of stdout" })
    .option("show-secrets", { type: "boolean", default: DEFAULT_COMMON_ARGS["show-secrets"], describe: "print secrets in clear (never the default)" })
    .option("exit-code", { type: "number", default: DEFAULT_COMMON_ARGS["exit-code"], describe: "exit code when findings remain" })
    .option("config", { alias: "c", type: "string", describe: "config file (default: .leakguard.toml at the scan root)" })
    .option("baseline", { type: "string", describe: "report only findings not in this baseline file" })
    .option("threads", { type: "number", describe: "worker threads (default: one per core)" })
    .option("color", { type: "boolean", describe: "force colours on or off (default: on for a TTY)" })
    .option("revoke", { type: "boolean", default: DEFAULT_COMMON_ARGS.revoke, describe: "really call the configured revocation backends (default: dry run)" })
    .option("revoke-config", { type: "string", describe: "operator revocation config (or LEAKGUARD_REVOKE_CONFIG)" }) as unknown as Argv<T & CommonArgs>;
}

export function outputOptions(a: CommonArgs, extra: Partial<OutputOptions> = {}): OutputOptions {
  const exitCode = a["exit-code"];
  if (!Number.isInteger(exitCode) || exitCode < 0 || exitCode > 255) {
    throw new UsageError(`--exit-code: expected an integer 0-255, got '${exitCode}'`);
  }
  // 2 is how leakguard reports an error: findings must not look like one.
  if (exitCode === 2) throw new UsageError("--exit-code: 2 is reserved for errors (usage, config, runtime); choose another code for findings");
  if (a.threads !== undefined && (!Number.isInteger(a.threads) || a.threads < 1)) {
    throw new UsageError(`--threads: expected a positive integer, got '${a.threads}'`);
  }
  return {
    format: a.format,
    output: a.output,
    showSecrets: a["show-secrets"],
    exitCode,
    color: a.color,
    revoke: a.revoke,
    revokeConfig: a["revoke-config"],
    ...extra,
  };
}
