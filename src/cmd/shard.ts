// `leakguard shard --total N --index I`: the repositories of one shard of an audit, from
// the GitHub API or from a list, printed as a list `leakguard github --repos-from` reads.
// The split hashes each repository's name: every runner computes the same shards without
// talking to the others, whatever order the list comes in.
import type { Argv } from "yargs";
import { withRepoListOptions, selectRepos, type RepoListArgs } from "./github.js";
import { runCommand } from "./run.js";
import { UsageError } from "../types.js";

interface ShardArgs extends RepoListArgs {
  list?: string;
  org?: string;
  total: number;
  index: number;
}

export const shardCommand = {
  command: "shard [list]",
  describe: "print one shard of a repository list (from FILE, stdin, or --org from the GitHub API)",
  builder: (y: Argv) =>
    withRepoListOptions(y)
      .positional("list", { type: "string", describe: "repository list: lines 'owner/name clone-url' or clone URLs ('-' = stdin)" })
      .option("org", { type: "string", describe: "list the repositories of this GitHub organisation or user instead" })
      .option("total", { type: "number", demandOption: true, describe: "number of shards" })
      .option("index", { type: "number", demandOption: true, describe: "this shard, from 0 to total-1" }),
  handler: (a: ShardArgs) => runCommand(() => runShard(a)),
};

async function runShard(a: ShardArgs): Promise<number> {
  const { checkShard, formatRepoList, shardRepos } = await import("../sources/remote-list.js");
  checkShard(a.total, a.index);
  if (a.list !== undefined && a.org !== undefined) throw new UsageError("give a repository list (FILE or -) or --org, not both");
  // No list and no --org: the list comes on stdin (yargs drops a lone "-").
  const repos = await selectRepos({ ...a, owner: a.org }, a.org === undefined ? (a.list ?? "-") : undefined);
  process.stdout.write(formatRepoList(shardRepos(repos, a.total, a.index)));
  return 0;
}
