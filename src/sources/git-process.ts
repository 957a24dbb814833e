// Git plumbing processes spawned with argv arrays (never a shell): one-shot commands,
// a NUL-token stream reader, and a long-lived `git cat-file --batch` object reader.
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";

/** Environment that keeps git from prompting, paging or reading odd system config. */
export function gitEnv(extra?: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...process.env, ...extra, GIT_TERMINAL_PROMPT: "0", GIT_PAGER: "cat", GIT_OPTIONAL_LOCKS: "0", LC_ALL: "C" };
}

/** Options every git we spawn gets: raw paths, no replace objects surprises in output. */
export const GIT_BASE_ARGS = ["-c", "core.quotePath=false", "-c", "log.showSignature=false", "-c", "diff.noprefix=false"];

export class GitError extends Error {
  override name = "GitError";
  constructor(
    message: string,
    readonly code: number | null,
    readonly stderr: string,
  ) {
    super(message);
  }
}

/** First meaningful line of git's stderr, without the `fatal: ` prefix. */
export function gitMessage(stderr: string): string {
  const line = stderr.split("\n").find((l) => l.trim()) ?? "";
  return line.replace(/^(fatal|error): /, "").trim();
}

export interface RunGitOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  input?: string;
}

/** Runs git to completion and returns stdout (small outputs only). */
export function runGit(args: string[], o: RunGitOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn("git", [...GIT_BASE_ARGS, ...args], { cwd: o.cwd, env: gitEnv(o.env), stdio: ["pipe", "pipe", "pipe"] });
    const out: Buffer[] = [];
    let err = "";
    child.stdout.on("data", (d: Buffer) => out.push(d));
    child.stderr.on("data", (d: Buffer) => (err += d.toString("utf8")));
    child.on("error", (e) => reject(new GitError(`cannot run git (${(e as NodeJS.ErrnoException).code ?? e.message})`, null, "")));
    child.on("close", (code) => {
      if (code === 0) resolve(Buffer.concat(out));
      else reject(new GitError(gitMessage(err) || `git ${args[0]} exited with ${code}`, code, err));
    });
    child.stdin.on("error", () => {});
    child.stdin.end(o.input ?? "");
  });
}

/**
 * Spawns a streaming git command and yields its stdout split on NUL bytes. Iteration
 * pulls from the pipe, so git is paused (by the pipe filling up) while the consumer is
 * busy: the whole output is never held in memory.
 */
