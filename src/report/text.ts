import pc from "picocolors";
import type { ReportInput } from "./types.js";

/**
 * Human report: findings grouped by file (and commit), redacted unless asked otherwise.
 * Findings come in report order, so a group is a run of neighbours: each is written as
 * soon as it ends, and no more than one group is held.
 */
export function* textParts(input: ReportInput): Generator<string> {
  const c = pc.createColors(input.color);
  let key: string | undefined;
  let out: string[] = [];
  for (const f of input.findings) {
    // Remote and organisation audits: the same path in two repositories is two groups.
    const k = (f.repository ? `${f.repository}: ` : "") + (f.commit ? `${f.file} @ ${f.commit.slice(0, 12)}` : f.file);
    if (k !== key) {
      if (key !== undefined) yield out.join("\n") + "\n\n";
      key = k;
      out = [c.bold(c.underline(k))];
      if (f.commit) out.push(c.dim(`  commit ${f.commit} by ${f.author} <${f.email}> on ${f.date}`));
    }
    const sevColor = f.severity === "critical" || f.severity === "high" ? c.red : f.severity === "medium" ? c.yellow : c.blue;
    out.push(
      `  ${c.cyan(`${f.startLine}:${f.startColumn}`)}  ${sevColor(f.severity.padEnd(8))} ${c.bold(f.ruleId)}  ${f.description}` +
        (f.decodedFrom ? c.dim(` (decoded from ${f.decodedFrom.join(" > ")})`) : "") +
        (f.verification ? ` ${f.verification.status === "live" ? c.red(c.bold("[LIVE]")) : c.dim(`[${f.verification.status}${f.verification.reason ? `: ${f.verification.reason}` : ""}]`)}` : ""),
    );
    out.push(`      secret: ${c.magenta(f.secret)}   fingerprint: ${c.dim(f.fingerprint)}`);
  }
  if (key !== undefined) yield out.join("\n") + "\n\n";
}
