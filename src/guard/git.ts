// Minimal git plumbing runner for the guard paths. Plain child_process rather than
// simple-git: hooks run on every commit and loading a git wrapper costs start-up time.
// Arguments always go through argv (never a shell); the environment is passed through
// unchanged so GIT_INDEX_FILE (git commit <paths>) and the quarantine variables of a
// pre-receive hook keep working.
import { spawn, spawnSync } from "node:child_process";

export interface GitOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  input?: string | Buffer;
}

export class GitError extends Error {
  override name = "GitError";
  constructor(
    readonly args: readonly string[],
    readonly code: number | null,
    readonly stderr: string,
  ) {
    super(`git ${args[0] ?? ""} failed${code === null ? "" : ` (exit ${code})`}: ${firstLine(stderr) || "no message"}`);
  }
}

function firstLine(s: string): string {
  return s.split("\n").find((l) => l.trim() !== "")?.trim() ?? "";
}

export interface GitResult {
  code: number | null;
  stdout: Buffer;
  stderr: string;
}

/** Runs git synchronously; never throws for a non-zero exit (see gitOk). */
export function gitRaw(args: readonly string[], o: GitOptions): GitResult {
  const r = spawnSync("git", args, {
    cwd: o.cwd,
    env: o.env ?? process.env,
    input: o.input,
    maxBuffer: 1024 * 1024 * 1024,
    stdio: ["pipe", "pipe", "pipe"],
  });
  if (r.error) throw new GitError(args, null, (r.error as NodeJS.ErrnoException).code === "ENOENT" ? "git not found on PATH" : r.error.message);
  return { code: r.status, stdout: r.stdout, stderr: r.stderr.toString("utf8") };
}

/** Runs git and returns stdout; a non-zero exit becomes a GitError. */
export function gitOk(args: readonly string[], o: GitOptions): Buffer {
  const r = gitRaw(args, o);
  if (r.code !== 0) throw new GitError(args, r.code, r.stderr);
  return r.stdout;
}

/** gitOk as text without the trailing newline. */
export function gitText(args: readonly string[], o: GitOptions): string {
  return gitOk(args, o).toString("utf8").replace(/\n$/, "");
}

export interface CatFileObject {
  /** The name as requested (object id or `:path`). */
  name: string;
  /** Absent when git answered "missing". */
  type?: string;
  size: number;
  /** Content; undefined when missing or when `keep` declined it. */
  data?: Buffer;
}

/**
 * Streams `git cat-file --batch` answers for `names` in order. `keep(name, size)` decides
 * whether an object's content is kept; declined content (too large) is skipped without
 * being buffered.
 */
export async function* catFileBatch(
  names: readonly string[],
  o: GitOptions & { keep?: (name: string, size: number) => boolean },
): AsyncGenerator<CatFileObject> {
  if (names.length === 0) return;
  const child = spawn("git", ["cat-file", "--batch"], { cwd: o.cwd, env: o.env ?? process.env, stdio: ["pipe", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString("utf8")));
  const exited = new Promise<number | null>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => resolve(code));
  });
  // cat-file answers line by line; EPIPE on early exit is reported through `exited`.
  child.stdin.on("error", () => {});
  child.stdin.end(names.map((n) => n + "\n").join(""));

  let pending: Buffer = Buffer.alloc(0);
  let idx = 0;
  // Current object being read: remaining bytes (+1 for the trailing LF) and its parts.
  let cur: { obj: CatFileObject; remaining: number; parts: Buffer[] | null } | null = null;
  const ready: CatFileObject[] = [];

  const consume = (chunk: Buffer): void => {
    pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
    let pos = 0;
    for (;;) {
      if (cur) {
        const take = Math.min(cur.remaining, pending.length - pos);
        if (cur.parts && take > 0) cur.parts.push(pending.subarray(pos, pos + take));
        pos += take;
        cur.remaining -= take;
        if (cur.remaining > 0) break;
        if (cur.parts) cur.obj.data = Buffer.concat(cur.parts).subarray(0, cur.obj.size);
        ready.push(cur.obj);
        cur = null;
        continue;
      }
      const nl = pending.indexOf(0x0a, pos);
      if (nl < 0) break;
      const header = pending.subarray(pos, nl).toString("utf8");
      pos = nl + 1;
      const name = names[idx++] ?? header;
      if (header.endsWith(" missing") || header.endsWith(" ambiguous")) {
        ready.push({ name, size: 0 });
        continue;
      }
      const m = /^\S+ (\S+) (\d+)$/.exec(header);
      if (!m) throw new GitError(["cat-file"], null, `unexpected output '${header.slice(0, 80)}'`);
      const size = Number(m[2]);
      const keep = o.keep ? o.keep(name, size) : true;
      cur = { obj: { name, type: m[1], size }, remaining: size + 1, parts: keep ? [] : null };
    }
    pending = pending.subarray(pos);
    // Drop the reference to large already-consumed buffers.
    if (pending.length === 0) pending = Buffer.alloc(0);
  };

  for await (const chunk of child.stdout) {
    consume(chunk as Buffer);
    while (ready.length) yield ready.shift()!;
  }
  const code = await exited;
  if (code !== 0) throw new GitError(["cat-file"], code, stderr);
  if (idx < names.length || cur) throw new GitError(["cat-file"], code, "output ended early");
}

/** Parses the answers of a synchronous `git cat-file --batch` run, in request order. */
export function parseBatch(out: Buffer, count: number): (Buffer | null)[] {
  const res: (Buffer | null)[] = [];
  let pos = 0;
  for (let i = 0; i < count; i++) {
    const nl = out.indexOf(0x0a, pos);
    if (nl < 0) throw new GitError(["cat-file"], null, "unexpected output");
    const header = out.subarray(pos, nl).toString("utf8");
    pos = nl + 1;
    const m = /^\S+ \S+ (\d+)$/.exec(header);
    if (!m) {
      res.push(null); // "<name> missing" (or ambiguous)
      continue;
    }
    const size = Number(m[1]);
    res.push(out.subarray(pos, pos + size));
    pos += size + 1;
  }
  return res;
}

/**
 * Contents of a few small objects named like `:path` or `HEAD:path` (fixed names only:
 * the batch protocol is line based), null where missing. One git call.
 */
export function readObjectsByName(names: string[], o: GitOptions): (Buffer | null)[] {
  const out = gitOk(["cat-file", "--batch"], { ...o, input: names.map((n) => n + "\n").join("") });
  return parseBatch(out, names.length);
}

/** Object sizes (`cat-file --batch-check`), undefined where missing. One git call. */
export function objectSizes(oids: readonly string[], o: GitOptions): (number | undefined)[] {
  if (!oids.length) return [];
  const out = gitOk(["cat-file", "--batch-check=%(objectsize)"], { ...o, input: oids.map((n) => n + "\n").join("") });
  const lines = out.toString("utf8").split("\n");
  return oids.map((_, i) => (/^\d+$/.test(lines[i] ?? "") ? Number(lines[i]) : undefined));
}
