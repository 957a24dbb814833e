// One pull-request review per run with a comment on each offending line. Every comment
// carries a hidden marker derived from the finding's identity, so a re-run updates its
// earlier comments instead of adding more. Only redacted findings come in here.
import { createHash } from "node:crypto";
import { Octokit } from "@octokit/rest";
import type { Finding } from "../types.js";
import type { DiffLocation } from "./diff-lines.js";
import { findingKey } from "./diff-lines.js";
import { escapeHtml } from "./summary.js";
import { VERSION } from "../version.js";

const MARKER_RE = /<!-- leakguard:([0-9a-f]{16}) -->/;
const BODY_MARKER_RE = /<!-- leakguard-body:([0-9a-f]{16}) -->/g;
const RESOLVED = "<!-- leakguard-resolved -->";
/** GitHub rejects very large reviews; the rest go into the review body as a list. */
const MAX_INLINE = 50;

/** Hex only, so neither a file name nor anything else from the repository lands in the marker. */
export function markerKey(f: Finding): string {
  return createHash("sha256").update(findingKey(f)).digest("hex").slice(0, 16);
}

export interface ReviewTarget {
  token: string;
  apiUrl: string;
  owner: string;
  repo: string;
  pullNumber: number;
  headSha: string;
}

export interface ReviewResult {
  created: number;
  updated: number;
  unchanged: number;
  resolved: number;
  inBody: number;
}

interface Group {
  key: string;
  findings: Finding[];
  location?: DiffLocation;
}

function groupFindings(findings: Finding[], locations: Map<string, DiffLocation>): Group[] {
  const groups = new Map<string, Group>();
  for (const f of findings) {
    const key = markerKey(f);
    const g = groups.get(key) ?? { key, findings: [], location: locations.get(findingKey(f)) };
    g.findings.push(f);
    groups.set(key, g);
  }
  return [...groups.values()];
}

function code(s: string): string {
  return `<code>${escapeHtml(s)}</code>`;
}

export function commentBody(g: Group, headSha: string): string {
  const f = g.findings[0];
  const commits = [...new Set(g.findings.map((x) => x.commit).filter((c): c is string => !!c))].map((c) => code(c.slice(0, 12)));
  const fingerprint = f.fingerprint.replace(/@[0-9a-f]+$/, "");
  return [
    `<!-- leakguard:${g.key} -->`,
    `**leakguard**: ${escapeHtml(f.description)} (${code(f.ruleId)})`,
    "",
    `Secret: ${code(f.secret)}${commits.length ? ` · introduced in ${commits.join(", ")}` : ""}`,
    "",
    "Remove it and rotate the credential: once pushed, it stays in the history. " +
      `If this is not a secret, list ${code(fingerprint)} in <code>.leakguardignore</code> on the base branch.`,
    "",
    `<sub>leakguard ${escapeHtml(VERSION)}, checked at ${code(headSha.slice(0, 12))}</sub>`,
  ].join("\n");
}

function bodyItem(g: Group): string {
  const f = g.findings[0];
  const commit = f.commit ? ` in ${code(f.commit.slice(0, 12))}` : "";
  return `- ${code(`${f.file}:${f.startLine}`)}: ${escapeHtml(f.description)} (${code(f.ruleId)}), ${code(f.secret)}${commit} <!-- leakguard-body:${g.key} -->`;
}

function reviewBody(inline: Group[], listed: Group[]): string {
  const n = inline.length + listed.length;
  const lines = [
    "<!-- leakguard:review -->",
    `### leakguard: ${n} new secret${n === 1 ? "" : "s"} in this pull request`,
    "",
    "Remove them and rotate the credentials. Secrets are redacted here; see the workflow run for details.",
  ];
  if (listed.length) {
    lines.push("", "Not on a line of the diff (added by one commit, changed by a later one):", "", ...listed.map(bodyItem));
  }
  return lines.join("\n");
}

function resolvedBody(old: string, headSha: string): string {
  const marker = old.match(MARKER_RE)?.[0] ?? "";
  return `${marker}\n${RESOLVED}\n~~leakguard finding~~: no longer found in this pull request's commits at ${code(headSha.slice(0, 12))}.`;
}

