// Options shared by every scanning command, and their mapping onto the pipeline.
import type { Argv } from "yargs";
import { REPORT_FORMATS, type ReportFormat } from "../report/types.js";
import { UsageError, type Confidence, type VerificationStatus } from "../types.js";
import { CONFIDENCE_LEVELS, DEFAULT_MIN_CONFIDENCE, parseConfidence } from "../filter/confidence.js";
import type { VerifyOptions } from "../verify/verifier.js";
import type { OutputOptions } from "../report/deliver.js";

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
  /** Minimum confidence reported; lower findings are counted in the summary. */
  confidence: string;
}

/** Defaults of the common options: yargs fills them in, and entry points that skip yargs (hooks) use them as is. */
export const DEFAULT_COMMON_ARGS: CommonArgs = {
  format: "text",
  "show-secrets": false,
  "exit-code": 1,
  revoke: false,
  confidence: DEFAULT_MIN_CONFIDENCE,
};

export function withCommonOptions<T>(y: Argv<T>): Argv<T & CommonArgs> {
  return y
    .option("format", { alias: "f", choices: REPORT_FORMATS, default: DEFAULT_COMMON_ARGS.format, describe: "report format" })
    .option("output", { alias: "o", type: "string", describe: "write the report to FILE instead of stdout" })
    .option("show-secrets", { type: "boolean", default: DEFAULT_COMMON_ARGS["show-secrets"], describe: "print secrets in clear (never the default)" })
    .option("exit-code", { type: "number", default: DEFAULT_COMMON_ARGS["exit-code"], describe: "exit code when findings remain" })
    .option("config", { alias: "c", type: "string", describe: "config file (default: .leakguard.toml at the scan root)" })
    .option("baseline", { type: "string", describe: "report only findings not in this baseline file" })
    .option("threads", { type: "number", describe: "threads (default: one per core); for git: diff processes, workers from 4" })
    .option("color", { type: "boolean", describe: "force colours on or off (default: on for a TTY)" })
    .option("revoke", { type: "boolean", default: DEFAULT_COMMON_ARGS.revoke, describe: "really call the configured revocation backends (default: dry run)" })
    .option("revoke-config", { type: "string", describe: "operator revocation config (or LEAKGUARD_REVOKE_CONFIG)" })
    .option("confidence", { type: "string", default: DEFAULT_COMMON_ARGS.confidence, describe: `minimum confidence to report (${CONFIDENCE_LEVELS.join(", ")}; low = audit everything)` }) as unknown as Argv<T & CommonArgs>;
}

/** The --confidence level, checked (one line and exit 2 when it is not a level). */
export function minConfidence(a: Pick<CommonArgs, "confidence">): Confidence {
  return parseConfidence(a.confidence ?? DEFAULT_MIN_CONFIDENCE, "--confidence");
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
  if (a.revoke && !a["revoke-config"] && !process.env.LEAKGUARD_REVOKE_CONFIG) {
    throw new UsageError("--revoke: no revocation config; give --revoke-config FILE or set LEAKGUARD_REVOKE_CONFIG");
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


export interface VerifyArgs {
  verify?: boolean;
  "verify-config"?: string;
  results?: string;
}

export function withVerifyOptions<T>(y: Argv<T>): Argv<T & VerifyArgs> {
  return y
    .option("verify", { type: "boolean", describe: "check each found secret with the provider that issued it (sends it there)" })
    .option("verify-config", { type: "string", describe: "operator config mapping provider hosts to other base URLs ([hosts])" })
    .option("results", { type: "string", describe: "report only these verification statuses: live,unknown,invalid,not-verifiable" }) as unknown as Argv<T & VerifyArgs>;
}

const STATUSES: readonly VerificationStatus[] = ["live", "unknown", "invalid", "not-verifiable"];

/** The session's verification settings from the arguments and LEAKGUARD_VERIFY_HOSTS. */
export async function verifyOptions(a: VerifyArgs): Promise<{ verify?: VerifyOptions; results?: Set<VerificationStatus> }> {
  if (!a.verify) {
    if (a.results !== undefined) throw new UsageError("--results needs --verify");
    if (a["verify-config"] !== undefined) throw new UsageError("--verify-config needs --verify");
    return {};
  }
  let results: Set<VerificationStatus> | undefined;
  if (a.results !== undefined) {
    results = new Set();
    for (const s of a.results.split(",").map((x) => x.trim()).filter(Boolean)) {
      if (!STATUSES.includes(s as VerificationStatus)) throw new UsageError(`--results: unknown status '${s}' (use ${STATUSES.join(", ")})`);
      results.add(s as VerificationStatus);
    }
  }
  const { hostsFromConfig, hostsFromEnv } = await import("../verify/hosts.js");
  const hosts = hostsFromEnv(process.env.LEAKGUARD_VERIFY_HOSTS);
  if (a["verify-config"]) for (const [h, u] of hostsFromConfig(a["verify-config"])) hosts.set(h, u);
  return { verify: { hosts }, results };
}

/** yargs reads a lone `-` positional as an empty string; give it back its stdin meaning. */
export const stdinDash = (v: string): string => (v === "" ? "-" : v);
