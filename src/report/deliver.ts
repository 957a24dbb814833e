// The last stage of every command: the report and the summary line go out first, then
// the operator's revokers run (a slow receiver never holds the report back), and the
// result becomes an exit code.
import { writeFileSync } from "node:fs";
import type { ScanResult } from "../engine/session.js";
import { exitCodeFor } from "../engine/result.js";
import type { Finding } from "../types.js";
import { UsageError } from "../types.js";
import { VERSION } from "../version.js";
import { summaryLine } from "./summary.js";
import type { ReportFormat } from "./types.js";

export interface OutputOptions {
  format: ReportFormat;
  output?: string;
  showSecrets: boolean;
  /** Exit code when findings remain (default 1). */
  exitCode: number;
  color?: boolean;
  /** Revocation: only when an operator config is given (flag or environment). */
  revoke?: boolean;
  revokeConfig?: string;
  repository?: string;
}

/** Renders the shown (redacted unless --show-secrets) findings itself, instead of the text report. */
export type CustomText = (shown: Finding[], color: boolean) => string;

function writeStdout(text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    process.stdout.write(text, (err) => (err ? reject(err) : resolve()));
  });
}

/** Writes the report and summary, runs revokers; returns the exit code. */
export async function deliver(result: ScanResult, out: OutputOptions, customText?: CustomText): Promise<number> {
  const { findings, stats } = result;
  if (findings.length || !customText || out.format !== "text" || out.output) {
    // Reporters load only when a report is written (hooks mostly have nothing to report).
    const { redactorFor, renderReport } = await import("./index.js");
    const shown = out.showSecrets ? findings : findings.map(redactorFor(result.messageSecrets));
    const color = out.output ? false : (out.color ?? process.stdout.isTTY === true);
    const report =
      customText && out.format === "text" && !out.output
        ? customText(shown, color)
        : renderReport(out.format, { findings: shown, stats, rules: result.config.rules, color, toolVersion: VERSION });
    if (out.output) {
      try {
        writeFileSync(out.output, report);
      } catch (err) {
        throw new UsageError(`${out.output}: cannot write report (${(err as NodeJS.ErrnoException).code ?? err})`);
      }
    } else if (report) await writeStdout(report);
  }
  process.stderr.write(summaryLine(stats, result.unit) + "\n");
  let revokeFailed = 0;
  if (findings.length && (out.revokeConfig ?? process.env.LEAKGUARD_REVOKE_CONFIG)) {
    const { revokeIfConfigured } = await import("../revoke/index.js");
    revokeFailed = await revokeIfConfigured(findings, {
      execute: out.revoke === true,
      configPath: out.revokeConfig,
      repository: out.repository,
      log: (line) => process.stderr.write(line + "\n"),
    });
  }
  return exitCodeFor(findings.length, revokeFailed, out.exitCode);
}

/** Loads the operator's revocation config up front so a broken one fails before scanning. */
export async function checkRevokeConfig(path: string | undefined): Promise<void> {
  const p = path ?? process.env.LEAKGUARD_REVOKE_CONFIG;
  if (!p) return;
  const { loadRevokeConfig } = await import("../revoke/config.js");
  loadRevokeConfig(p);
}

/** Warnings from a scan (unreadable files, missing blobs): one line each on stderr. */
export function warn(message: string): void {
  process.stderr.write(`leakguard: warning: ${message}\n`);
}
