// Staged-changes source: what `git commit` is about to record. Index blobs (never the
// working copy, so `git add -p` is honoured), and for each file the line numbers the
// commit adds or changes, in the staged file's numbering. Also the pre-commit
// framework's form: named working-tree files, whole.
import { existsSync, readFileSync } from "node:fs";
import { isAbsolute, join } from "node:path";
import { isBinaryFileSync } from "isbinaryfile";
import type { FileRef, Source, SourceContext, SourceItem } from "../engine/source.js";
import { CatFile, type GitObject } from "../git/cat-file.js";
import { pathSkipper } from "./excludes.js";
import { GitError, gitSync, gitSyncOk, gitSyncText, runGit, type GitOptions } from "../git/process.js";

/** One file the commit adds, modifies, renames, copies or changes type of. */
export interface StagedEntry {
  /** A, M, R, C or T (deletions and unmerged paths are not listed). */
  status: string;
  /** Path in the index, relative to the top-level, '/' separators. */
  path: string;
  /** Source path of a rename or copy. */
  from?: string;
  /** Index blob id. */
  oid: string;
  mode: string;
  /** git considered the change binary (no line information). */
  binary: boolean;
  /** 1-based line numbers of the staged file that the commit adds or changes. */
  added: Set<number>;
}

const ZERO_OID = /^0+$/;

interface RawEntry {
  status: string;
  srcMode: string;
  dstMode: string;
  dstOid: string;
  path: string;
  from?: string;
}

/**
 * Parses `git diff-index --raw -p -z` output: NUL-separated raw records, an empty record,
 * then the patch. Patch sections come in the same order as the raw records (git walks one
 * queue for both), which spares us from un-quoting file names in patch headers.
 */
export function parseRawPatch(out: Buffer): StagedEntry[] {
  const raw: RawEntry[] = [];
  let pos = 0;
  const field = (): string => {
    const end = out.indexOf(0, pos);
    if (end < 0) throw new Error("unexpected git diff output (unterminated record)");
    const s = out.subarray(pos, end).toString("utf8");
    pos = end + 1;
    return s;
  };
  while (pos < out.length && out[pos] === 0x3a /* ':' */) {
    const meta = field().slice(1).split(" ");
    if (meta.length < 5) throw new Error("unexpected git diff output (raw record)");
    const [srcMode, dstMode, , dstOid, statusField] = meta;
    const status = statusField[0];
    const first = field();
    if (status === "R" || status === "C") raw.push({ status, srcMode, dstMode, dstOid, from: first, path: field() });
    else raw.push({ status, srcMode, dstMode, dstOid, path: first });
  }
  if (pos < out.length && out[pos] === 0) pos++;
  const sections = parsePatchSections(out.subarray(pos));
  if (sections.length !== raw.length) {
    throw new Error(`unexpected git diff output (${raw.length} files but ${sections.length} patches)`);
  }
  return raw.map((r, i) => ({
    status: r.status,
    path: r.path,
    ...(r.from !== undefined ? { from: r.from } : {}),
    oid: r.dstOid,
    mode: r.dstMode,
    binary: sections[i].binary,
    added: sections[i].added,
  }));
}

interface PatchSection {
  binary: boolean;
  added: Set<number>;
}

const HUNK = /^@@ -\d+(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

/**
 * Splits a `-U0` patch into per-file sections and collects the new-side line numbers of
 * each hunk. Hunk bodies are consumed by count, so file content that looks like a header
 * ("diff --git ...") cannot confuse the parser.
 */
export function parsePatchSections(patch: Buffer): PatchSection[] {
  const sections: PatchSection[] = [];
  // latin1: one char per byte, so non-UTF-8 content cannot shift anything.
  const lines = patch.toString("latin1").split("\n");
  let cur: PatchSection | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.startsWith("diff --git ")) {
      cur = { binary: false, added: new Set() };
      sections.push(cur);
      continue;
    }
    if (!cur) continue;
    if (line.startsWith("Binary files ") || line === "GIT binary patch") {
      cur.binary = true;
      continue;
    }
    const m = HUNK.exec(line);
    if (!m) continue;
    let oldLeft = m[1] === undefined ? 1 : Number(m[1]);
    let newLeft = m[3] === undefined ? 1 : Number(m[3]);
    // Walk the body: '+' lines are added at the current new-side line, context lines
    // (should GIT_DIFF_OPTS or a future git add any) advance both sides.
    let n = Number(m[2]);
    while ((oldLeft > 0 || newLeft > 0) && i + 1 < lines.length) {
      const body = lines[++i];
      if (body.startsWith("+")) {
        cur.added.add(n++);
        newLeft--;
      } else if (body.startsWith("-")) oldLeft--;
      else if (body.startsWith(" ")) {
        n++;
        oldLeft--;
        newLeft--;
      } else if (!body.startsWith("\\")) throw new Error("unexpected git diff output (short hunk)");
    }
    if (oldLeft > 0 || newLeft > 0) throw new Error("unexpected git diff output (short hunk)");
  }
  return sections;
}

