// Live verification: each distinct secret of a rule with a `verify` block is sent, once,
// to the provider that issued it (or the operator's mapped host), and the answer becomes
// live / invalid / unknown. `unknown` never fails a scan; no secret reaches a log line.
import pLimit, { type LimitFunction } from "p-limit";
import type { Finding, NamedVerifySpec, RuleSpec, Verification, VerifySpec } from "../types.js";
import type { Outcome, PreparedCheck, VerifyInput } from "./coded.js";
import { NAMED_VERIFIERS } from "./named.js";
import { findPartners } from "./pair.js";
import { route, type HostMap } from "./route.js";
import { buildRequest, jsonPath, type VerifyRequest } from "./template.js";

export interface VerifyOptions {
  hosts: HostMap;
  /** One request (default 10 s). */
  timeoutMs?: number;
  /** All verification of a run (default 60 s): what is left then is unknown. */
  deadlineMs?: number;
  /** Requests in flight per host (default 16). */
  perHost?: number;
}

const MAX_BODY = 1024 * 1024;
/** A Retry-After longer than this is not waited for: the answer is "rate-limited". */
const MAX_RETRY_AFTER_MS = 30_000;

function unknown(reason: string): Outcome {
  return { status: "unknown", reason };
}

/** Classifies a provider's answer by the rule's matcher. Pure. */
export function classify(spec: VerifySpec, status: number, body: unknown): Outcome {
  const live = spec.liveStatus ?? [200];
  const invalid = spec.invalidStatus ?? [401, 403];
  if (invalid.includes(status)) return { status: "invalid" };
  if (live.includes(status)) {
    for (const [k, v] of Object.entries(spec.liveJson ?? {})) if (jsonPath(body, k) !== v) return { status: "invalid" };
    const identity: Record<string, string> = {};
    for (const [name, path] of Object.entries(spec.identity ?? {})) {
      const v = jsonPath(body, path);
      if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") identity[name] = String(v);
    }
    return Object.keys(identity).length ? { status: "live", identity } : { status: "live" };
  }
  if (status === 429) return unknown("rate-limited");
  return unknown(`HTTP ${status}`);
}

