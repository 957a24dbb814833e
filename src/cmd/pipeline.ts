// Wiring shared by every entry point: config -> scanner -> filters -> reporters -> revokers.
import { defaultColor } from "../report/color.js";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Candidate, Chunk, CommitMeta, Finding, ScanStats } from "../types.js";
import { emptyStats, UsageError } from "../types.js";
import { loadConfig } from "../config/resolve.js";
import type { ResolvedConfig } from "../config/settings.js";
import { createScanner, type Scanner } from "../detect/pool.js";
import { toFinding } from "../detect/fingerprint.js";
import { FindingFilter } from "../filter/index.js";
import { IGNORE_FILE_NAME, parseIgnoreFile } from "../filter/ignore-file.js";
import { GITLEAKS_IGNORE_NAME, parseGitleaksIgnore } from "../filter/gitleaks-ignore.js";
import { gitleaksConfigNotice } from "../config/gitleaks-notice.js";
import { parseBaseline } from "../filter/baseline.js";
import type { ReportFormat } from "../report/types.js";
import { summaryLine } from "../report/summary.js";
import { VERSION } from "../version.js";

export interface OpenScanOptions {
  /** Scan root: where .leakguard.toml and .leakguardignore are looked up by default. */
  root: string;
  configFile?: string;
  /** Config text from elsewhere (index, base commit); null = no config; undefined = from disk. */
  configText?: string | null;
  configLabel?: string;
  /** .leakguardignore text from elsewhere; null = none; undefined = `<root>/.leakguardignore`. */
  ignoreText?: string | null;
  baselineFile?: string;
  /** Baseline JSON text from elsewhere (base commit); takes precedence over baselineFile. */
  baselineText?: string;
  /** Worker threads; 1 scans in the calling thread (fastest start-up). */
  threads?: number;
}

export interface ScanSession {
  config: ResolvedConfig;
  scanner: Scanner;
  filter: FindingFilter;
  stats: ScanStats;
  findings: Finding[];
  startedAt: number;
}

function readOptional(path: string): string | null {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return null;
  }
}

export async function openScan(o: OpenScanOptions): Promise<ScanSession> {
  const startedAt = performance.now();
  const config = await loadConfig({ root: o.root, configFile: o.configFile, configText: o.configText, configLabel: o.configLabel });
  const ignoreText = o.ignoreText === undefined ? readOptional(join(o.root, IGNORE_FILE_NAME)) : o.ignoreText;
  let baseline: Set<string> | undefined;
  if (o.baselineText !== undefined) baseline = parseBaseline(o.baselineText, "baseline");
  else if (o.baselineFile) {
    let text: string;
    try {
      text = readFileSync(o.baselineFile, "utf8");
    } catch (err) {
      throw new UsageError(`${o.baselineFile}: cannot read baseline (${(err as NodeJS.ErrnoException).code ?? err})`);
    }
    baseline = parseBaseline(text, o.baselineFile);
  }
  const filter = new FindingFilter({
    allowlist: config.allowlist,
    ignored: ignoreText ? parseIgnoreFile(ignoreText) : new Set(),
    baseline,
    // Only beside a plain scan's own files: checks that read their ignore file from a
    // trusted revision (staged, pull requests) pass ignoreText and skip it.
    gitleaksIgnore: o.ignoreText === undefined ? parseGitleaksIgnore(readOptional(join(o.root, GITLEAKS_IGNORE_NAME)) ?? "") : undefined,
  });
  const scanner = await createScanner(config.rules, o.threads);
  const stats = emptyStats();
  const notice = gitleaksConfigNotice(o.root, o.configFile !== undefined || o.configText !== undefined);
  if (notice) stats.notes.push(notice);
  return { config, scanner, filter, stats, findings: [], startedAt };
}

export interface ChunkMeta {
  path: string;
  commit?: CommitMeta;
  lines?: ReadonlySet<number>;
}

/** Turns candidates into findings, applying the chunk's line filter and the user's filters. */
export function collect(session: ScanSession, meta: ChunkMeta, candidates: Candidate[]): Finding[] {
  const added: Finding[] = [];
  for (const c of candidates) {
    if (meta.lines && !spanTouches(meta.lines, c.startLine, c.endLine)) continue;
    const f = toFinding(c, meta.path, meta.commit);
    if (session.filter.check(f, c.lineText)) {
      session.stats.suppressed++;
      continue;
    }
    session.findings.push(f);
    added.push(f);
  }
  session.stats.findings = session.findings.length;
  return added;
}

