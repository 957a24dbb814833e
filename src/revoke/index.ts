// Revocation: route confident findings to the operator's backends, once per distinct
// secret, record every attempt in the audit log, and never let a backend stop the scan.
import type { Finding, RuleSpec } from "../types.js";
import type { HostMap } from "../verify/route.js";
import { AuditLog } from "./audit.js";
import type { ActionResult, BackendContext, ResultSink } from "./backend.js";
import { errorText } from "./backend.js";
import { loadRevokeConfig, type BackendConfig, type RevokeConfig } from "./config.js";
import { planRevocations, type Target } from "./plan.js";

export interface RevokeOptions {
  /** false: dry run, only say what would be done. */
  execute: boolean;
  /** Operator config file (never from the scanned repository). */
  configPath?: string;
  /** Already-loaded operator config (the Action builds it from inputs); wins over configPath. */
  config?: RevokeConfig;
  /** Repository label for webhook events (e.g. owner/name or a path). */
  repository?: string;
  /** One line of human output (stderr). Never receives a secret. */
  log: (line: string) => void;
}

/** One line of the run, as printed; holds no secret. */
export interface RevokeAction {
  backend: string;
  ruleId: string;
  fingerprint: string;
  secretHash: string;
  outcome: "revoked" | "rotated" | "queued" | "failed" | "skipped" | "dry-run" | "already-revoked";
  detail: string;
  latencyMs?: number;
  /** Milliseconds from detection (the call of revokeFindings) to this answer. */
  sinceDetectionMs?: number;
}

export interface RevokeSummary {
  considered: number;
  revoked: number;
  failed: number;
  skipped: number;
  dryRun: number;
  alreadyRevoked: number;
  /** The backend rotated the secret (webhook status). */
  rotated: number;
  /** The backend accepted it for later handling (webhook status, or 2xx without one). */
  queued: number;
  /** Distinct secrets that no route applies to. */
  unrouted: number;
  actions: RevokeAction[];
  /** Epoch ms when revokeFindings was called: the detection -> request clock. */
  detectedAt: number;
}

function emptySummary(considered: number, detectedAt: number): RevokeSummary {
  return { considered, revoked: 0, failed: 0, skipped: 0, dryRun: 0, alreadyRevoked: 0, rotated: 0, queued: 0, unrouted: 0, actions: [], detectedAt };
}

function actionOf(t: Target, outcome: RevokeAction["outcome"], detail: string, latencyMs?: number): RevokeAction {
  return { backend: t.backend, ruleId: t.finding.ruleId, fingerprint: t.finding.fingerprint, secretHash: t.secretHash, outcome, detail, latencyMs };
}

/** `revoke: revoked github-pat a.txt:github-pat:3d5c… via gh (HTTP 202 accepted, 310 ms)` */
export function actionLine(a: RevokeAction): string {
  const what = a.outcome === "dry-run" ? "would revoke" : a.outcome;
  const ms = a.latencyMs !== undefined ? `, ${a.latencyMs} ms` : "";
  return `revoke: ${what} ${a.ruleId} ${a.fingerprint} via ${a.backend} (${a.detail}${ms})`;
}

export function summaryText(s: RevokeSummary, execute: boolean): string {
  const parts = execute
    ? [`${s.revoked} revoked`, s.rotated ? `${s.rotated} rotated` : "", s.queued ? `${s.queued} queued` : "", `${s.failed} failed`]
    : [`dry run: ${s.dryRun} would be sent (add --revoke to send)`];
  parts.push(`${s.alreadyRevoked} already revoked`, `${s.skipped} skipped`, `${s.unrouted} not routed`);
  return "revoke: " + parts.filter(Boolean).join(", ");
}

function record(summary: RevokeSummary, a: RevokeAction, log: (line: string) => void): void {
  a.sinceDetectionMs = Date.now() - summary.detectedAt;
  summary.actions.push(a);
  if (a.outcome === "revoked") summary.revoked++;
  else if (a.outcome === "rotated") summary.rotated++;
  else if (a.outcome === "queued") summary.queued++;
  else if (a.outcome === "failed") summary.failed++;
  else if (a.outcome === "skipped") summary.skipped++;
  else if (a.outcome === "dry-run") summary.dryRun++;
  else summary.alreadyRevoked++;
  log(actionLine(a));
}

/** Built-in rules that carry a provider revocation, and where their requests go. */
interface ProviderSetup {
  rules: ReadonlyMap<string, RuleSpec>;
  hosts: HostMap;
}

async function providerSetup(): Promise<ProviderSetup> {
  const [{ builtinRules }, { hostsFromEnv }] = await Promise.all([import("../config/resolve.js"), import("../verify/hosts.js")]);
  const rules = new Map((await builtinRules()).filter((r) => r.revoke).map((r) => [r.id, r]));
  return { rules, hosts: hostsFromEnv(process.env.LEAKGUARD_VERIFY_HOSTS) };
}

