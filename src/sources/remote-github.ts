// The repositories of a GitHub organisation or user, through the REST API (github.com or
// Enterprise): every page, waiting out rate limits as the API asks.
import { Octokit } from "@octokit/rest";
import { UsageError } from "../types.js";
import type { RepoEntry } from "./remote-list.js";

export interface GithubListOptions {
  owner: string;
  /** REST API root: https://api.github.com, or https://HOST/api/v3 on Enterprise. */
  apiUrl: string;
  token?: string;
  /** Told about each wait for a rate limit. */
  log: (message: string) => void;
  /** Longest single wait for a rate limit, in seconds (beyond it the listing fails). */
  maxWaitSeconds?: number;
}

interface HttpErrorLike {
  status?: number;
  response?: { headers?: Record<string, string | number | undefined> };
}

/**
 * Seconds to wait before retrying a rate-limited answer (403/429 with `retry-after`, or
 * with no requests left before `x-ratelimit-reset`), or undefined when it is not one.
 */
export function rateLimitWait(err: HttpErrorLike, now = Date.now()): number | undefined {
  if (err.status !== 403 && err.status !== 429) return undefined;
  const h = err.response?.headers ?? {};
  const retryAfter = Number(h["retry-after"]);
  if (h["retry-after"] !== undefined && Number.isFinite(retryAfter)) return Math.max(0, retryAfter);
  if (String(h["x-ratelimit-remaining"]) === "0" && h["x-ratelimit-reset"] !== undefined) {
    return Math.max(0, Math.ceil(Number(h["x-ratelimit-reset"]) - now / 1000));
  }
  // A secondary limit without headers: the documented advice is to wait a minute.
  return err.status === 429 ? 60 : undefined;
}

/** An Octokit for this API root that retries rate-limited requests after the wait they name. */
export function githubClient(o: Pick<GithubListOptions, "apiUrl" | "token" | "log" | "maxWaitSeconds">): Octokit {
  const octokit = new Octokit({
    baseUrl: o.apiUrl.replace(/\/+$/, ""),
    ...(o.token ? { auth: o.token } : {}),
    userAgent: "leakguard",
    log: { debug() {}, info() {}, warn() {}, error() {} },
  });
  const maxWait = o.maxWaitSeconds ?? 3600;
  octokit.hook.wrap("request", async (request, options) => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await request(options);
      } catch (err) {
        const wait = rateLimitWait(err as HttpErrorLike);
        if (wait === undefined || attempt >= 5) throw err;
        if (wait > maxWait) throw new UsageError(`GitHub API rate limit: reset in ${wait}s, more than the ${maxWait}s leakguard waits`);
        o.log(`GitHub API rate limit (HTTP ${(err as HttpErrorLike).status}): waiting ${wait}s`);
        await new Promise((r) => setTimeout(r, wait * 1000));
      }
    }
  });
  return octokit;
}

/** Every repository of an organisation, or of a user when no organisation has that name. */
export async function listGithubRepos(o: GithubListOptions): Promise<RepoEntry[]> {
  const octokit = githubClient(o);
  type Repo = { full_name: string; clone_url?: string; fork: boolean; archived?: boolean; pushed_at?: string | null; size?: number };
  let repos: Repo[];
  try {
    repos = await octokit.paginate(octokit.rest.repos.listForOrg, { org: o.owner, type: "all", per_page: 100 });
  } catch (err) {
    if ((err as HttpErrorLike).status !== 404) throw apiError(err, o);
    try {
      repos = await octokit.paginate(octokit.rest.repos.listForUser, { username: o.owner, type: "owner", per_page: 100 });
    } catch (err2) {
      if ((err2 as HttpErrorLike).status === 404) throw new UsageError(`${o.owner}: no such GitHub organisation or user at ${o.apiUrl}`);
      throw apiError(err2, o);
    }
  }
  return repos.map((r) => ({
    name: r.full_name,
    cloneUrl: r.clone_url ?? "",
    fork: r.fork,
    archived: r.archived === true,
    pushedAt: r.pushed_at ?? null,
    empty: r.size === 0,
  }));
}

function apiError(err: unknown, o: GithubListOptions): Error {
  if (err instanceof UsageError) return err;
  const status = (err as HttpErrorLike).status;
  const what = status === 401 ? "bad credentials (check the token)" : status ? `HTTP ${status}` : ((err as Error).message ?? String(err));
  return new Error(`GitHub API ${o.apiUrl}: listing ${o.owner}: ${what}`);
}