function spanTouches(lines: ReadonlySet<number>, start: number, end: number): boolean {
  for (let l = start; l <= end; l++) if (lines.has(l)) return true;
  return false;
}

/** Scans one in-memory chunk (blob, staged file, stdin) and collects its findings. */
export async function scanChunk(session: ScanSession, chunk: Chunk): Promise<Finding[]> {
  session.stats.filesScanned++;
  session.stats.bytesScanned += chunk.data.length;
  const cands = await session.scanner.scanBuffer(chunk.data, chunk.path);
  return collect(session, chunk, cands);
}

export interface OutputOptions {
  format: ReportFormat;
  output?: string;
  showSecrets: boolean;
  /** Exit code when findings remain (default 1). */
  exitCode: number;
  color?: boolean;
  /** Unit for the summary line ("files", "blobs"). */
  unit?: string;
  /** Revocation: only when an operator config is given (flag or environment). */
  revoke?: boolean;
  revokeConfig?: string;
  repository?: string;
  /** Suppress the summary line (the Action prints its own). */
  quietSummary?: boolean;
  /** Receive the (unredacted) findings instead of printing a report. */
  capture?: (findings: Finding[]) => void;
}

/** Writes the report and summary, runs revokers, closes the scanner; returns the exit code. */
export async function finishScan(session: ScanSession, out: OutputOptions): Promise<number> {
  await session.scanner.close();
  const stats = session.stats;
  stats.durationMs = Math.round(performance.now() - session.startedAt);
  stats.findings = session.findings.length;
  const sorted = sortFindings(session.findings);
  // Revocation runs for every entry point (the Action and guard capture findings too).
  const revokeFailed = await maybeRevoke(sorted, out);
  const code = exitCodeFor(sorted.length, revokeFailed, out.exitCode);
  if (out.capture) {
    out.capture(sorted);
    if (!out.quietSummary) process.stderr.write(summaryLine(stats, out.unit) + "\n");
    return code;
  }
  // Reporters load only when a report is written (hooks mostly have nothing to report).
  const { redactFinding, renderReport } = await import("../report/index.js");
  const shown = out.showSecrets ? sorted : sorted.map(redactFinding);
  const report = renderReport(out.format, {
    findings: shown,
    stats,
    rules: session.config.rules,
    color: out.output ? false : (out.color ?? defaultColor(process.stdout)),
    toolVersion: VERSION,
  });
  if (out.output) {
    try {
      writeFileSync(out.output, report);
    } catch (err) {
      throw new UsageError(`${out.output}: cannot write report (${(err as NodeJS.ErrnoException).code ?? err})`);
    }
  } else if (report) {
    await writeStdout(report);
  }
  if (!out.quietSummary) process.stderr.write(summaryLine(stats, out.unit) + "\n");
  return code;
}

/** Findings -> `exitCode`; a failed revocation fails the run even with --exit-code 0. */
export function exitCodeFor(findings: number, revokeFailed: number, exitCode: number): number {
  const base = findings ? exitCode : 0;
  return revokeFailed ? Math.max(base, 1) : base;
}

/** Runs the operator's revokers when configured (flag or environment); returns failures. */
async function maybeRevoke(findings: Finding[], out: OutputOptions): Promise<number> {
  const revokeConfig = out.revokeConfig ?? process.env.LEAKGUARD_REVOKE_CONFIG;
  if (!revokeConfig || !findings.length) return 0;
  const { revokeFindings } = await import("../revoke/index.js");
  const summary = await revokeFindings(findings, {
    execute: out.revoke === true,
    configPath: revokeConfig,
    repository: out.repository,
    log: (line) => process.stderr.write(line + "\n"),
  });
  return summary.failed;
}

/** Loads the operator's revocation config up front so a broken one fails before scanning. */
export async function checkRevokeConfig(path: string | undefined): Promise<void> {
  const p = path ?? process.env.LEAKGUARD_REVOKE_CONFIG;
  if (!p) return;
  const { loadRevokeConfig } = await import("../revoke/config.js");
  loadRevokeConfig(p);
}

export function sortFindings(list: Finding[]): Finding[] {
  return [...list].sort(
    (a, b) =>
      (a.date && b.date ? a.date.localeCompare(b.date) : 0) ||
      a.file.localeCompare(b.file) ||
      a.startLine - b.startLine ||
      a.startColumn - b.startColumn ||
      a.ruleId.localeCompare(b.ruleId),
  );
}

function writeStdout(text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    process.stdout.write(text, (err) => (err ? reject(err) : resolve()));
  });
}
