// A fake GitHub REST API on 127.0.0.1: lists an organisation's repositories in pages
// (Link headers, as GitHub pages them) and can answer chosen requests with a rate limit.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface FakeRepo {
  name: string;
  cloneUrl: string;
  fork?: boolean;
  archived?: boolean;
  pushedAt?: string;
}

export interface FakeGithub {
  url: string;
  /** Repositories served (mutable between runs). */
  repos: FakeRepo[];
  /** Every request: path with query, and its Authorization header. */
  requests: { path: string; authorization?: string }[];
  /** The next request for this page number answers with this rate-limit response once. */
  rateLimitOnce: Map<number, "retry-after" | "reset">;
  stop(): Promise<void>;
}

export async function startFakeGithub(org: string, repos: FakeRepo[], perPage = 2): Promise<FakeGithub> {
  const fake: Omit<FakeGithub, "url" | "stop"> = { repos, requests: [], rateLimitOnce: new Map() };
  const server: Server = createServer((req, res) => {
    const u = new URL(req.url ?? "/", "http://127.0.0.1");
    fake.requests.push({ path: u.pathname + u.search, authorization: req.headers.authorization });
    const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { "content-type": "application/json", ...headers }).end(JSON.stringify(body));
    };
    if (u.pathname !== `/orgs/${org}/repos`) return json(404, { message: "Not Found" });
    const page = Number(u.searchParams.get("page") ?? "1");
    const limited = fake.rateLimitOnce.get(page);
    if (limited) {
      fake.rateLimitOnce.delete(page);
      if (limited === "retry-after") return json(429, { message: "secondary rate limit" }, { "retry-after": "1" });
      return json(403, { message: "API rate limit exceeded" }, { "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(Math.ceil(Date.now() / 1000) + 1) });
    }
    const pages = Math.max(1, Math.ceil(fake.repos.length / perPage));
    const items = fake.repos.slice((page - 1) * perPage, page * perPage).map((r, i) => ({
      id: page * 1000 + i,
      name: r.name,
      full_name: `${org}/${r.name}`,
      clone_url: r.cloneUrl,
      fork: r.fork ?? false,
      archived: r.archived ?? false,
      pushed_at: r.pushedAt ?? "2026-01-01T00:00:00Z",
      size: 1,
    }));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}${u.pathname}`;
    const links = [page < pages ? `<${base}?page=${page + 1}>; rel="next"` : "", `<${base}?page=${pages}>; rel="last"`].filter(Boolean).join(", ");
    json(200, items, { link: links });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  return {
    ...fake,
    get repos() {
      return fake.repos;
    },
    set repos(v) {
      fake.repos = v;
    },
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: () => new Promise((r) => server.close(() => r())),
  } as FakeGithub;
}
