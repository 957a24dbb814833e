// `leakguard github ORG|USER`: every repository of a GitHub organisation or user (or of a
// list), mirror-cloned and history-scanned a few at a time, in one report where each
// finding names its repository. A repository that fails is recorded and counted, never
// fatal; --state lets an interrupted audit resume.
import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import type { Argv } from "yargs";
import pLimit from "p-limit";
import { parseSize } from "../config/settings.js";
import { emptyStats, UsageError, type Finding, type ScanStats } from "../types.js";
import { summaryLine } from "../report/summary.js";
import { warn } from "../report/deliver.js";
import { withCommonOptions, outputOptions, minConfidence, type CommonArgs } from "./options.js";
import { runCommand } from "./run.js";
import type { RepoEntry } from "../sources/remote-list.js";

export interface RepoListArgs {
  owner?: string;
  "api-url": string;
  token?: string;
  "include-forks": boolean;
  "include-archived": boolean;
  "repo-glob"?: string[];
  "max-repos"?: number;
  "since-pushed"?: string;
}

export interface GithubArgs extends CommonArgs, RepoListArgs {
  "repos-from"?: string;
  concurrency?: number;
  state?: string;
  progress?: boolean;
  since?: string;
  "max-commits"?: number;
  blobless?: boolean;
  "max-file-size"?: string;
}

const DEFAULT_API_URL = "https://api.github.com";

/** The options that choose repositories: shared by `github` and `shard`. */
export function withRepoListOptions<T>(y: Argv<T>): Argv<T & RepoListArgs> {
  return y
    .option("api-url", { type: "string", default: process.env.GITHUB_API_URL ?? DEFAULT_API_URL, describe: "GitHub REST API root (Enterprise: https://HOST/api/v3)" })
    .option("token", { type: "string", describe: "GitHub token (default: GITHUB_TOKEN; prefer the variable, a flag shows in ps)" })
    .option("include-forks", { type: "boolean", default: false, describe: "audit forks too" })
    .option("include-archived", { type: "boolean", default: false, describe: "audit archived repositories too" })
    .option("repo-glob", { type: "string", array: true, describe: "only repositories whose name matches (gitignore-style glob; repeatable; !glob excludes)" })
    .option("max-repos", { type: "number", describe: "at most N repositories (the first by name)" })
    .option("since-pushed", { type: "string", describe: "only repositories pushed since this date (YYYY-MM-DD)" }) as unknown as Argv<T & RepoListArgs>;
}

export const githubCommand = {
  command: "github [owner]",
  describe: "audit the full history of every repository of a GitHub organisation or user",
  builder: (y: Argv) =>
    withRepoListOptions(withCommonOptions(y))
      .positional("owner", { type: "string", describe: "organisation or user" })
      .option("repos-from", { type: "string", describe: "audit the repositories listed in FILE ('-' = stdin; lines 'owner/name clone-url', as leakguard shard prints)" })
      .option("concurrency", { type: "number", describe: `repositories audited at once (default ${defaultConcurrency()})` })
      .option("state", { type: "string", describe: "record finished repositories in FILE; a rerun with it resumes" })
      .option("progress", { type: "boolean", describe: "show progress on stderr (default: when stderr is a TTY)" })
      .option("since", { type: "string", describe: "only commits more recent than this date (git log --since)" })
      .option("max-commits", { type: "number", describe: "scan at most N commits per repository (newest first)" })
      .option("blobless", { type: "boolean", describe: "clone without blobs and let git fetch each one as it is read (slower for history scans; for servers or disks where a full mirror does not fit)" })
      .option("max-file-size", { type: "string", describe: "skip blobs larger than this (default 10MiB)" }),
  handler: (a: GithubArgs) => runCommand(() => runGithubAudit(a)),
};

function defaultConcurrency(): number {
  return Math.min(16, 2 * availableParallelism());
}

function positiveInt(v: number | undefined, flag: string): number | undefined {
  if (v !== undefined && (!Number.isInteger(v) || v < 1)) throw new UsageError(`${flag}: expected a positive integer, got '${v}'`);
  return v;
}

/** The API's token: --token, else GITHUB_TOKEN. */
function apiToken(a: Pick<RepoListArgs, "token">): string | undefined {
  return a.token || process.env.GITHUB_TOKEN || undefined;
}

/** The repositories the arguments select: from the API (filtered), or read from a list. */
export async function selectRepos(a: RepoListArgs, listFile: string | undefined): Promise<RepoEntry[]> {
  const { filterRepos, parseRepoList } = await import("../sources/remote-list.js");
  let since: Date | undefined;
  if (a["since-pushed"] !== undefined) {
    since = new Date(a["since-pushed"]);
    if (Number.isNaN(since.getTime())) throw new UsageError(`--since-pushed: not a date: '${a["since-pushed"]}'`);
  }
  const filter = {
    includeForks: a["include-forks"],
    includeArchived: a["include-archived"],
    globs: a["repo-glob"] ?? [],
    sincePushed: since,
    maxRepos: positiveInt(a["max-repos"], "--max-repos"),
  };
  if (listFile !== undefined) {
    let text: string;
    try {
      text = readFileSync(listFile === "-" ? 0 : listFile, "utf8");
    } catch (err) {
      throw new UsageError(`${listFile}: cannot read repository list (${(err as NodeJS.ErrnoException).code ?? err})`);
    }
    return filterRepos(parseRepoList(text, listFile === "-" ? "stdin" : listFile), filter);
  }
  if (!a.owner) throw new UsageError("name an organisation or user, or give --repos-from FILE");
  const { listGithubRepos } = await import("../sources/remote-github.js");
  const repos = await listGithubRepos({ owner: a.owner, apiUrl: a["api-url"], token: apiToken(a), log: warn });
  return filterRepos(repos, filter);
}

