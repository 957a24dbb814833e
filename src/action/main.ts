// GitHub Action entry: event -> commit range -> history scan -> annotations, job
// summary, SARIF, pull-request review, optional revocation, outputs.
import { mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, isAbsolute, relative, resolve, sep } from "node:path";
import * as core from "@actions/core";
import { parse as parseToml } from "smol-toml";
import type { Finding } from "../types.js";
import type { RevokeConfig } from "../revoke/index.js";
import { UsageError } from "../types.js";
import { ScanSession, type ScanResult } from "../engine/session.js";
import { isZeroSha, topLevel } from "../git/repository.js";
import { historySource } from "../sources/history.js";
import { hostsFromEnv } from "../verify/hosts.js";
import { redactorFor, renderReport } from "../report/index.js";
import { VERSION } from "../version.js";
import { emitAnnotations } from "./annotations.js";
import { locateInDiff } from "./diff-lines.js";
import { parseEvent, type ActionEvent } from "./event.js";
import { readContext, readInputs, type ActionContext, type ActionInputs } from "./inputs.js";
import { reviewPullRequest } from "./pr-review.js";
import { ensureCommit, rangeFor, resolvePlan, type ScanPlan } from "./range.js";
import { writeJobSummary } from "./summary.js";
import { tomlErrorDetail } from "../parse-errors.js";
import { readTrusted, repoRelative, type TrustedFiles } from "./trust.js";

const log = (line: string) => core.info(line);

function resolveIn(workspace: string, p: string): string {
  return isAbsolute(p) ? p : resolve(workspace, p);
}

/**
 * Annotations and SARIF name files relative to the repository root (what GitHub maps to
 * the repository); only the human summary shows where the checkout sits in the workspace.
 */
function pathPrefix(workspace: string, repoDir: string): string {
  const rel = relative(workspace, repoDir);
  return !rel || rel.startsWith("..") || isAbsolute(rel) ? "" : rel.split(sep).join("/") + "/";
}

/**
 * The revision the checked change starts from, whose config the check runs with: the
 * base for pull requests and merge queues, the commit before the push (for a new branch
 * the default branch). Null when there is none; undefined for full scans.
 */
async function trustedRevision(event: ActionEvent, plan: ScanPlan, repoDir: string): Promise<string | null | undefined> {
  switch (event.kind) {
    case "pull_request":
    case "merge_group":
      if (!(await ensureCommit(repoDir, event.baseSha))) {
        throw new UsageError(`base commit ${event.baseSha} is not in the checkout and cannot be fetched from origin, so the config cannot be read from it`);
      }
      return event.baseSha;
    case "push":
      if (!isZeroSha(event.before) && (await ensureCommit(repoDir, event.before))) return event.before;
      return plan.defaultBranchCommit ?? null;
    case "full":
      return undefined;
  }
}

async function trustedFiles(inputs: ActionInputs, ctx: ActionContext, event: ActionEvent, plan: ScanPlan, repoDir: string): Promise<TrustedFiles> {
  if (!inputs.configFromBase) return { notes: [] };
  const rev = await trustedRevision(event, plan, repoDir);
  if (rev === undefined) return { notes: [] };
  const t = readTrusted(repoDir, ctx.workspace, rev, inputs);
  if (rev) log(`leakguard: config, .leakguardignore and baseline read from ${rev.slice(0, 12)}, the commit the change starts from`);
  return t;
}

type RuleMeta = { id: string; description: string; severity?: string; tags?: string[] };

async function scanPlan(inputs: ActionInputs, ctx: ActionContext, repoDir: string, plan: ScanPlan, trusted: TrustedFiles): Promise<ScanResult> {
  const fromTrusted = trusted.config !== undefined;
  const session = await ScanSession.open({
    root: repoDir,
    configFile: fromTrusted || !inputs.config ? undefined : resolveIn(ctx.workspace, inputs.config),
    config: trusted.config,
    ignoreText: fromTrusted ? trusted.ignoreText : undefined,
    baselineText: fromTrusted ? trusted.baselineText : undefined,
    baselineFile: fromTrusted || !inputs.baseline ? undefined : resolveIn(ctx.workspace, inputs.baseline),
    threads: inputs.threads,
    minConfidence: inputs.confidence,
    warn: (m) => core.warning(`leakguard: ${m}`),
    ...(inputs.verify ? { verify: { hosts: hostsFromEnv(process.env.LEAKGUARD_VERIFY_HOSTS) } } : {}),
  });
  try {
    if (plan.revs.length) await session.scan(historySource({ repo: repoDir, revs: plan.revs }));
  } catch (err) {
    await session.abort();
    throw err;
  }
  return session.finish();
}

function writeSarif(path: string, findings: Finding[], rules: RuleMeta[]): void {
  const report = renderReport("sarif", {
    findings,
    stats: { filesScanned: 0, bytesScanned: 0, skippedBinary: 0, skippedTooLarge: 0, skippedUnreadable: 0, skippedOther: 0, findings: findings.length, suppressed: 0, durationMs: 0, notes: [] },
    rules,
    color: false,
    toolVersion: VERSION,
  });
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, report);
  } catch (err) {
    throw new UsageError(`${path}: cannot write SARIF (${(err as NodeJS.ErrnoException).code ?? err})`);
  }
}

