// Reading a saved `--format json` report for `leakguard revoke`.
import { readFileSync } from "node:fs";
import { z } from "zod";
import { describeZodError } from "../config/schema.js";
import { jsonErrorDetail } from "../parse-errors.js";
import { UsageError, type Finding } from "../types.js";

const findingSchema = z.looseObject({
  ruleId: z.string().min(1),
  description: z.string().default(""),
  file: z.string(),
  startLine: z.number().int(),
  endLine: z.number().int().optional(),
  startColumn: z.number().int().default(1),
  endColumn: z.number().int().optional(),
  secret: z.string().default(""),
  match: z.string().default(""),
  entropy: z.number().default(0),
  fingerprint: z.string().min(1),
  secretHash: z.string().regex(/^[0-9a-f]{64}$/, "expected the 64-hex secret hash"),
  severity: z.enum(["info", "low", "medium", "high", "critical"]).default("medium"),
  tags: z.array(z.string()).default([]),
  confidence: z.enum(["high", "medium", "low"]).default("medium"),
  checksum: z.enum(["valid", "invalid"]).optional(),
  commit: z.string().optional(),
  date: z.string().optional(),
});

const reportSchema = z.looseObject({ version: z.literal(1), findings: z.array(findingSchema) });

/** Parses a `--format json` report; the error names the file and the first bad field. */
export function parseReport(text: string, label: string): Finding[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new UsageError(`${label}: not JSON (${jsonErrorDetail(text)}); expected a leakguard --format json report`);
  }
  const parsed = reportSchema.safeParse(doc);
  if (!parsed.success) throw new UsageError(`${label}: not a leakguard JSON report: ${describeZodError(parsed.error)}`);
  return parsed.data.findings.map((f) => ({ ...f, endLine: f.endLine ?? f.startLine, endColumn: f.endColumn ?? f.startColumn }) as Finding);
}

/** A saved report's text from a file, or standard input for `-`; UsageError naming it. */
export function readReportText(path: string): string {
  try {
    return readFileSync(path === "-" ? 0 : path, "utf8");
  } catch (err) {
    throw new UsageError(`${path}: cannot read report (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
}
