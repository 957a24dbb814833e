// `leakguard revoke REPORT.json`: act on a saved JSON report later.
import type { Argv } from "yargs";
import { UsageError } from "../types.js";
import { runCommand } from "./run.js";
import { runDrill, type DrillArgs } from "./drill.js";
import { stdinDash } from "./options.js";

export interface RevokeArgs extends DrillArgs {
  report: string;
  revoke: boolean;
  "revoke-config"?: string;
  repository?: string;
}

export async function runRevoke(a: RevokeArgs): Promise<number> {
  const configPath = a["revoke-config"] ?? process.env.LEAKGUARD_REVOKE_CONFIG;
  if (!configPath) throw new UsageError("revoke: name the operator config with --revoke-config FILE or LEAKGUARD_REVOKE_CONFIG");
  const { loadRevokeConfig } = await import("../revoke/config.js");
  const config = loadRevokeConfig(configPath);
  const label = a.report === "-" ? "stdin" : a.report;
  // The report schema (zod) loads only for this command.
  const { parseReport, readReportText } = await import("../revoke/report-file.js");
  const findings = parseReport(readReportText(a.report), label);
  const log = (line: string): void => void process.stderr.write(line + "\n");
  const { hasClearSecret } = await import("../revoke/plan.js");
  const redacted = findings.filter((f) => !hasClearSecret(f)).length;
  if (redacted) {
    log(
      `revoke: ${label}: ${redacted} of ${findings.length} finding(s) have redacted secrets: backends that need the secret ` +
        `(github, webhook/command with includeSecret) skip them; make the report with --show-secrets for those, ` +
        `while a webhook or command without includeSecret works from the hash alone`,
    );
  }
  if (!findings.length) {
    log(`revoke: ${label}: no findings`);
    return 0;
  }
  const { revokeFindings } = await import("../revoke/index.js");
  const summary = await revokeFindings(findings, { execute: a.revoke, config, repository: a.repository, log });
  return summary.failed ? 1 : 0;
}

export const revokeCommand = {
  command: "revoke <report>",
  describe: "revoke the secrets in a saved --format json report (dry run unless --revoke); `revoke drill` times a canary through the routes",
  builder: (y: Argv) =>
    y
      .positional("report", { type: "string", demandOption: true, coerce: stdinDash, describe: "JSON report file (--format json), or - for stdin" })
      .option("revoke-config", { type: "string", describe: "operator revocation config (or LEAKGUARD_REVOKE_CONFIG)" })
      .option("revoke", { alias: "execute", type: "boolean", default: false, describe: "really call the backends (default: dry run)" })
      .option("repository", { type: "string", describe: "repository label for webhook events" })
      .option("rule", { type: "string", describe: "drill: the canary's rule id" })
      .option("token", { type: "string", describe: "drill: the canary token (- reads it from stdin)" })
      .option("json", { type: "boolean", describe: "drill: one JSON record on stdout, for trend tracking" })
      .example("$0 revoke drill --rule gitlab-pat --token - --revoke-config ops.toml --json", "measure detection-to-revocation time per backend")
      .example("$0 revoke report.json --revoke-config /etc/leakguard/revoke.toml --revoke", "revoke what a --show-secrets report found"),
  // `revoke drill` is the one report name that is not a file: the drill.
  handler: (a: RevokeArgs) => runCommand(() => (a.report === "drill" ? runDrill(a) : runRevoke(a))),
};