function status(err: unknown): number | undefined {
  return typeof err === "object" && err !== null && "status" in err ? Number((err as { status: unknown }).status) : undefined;
}

/**
 * Creates one review for findings not commented on before, updates earlier comments
 * whose text changed, and marks earlier comments whose finding is gone as resolved.
 */
export async function reviewPullRequest(
  t: ReviewTarget,
  findings: Finding[],
  locations: Map<string, DiffLocation>,
  log: (line: string) => void,
): Promise<ReviewResult> {
  const octokit = new Octokit({ auth: t.token, baseUrl: t.apiUrl.replace(/\/+$/, ""), userAgent: `leakguard-action/${VERSION}` });
  const ref = { owner: t.owner, repo: t.repo, pull_number: t.pullNumber };
  const result: ReviewResult = { created: 0, updated: 0, unchanged: 0, resolved: 0, inBody: 0 };

  const existing = await octokit.paginate(octokit.rest.pulls.listReviewComments, { ...ref, per_page: 100 });
  const ours = new Map<string, { id: number; body: string }>();
  for (const c of existing) {
    const key = c.body?.match(MARKER_RE)?.[1];
    if (key && !ours.has(key)) ours.set(key, { id: c.id, body: c.body });
  }
  const listedBefore = new Set<string>();
  const reviews = await octokit.paginate(octokit.rest.pulls.listReviews, { ...ref, per_page: 100 });
  for (const r of reviews) for (const m of (r.body ?? "").matchAll(BODY_MARKER_RE)) listedBefore.add(m[1]);

  const groups = groupFindings(findings, locations);
  const inline: Group[] = [];
  const listed: Group[] = [];
  for (const g of groups) {
    const old = ours.get(g.key);
    if (old) {
      const body = commentBody(g, t.headSha);
      if (old.body === body) {
        result.unchanged++;
        continue;
      }
      try {
        await octokit.rest.pulls.updateReviewComment({ owner: t.owner, repo: t.repo, comment_id: old.id, body });
        result.updated++;
        continue;
      } catch (err) {
        // Someone else's comment carrying our marker, or a deleted one: comment afresh.
        log(`leakguard: warning: cannot update review comment ${old.id} (HTTP ${status(err) ?? "error"}); adding a new one`);
      }
    }
    if (g.location && inline.length < MAX_INLINE) inline.push(g);
    else if (!listedBefore.has(g.key)) listed.push(g);
    else result.unchanged++;
  }

  const current = new Set(groups.map((g) => g.key));
  for (const [key, c] of ours) {
    if (current.has(key) || c.body.includes(RESOLVED)) continue;
    try {
      await octokit.rest.pulls.updateReviewComment({ owner: t.owner, repo: t.repo, comment_id: c.id, body: resolvedBody(c.body, t.headSha) });
      result.resolved++;
    } catch (err) {
      log(`leakguard: warning: cannot update review comment ${c.id} (HTTP ${status(err) ?? "error"})`);
    }
  }

  if (!inline.length && !listed.length) return result;
  const comments = inline.map((g) => ({ path: g.location!.path, line: g.location!.line, side: "RIGHT" as const, body: commentBody(g, t.headSha) }));
  try {
    await octokit.rest.pulls.createReview({ ...ref, commit_id: t.headSha, event: "COMMENT", body: reviewBody(inline, listed), comments });
    result.created += inline.length;
    result.inBody += listed.length;
  } catch (err) {
    if (status(err) !== 422 || !inline.length) throw err;
    // GitHub refused a line (outside the diff after all): put everything in the body.
    log(`leakguard: warning: GitHub refused the inline review comments (HTTP 422); listing the findings in the review body`);
    const all = [...inline, ...listed];
    await octokit.rest.pulls.createReview({ ...ref, commit_id: t.headSha, event: "COMMENT", body: reviewBody([], all) });
    result.inBody += all.length;
  }
  return result;
}