/** Added-line intersection across several diffs of the same index (merge parents). */
export function intersectAdded(perParent: StagedEntry[][]): StagedEntry[] {
  const [first, ...others] = perParent;
  if (!first) return [];
  const maps = others.map((list) => new Map(list.map((e) => [e.path, e])));
  const out: StagedEntry[] = [];
  for (const e of first) {
    let added = e.added;
    let binary = e.binary;
    let keep = true;
    for (const m of maps) {
      const other = m.get(e.path);
      // Identical to one parent: the merge adds nothing there.
      if (!other) {
        keep = false;
        break;
      }
      binary = binary && other.binary;
      if (!e.binary && !other.binary) added = new Set([...added].filter((n) => other.added.has(n)));
      else if (e.binary && !other.binary) added = other.added;
    }
    if (keep && (binary || added.size > 0 || e.status === "A")) out.push({ ...e, added, binary });
  }
  return out;
}

export interface RepoInfo {
  top: string;
  /** Commit HEAD points at, or undefined before the first commit. */
  head?: string;
  /** Other parents of the commit being made (merge in progress). */
  mergeHeads: string[];
}

const REV_PARSE_ARGS = ["rev-parse", "--show-toplevel", "--git-path", "MERGE_HEAD", "--revs-only", "HEAD^{commit}"];

function notARepo(cwd: string, stderr: string): NotARepoError {
  const msg = stderr.includes("not a git repository") ? "not inside a git repository" : stderr.split("\n")[0];
  return new NotARepoError(`${cwd}: ${msg}`);
}

/** RepoInfo from the output of REV_PARSE_ARGS run in `cwd`. */
function parseRepoInfo(cwd: string, out: Buffer): RepoInfo {
  const [top, mergeHeadPath, headLine] = out.toString("utf8").split("\n");
  if (!top) throw new NotARepoError(`${cwd}: not inside a git work tree`);
  const head = headLine && /^[0-9a-f]{40,64}$/.test(headLine) ? headLine : undefined;
  const mergeFile = isAbsolute(mergeHeadPath) ? mergeHeadPath : join(cwd, mergeHeadPath);
  const mergeHeads =
    head && existsSync(mergeFile)
      ? readFileSync(mergeFile, "utf8")
          .split("\n")
          .map((s) => s.trim())
          .filter((s) => /^[0-9a-f]{40,64}$/.test(s))
      : [];
  return { top, head, mergeHeads };
}

/** Locates the work tree and what the next commit's parents will be (one git call). */
export function repoInfo(cwd: string, env?: NodeJS.ProcessEnv): RepoInfo {
  // --revs-only: before the first commit HEAD resolves to nothing instead of failing.
  const r = gitSync(REV_PARSE_ARGS, { cwd, env });
  if (r.code !== 0) throw notARepo(cwd, r.stderr);
  return parseRepoInfo(cwd, r.stdout);
}

export class NotARepoError extends Error {
  override name = "NotARepoError";
}

const DIFF_ARGS = ["diff-index", "--cached", "--raw", "-p", "-U0", "-z", "-M", "-C", "--no-color", "--no-ext-diff", "--no-textconv", "--diff-filter=ACMRT"];

/** GIT_DIFF_OPTS would override -U0; external diff drivers are off by flag already. */
function diffEnv(env?: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...env, GIT_DIFF_OPTS: undefined };
}

/** The tree a first commit is compared with. */
function emptyTree(o: GitOptions): string {
  return gitSyncText(["hash-object", "-t", "tree", "/dev/null"], o);
}

/** A promise whose rejection is handled later or never (the process may go unused). */
function settled<T>(p: Promise<T>): Promise<T> {
  p.catch(() => {});
  return p;
}

/**
 * The git work a staged check needs, all started at once: rev-parse, the diff against
 * HEAD (before rev-parse has said HEAD exists; a first commit or a merge diffs again) and
 * one cat-file process for the config, the ignore file and the staged blobs. The
 * processes run while leakguard loads its engine and its rules: one after
 * another they cost every commit ~30 ms. close() when done.
 */
export class StagedGit {
  /** The repository around `cwd`; rejects with NotARepoError outside one. */
  readonly info: Promise<RepoInfo>;
  /** Objects by name (`:path` for the index, blob ids), in request order. */
  readonly objects: CatFile;
  private readonly headDiff?: Promise<Buffer>;
  private readonly env?: NodeJS.ProcessEnv;

  constructor(cwd: string, o: { diff: boolean; env?: NodeJS.ProcessEnv }) {
    const env = (this.env = o.env);
    // The diff first: reading a large index makes it the longest of the three.
    // Paths in diff-index output are relative to the top level, wherever it runs.
    if (o.diff) this.headDiff = settled(runGit([...DIFF_ARGS, "HEAD", "--"], { cwd, env: diffEnv(env) }));
    this.info = settled(
      runGit(REV_PARSE_ARGS, { cwd, env }).then(
        (out) => parseRepoInfo(cwd, out),
        (err: unknown) => {
          throw err instanceof GitError && err.code !== null ? notARepo(cwd, err.stderr) : err;
        },
      ),
    );
    this.objects = new CatFile(cwd, env);
  }