async function revoke(inputs: ActionInputs, ctx: ActionContext, event: ActionEvent, repoDir: string, findings: Finding[]): Promise<void> {
  if (!inputs.revokeConfig || !findings.length) return;
  const { revokeFindings } = await import("../revoke/index.js");
  const { parseRevokeConfig } = await import("../revoke/config.js");
  const text = inputs.revokeConfig;
  // Inline TOML (typically from a secret) or a path the operator wrote outside the checkout.
  const inline = text.includes("\n") || text.trimStart().startsWith("[");
  let configPath: string | undefined;
  let config: RevokeConfig | undefined;
  if (inline) {
    let doc: unknown;
    try {
      doc = parseToml(text);
    } catch (err) {
      throw new UsageError(`input 'revoke-config': not valid TOML (${tomlErrorDetail(err)})`);
    }
    // Relative paths (the audit log) must not resolve into the checkout, which the
    // scanned repository controls: a planted audit log would mark secrets "already revoked".
    config = parseRevokeConfig(doc, "input 'revoke-config'", process.env.RUNNER_TEMP || tmpdir());
  } else {
    configPath = resolveIn(ctx.workspace, text);
    if (event.kind === "pull_request" && repoRelative(repoDir, ctx.workspace, configPath) !== null) {
      throw new UsageError(`input 'revoke-config': ${text} is inside the checked-out repository, which a pull request controls; pass the config from a secret instead`);
    }
  }
  const repository = ctx.owner && ctx.repo ? `${ctx.owner}/${ctx.repo}` : undefined;
  await revokeFindings(findings, { execute: inputs.revoke, configPath, config, repository, log: (l) => core.info(`leakguard: ${l}`) });
}

async function run(): Promise<number> {
  const inputs = readInputs();
  const ctx = readContext();
  const repoDir = await topLevel(resolveIn(ctx.workspace, inputs.path));
  if (!repoDir) throw new UsageError(`input 'path': ${inputs.path} is not inside a git repository (run actions/checkout first)`);
  const event = parseEvent(ctx.eventName, ctx.payload);
  const plan = await resolvePlan(repoDir, rangeFor(inputs, event), log);
  log(`leakguard: ${plan.label}`);
  const trusted = await trustedFiles(inputs, ctx, event, plan, repoDir);
  for (const n of trusted.notes) core.warning(`leakguard: ${n}`);

  const result = await scanPlan(inputs, ctx, repoDir, plan, trusted);
  const { findings: clear } = result;
  const rules: RuleMeta[] = result.config.rules;
  const findings = clear.map(redactorFor(result.messageSecrets));
  const prefix = pathPrefix(ctx.workspace, repoDir);
  emitAnnotations(findings);
  await writeJobSummary({ findings, scanned: `Scanned ${plan.label}.`, pathPrefix: prefix, notes: trusted.notes });

  let sarifPath = "";
  if (inputs.sarifFile) {
    sarifPath = resolveIn(ctx.workspace, inputs.sarifFile);
    writeSarif(sarifPath, findings, rules);
  }

  if (event.kind === "pull_request" && inputs.commentOnPr && plan.head) {
    await commentOnPullRequest(inputs, ctx, event, repoDir, plan, clear, findings);
  }
  await revoke(inputs, ctx, event, repoDir, clear);

  const exitCode = findings.length ? 1 : 0;
  core.setOutput("findings", String(findings.length));
  core.setOutput("sarif", sarifPath);
  core.setOutput("exit-code", String(exitCode));
  if (findings.length) {
    const msg = `leakguard found ${findings.length} secret${findings.length === 1 ? "" : "s"} in ${plan.label}`;
    if (inputs.failOnLeak) core.setFailed(msg);
    else core.warning(`${msg} (fail-on-leak: false)`);
  }
  return inputs.failOnLeak ? exitCode : 0;
}

async function commentOnPullRequest(
  inputs: ActionInputs,
  ctx: ActionContext,
  event: Extract<ActionEvent, { kind: "pull_request" }>,
  repoDir: string,
  plan: ScanPlan,
  clear: Finding[],
  redacted: Finding[],
): Promise<void> {
  if (!inputs.githubToken || !ctx.owner || !ctx.repo) {
    core.warning("leakguard: no github-token or GITHUB_REPOSITORY: pull request review skipped");
    return;
  }
  // Locations are computed from the clear secrets here; only redacted findings go on.
  const locations = plan.base ? await locateInDiff(repoDir, plan.base, event.headSha, clear) : new Map();
  try {
    const r = await reviewPullRequest(
      { token: inputs.githubToken, apiUrl: ctx.apiUrl, owner: ctx.owner, repo: ctx.repo, pullNumber: event.number, headSha: event.headSha },
      redacted,
      locations,
      log,
    );
    log(`leakguard: pull request review: ${r.created} new comment(s), ${r.updated} updated, ${r.unchanged} unchanged, ${r.resolved} resolved, ${r.inBody} listed in the review body`);
  } catch (err) {
    // A read-only token (pull requests from forks) must not hide the scan result.
    const status = typeof err === "object" && err !== null && "status" in err ? ` (HTTP ${String((err as { status: unknown }).status)})` : "";
    core.warning(`leakguard: cannot post the pull request review${status}: ${(err as Error).message.split("\n")[0]}`);
  }
}

async function main(): Promise<void> {
  try {
    process.exitCode = await run();
  } catch (err) {
    const msg = err instanceof UsageError ? err.message : `error: ${(err as Error)?.message ?? String(err)}`;
    core.setOutput("exit-code", "2");
    core.setFailed(`leakguard: ${msg.split("\n")[0]}`);
    if (!(err instanceof UsageError) && process.env.LEAKGUARD_DEBUG) process.stderr.write(String((err as Error)?.stack) + "\n");
    process.exitCode = 2;
  }
}

await main();
