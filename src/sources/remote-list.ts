// Lists of remote repositories: the filters of an organisation audit, the plain-text list
// `leakguard shard` prints and `leakguard github --repos-from` reads, and the split of a
// list into shards.
import { createHash } from "node:crypto";
import ignore from "ignore";
import { UsageError } from "../types.js";
import { looksLikeRemote, parseRemoteUrl, redactUrls } from "../git/clone.js";

export interface RepoEntry {
  /** `owner/name`: what reports show as `repository`. */
  name: string;
  cloneUrl: string;
  fork?: boolean;
  archived?: boolean;
  /** ISO date of the last push. */
  pushedAt?: string | null;
  /** The API says there is nothing to clone (size 0 is a hint, not proof: checked by cloning). */
  empty?: boolean;
}

export interface RepoFilter {
  includeForks: boolean;
  includeArchived: boolean;
  /** gitignore-style globs matched against the repository name (without the owner). */
  globs: string[];
  /** Only repositories pushed at or after this date. */
  sincePushed?: Date;
  maxRepos?: number;
}

/** Repositories the filter keeps, sorted by name (so --max-repos and shards are deterministic). */
export function filterRepos(repos: readonly RepoEntry[], f: RepoFilter): RepoEntry[] {
  const glob = f.globs.length ? ignore().add(f.globs) : undefined;
  const kept = repos
    .filter((r) => f.includeForks || !r.fork)
    .filter((r) => f.includeArchived || !r.archived)
    .filter((r) => !glob || glob.ignores(r.name.slice(r.name.lastIndexOf("/") + 1)))
    .filter((r) => !f.sincePushed || (r.pushedAt ? new Date(r.pushedAt) >= f.sincePushed : false))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return f.maxRepos !== undefined ? kept.slice(0, f.maxRepos) : kept;
}

/** One repository a line: `owner/name clone-url`. */
export function formatRepoList(repos: readonly RepoEntry[]): string {
  return repos.map((r) => `${r.name} ${r.cloneUrl}\n`).join("");
}

/**
 * Parses a repository list: `owner/name clone-url` or a clone URL alone a line (its path
 * names it); blank lines and `#` comments are skipped. UsageError naming the line otherwise.
 */
export function parseRepoList(text: string, file: string): RepoEntry[] {
  const out: RepoEntry[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith("#")) return;
    const words = line.split(/\s+/);
    const where = `${file}:${i + 1}`;
    if (words.length > 2) throw new UsageError(`${where}: expected 'owner/name clone-url' or a clone URL`);
    const url = words[words.length - 1];
    if (!looksLikeRemote(url)) throw new UsageError(`${where}: '${redactUrls(url)}' is not a repository URL`);
    parseRemoteUrl(url); // refuses ext:: and other transports here, before any clone
    out.push({ name: words.length === 2 ? words[0] : nameFromUrl(url), cloneUrl: url });
  });
  return out;
}

/** `owner/name` from a clone URL's last two path segments, without `.git`. */
export function nameFromUrl(url: string): string {
  const path = parseRemoteUrl(url).display.replace(/^[a-z]+:\/\/[^/]*/i, "").replace(/^[^:/]*:/, "");
  return path.split("/").filter(Boolean).slice(-2).join("/").replace(/\.git$/, "");
}

/** The shard (0..total-1) a repository belongs to: a hash of its name, so it never depends on list order or on which other repositories exist. */
export function shardOf(name: string, total: number): number {
  return createHash("sha256").update(name.toLowerCase()).digest().readUInt32BE(0) % total;
}

export function checkShard(total: number, index: number): void {
  if (!Number.isInteger(total) || total < 1) throw new UsageError(`--total: expected a positive integer, got '${total}'`);
  if (!Number.isInteger(index) || index < 0 || index >= total) throw new UsageError(`--index: expected an integer from 0 to ${total - 1}, got '${index}'`);
}

export function shardRepos(repos: readonly RepoEntry[], total: number, index: number): RepoEntry[] {
  checkShard(total, index);
  return repos.filter((r) => shardOf(r.name, total) === index);
}
