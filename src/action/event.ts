// The parts of a GitHub event payload the Action needs, validated: payload values are
// handed to git, so object ids must be hex and ref names must look like ref names.
import { z } from "zod";
import { UsageError } from "../types.js";

const sha = z.string().regex(/^[0-9a-f]{40}([0-9a-f]{24})?$/, "expected a commit id");
// Refs are passed after --end-of-options, but a ref that starts with '-' or holds
// control characters or '..' is never legitimate, so refuse it early.
const refName = z
  .string()
  .min(1)
  .refine((s) => !s.startsWith("-") && !/[\u0000-\u0020\u007f~^:?*[\\]|\.\.|@\{/.test(s), "not a valid ref name");

const repository = z.object({ default_branch: refName.optional() }).partial().passthrough();

const pushPayload = z
  .object({
    ref: refName,
    before: sha,
    after: sha,
    created: z.boolean().optional(),
    deleted: z.boolean().optional(),
    forced: z.boolean().optional(),
    repository: repository.optional(),
  })
  .passthrough();

const prPayload = z
  .object({
    number: z.number().int().positive().optional(),
    pull_request: z
      .object({
        number: z.number().int().positive(),
        base: z.object({ sha, ref: refName }).passthrough(),
        head: z.object({ sha, ref: refName.optional() }).passthrough(),
      })
      .passthrough(),
    repository: repository.optional(),
  })
  .passthrough();

const mergeGroupPayload = z
  .object({ merge_group: z.object({ base_sha: sha, head_sha: sha, base_ref: refName.optional() }).passthrough(), repository: repository.optional() })
  .passthrough();

export type ActionEvent =
  | { kind: "push"; ref: string; before: string; after: string; created: boolean; deleted: boolean; forced: boolean; defaultBranch: string }
  | { kind: "pull_request"; name: "pull_request" | "pull_request_target"; number: number; baseSha: string; baseRef: string; headSha: string; defaultBranch: string }
  | { kind: "merge_group"; baseSha: string; headSha: string; defaultBranch: string }
  | { kind: "full"; name: string };

function parse<T>(schema: z.ZodType<T>, payload: unknown, eventName: string): T {
  const r = schema.safeParse(payload);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new UsageError(`GITHUB_EVENT_PATH: ${eventName} payload: ${issue?.path.join(".") || "(root)"}: ${issue?.message ?? "invalid"}`);
  }
  return r.data;
}

const ZERO = /^0+$/;

/** Maps an event name and its payload onto what the range planner needs. */
export function parseEvent(eventName: string, payload: unknown): ActionEvent {
  switch (eventName) {
    case "push": {
      const p = parse(pushPayload, payload, eventName);
      return {
        kind: "push",
        ref: p.ref,
        before: p.before,
        after: p.after,
        created: p.created ?? ZERO.test(p.before),
        deleted: p.deleted ?? ZERO.test(p.after),
        forced: p.forced ?? false,
        defaultBranch: p.repository?.default_branch ?? "main",
      };
    }
    case "pull_request":
    case "pull_request_target": {
      const p = parse(prPayload, payload, eventName);
      const pr = p.pull_request;
      return {
        kind: "pull_request",
        name: eventName,
        number: pr.number,
        baseSha: pr.base.sha,
        baseRef: pr.base.ref,
        headSha: pr.head.sha,
        defaultBranch: p.repository?.default_branch ?? pr.base.ref,
      };
    }
    case "merge_group": {
      const p = parse(mergeGroupPayload, payload, eventName);
      return {
        kind: "merge_group",
        baseSha: p.merge_group.base_sha,
        headSha: p.merge_group.head_sha,
        defaultBranch: p.repository?.default_branch ?? "main",
      };
    }
    default:
      // schedule, workflow_dispatch and anything else: there is no "new" part, so the
      // whole history is what there is to check.
      return { kind: "full", name: eventName };
  }
}
