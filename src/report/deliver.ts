// The last stage of every command: the report and the summary line go out first, then
// the operator's revokers run (a slow receiver never holds the report back), and the
// result becomes an exit code.
import { closeSync, openSync, writeSync } from "node:fs";
import type { ScanResult } from "../engine/session.js";
import { exitCodeFor } from "../engine/result.js";
import type { Finding } from "../types.js";
import { UsageError } from "../types.js";
import { VERSION } from "../version.js";
import { defaultColor } from "./color.js";
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

/**
 * The findings as a reporter sees them: each redacted when it is read, so a big report
 * never holds a second, redacted copy of every finding. Array methods and iteration
 * read elements through the index, so no path reaches a clear secret.
 */
function redactedView(list: readonly Finding[], redact: (f: Finding) => Finding): Finding[] {
  return new Proxy(list as Finding[], {
    get(target, prop, receiver) {
      if (typeof prop === "string" && /^\d+$/.test(prop)) {
        const f = target[Number(prop)];
        return f === undefined ? undefined : redact(f);
      }
      return Reflect.get(target, prop, receiver) as unknown;
    },
  });
}

/** Writes report pieces in ~1 MiB batches, to a file or to stdout (waiting when the pipe is full). */
export async function writeParts(parts: Iterable<string>, output: string | undefined): Promise<void> {
  let fd: number | undefined;
  if (output) {
    try {
      fd = openSync(output, "w");
    } catch (err) {
      throw new UsageError(`${output}: cannot write report (${(err as NodeJS.ErrnoException).code ?? err})`);
    }
  }
  const flush = async (text: string): Promise<void> => {
    if (!text) return;
    if (fd !== undefined) writeSync(fd, text);
    else if (!process.stdout.write(text)) await new Promise<void>((r) => process.stdout.once("drain", () => r()));
  };
  try {
    let batch: string[] = [];
    let size = 0;
    for (const p of parts) {
      batch.push(p);
      size += p.length;
      if (size >= 1 << 20) {
        await flush(batch.join(""));
        batch = [];
        size = 0;
      }
    }
    await flush(batch.join(""));
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Writes the report and summary, runs revokers; returns the exit code. */
export async function deliver(result: ScanResult, out: OutputOptions, customText?: CustomText): Promise<number> {
  const { findings, stats } = result;
  if (findings.length || !customText || out.format !== "text" || out.output) {
    // Reporters load only when a report is written (hooks mostly have nothing to report).
    const { redactorFor, reportParts } = await import("./index.js");
    const redact = redactorFor(result.messageSecrets);
    // Redacted one at a time as written: no second copy of every finding.
    const shown = out.showSecrets ? findings : redactedView(findings, redact);
    const color = out.output ? false : (out.color ?? defaultColor(process.stdout));
    const parts =
      customText && out.format === "text" && !out.output
        ? [customText(findings.map(redact), color)]
        : reportParts(out.format, { findings: shown, stats, rules: result.config.rules, color, toolVersion: VERSION });
    await writeParts(parts, out.output);
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