async function runBackend(b: BackendConfig, targets: Target[], ctx: BackendContext, sink: ResultSink, provider: ProviderSetup): Promise<void> {
  switch (b.type) {
    case "notify":
      return (await import("./notify.js")).notify(b, targets, ctx, sink);
    case "provider":
      return (await import("./provider.js")).revokeAtProvider(b, targets, ctx, sink, provider.rules, provider.hosts);
    case "github":
      return (await import("./github.js")).revokeOnGithub(b, targets, ctx, sink);
    case "webhook":
      return (await import("./webhook.js")).sendWebhooks(b, targets, ctx, sink);
    case "command":
      return (await import("./command.js")).runCommands(b, targets, ctx, sink);
  }
}

/** Default whole-run deadline for revocation. */
const DEFAULT_DEADLINE_MS = 60_000;

export async function revokeFindings(findings: Finding[], opts: RevokeOptions): Promise<RevokeSummary> {
  const detectedAtMs = Date.now();
  const detectedAt = new Date(detectedAtMs);
  const summary = emptySummary(findings.length, detectedAtMs);
  const cfg = opts.config ?? (opts.configPath ? loadRevokeConfig(opts.configPath) : undefined);
  if (!cfg) {
    opts.log("revoke: no revoke config (--revoke-config FILE or LEAKGUARD_REVOKE_CONFIG): nothing sent");
    return summary;
  }
  const audit = new AuditLog(cfg.auditLog);
  const provider = await providerSetup();
  const plan = planRevocations(findings, cfg, audit.readDone(), new Set(provider.rules.keys()));
  summary.unrouted = plan.unrouted;
  for (const s of plan.skipped) {
    record(summary, { backend: s.backend, ruleId: s.finding.ruleId, fingerprint: s.finding.fingerprint, secretHash: s.finding.secretHash, outcome: "skipped", detail: s.reason }, opts.log);
  }
  for (const t of plan.already) record(summary, actionOf(t, "already-revoked", "in the audit log"), opts.log);
  if (!opts.execute) {
    for (const [backend, targets] of plan.targets) {
      for (const t of targets) record(summary, actionOf(t, "dry-run", `${cfg.backends[backend].type}, dry run`), opts.log);
    }
    opts.log(summaryText(summary, false));
    return summary;
  }
  // The run's deadline: a receiver that never answers must not hold the scan back.
  const deadlineMs = cfg.deadlineMs ?? DEFAULT_DEADLINE_MS;
  const abort = new AbortController();
  const ctx: BackendContext = { repository: opts.repository ?? cfg.repository ?? null, detectedAt, log: opts.log, signal: abort.signal };
  const detectedIso = detectedAt.toISOString();
  const pending = new Map<Target, (t: Target, r: ActionResult) => void>();
  const all = Promise.all(
    [...plan.targets].map(async ([backend, targets]) => {
      const b = cfg.backends[backend];
      const reported = new Set<Target>();
      const sink: ResultSink = (t: Target, r: ActionResult) => {
        if (reported.has(t)) return; // already failed at the deadline
        reported.add(t);
        pending.delete(t);
        try {
          audit.append({
            time: new Date().toISOString(),
            fingerprint: t.finding.fingerprint,
            secretHash: t.secretHash,
            ruleId: t.finding.ruleId,
            backend,
            backendType: b.type,
            outcome: r.outcome,
            detail: r.detail,
            latency_ms: r.latencyMs,
            detected_at: detectedIso,
          });
        } catch (err) {
          opts.log(`revoke: warning: ${cfg.auditLog}: cannot append to audit log (${errorText(err)})`);
        }
        record(summary, actionOf(t, r.outcome, r.detail, r.latencyMs), opts.log);
      };
      for (const t of targets) pending.set(t, sink);
      try {
        await runBackend(b, targets, ctx, sink, provider);
      } catch (err) {
        // A driver bug must not cost the scan its result: whatever it did not report failed.
        const detail = `backend error: ${errorText(err, targets.map((t) => t.finding.secret))}`;
        for (const t of targets) if (!reported.has(t)) sink(t, { outcome: "failed", detail, latencyMs: 0 });
      }
    }),
  );
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<"deadline">((resolve) => (timer = setTimeout(() => resolve("deadline"), deadlineMs)));
  if ((await Promise.race([all, deadline])) === "deadline") {
    abort.abort();
    const detail = `no answer within the ${deadlineMs / 1000} s deadline; retried next run`;
    for (const [t, sink] of [...pending]) sink(t, { outcome: "failed", detail, latencyMs: deadlineMs });
  }
  clearTimeout(timer);
  opts.log(summaryText(summary, true));
  return summary;
}

export type { RevokeConfig };

export interface ConfiguredRevokeOptions {
  /** Really call the backends (default: dry run). */
  execute: boolean;
  /** Operator config path; falls back to LEAKGUARD_REVOKE_CONFIG. */
  configPath?: string;
  repository?: string;
  log: (line: string) => void;
}

/** Runs the operator's revokers when a config is given (flag or environment); returns failures. */
export async function revokeIfConfigured(findings: Finding[], o: ConfiguredRevokeOptions): Promise<number> {
  const configPath = o.configPath ?? process.env.LEAKGUARD_REVOKE_CONFIG;
  if (!configPath || !findings.length) return 0;
  const summary = await revokeFindings(findings, { execute: o.execute, configPath, repository: o.repository, log: o.log });
  return summary.failed;
}
