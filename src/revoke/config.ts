// Operator revocation config: which findings go to which backend. Read only from a path
// the operator gives (flag, environment, action input), never from the scanned repository.
import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { parse as parseToml } from "smol-toml";
import { z } from "zod";
import { describeZodError } from "../config/schema.js";
import { tomlErrorDetail } from "../parse-errors.js";
import { UsageError } from "../types.js";

const LOOPBACK_HOSTS = new Set(["localhost", "[::1]", "::1"]);

/** True for 127.0.0.0/8, ::1 and localhost: the only hosts plain HTTP may reach. */
export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

/** HTTPS anywhere; plain HTTP only to loopback, so a found secret never crosses a network in clear. */
export function checkEndpointUrl(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "not a valid URL";
  }
  if (url.protocol === "https:") return null;
  if (url.protocol === "http:" && isLoopbackHost(url.hostname)) return null;
  return "must be https:// (plain http:// only to a loopback address)";
}

const endpointUrl = z
  .string()
  .superRefine((v, ctx) => {
    const problem = checkEndpointUrl(v);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  })
  // URL schemes are case-insensitive; the HTTP layer picks TLS by the lower-case one.
  .transform((v) => v.replace(/^[A-Za-z][A-Za-z0-9+.-]*:/, (scheme) => scheme.toLowerCase()));

const positiveMs = z.number().int().positive();

export const githubBackendSchema = z.strictObject({
  type: z.literal("github"),
  /** GitHub Enterprise Server: https://HOST/api/v3 */
  baseUrl: endpointUrl.default("https://api.github.com"),
  /** Credentials per request; GitHub accepts at most 1,000. */
  batchSize: z.number().int().min(1).max(1000).default(1000),
  timeoutMs: positiveMs.default(15_000),
  /** Longest total wait for rate-limit answers before giving up (the rest is retried next run). */
  maxWaitMs: z.number().int().min(0).default(120_000),
});

export const webhookBackendSchema = z.strictObject({
  type: z.literal("webhook"),
  url: endpointUrl,
  /** Name of the environment variable holding the HMAC-SHA256 signing key. */
  secretEnv: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be an environment variable name"),
  signatureHeader: z.string().regex(/^[A-Za-z0-9-]+$/).default("X-Leakguard-Signature-256"),
  /** Send the secret itself in the event (the receiver then holds it: use HTTPS). */
  includeSecret: z.boolean().default(false),
  timeoutMs: positiveMs.default(5_000),
  retries: z.number().int().min(0).max(10).default(3),
  backoffMs: z.number().int().min(0).default(250),
  concurrency: z.number().int().min(1).max(64).default(8),
  /** Extra request headers (e.g. a static bearer token the receiver expects). */
  headers: z.record(z.string().regex(/^[A-Za-z0-9-]+$/), z.string()).default({}),
});

export const commandBackendSchema = z.strictObject({
  type: z.literal("command"),
  /** Executable and arguments, run without a shell. */
  argv: z.array(z.string().min(1)).min(1),
  includeSecret: z.boolean().default(false),
  timeoutMs: positiveMs.default(30_000),
  concurrency: z.number().int().min(1).max(64).default(4),
  /** Extra environment for the command (added to leakguard's own). */
  env: z.record(z.string(), z.string()).default({}),
  /** Working directory; relative to the config file. */
  cwd: z.string().optional(),
});

/** The provider that issued a secret revokes it itself, from the rule's `revoke` block. */
export const providerBackendSchema = z.strictObject({
  type: z.literal("provider"),
  timeoutMs: positiveMs.default(10_000),
  concurrency: z.number().int().min(1).max(64).default(8),
});

/** Tells people: a redacted summary of a finding to a chat's incoming webhook. */
export const notifyBackendSchema = z.strictObject({
  type: z.literal("notify"),
  /** slack and teams: their incoming-webhook payloads; json: a plain JSON document. */
  format: z.enum(["slack", "teams", "json"]),
  url: endpointUrl,
  timeoutMs: positiveMs.default(5_000),
  concurrency: z.number().int().min(1).max(16).default(4),
});

export const backendSchema = z.discriminatedUnion("type", [githubBackendSchema, webhookBackendSchema, commandBackendSchema, providerBackendSchema, notifyBackendSchema]);