function retryAfterMs(h: string | null): number | undefined {
  if (!h) return undefined;
  const secs = Number(h);
  if (Number.isFinite(secs)) return Math.max(0, secs * 1000);
  const at = Date.parse(h);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** The verify block of a rule is a template (or names a coded verifier). */
export function isTemplate(spec: VerifySpec | NamedVerifySpec): spec is VerifySpec {
  return !("verifier" in spec);
}

/** A template's request, routed, and its matcher over the JSON answer. */
function prepareTemplate(spec: VerifySpec, input: VerifyInput, ruleId: string, hosts: HostMap): PreparedCheck | Outcome {
  const usesPartner = [spec.url, spec.body ?? "", ...Object.values(spec.headers ?? {})].some((t) => /\{\{(?:partner|basic:)/.test(t));
  if (usesPartner && !input.partner) return { status: "not-verifiable", reason: `no ${spec.pair?.join(" or ") ?? "paired secret"} in the same file as ${ruleId}` };
  const req = buildRequest(spec, input.secret, input.partner?.secret);
  const needsBody = spec.liveJson !== undefined || spec.identity !== undefined;
  const own = new URL(req.url);
  const regions = (spec.regions ?? []).map((host) => ({ host, request: { ...req, url: route(`https://${host}${own.pathname}${own.search}`, hosts) } }));
  return {
    request: { ...req, url: route(req.url, hosts) },
    read: (status, body) => classify(spec, status, needsBody ? parseJson(body) : undefined),
    ...(needsBody ? {} : { skipBody: true }),
    ...(regions.length ? { regions } : {}),
  };
}

/** What to ask the provider about one finding (and its partner). Pure apart from signing. */
export function prepare(rule: RuleSpec, input: VerifyInput, hosts: HostMap, now = new Date()): PreparedCheck | Outcome {
  const spec = rule.verify!;
  if (isTemplate(spec)) return prepareTemplate(spec, input, rule.id, hosts);
  return NAMED_VERIFIERS[spec.verifier].prepare(input, now, (url) => route(url, hosts));
}

export class Verifier {
  private readonly cache = new Map<string, Promise<Outcome>>();
  private readonly limits = new Map<string, LimitFunction>();
  private readonly deadline: AbortSignal;
  readonly counts: Record<Verification["status"], number> = { live: 0, invalid: 0, unknown: 0, "not-verifiable": 0 };

  constructor(private readonly o: VerifyOptions) {
    this.deadline = AbortSignal.timeout(o.deadlineMs ?? 60_000);
  }

  /**
   * Sets `verification` on every finding; rules without a verify block give not-verifiable.
   * A rule that pairs is checked with the nearest partner finding in its file (pair.ts).
   */
  async verifyAll(findings: Finding[], rules: readonly RuleSpec[]): Promise<void> {
    const byId = new Map(rules.map((r) => [r.id, r]));
    const partners = findPartners(findings, (id) => byId.get(id)?.verify?.pair);
    await Promise.all(
      findings.map(async (f) => {
        const rule = byId.get(f.ruleId);
        const v = rule?.verify ? await this.check(rule, f, partners.get(f)) : { status: "not-verifiable" as const };
        f.verification = { ...v, checkedAt: new Date().toISOString() };
        this.counts[v.status]++;
      }),
    );
  }

  private check(rule: RuleSpec, f: Finding, partner: Finding | undefined): Promise<Outcome> {
    const spec = rule.verify!;
    // A coded verifier asks the same question from either side of a pair: ask once.
    const hashes = [f.secretHash, ...(partner ? [partner.secretHash] : [])];
    const key = isTemplate(spec) ? [rule.id, ...hashes].join("\0") : [spec.verifier, ...hashes.sort()].join("\0");
    let p = this.cache.get(key);
    if (!p) {
      const input: VerifyInput = { secret: f.secret, match: f.match, ...(partner ? { partner: { secret: partner.secret, match: partner.match } } : {}) };
      const prepared = prepare(rule, input, this.o.hosts);
      p = "request" in prepared ? this.send(prepared) : Promise.resolve(prepared);
      this.cache.set(key, p);
    }
    return p;
  }

  private limit(host: string): LimitFunction {
    let l = this.limits.get(host);
    if (!l) this.limits.set(host, (l = pLimit(this.o.perHost ?? 16)));
    return l;
  }

  /** Asks the provider's host, then its other regions while the key is invalid there. */
  private async send(check: PreparedCheck): Promise<Outcome> {
    const first = await this.sendOne(check, check.request);
    if (first.status !== "invalid" || !check.regions) return first;
    let unsure: Outcome | undefined;
    for (const { host, request } of check.regions) {
      const v = await this.sendOne(check, request);
      if (v.status === "live") return { ...v, identity: { ...v.identity, region: host } };
      if (v.status === "unknown") unsure ??= v;
    }
    // Invalid only where every region said so.
    return unsure ?? first;
  }

  private async sendOne(check: PreparedCheck, req: VerifyRequest): Promise<Outcome> {
    return this.limit(new URL(req.url).host)(async () => {
      for (let attempt = 0; ; attempt++) {
        if (this.deadline.aborted) return unknown("deadline");
        let res: Response;
        try {
          res = await fetch(req.url, {
            method: req.method,
            headers: req.headers,
            body: req.body,
            redirect: "manual",
            signal: AbortSignal.any([this.deadline, AbortSignal.timeout(this.o.timeoutMs ?? 10_000)]),
          });
        } catch (err) {
          // Error texts can quote the URL, which may hold the secret: fixed words only.
          const name = (err as Error)?.name;
          return unknown(this.deadline.aborted ? "deadline" : name === "TimeoutError" || name === "AbortError" ? "timeout" : "network error");
        }
        if (res.status === 429 && attempt === 0) {
          const wait = retryAfterMs(res.headers.get("retry-after"));
          await res.body?.cancel();
          if (wait !== undefined && wait <= MAX_RETRY_AFTER_MS) {
            await new Promise((r) => setTimeout(r, wait));
            continue;
          }
          return unknown("rate-limited");
        }
        if (res.status >= 300 && res.status < 400) {
          await res.body?.cancel();
          return unknown(`redirect (HTTP ${res.status})`);
        }
        let body = "";
        try {
          if (check.skipBody) await res.body?.cancel();
          else body = (await res.text()).slice(0, MAX_BODY);
        } catch {
          return unknown(this.deadline.aborted ? "deadline" : "network error");
        }
        return check.read(res.status, body);
      }
    });
  }
}

/** Live first, then unknown, invalid, not verified: what to triage first. */
export const VERIFICATION_ORDER: Record<Verification["status"], number> = { live: 0, unknown: 1, invalid: 2, "not-verifiable": 3 };