/** The host that receives the token on clones: the API's own (github.com for api.github.com). */
export function cloneHost(apiUrl: string): string {
  const host = new URL(apiUrl).host;
  return host === "api.github.com" ? "github.com" : host;
}

export async function runGithubAudit(a: GithubArgs): Promise<number> {
  const out = outputOptions(a);
  if (a.revoke || a["revoke-config"]) throw new UsageError("--revoke and --revoke-config are not available for organisation audits (revoke from the JSON report with leakguard revoke)");
  const concurrency = positiveInt(a.concurrency, "--concurrency") ?? defaultConcurrency();
  positiveInt(a["max-commits"], "--max-commits");
  const maxFileSize = a["max-file-size"] !== undefined ? parseSize(a["max-file-size"], "--max-file-size") : undefined;
  const started = performance.now();
  const repos = await selectRepos(a, a["repos-from"]);
  const [{ openAuditState }, { auditProgress }, { parseRemoteUrl, redactUrls }, { scanRemote }, { redactorFor }, { deliverAudit }] = await Promise.all([
    import("./audit-state.js"),
    import("./audit-progress.js"),
    import("../git/clone.js"),
    import("./remote-scan.js"),
    import("../report/index.js"),
    import("../report/merge.js"),
  ]);
  const state = openAuditState(a.state, a.owner ?? `list:${a["repos-from"]}`);
  const token = apiToken(a);
  const tokenHost = cloneHost(a["api-url"]);
  const history = { revs: ["--all"], since: a.since, maxCommits: a["max-commits"] };
  // One detector for every repository: the rules are the same (the operator's --config or
  // the defaults; a mirror has no config file of its own), and building it costs more than
  // scanning a small repository.
  const [{ loadConfig }, { createScanner }] = await Promise.all([import("../config/resolve.js"), import("../detect/pool.js")]);
  const config = await loadConfig({ configFile: a.config });
  const scanner = await createScanner(config.rules, a.threads ?? 1);
  const session = { configFile: a.config, baselineFile: a.baseline, threads: a.threads ?? 1, maxFileSize, minConfidence: minConfidence(a), scanner };

  const findings: Finding[] = [];
  const scanned: string[] = [];
  const failed: { repository: string; error: string }[] = [];
  const empty: string[] = [];
  // Every repository's counters summed: what was skipped anywhere shows in the summary.
  const total = emptyStats();
  let resumed = 0;
  for (const r of repos) {
    const prior = state.done.get(r.name);
    if (!prior) continue;
    findings.push(...prior);
    scanned.push(r.name);
    resumed++;
  }
  const progress = auditProgress(a.progress ?? process.stderr.isTTY === true, repos.length, resumed);
  const auditOne = async (r: RepoEntry): Promise<void> => {
    try {
      const remote = parseRemoteUrl(r.cloneUrl);
      const sendToken = (remote.scheme === "https" || remote.scheme === "http") && new URL(remote.url).host === tokenHost;
      const warnHere = (m: string) => warn(`${r.name}: ${m}`);
      const result = await scanRemote({ remote, repository: r.name, token: sendToken ? token : undefined, blobless: a.blobless === true, history, session: { ...session, warn: warnHere } });
      const redact = redactorFor(result.messageSecrets);
      const shown = a["show-secrets"] ? result.findings : result.findings.map(redact);
      if (result.stats.notes.includes("empty repository (no commits)")) empty.push(r.name);
      addStats(total, result.stats);
      findings.push(...shown);
      scanned.push(r.name);
      state.record({ repository: r.name, status: "done", findings: shown });
    } catch (err) {
      const error = redactUrls(((err as Error)?.message ?? String(err)).split("\n")[0]);
      failed.push({ repository: r.name, error });
      state.record({ repository: r.name, status: "failed", error });
    }
    progress.update(scanned.length + failed.length, failed.length, findings.length);
  };
  const limit = pLimit(concurrency);
  try {
    await Promise.all(repos.filter((r) => !state.done.has(r.name)).map((r) => limit(() => auditOne(r))));
  } finally {
    progress.stop();
    await scanner.close();
  }
  for (const f of failed) warn(`${f.repository}: not audited: ${f.error}`);
  const { mergeAudits } = await import("../report/merge.js");
  const merged = mergeAudits([{ findings, audit: { scanned, failed } }]);
  total.durationMs = Math.round(performance.now() - started);
  total.findings = merged.findings.length;
  total.notes = total.notes.filter((n) => n !== "empty repository (no commits)");
  process.stderr.write(summaryLine(total, "blobs") + "\n");
  const extra = [
    ...(resumed ? [`${resumed} resumed from ${a.state}`] : []),
    ...(empty.length ? [`${empty.length} empty`] : []),
  ];
  const code = await deliverAudit(merged, out, extra);
  // Nothing could be audited at all: that is an error, not a clean result.
  if (repos.length && failed.length === repos.length) throw new UsageError(`no repository could be audited (${failed.length} failed)`);
  return code;
}

/** Adds one repository's counters to the audit's (notes once each). */
function addStats(total: ScanStats, s: ScanStats): void {
  for (const [k, v] of Object.entries(s)) {
    if (typeof v === "number") total[k] = ((total[k] as number | undefined) ?? 0) + v;
  }
  for (const n of s.notes) if (!total.notes.includes(n)) total.notes.push(n);
}
