// `leakguard git [REPO]`: every commit reachable from all refs (or a branch / range).
import type { Argv } from "yargs";
import { parseSize } from "../config/settings.js";
import { UsageError } from "../types.js";
import { ScanSession } from "../engine/session.js";
import { checkRevokeConfig, deliver, warn } from "../report/deliver.js";
import { withCommonOptions, withVerifyOptions, outputOptions, minConfidence, verifyOptions, type CommonArgs, type VerifyArgs } from "./options.js";
import { runCommand } from "./run.js";
import { splitWords } from "./shell-words.js";

export interface GitArgs extends CommonArgs, VerifyArgs {
  repo: string;
  branch?: string;
  range?: string;
  since?: string;
  "max-commits"?: number;
  "log-opts"?: string;
  all: boolean;
  progress?: boolean;
  "max-file-size"?: string;
  "keep-clone"?: string;
  token?: string;
  blobless?: boolean;
  "--"?: string[];
}

export const gitCommand = {
  command: "git [repo]",
  describe: "scan the full history of a git repository (all refs by default)",
  builder: (y: Argv) =>
    withVerifyOptions(withCommonOptions(y))
      .positional("repo", { type: "string", default: ".", describe: "repository: work tree, .git directory, bare or mirror clone, or a URL (https, http, ssh, git, file, user@host:path; may follow --)" })
      .option("branch", { alias: "b", type: "string", describe: "scan only commits reachable from this ref" })
      .option("range", { type: "string", describe: "scan commits in A..B (or A...B)" })
      .option("since", { type: "string", describe: "only commits more recent than this date (git log --since)" })
      .option("max-commits", { type: "number", describe: "scan at most N commits (newest first)" })
      .option("log-opts", { type: "string", describe: 'extra git log options, e.g. "--first-parent --author=bob"' })
      .option("all", { type: "boolean", default: true, describe: "scan all refs (the default unless --branch or --range)" })
      .option("progress", { type: "boolean", describe: "show a progress bar on stderr (default: when stderr is a TTY)" })
      .option("max-file-size", { type: "string", describe: "skip blobs larger than this (default 10MiB)" })
      .option("keep-clone", { type: "string", describe: "remote URL: keep the mirror clone in this (new or empty) directory" })
      .option("token", { type: "string", describe: "remote URL over http(s): token sent to its host (default: GITHUB_TOKEN, else git's credential helpers)" })
      .option("blobless", { type: "boolean", describe: "remote URL: clone without blobs and let git fetch each one as it is read (slower for history scans; for servers or disks where a full mirror does not fit)" })
      .parserConfiguration({ "populate--": true }),
  handler: (a: GitArgs) => runCommand(() => runGitScan(a)),
};

/** Splits --log-opts like a shell would split words (quotes group), without a shell. */
export function splitLogOpts(text: string): string[] {
  return splitWords(text, "--log-opts");
}

export function revsFromArgs(a: Pick<GitArgs, "branch" | "range" | "all">): string[] {
  if (a.branch !== undefined && a.range !== undefined) throw new UsageError("--branch and --range cannot be used together");
  if (a.branch !== undefined) {
    if (!a.branch) throw new UsageError("--branch: empty ref");
    return [a.branch];
  }
  if (a.range !== undefined) {
    if (!a.range.includes("..") || /^\.+$/.test(a.range)) throw new UsageError(`--range: expected A..B or A...B, got '${a.range}'`);
    return [a.range];
  }
  if (!a.all) throw new UsageError("--no-all needs --branch or --range");
  return ["--all"];
}

export async function runGitScan(a: GitArgs): Promise<number> {
  const out = outputOptions(a);
  await checkRevokeConfig(out.revokeConfig);
  const revs = revsFromArgs(a);
  const logOpts = a["log-opts"] ? splitLogOpts(a["log-opts"]) : [];
  if (a["max-commits"] !== undefined && (!Number.isInteger(a["max-commits"]) || a["max-commits"] < 1)) {
    throw new UsageError(`--max-commits: expected a positive integer, got '${a["max-commits"]}'`);
  }
  const maxFileSize = a["max-file-size"] !== undefined ? parseSize(a["max-file-size"], "--max-file-size") : undefined;
  const target = repoArgument(a);
  const { looksLikeRemote } = await import("../git/clone.js");
  if (looksLikeRemote(target)) return runRemoteGitScan(a, target, { revs, logOpts, maxFileSize, out });
  if (a["keep-clone"] !== undefined || a.blobless !== undefined) throw new UsageError(`--${a["keep-clone"] !== undefined ? "keep-clone" : "blobless"} needs a repository URL`);
  const [{ historySource, checkLogOpts }, { inspectRepository }] = await Promise.all([import("../sources/history.js"), import("../git/repository.js")]);
  checkLogOpts(logOpts);
  const info = await inspectRepository(target);
  const session = await ScanSession.open({ root: info.root, configFile: a.config, baselineFile: a.baseline, threads: a.threads, maxFileSize, warn, minConfidence: minConfidence(a), ...(await verifyOptions(a)) });
  try {
    await session.scan(
      historySource({
        repo: target,
        revs,
        since: a.since,
        maxCommits: a["max-commits"],
        logOpts,
        progress: a.progress ?? process.stderr.isTTY === true,
      }),
    );
  } catch (err) {
    await session.abort();
    throw err;
  }
  return deliver(await session.finish(), out);
}

/** The repository argument: the positional, or the one word after `--` (URLs that start with `-`). */
function repoArgument(a: GitArgs): string {
  const rest = a["--"] ?? [];
  if (rest.length > 1) throw new UsageError(`expected one repository after --, got ${rest.length}`);
  if (rest.length === 1) {
    if (a.repo !== ".") throw new UsageError("give the repository either before or after --, not both");
    return String(rest[0]);
  }
  return a.repo;
}

/** `leakguard git URL`: mirror clone into a temporary directory, history scan, removal. */
async function runRemoteGitScan(
  a: GitArgs,
  url: string,
  o: { revs: string[]; logOpts: string[]; maxFileSize?: number; out: ReturnType<typeof outputOptions> },
): Promise<number> {
  const [{ parseRemoteUrl, tokenFor }, { checkKeepDir }, { scanRemote }] = await Promise.all([
    import("../git/clone.js"),
    import("../sources/remote.js"),
    import("./remote-scan.js"),
  ]);
  const remote = parseRemoteUrl(url);
  if (a["keep-clone"] !== undefined) checkKeepDir(a["keep-clone"]);
  const history = { revs: o.revs, since: a.since, maxCommits: a["max-commits"], logOpts: o.logOpts, progress: a.progress ?? process.stderr.isTTY === true };
  const result = await scanRemote({
    remote,
    repository: remote.display,
    token: tokenFor(remote, a.token),
    blobless: a.blobless === true,
    keepDir: a["keep-clone"],
    history,
    session: { configFile: a.config, baselineFile: a.baseline, threads: a.threads, maxFileSize: o.maxFileSize, warn, minConfidence: minConfidence(a), ...(await verifyOptions(a)) },
  });
  return deliver(result, { ...o.out, repository: remote.display });
}