export const routeSchema = z.strictObject({
  /** Rule ids this route applies to. */
  rules: z.array(z.string().min(1)).default([]),
  /** Rule tags this route applies to (any one matches). */
  tags: z.array(z.string().min(1)).default([]),
  backend: z.string().min(1),
  /**
   * Generic (low-confidence) findings are never revoked unless this is true, and then
   * only for rules listed by id in `rules` (a tag never opts a generic rule in).
   */
  allowGeneric: z.boolean().default(false),
  /** Only findings with one of these verification statuses (a scan run with --verify). */
  verification: z.array(z.enum(["live", "unknown", "invalid", "not-verifiable"])).optional(),
});

export const revokeConfigSchema = z.strictObject({
  /** Append-only JSON-lines audit log, also the "already revoked" state. */
  auditLog: z.string().min(1).optional(),
  /** Repository label for events when the caller gives none. */
  repository: z.string().optional(),
  backends: z.record(z.string().regex(/^[A-Za-z0-9_.-]+$/, "backend names: letters, digits, '-', '_', '.'"), backendSchema),
  route: z.array(routeSchema).min(1, "at least one [[route]] is needed"),
  /** Whole-run deadline: what has not answered by then is recorded failed (retried next run). */
  deadlineMs: positiveMs.default(60_000),
});

export type GithubBackendConfig = z.infer<typeof githubBackendSchema>;
export type WebhookBackendConfig = z.infer<typeof webhookBackendSchema>;
export type CommandBackendConfig = z.infer<typeof commandBackendSchema>;
export type ProviderBackendConfig = z.infer<typeof providerBackendSchema>;
export type NotifyBackendConfig = z.infer<typeof notifyBackendSchema>;
export type BackendConfig = z.infer<typeof backendSchema>;
export type RouteConfig = z.infer<typeof routeSchema>;

export interface RevokeConfig {
  auditLog: string;
  repository?: string;
  backends: Record<string, BackendConfig>;
  route: RouteConfig[];
  /** Whole-run deadline (ms); what is unanswered then fails and is retried on the next run. */
  deadlineMs?: number;
}

/** Where the audit log lives when the config names none (XDG state directory). */
export function defaultAuditLogPath(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_STATE_HOME && isAbsolute(env.XDG_STATE_HOME) ? env.XDG_STATE_HOME : join(homedir(), ".local", "state");
  return join(base, "leakguard", "revoke-audit.jsonl");
}

/** Validates a parsed TOML document; relative paths resolve against `baseDir`. */
export function parseRevokeConfig(doc: unknown, label: string, baseDir: string): RevokeConfig {
  const parsed = revokeConfigSchema.safeParse(doc);
  if (!parsed.success) throw new UsageError(`${label}: ${describeZodError(parsed.error)}`);
  const c = parsed.data;
  for (const [i, r] of c.route.entries()) {
    if (!c.backends[r.backend]) throw new UsageError(`${label}: route.${i}.backend: no backend named '${r.backend}'`);
    if (!r.rules.length && !r.tags.length) throw new UsageError(`${label}: route.${i}: list rule ids in 'rules' or tags in 'tags'`);
    if (r.allowGeneric && !r.rules.length) {
      throw new UsageError(`${label}: route.${i}: allowGeneric applies to rules listed by id; add them to 'rules'`);
    }
  }
  for (const b of Object.values(c.backends)) {
    if (b.type === "command" && b.cwd) b.cwd = resolve(baseDir, b.cwd);
  }
  return {
    auditLog: c.auditLog ? resolve(baseDir, c.auditLog) : defaultAuditLogPath(),
    repository: c.repository,
    backends: c.backends,
    route: c.route,
    deadlineMs: c.deadlineMs,
  };
}

export function loadRevokeConfig(path: string): RevokeConfig {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw new UsageError(`${path}: cannot read revoke config (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  let doc: unknown;
  try {
    doc = parseToml(text);
  } catch (err) {
    throw new UsageError(`${path}: invalid TOML at ${tomlErrorDetail(err)}`);
  }
  return parseRevokeConfig(doc, path, dirname(resolve(path)));
}
