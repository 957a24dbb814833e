import pc from "picocolors";
import type { Finding } from "../types.js";
import type { ReportInput } from "./types.js";

/** Human report: findings grouped by file (and commit), redacted unless asked otherwise. */
export function* textParts(input: ReportInput): Generator<string> {
  const c = pc.createColors(input.color);
  if (input.findings.length === 0) return;
  const groups = new Map<string, Finding[]>();
  for (const f of input.findings) {
    // Remote and organisation audits: the same path in two repositories is two groups.
    const key = (f.repository ? `${f.repository}: ` : "") + (f.commit ? `${f.file} @ ${f.commit.slice(0, 12)}` : f.file);
    const list = groups.get(key) ?? [];
    list.push(f);
    groups.set(key, list);
  }
  for (const [key, list] of groups) {
    const out: string[] = [];
    out.push(c.bold(c.underline(key)));
    const first = list[0];
    if (first.commit) out.push(c.dim(`  commit ${first.commit} by ${first.author} <${first.email}> on ${first.date}`));
    for (const f of list) {
      const sevColor = f.severity === "critical" || f.severity === "high" ? c.red : f.severity === "medium" ? c.yellow : c.blue;
      out.push(
        `  ${c.cyan(`${f.startLine}:${f.startColumn}`)}  ${sevColor(f.severity.padEnd(8))} ${c.bold(f.ruleId)}  ${f.description}` +
          (f.decodedFrom ? c.dim(` (decoded from ${f.decodedFrom.join(" > ")})`) : "") +
          (f.verification ? ` ${f.verification.status === "live" ? c.red(c.bold("[LIVE]")) : c.dim(`[${f.verification.status}${f.verification.reason ? `: ${f.verification.reason}` : ""}]`)}` : ""),
      );
      out.push(`      secret: ${c.magenta(f.secret)}   fingerprint: ${c.dim(f.fingerprint)}`);
    }
    out.push("");
    yield out.join("\n") + "\n";
  }
}
