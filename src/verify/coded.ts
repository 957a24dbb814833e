// The contract of coded verifiers (see named.ts): what they get, what they return.
import type { Verification } from "../types.js";
import type { VerifyRequest } from "./template.js";

export type Outcome = Omit<Verification, "checkedAt">;

/** What a verifier gets: the finding's secret and match, and its paired finding's. */
export interface VerifyInput {
  secret: string;
  match: string;
  partner?: { secret: string; match: string };
}

/** A request ready to send (already routed) and how to read its answer. */
export interface PreparedCheck {
  request: VerifyRequest;
  read(status: number, body: string): Outcome;
  /** The verdict needs only the status: the body is not read. */
  skipBody?: boolean;
  /**
   * The same question on the provider's other regional hosts, asked in turn while the
   * answer is `invalid` (a key lives in one region; only there does it work).
   */
  regions?: { host: string; request: VerifyRequest }[];
}

export interface CodedVerifier {
  /**
   * Builds the request. `route` maps the provider URL to where it really goes (the
   * operator's override), since a signature covers the host it is sent to. An Outcome
   * instead means there is nothing to ask (e.g. no account name beside the key).
   */
  prepare(input: VerifyInput, now: Date, route: (url: string) => string): PreparedCheck | Outcome;
}

/** The non-verdict answers shared by the coded verifiers. */
export function otherStatus(status: number): Outcome {
  return status === 429 ? { status: "unknown", reason: "rate-limited" } : { status: "unknown", reason: `HTTP ${status}` };
}