  /**
   * The files the next commit adds or changes, with their added lines. Before the first
   * commit everything is new (diff against the empty tree); during a merge only lines new
   * relative to every parent count, so merging an already-scanned branch adds nothing.
   */
  async entries(info: RepoInfo): Promise<StagedEntry[]> {
    const o = { cwd: info.top, env: diffEnv(this.env) };
    const diff = (tree: string) => runGit([...DIFF_ARGS, tree, "--"], o).then(parseRawPatch);
    const head = info.head ? ((await this.headDiff?.then(parseRawPatch, () => undefined)) ?? (await diff(info.head))) : await diff(emptyTree(o));
    const all = info.head && info.mergeHeads.length ? intersectAdded([head, ...(await Promise.all(info.mergeHeads.map(diff)))]) : head;
    // Submodule pointers (gitlinks) have no content here; deleted/intent-to-add entries no blob.
    return all.filter((e) => e.mode !== "160000" && !ZERO_OID.test(e.oid));
  }

  close(): void {
    this.objects.close();
  }
}

/**
 * Added lines for files git called binary only because of attributes (`-diff`, `binary`):
 * the text diff forced with --text, so a .gitattributes line cannot hide a secret.
 */
export function forcedTextAdded(info: RepoInfo, paths: string[], env?: NodeJS.ProcessEnv): Map<string, Set<number>> {
  const out = new Map<string, Set<number>>();
  if (!paths.length) return out;
  const o = { cwd: info.top, env: diffEnv(env) };
  const entries = parseRawPatch(gitSyncOk([...DIFF_ARGS, "--text", info.head ?? emptyTree(o), "--", ...paths], o));
  for (const e of entries) out.set(e.path, e.added);
  return out;
}

function isBinary(data: Buffer): boolean {
  return data.length > 0 && isBinaryFileSync(data, Math.min(data.length, 8192));
}

/** Blobs asked for ahead of the one being scanned: keeps cat-file busy, bounds memory on a huge commit. */
const READ_AHEAD = 16;

type StagedBlob = { data: Buffer } | { missing: true } | { tooLarge: true };

/** Index blobs of the entries, in order; one over `maxFileSize` is skipped unbuffered. */
async function* readStagedBlobs(todo: StagedEntry[], objects: CatFile, maxFileSize: number): AsyncGenerator<StagedBlob> {
  const ahead: Promise<GitObject | undefined>[] = [];
  for (let i = 0; i < todo.length; i++) {
    while (ahead.length < todo.length && ahead.length < i + READ_AHEAD) ahead.push(objects.read(todo[ahead.length].oid, maxFileSize));
    const obj = await ahead[i];
    yield !obj ? { missing: true } : obj.data ? { data: obj.data } : { tooLarge: true };
  }
}

/**
 * The index versions of staged files; findings are kept on added lines only. `git` is
 * the hook's early-started StagedGit; without it the source starts its own.
 */
export function stagedSource(info: RepoInfo, git?: StagedGit): Source {
  return {
    unit: "files",
    async *items(ctx: SourceContext): AsyncGenerator<SourceItem> {
      const reads = git ?? new StagedGit(info.top, { diff: false });
      try {
        const skip = pathSkipper(ctx);
        // A pure rename or mode change adds no line: nothing to read.
        const todo = (await reads.entries(info)).filter((e) => (e.binary || e.added.size > 0) && !skip(e.path));
        const deferred: { entry: StagedEntry; data: Buffer }[] = [];
        let i = 0;
        for await (const blob of readStagedBlobs(todo, reads.objects, ctx.maxFileSize)) {
          const entry = todo[i++];
          if ("missing" in blob) {
            ctx.stats.skippedUnreadable++;
            ctx.warn(`${entry.path}: staged blob ${entry.oid} missing`);
          } else if ("tooLarge" in blob) ctx.stats.skippedTooLarge++;
          else if (isBinary(blob.data)) {
            ctx.stats.skippedBinary++;
            yield { path: entry.path, data: blob.data, counted: true, binary: true };
          }
          // git called it binary yet it is text: a .gitattributes `-diff`/`binary` line must
          // not hide its lines; they come from a forced text diff below.
          else if (entry.binary) deferred.push({ entry, data: blob.data });
          else yield { path: entry.path, data: blob.data, lines: entry.added };
        }
        if (!deferred.length) return;
        const added = forcedTextAdded(
          info,
          deferred.map((d) => d.entry.path),
        );
        // Not found in the forced diff (should not happen): the whole file is scanned.
        for (const { entry, data } of deferred) yield { path: entry.path, data, lines: added.get(entry.path) };
      } finally {
        if (!git) reads.close();
      }
    },
  };
}

/** Exactly the named working-tree files, whole (the pre-commit framework passes them). */
export function namedFilesSource(files: FileRef[]): Source {
  return {
    unit: "files",
    async *items(ctx: SourceContext): AsyncGenerator<SourceItem> {
      const skip = pathSkipper(ctx);
      const kept = files.filter((f) => !skip(f.path));
      if (kept.length) yield kept;
    },
  };
}
