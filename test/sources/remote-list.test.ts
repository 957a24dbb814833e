// Repository lists: filters, the list format, and the shard split.
import { describe, expect, it } from "vitest";
import { filterRepos, formatRepoList, nameFromUrl, parseRepoList, shardOf, shardRepos, type RepoEntry } from "../../src/sources/remote-list.js";
import { rateLimitWait } from "../../src/sources/remote-github.js";

const repo = (name: string, extra: Partial<RepoEntry> = {}): RepoEntry => ({ name: `acme/${name}`, cloneUrl: `https://example.com/acme/${name}.git`, ...extra });

describe("repository lists", () => {
  it("filters forks, archived, globs and push dates, sorted by name, then caps", () => {
    const repos = [repo("web", { pushedAt: "2025-06-01T00:00:00Z" }), repo("api", { pushedAt: "2024-01-01T00:00:00Z" }), repo("fork", { fork: true }), repo("old", { archived: true }), repo("api-v2")];
    const all = { includeForks: true, includeArchived: true, globs: [] };
    expect(filterRepos(repos, { includeForks: false, includeArchived: false, globs: [] }).map((r) => r.name)).toEqual(["acme/api", "acme/api-v2", "acme/web"]);
    expect(filterRepos(repos, { ...all, globs: ["api*", "!api-v2"] }).map((r) => r.name)).toEqual(["acme/api"]);
    expect(filterRepos(repos, { ...all, sincePushed: new Date("2025-01-01") }).map((r) => r.name)).toEqual(["acme/web"]);
    expect(filterRepos(repos, { ...all, maxRepos: 2 }).map((r) => r.name)).toEqual(["acme/api", "acme/api-v2"]);
  });

  it("reads back what it writes, and names clone URLs alone", () => {
    const repos = [repo("a"), repo("b")];
    expect(parseRepoList(formatRepoList(repos), "list")).toEqual(repos.map((r) => ({ name: r.name, cloneUrl: r.cloneUrl })));
    expect(parseRepoList("# comment\n\ngit@example.com:acme/c.git\n", "list")).toEqual([{ name: "acme/c", cloneUrl: "git@example.com:acme/c.git" }]);
    expect(nameFromUrl("ssh://git@example.com:2222/acme/d.git")).toBe("acme/d");
    expect(() => parseRepoList("acme/a not-a-url\n", "list.txt")).toThrow(/list\.txt:1: 'not-a-url' is not a repository URL/);
  });

  it("splits by a hash of the name: every repository in exactly one shard, whatever the order", () => {
    const repos = Array.from({ length: 50 }, (_, i) => repo(`r${i}`));
    const shards = [0, 1, 2, 3].map((i) => shardRepos(repos, 4, i).map((r) => r.name));
    expect(shards.flat().sort()).toEqual(repos.map((r) => r.name).sort());
    expect(shards.every((s) => s.length > 0)).toBe(true);
    expect(shardRepos([...repos].reverse(), 4, 1).map((r) => r.name).sort()).toEqual([...shards[1]].sort());
    expect(shardOf("acme/r7", 4)).toBe(shardOf("ACME/R7", 4));
    expect(() => shardRepos(repos, 4, 4)).toThrow(/--index: expected an integer from 0 to 3/);
  });
});

describe("rate limits", () => {
  it("waits what Retry-After or the reset time says, and nothing for other errors", () => {
    const now = 1_700_000_000_000;
    expect(rateLimitWait({ status: 429, response: { headers: { "retry-after": "7" } } }, now)).toBe(7);
    expect(rateLimitWait({ status: 403, response: { headers: { "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(now / 1000 + 30) } } }, now)).toBe(30);
    expect(rateLimitWait({ status: 403, response: { headers: { "x-ratelimit-remaining": "12" } } }, now)).toBeUndefined();
    expect(rateLimitWait({ status: 404, response: { headers: { "retry-after": "7" } } }, now)).toBeUndefined();
  });
});
