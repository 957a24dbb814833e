// `git cat-file --batch`: one header parser for both ways leakguard reads objects: a
// long-lived async reader (history scans; the pre-commit hook, which starts it early so
// it runs beside start-up), and one synchronous call for a few small objects at a
// trusted revision (configs, baselines).
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { GIT_BASE_ARGS, GitError, gitEnv, gitSyncOk, type GitOptions } from "./process.js";

const CAT_FILE_ARGS = ["cat-file", "--batch"];

type BatchHeader = { name: string; missing: true } | { name: string; missing: false; type: string; size: number };

/** `<oid> <type> <size>`, or `<name> missing|ambiguous`; undefined when it is neither. */
export function parseBatchHeader(header: string): BatchHeader | undefined {
  // A missing `:path` echoes the name, which may hold spaces.
  if (header.endsWith(" missing") || header.endsWith(" ambiguous")) return { name: header.slice(0, header.lastIndexOf(" ")), missing: true };
  const parts = header.split(" ");
  const size = Number(parts[2]);
  if (parts.length !== 3 || !Number.isSafeInteger(size) || size < 0) return undefined;
  return { name: parts[0], missing: false, type: parts[1], size };
}

function unexpected(header: string): GitError {
  return new GitError(CAT_FILE_ARGS, null, `unexpected output '${header.slice(0, 80)}'`);
}

/**
 * Contents of a few small objects named by id or like `:path` / `<commit>:path` (fixed
 * names only: the batch protocol is line based), null where missing. One git call.
 */
export function readObjectsSync(names: readonly string[], o: GitOptions): (Buffer | null)[] {
  if (!names.length) return [];
  for (const n of names) if (/[\n\r]/.test(n)) throw new GitError(CAT_FILE_ARGS, null, "object name with a line break");
  const out = gitSyncOk(CAT_FILE_ARGS, { ...o, input: names.map((n) => n + "\n").join("") });
  const res: (Buffer | null)[] = [];
  let pos = 0;
  for (let i = 0; i < names.length; i++) {
    const nl = out.indexOf(0x0a, pos);
    if (nl < 0) throw unexpected("");
    const header = out.toString("latin1", pos, nl);
    pos = nl + 1;
    const h = parseBatchHeader(header);
    if (!h) throw unexpected(header);
    if (h.missing) {
      res.push(null);
      continue;
    }
    res.push(out.subarray(pos, pos + h.size));
    pos += h.size + 1;
  }
  return res;
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

  constructor(cwd: string, env?: NodeJS.ProcessEnv) {
    this.child = spawn("git", [...GIT_BASE_ARGS, ...CAT_FILE_ARGS], { cwd, env: gitEnv(env), stdio: ["pipe", "pipe", "pipe"] });
    this.child.stdout.on("data", (d: Buffer) => this.onData(d));
    this.child.stderr.on("data", (d: Buffer) => (this.stderr += d.toString("utf8")));
    this.child.stdin.on("error", (e) => this.fail(new GitError(CAT_FILE_ARGS, null, e.message)));
    this.child.on("error", (e) => this.fail(new GitError(CAT_FILE_ARGS, null, `cannot run git (${(e as NodeJS.ErrnoException).code ?? e.message})`)));
    this.child.on("close", (code) => {
      if (this.pendingCount > 0) this.fail(new GitError(CAT_FILE_ARGS, code, this.stderr));
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
      const h = parseBatchHeader(header);
      if (!p || !h) {
        this.fail(unexpected(header));
        p?.reject(this.failed as Error);
        return;
      }
      if (h.missing) {
        p.resolve(undefined);
        continue;
      }
      const obj: GitObject = { oid: h.name, type: h.type, size: h.size };
      this.body = { obj, target: h.size > p.maxSize ? null : Buffer.allocUnsafe(h.size), filled: 0, p };
    }
  }
}
