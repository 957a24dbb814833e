// `leakguard verify REPORT.json`: re-checks the secrets of a saved --show-secrets report
// with their providers, later (a key found last week may be revoked by now).
import type { Argv } from "yargs";
import { emptyStats, type Finding } from "../types.js";
import { deliver } from "../report/deliver.js";
import { outputOptions, stdinDash, verifyOptions, withCommonOptions, withVerifyOptions, type CommonArgs, type VerifyArgs } from "./options.js";
import { runCommand } from "./run.js";

export interface VerifyReportArgs extends CommonArgs, VerifyArgs {
  report: string;
}

export async function runVerifyReport(a: VerifyReportArgs): Promise<number> {
  const out = outputOptions(a);
  const { verify, results } = await verifyOptions({ ...a, verify: true });
  const label = a.report === "-" ? "stdin" : a.report;
  const [{ parseReport, readReportText }, { hasClearSecret }, { builtinRules }, { Verifier, VERIFICATION_ORDER }] = await Promise.all([
    import("../revoke/report-file.js"),
    import("../revoke/plan.js"),
    import("../config/resolve.js"),
    import("../verify/verifier.js"),
  ]);
  const findings = parseReport(readReportText(a.report), label);
  const rules = await builtinRules();
  const started = performance.now();
  const clear = findings.filter(hasClearSecret);
  const verifier = new Verifier(verify!);
  await verifier.verifyAll(clear, rules);
  const checkedAt = new Date().toISOString();
  for (const f of findings) {
    if (!hasClearSecret(f)) f.verification = { status: "unknown", reason: "secret redacted in the report (make it with --show-secrets)", checkedAt };
  }
  const stats = emptyStats();
  for (const f of findings) stats[f.verification!.status] = ((stats[f.verification!.status] as number | undefined) ?? 0) + 1;
  const ranked = [...findings].sort((x, y) => VERIFICATION_ORDER[x.verification!.status] - VERIFICATION_ORDER[y.verification!.status]);
  const shown: Finding[] = results ? ranked.filter((f) => results.has(f.verification!.status)) : ranked;
  if (shown.length < ranked.length) stats["not shown (--results)"] = ranked.length - shown.length;
  stats.filesScanned = findings.length;
  stats.findings = shown.length;
  stats.durationMs = Math.round(performance.now() - started);
  return deliver({ findings: shown, stats, unit: "findings", config: { rules, allowlist: {}, scan: { exclude: [], include: [], defaultExcludes: true } }, messageSecrets: new Map() }, out);
}

export const verifyCommand = {
  command: "verify <report>",
  describe: "re-check the secrets of a saved --show-secrets JSON report with their providers",
  builder: (y: Argv) =>
    withVerifyOptions(withCommonOptions(y))
      .positional("report", { type: "string", demandOption: true, coerce: stdinDash, describe: "JSON report made with --show-secrets, or - for stdin" })
      .example("$0 verify report.json --results live --format json", "which keys in last week's report still work"),
  handler: (a: VerifyReportArgs) => runCommand(() => runVerifyReport(a)),
};
