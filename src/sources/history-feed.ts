// The commits of a history scan, fanned out over git processes: `git rev-list --parents`
// lists them, non-merge commits go in runs to the `diff-tree -p -U0` processes (git
// computes the diffs side by side, one process per thread), and merges go to one
// `diff-tree -c` process without patches (their blobs are read instead).
//
// A patch process that fails (a missing blob) is retired; the commits it had not answered
// go to the process without patches, whose reader reads blobs one by one and counts the
// missing one. That process failing is the scan failing (a corrupt tree, say).
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { GIT_BASE_ARGS, GitError, gitEnv, type GitOptions } from "../git/process.js";
import { DiffTree, type PatchCommit } from "../git/diff-tree.js";
import { nativeKeywordLib } from "../detect/native-keywords.js";

export interface FeedOptions extends GitOptions {
  /** `git rev-list` arguments after `--parents`: options, limits, revisions, `--`. */
  revList: string[];
  /** diff-tree processes computing patches. */
  processes: number;
  maxFileSize: number;
}

/** A commit with its parents, as the reader gets it. */
export interface FedCommit extends PatchCommit {
  parents: string[];
}

/**
 * Commits go to a process in runs of this many, in listing order: neighbouring commits
 * share blobs, and git inflates a blob once per process that needs it (finely
 * interleaved commits cost a fifth more git CPU).
 */
const RUN_LENGTH = 512;
/** A process gets its next run once fewer than this many of its commits are left. */
const REFILL_BELOW = 128;
/** rev-list output held before the pipe is paused. */
const LISTED_LIMIT = 8192;

export class CommitFeed {
  private readonly patchers: DiffTree[] = [];
  /** Processes without patches (merges, and commits a failed patch process left); the last takes new ones. */
  private readonly raws: DiffTree[] = [];
  private revList?: ChildProcessWithoutNullStreams;
  private readonly parents = new Map<string, string[]>();
  /** Listed and not yet sent: non-merges and merges. */
  private readonly listed: string[] = [];
  private listedHead = 0;
  private listingDone = false;
  private paused = false;
  /** Closed by the reader (done, or failed): a process killed now is not retried. */
  private closed = false;
  private running = 0;
  failure?: unknown;

  constructor(
    private readonly o: FeedOptions,
    /** Commits as rev-list names them, before their diffs (to read their metadata early). */
    private readonly onListed: (ids: readonly string[]) => void,
    private readonly onCommit: (c: FedCommit) => void,
    /** Called when anything changed: a commit parsed, a process ended, a failure. */
    private readonly onChange: () => void,
  ) {}

  /** True once every process has exited and every commit has been handed over. */
  get finished(): boolean {
    return this.listingDone && this.running === 0 && this.listedHead === this.listed.length;
  }

  start(): void {
    for (let i = 0; i < Math.max(1, this.o.processes); i++) this.patchers.push(this.process(true));
    const args = [...GIT_BASE_ARGS, "--no-replace-objects", "rev-list", "--parents", ...this.o.revList];
    const child = spawn("git", args, { cwd: this.o.cwd, env: gitEnv(this.o.env), stdio: ["pipe", "pipe", "pipe"] });
    this.revList = child;
    child.stdin.end();
    let stderr = "";
    let rest = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString("utf8")));
    child.stdout.on("data", (d: Buffer) => {
      const text = rest + d.toString("latin1");
      const lines = text.split("\n");
      rest = lines.pop() ?? "";
      const ids: string[] = [];
      for (const line of lines) {
        const [id, ...parents] = line.split(" ");
        if (!id) continue;
        this.parents.set(id, parents);
        ids.push(id);
      }
      for (const id of ids) this.listed.push(id);
      this.onListed(ids);
      if (this.listed.length - this.listedHead > LISTED_LIMIT) child.stdout.pause();
      this.pump();
    });
    child.on("error", (e) => this.fail(new GitError(["rev-list"], null, `cannot run git (${(e as NodeJS.ErrnoException).code ?? e.message})`)));
    child.on("close", (code) => {
      if (code !== 0) return this.fail(new GitError(["rev-list"], code, stderr));
      this.listingDone = true;
      this.pump();
      this.onChange();
    });
  }

  /** Stops reading git's output (the engine is behind); git waits on the full pipe. */
  pause(): void {
    if (this.paused) return;
    this.paused = true;
    for (const p of this.all()) p.pause();
  }

  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    for (const p of this.all()) p.resume();
  }

  close(): void {
    this.closed = true;
    this.revList?.kill();
    for (const p of this.all()) p.kill();
  }

  private all(): DiffTree[] {
    return [...this.patchers, ...this.raws];
  }

  private fail(e: unknown): void {
    this.failure ??= e;
    this.onChange();
  }

  private process(patches: boolean): DiffTree {
    const hunkLines = nativeKeywordLib()?.hunkLines;
    const p = new DiffTree({ cwd: this.o.cwd, env: this.o.env, patches, maxFileSize: this.o.maxFileSize, hunkLines }, (c) => {
      const parents = this.parents.get(c.id) ?? [];
      this.parents.delete(c.id);
      this.onCommit({ ...c, parents });
      if (p.outstanding < REFILL_BELOW) this.pump();
      this.onChange();
    });
    if (this.paused) p.pause();
    this.running++;
    p.done.then(
      () => {
        this.running--;
        this.onChange();
      },
      (err: unknown) => {
        this.running--;
        if (this.closed) return;
        if (!patches || this.failure) return this.fail(err);
        // Retire it; what it did not answer is read blob by blob.
        const i = this.patchers.indexOf(p);
        if (i >= 0) this.patchers.splice(i, 1);
        this.rawProcess().send(p.unanswered());
        this.pump();
        this.onChange();
      },
    );
    return p;
  }

  private rawProcess(): DiffTree {
    const last = this.raws[this.raws.length - 1];
    if (last && !last.ended) return last;
    const p = this.process(false);
    this.raws.push(p);
    return p;
  }

  /** Sends listed commits to the processes with room, then ends their input when all are sent. */
  private pump(): void {
    if (this.failure) return;
    const toRaw: string[] = [];
    // A patch process with room takes the next run (merges set aside); with none left, all goes raw.
    let p: DiffTree | undefined;
    while (this.listedHead < this.listed.length && (!this.patchers.length || (p = this.patchers.find((x) => x.outstanding < REFILL_BELOW)))) {
      const run: string[] = [];
      while (this.listedHead < this.listed.length && run.length < RUN_LENGTH) {
        const id = this.listed[this.listedHead++];
        if (!p || (this.parents.get(id)?.length ?? 0) > 1) toRaw.push(id);
        else run.push(id);
      }
      p?.send(run);
    }
    if (toRaw.length) this.rawProcess().send(toRaw);
    if (this.listedHead > 65536 && this.listedHead * 2 > this.listed.length) {
      this.listed.splice(0, this.listedHead);
      this.listedHead = 0;
    }
    if (this.listed.length - this.listedHead < LISTED_LIMIT / 2) this.revList?.stdout.resume();
    if (this.listingDone && this.listedHead === this.listed.length) for (const p of this.all()) p.end();
  }
}