export async function* gitTokens(args: string[], o: RunGitOptions): AsyncGenerator<Buffer> {
  const child = spawn("git", [...GIT_BASE_ARGS, ...args], { cwd: o.cwd, env: gitEnv(o.env), stdio: ["pipe", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => {
    if (stderr.length < 64 * 1024) stderr += d.toString("utf8");
  });
  const closed = new Promise<number | null>((resolve, reject) => {
    child.on("error", (e) => reject(new GitError(`cannot run git (${(e as NodeJS.ErrnoException).code ?? e.message})`, null, "")));
    child.on("close", (code) => resolve(code));
  });
  closed.catch(() => {});
  child.stdin.on("error", () => {});
  child.stdin.end(o.input ?? "");
  let finished = false;
  try {
    let rest: Buffer | undefined;
    for await (const chunk of child.stdout as AsyncIterable<Buffer>) {
      let buf = rest ? Buffer.concat([rest, chunk]) : chunk;
      let start = 0;
      let nul: number;
      while ((nul = buf.indexOf(0, start)) >= 0) {
        yield buf.subarray(start, nul);
        start = nul + 1;
      }
      // Copy the tail so the (64 KiB) chunk it came from can be freed.
      rest = start < buf.length ? Buffer.from(buf.subarray(start)) : undefined;
      buf = Buffer.alloc(0);
    }
    if (rest?.length) yield rest;
    const code = await closed;
    finished = true;
    if (code !== 0) throw new GitError(gitMessage(stderr) || `git ${args[0]} exited with ${code}`, code, stderr);
  } finally {
    if (!finished && child.exitCode === null) child.kill();
  }
}

export interface GitObject {
  oid: string;
  type: string;
  size: number;
  /** Undefined when the object was larger than the caller's limit (it was read and dropped). */
  data?: Buffer;
}

interface Pending {
  oid: string;
  maxSize: number;
  resolve: (o: GitObject | undefined) => void;
  reject: (e: Error) => void;
}

/**
 * `git cat-file --batch` kept open: ids go in on stdin, objects come back in order. Many
 * requests may be outstanding; `undefined` means the object is missing.
 */
export class CatFile {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly queue: Pending[] = [];
  private head = 0;
  private buf: Buffer = Buffer.alloc(0);
  /** Body being read: target buffer (or null when discarding), bytes still expected. */
  private body?: { obj: GitObject; target: Buffer | null; filled: number; p: Pending };
  private failed?: Error;
  private stderr = "";
  /** Ids not yet written: batched into one pipe write per event-loop turn. */
  private outbox: string[] = [];
  /** Bytes handed out and not yet released; above `maxHeld` the pipe is left unread. */
  private held = 0;
  maxHeld = 64 * 1024 * 1024;
  bytesRead = 0;

  constructor(cwd: string, env?: NodeJS.ProcessEnv) {
    this.child = spawn("git", [...GIT_BASE_ARGS, "cat-file", "--batch"], { cwd, env: gitEnv(env), stdio: ["pipe", "pipe", "pipe"] });
    this.child.stdout.on("data", (d: Buffer) => this.onData(d));
    this.child.stderr.on("data", (d: Buffer) => (this.stderr += d.toString("utf8")));
    this.child.stdin.on("error", (e) => this.fail(new GitError(`git cat-file: ${e.message}`, null, "")));
    this.child.on("error", (e) => this.fail(new GitError(`cannot run git (${(e as NodeJS.ErrnoException).code ?? e.message})`, null, "")));
    this.child.on("close", (code) => {
      if (this.pendingCount > 0) this.fail(new GitError(gitMessage(this.stderr) || `git cat-file exited with ${code}`, code, this.stderr));
    });
  }

  get pendingCount(): number {
    return this.queue.length - this.head;
  }

  /** Reads one object; bodies over `maxSize` bytes are skipped without being buffered. */
  read(oid: string, maxSize = Infinity): Promise<GitObject | undefined> {
    if (this.failed) return Promise.reject(this.failed);
    return new Promise((resolve, reject) => {
      this.queue.push({ oid, maxSize, resolve, reject });
      if (this.outbox.push(oid) === 1) setImmediate(() => this.flush());
    });
  }

  private flush(): void {
    if (!this.outbox.length || this.failed) return;
    this.child.stdin.write(this.outbox.join("\n") + "\n");
    this.outbox = [];
  }

  /**
   * Backpressure: callers that keep object data alive (queued for scanning) count it
   * with `hold` and `release`; while over the limit, git's output waits in its pipe.
   */
  hold(bytes: number): void {
    this.held += bytes;
    if (this.held > this.maxHeld) this.child.stdout.pause();
  }

  release(bytes: number): void {
    this.held -= bytes;
    if (this.held <= this.maxHeld && this.child.stdout.isPaused()) this.child.stdout.resume();
  }

  close(): void {
    this.flush();
    this.child.stdin.end();
    if (this.pendingCount === 0) this.child.kill();
  }

  private fail(e: Error): void {
    if (this.failed) return;
    this.failed = e;
    for (let i = this.head; i < this.queue.length; i++) this.queue[i].reject(e);
    this.queue.length = 0;
    this.head = 0;
  }

  private shift(): Pending | undefined {
    const p = this.queue[this.head++];
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue.splice(0, this.head);
      this.head = 0;
    }
    return p;
  }

  private onData(chunk: Buffer): void {
    let d = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    this.buf = Buffer.alloc(0);
    while (d.length) {
      if (this.body) {
        const b = this.body;
        const need = b.obj.size + 1 - b.filled; // body plus the trailing newline
        const take = Math.min(need, d.length);
        if (b.target) {
          const bodyPart = Math.min(take, b.obj.size - b.filled);
          if (bodyPart > 0) d.copy(b.target, b.filled, 0, bodyPart);
        }
        b.filled += take;
        d = d.subarray(take);
        if (b.filled === b.obj.size + 1) {
          this.body = undefined;
          this.bytesRead += b.obj.size;
          if (b.target) b.obj.data = b.target;
          b.p.resolve(b.obj);
        }
        continue;
      }
      const nl = d.indexOf(10);
      if (nl < 0) {
        this.buf = Buffer.from(d);
        return;
      }
      const header = d.toString("latin1", 0, nl);
      d = d.subarray(nl + 1);
      const p = this.shift();
      if (!p) {
        this.fail(new GitError(`git cat-file: unexpected output '${header.slice(0, 80)}'`, null, ""));
        return;
      }
      const parts = header.split(" ");
      if (parts.length === 2 && (parts[1] === "missing" || parts[1] === "ambiguous")) {
        p.resolve(undefined);
        continue;
      }
      const size = Number(parts[2]);
      if (parts.length !== 3 || !Number.isSafeInteger(size)) {
        this.fail(new GitError(`git cat-file: unexpected output '${header.slice(0, 80)}'`, null, ""));
        p.reject(this.failed as Error);
        return;
      }
      const obj: GitObject = { oid: parts[0], type: parts[1], size };
      this.body = { obj, target: size > p.maxSize ? null : Buffer.allocUnsafe(size), filled: 0, p };
    }
  }
}
