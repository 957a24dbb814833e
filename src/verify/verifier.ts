// Live verification: each distinct secret of a rule with a `verify` block is sent, once,
// to the provider that issued it (or the operator's mapped host), and the answer becomes
// live / invalid / unknown. `unknown` never fails a scan; no secret reaches a log line.
import pLimit, { type LimitFunction } from "p-limit";
import type { Finding, RuleSpec, Verification, VerifySpec } from "../types.js";
import { route, type HostMap } from "./route.js";
import { buildRequest, jsonPath } from "./template.js";

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

function unknown(reason: string): Omit<Verification, "checkedAt"> {
  return { status: "unknown", reason };
}

/** Classifies a provider's answer by the rule's matcher. Pure. */
export function classify(spec: VerifySpec, status: number, body: unknown): Omit<Verification, "checkedAt"> {
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

async function readBody(res: Response): Promise<unknown> {
  const text = (await res.text()).slice(0, MAX_BODY);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export class Verifier {
  private readonly cache = new Map<string, Promise<Omit<Verification, "checkedAt">>>();
  private readonly limits = new Map<string, LimitFunction>();
  private readonly deadline: AbortSignal;
  readonly counts: Record<Verification["status"], number> = { live: 0, invalid: 0, unknown: 0, "not-verifiable": 0 };

  constructor(private readonly o: VerifyOptions) {
    this.deadline = AbortSignal.timeout(o.deadlineMs ?? 60_000);
  }

  /** Sets `verification` on every finding; rules without a verify block give not-verifiable. */
  async verifyAll(findings: Finding[], rules: readonly RuleSpec[]): Promise<void> {
    const byId = new Map(rules.map((r) => [r.id, r]));
    await Promise.all(
      findings.map(async (f) => {
        const spec = byId.get(f.ruleId)?.verify;
        const v = spec ? await this.check(spec, f) : { status: "not-verifiable" as const };
        f.verification = { ...v, checkedAt: new Date().toISOString() };
        this.counts[v.status]++;
      }),
    );
  }

  private check(spec: VerifySpec, f: Finding): Promise<Omit<Verification, "checkedAt">> {
    const key = `${f.ruleId}\0${f.secretHash}`;
    let p = this.cache.get(key);
    if (!p) {
      p = this.request(spec, f.secret);
      this.cache.set(key, p);
    }
    return p;
  }

  private limit(host: string): LimitFunction {
    let l = this.limits.get(host);
    if (!l) this.limits.set(host, (l = pLimit(this.o.perHost ?? 16)));
    return l;
  }

  private async request(spec: VerifySpec, secret: string): Promise<Omit<Verification, "checkedAt">> {
    const req = buildRequest(spec, secret);
    const target = route(req.url, this.o.hosts);
    return this.limit(new URL(target).host)(async () => {
      for (let attempt = 0; ; attempt++) {
        if (this.deadline.aborted) return unknown("deadline");
        let res: Response;
        try {
          res = await fetch(target, {
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
        const needsBody = spec.liveJson !== undefined || spec.identity !== undefined;
        let body: unknown;
        try {
          body = needsBody ? await readBody(res) : (await res.body?.cancel(), undefined);
        } catch {
          return unknown(this.deadline.aborted ? "deadline" : "network error");
        }
        return classify(spec, res.status, body);
      }
    });
  }
}

/** Live first, then unknown, invalid, not verified: what to triage first. */
export const VERIFICATION_ORDER: Record<Verification["status"], number> = { live: 0, unknown: 1, invalid: 2, "not-verifiable": 3 };
