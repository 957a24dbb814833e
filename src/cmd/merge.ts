// `leakguard merge REPORT...`: JSON reports (shards of an audit, or any scans) as one
// report in any format, without duplicates, with the repositories covered and failed.
import { readFileSync } from "node:fs";
import type { Argv } from "yargs";
import { UsageError } from "../types.js";
import { outputOptions, withCommonOptions, type CommonArgs } from "./options.js";
import { runCommand } from "./run.js";

interface MergeArgs extends CommonArgs {
  reports: string[];
}

export const mergeCommand = {
  command: "merge <reports..>",
  describe: "merge JSON reports (e.g. the shards of an organisation audit) into one report",
  builder: (y: Argv) => withCommonOptions(y).positional("reports", { type: "string", array: true, describe: "leakguard --format json reports" }),
  handler: (a: MergeArgs) => runCommand(() => runMerge(a)),
};

async function runMerge(a: MergeArgs): Promise<number> {
  const out = outputOptions(a);
  if (a.revoke || a["revoke-config"]) throw new UsageError("--revoke and --revoke-config are not available for merge (revoke from the merged JSON report with leakguard revoke)");
  for (const flag of ["config", "baseline", "threads"] as const) if (a[flag] !== undefined) throw new UsageError(`--${flag} does not apply to merge (it reads reports, it does not scan)`);
  const { deliverAudit, mergeAudits, parseAuditReport } = await import("../report/merge.js");
  const parts = a.reports.map((file) => {
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch (err) {
      throw new UsageError(`${file}: cannot read report (${(err as NodeJS.ErrnoException).code ?? err})`);
    }
    return parseAuditReport(text, file);
  });
  return deliverAudit(mergeAudits(parts), out, [`${parts.length} report${parts.length === 1 ? "" : "s"} merged`]);
}
