// A verify block rehearsed without the provider: a loopback server plays it, answering the
// block's own example responses (liveResponse / invalidResponse, or ones made from its
// matcher) and then a 503. The request must be the rendered template, on the rule's path,
// and the answers must read as live, invalid and unknown. `rules test` and the test suite
// run this for every template verifier.
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import type { ExampleResponse, Finding, RuleSpec, VerifySpec } from "../types.js";
import { buildRequest } from "./template.js";
import { isTemplate, Verifier } from "./verifier.js";

/** Stands in for a paired rule's secret: rehearsals check one rule at a time. */
const PARTNER = "leakguard-rehearsal-partner";

export interface Rehearsal {
  /** Checks that held (request shape, each of the three answers). */
  passed: number;
  failures: string[];
  /** A coded verifier has no template to render: its own tests play its provider. */
  coded?: boolean;
}

/** The block's live example, or one that satisfies its matcher and carries every identity field. */
export function liveExample(spec: VerifySpec): ExampleResponse {
  if (spec.liveResponse) return spec.liveResponse;
  const doc: Record<string, unknown> = {};
  const put = (path: string, v: unknown) => {
    const parts = path.split(".");
    let cur = doc;
    for (const p of parts.slice(0, -1)) cur = (cur[p] ??= {}) as Record<string, unknown>;
    cur[parts[parts.length - 1]] = v;
  };
  for (const [k, v] of Object.entries(spec.liveJson ?? {})) put(k, v);
  for (const [name, path] of Object.entries(spec.identity ?? {})) put(path, `example-${name}`);
  return { status: spec.liveStatus?.[0] ?? 200, body: JSON.stringify(doc) };
}

export function invalidExample(spec: VerifySpec): ExampleResponse {
  return spec.invalidResponse ?? { status: spec.invalidStatus?.[0] ?? 401, body: "{}" };
}

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
}

function finding(rule: RuleSpec, secret: string, file: string, line: number): Finding {
  const at = { file, location: "file" as const, startLine: line, endLine: line, startColumn: 1, endColumn: 1 };
  const meta = { entropy: 0, severity: "info" as const, tags: [], confidence: "high" as const, context: { fileRole: "config" as const, lineRole: "code" as const } };
  return { ruleId: rule.id, description: rule.description, ...at, ...meta, secret, match: secret, fingerprint: "", secretHash: `${rule.id}:${secret}` };
}

/** The secret is in the request as written, URL-encoded or in base64 (alone or as Basic credentials). */
function carriesSecret(seen: Seen, secret: string): boolean {
  const text = [seen.url, seen.body, ...Object.values(seen.headers).flat()].join("\n");
  if (text.includes(secret) || text.includes(encodeURIComponent(secret))) return true;
  return [...text.matchAll(/[A-Za-z0-9+/]{8,}={0,2}/g)].some(([b64]) => Buffer.from(b64, "base64").toString("utf8").split(":").includes(secret));
}

/** What differs between the request the template renders and the one the server got. */
function requestMismatch(spec: VerifySpec, secret: string, seen: Seen): string | undefined {
  const want = buildRequest(spec, secret, PARTNER);
  const u = new URL(want.url);
  if (seen.method !== want.method) return `method ${seen.method}, template says ${want.method}`;
  if (seen.url !== u.pathname + u.search) return "the request left the template's path";
  for (const [k, v] of Object.entries(want.headers)) if (seen.headers[k] !== v) return `header '${k}' is not the rendered template`;
  if ((want.body ?? "") !== seen.body) return "the body is not the rendered template";
  if (!carriesSecret(seen, secret)) return "the request does not carry the secret";
  return undefined;
}

/** Rehearses the rule's verify block with `secret` (a secret its examples yield). */
export async function rehearseVerifier(rule: RuleSpec, secret: string): Promise<Rehearsal> {
  const spec = rule.verify;
  if (!spec) return { passed: 0, failures: [] };
  if (!isTemplate(spec)) return { passed: 0, failures: [], coded: true };
  let answer: ExampleResponse = { status: 503 };
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (d: Buffer) => (body += d.toString()));
    req.on("end", () => {
      seen.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body });
      res.writeHead(answer.status, { "content-type": "application/json" }).end(answer.body ?? "");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // Every host the block may reach plays on loopback: a rehearsal never reaches a provider.
  const hosts = new Map([new URL(spec.url).host, ...(spec.regions ?? [])].map((h) => [h, base]));
  const partnerRules: RuleSpec[] = (spec.pair ?? []).map((id) => ({ id, description: id, regex: "x", keywords: [] }));
  const out: Rehearsal = { passed: 0, failures: [] };
  try {
    const rounds: [string, ExampleResponse][] = [["live", liveExample(spec)], ["invalid", invalidExample(spec)], ["unknown", { status: 503 }]];
    for (const [expected, example] of rounds) {
      answer = example;
      seen.length = 0;
      const f = finding(rule, secret, "example.env", 1);
      const fs = [f, ...partnerRules.slice(0, 1).map((p) => finding(p, PARTNER, "example.env", 2))];
      await new Verifier({ hosts, timeoutMs: 5000, deadlineMs: 10_000 }).verifyAll(fs, [rule, ...partnerRules]);
      const v = f.verification!;
      // An invalid key is asked again in each of the provider's other regions.
      const asks = expected === "invalid" ? 1 + (spec.regions?.length ?? 0) : 1;
      const mismatch = seen.length === asks ? requestMismatch(spec, secret, seen[0]) : `${seen.length} requests instead of ${asks}`;
      if (mismatch) out.failures.push(`verify (${expected} round): ${mismatch}`);
      else if (v.status !== expected) out.failures.push(`verify: the ${expected} example (HTTP ${example.status}) reads as ${v.status}${v.reason ? ` (${v.reason})` : ""}`);
      else if (expected === "live" && Object.keys(spec.identity ?? {}).some((k) => v.identity?.[k] === undefined)) {
        out.failures.push(`verify: identity ${Object.keys(spec.identity ?? {}).filter((k) => v.identity?.[k] === undefined).map((k) => `'${k}'`).join(", ")} not found in the live example`);
      } else out.passed++;
    }
  } finally {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
  return out;
}
