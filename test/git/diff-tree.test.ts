// The diff-tree reader against git itself: for every file every commit touched, the added
// lines it reports must be the new blob's lines at the numbers it gives, whatever the
// edits (random ones, files without a final newline, CRLF, odd paths, binaries), and
// however the output is cut into chunks.
import { afterAll, describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DiffTree, DiffTreeParser, type HunkLines, type PatchCommit } from "../../src/git/diff-tree.js";
import { nativeKeywordLib } from "../../src/detect/native-keywords.js";
import { cleanupTmp, commitFiles, git, initRepo } from "../helpers/tmp.js";

afterAll(cleanupTmp);

/** A small deterministic generator, so a failure can be replayed. */
function rng(seed: number): () => number {
  let s = seed;
  return () => ((s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
}

const WORDS = ["alpha", "beta", "gamma", "delta", "x", "", "  indented", "tab\there", "dup", "dup", "crlf\r"];

function randomEdit(lines: string[], r: () => number): string[] {
  const out = [...lines];
  const edits = 1 + Math.floor(r() * 4);
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(r() * (out.length + 1));
    const kind = r();
    if (kind < 0.4) out.splice(at, 0, WORDS[Math.floor(r() * WORDS.length)] + (r() < 0.5 ? String(Math.floor(r() * 50)) : ""));
    else if (kind < 0.7 && out.length) out.splice(at % out.length, 1);
    else if (out.length) out[at % out.length] = `changed ${Math.floor(r() * 1000)}`;
  }
  return out;
}

function buildRepo(): { repo: string; revs: string[] } {
  const repo = initRepo();
  const r = rng(7);
  const paths = ["a.txt", "dir/b with space.txt", "ünï/c.env", "noeol.txt"];
  const files = new Map<string, string[]>(paths.map((p) => [p, ["first", "second", "third"]]));
  for (let c = 0; c < 40; c++) {
    const changed: Record<string, string | Buffer> = {};
    for (const p of paths) {
      if (r() < 0.5) continue;
      const next = randomEdit(files.get(p)!, r);
      files.set(p, next);
      const text = next.join("\n");
      changed[p] = p === "noeol.txt" && c % 3 ? text : text + "\n";
    }
    if (c === 5) changed["bin.dat"] = Buffer.from([0, 1, 2, 3, 0, 10, 65]);
    if (c === 9) changed["big.txt"] = "y".repeat(5000) + "\n";
    if (c === 12) rmSync(join(repo, "a.txt"));
    if (c === 13) changed["a.txt"] = "back\n";
    // Type changes (two patch sections for one entry): a file becomes a symlink, then a file again.
    if (c === 20 || c === 30) {
      rmSync(join(repo, "link"), { force: true });
      writeFileSync(join(repo, "link"), `a file again ${c}\n`);
      changed["zz.txt"] = `after type change ${c}\n`;
    }
    if (c === 25) {
      rmSync(join(repo, "link"));
      symlinkSync("a.txt", join(repo, "link"));
    }
    if (Object.keys(changed).length || c === 12 || c === 25) commitFiles(repo, changed, `c${c}`);
  }
  const revs = git(repo, "rev-list", "--all").split("\n").filter(Boolean);
  return { repo, revs };
}

function diffTreeOutput(repo: string, revs: string[], maxFileSize: number): Buffer {
  return execFileSync(
    "git",
    ["-c", `core.bigFileThreshold=${maxFileSize}`, "diff-tree", "--stdin", "--always", "--root", "-r", "--raw", "-z", "--no-renames", "--full-index", "-p", "-U0", "--src-prefix=a/", "--dst-prefix=b/"],
    { cwd: repo, input: revs.join("\n") + "\n", maxBuffer: 64 * 1024 * 1024 },
  );
}

/** The native hunk reader, where the addon is built (its tests are skipped elsewhere). */
const native = nativeKeywordLib();
const hunkLines: HunkLines | undefined = native?.hunkLines;

function parseInChunks(out: Buffer, sizes: () => number, native?: HunkLines): PatchCommit[] {
  const commits: PatchCommit[] = [];
  const parser = new DiffTreeParser((c) => commits.push(c), undefined, native);
  for (let at = 0; at < out.length; ) {
    const n = Math.max(1, sizes());
    parser.push(out.subarray(at, at + n));
    at += n;
  }
  parser.end();
  return commits;
}

/** Checks every entry's patch against the blobs git holds. */
let typeChanges = 0;

function checkAgainstBlobs(repo: string, commits: PatchCommit[], everyEntry = true): number {
  let checked = 0;
  for (const c of commits) {
    for (const e of c.entries) {
      if (!e.blob || (!everyEntry && !e.patch)) continue;
      const p = e.patch!;
      expect(p, `${c.id} ${e.path}`).toBeDefined();
      const blob = execFileSync("git", ["cat-file", "blob", e.blob], { cwd: repo });
      if (e.status === "T") typeChanges++;
      if (blob.includes(0) || blob.length > 4096) {
        expect(p.binary, `${e.path} binary`).toBe(true);
        continue;
      }
      expect(p.binary).toBe(false);
      const lines = blob.toString("latin1").split("\n");
      const plus = p.plus.toString("latin1");
      const added = plus.endsWith("\n") ? plus.slice(0, -1).split("\n") : plus.split("\n");
      if (!p.plus.length) added.length = 0;
      expect(added.length, `${e.path} line count`).toBe(p.plusLines.length);
      added.forEach((l, i) => expect(l, `${c.id} ${e.path}:${p.plusLines[i]}`).toBe(lines[p.plusLines[i] - 1]));
      // A file the commit added: its added lines are the blob, byte for byte.
      if (!e.parentBlobs[0]) expect(p.plus.equals(blob), `${e.path} whole`).toBe(true);
      checked++;
    }
  }
  return checked;
}

describe("diff-tree patches", () => {
  it("give each added line at its line number in the new blob, whole added files byte for byte, in any chunking", () => {
    const { repo, revs } = buildRepo();
    const out = diffTreeOutput(repo, revs, 4096);
    const whole = parseInChunks(out, () => out.length);
    expect(whole.map((c) => c.id)).toEqual(revs);
    expect(checkAgainstBlobs(repo, whole)).toBeGreaterThan(40);
    expect(typeChanges).toBeGreaterThanOrEqual(2);
    const r = rng(3);
    for (const sizes of [() => 1, () => 7, () => 1 + Math.floor(r() * 300)]) {
      expect(parseInChunks(out, sizes)).toEqual(whole);
    }
  });

  it.skipIf(!native)("read natively: the same commits, entries and lines as the JavaScript reader, in any chunking", () => {
    const { repo, revs } = buildRepo();
    const out = diffTreeOutput(repo, revs, 4096);
    // Only the native reader can tell a file without key-material lines (the JavaScript one says "maybe").
    const plain = (cs: PatchCommit[]) => cs.map((c) => ({ ...c, entries: c.entries.map((e) => (e.patch ? { ...e, patch: { ...e.patch, maybeKeyMaterial: true } } : e)) }));
    const js = parseInChunks(out, () => out.length);
    const whole = parseInChunks(out, () => out.length, hunkLines);
    expect(plain(whole)).toEqual(js);
    expect(checkAgainstBlobs(repo, whole)).toBeGreaterThan(40);
    const r = rng(5);
    for (const sizes of [() => 1, () => 7, () => 1 + Math.floor(r() * 300)]) expect(parseInChunks(out, sizes, hunkLines)).toEqual(whole);
  });

  it.skipIf(!native)("read natively: long lines and long files grow the buffers; key-material lines are flagged", () => {
    const id = "a".repeat(40);
    const b64 = (n: number) => "QUJD".repeat(Math.ceil(n / 4)).slice(0, n);
    const long = "word ".repeat(20_000);
    const many = Array.from({ length: 3000 }, (_, i) => `+line ${i}\n`).join("");
    const header = (path: string, status = "M") => `:100644 100644 ${"1".repeat(40)} ${"2".repeat(40)} ${status}\0${path}\0`;
    const section = (path: string, body: string) => `diff --git a/${path} b/${path}\nindex 1111111..2222222 100644\n--- a/${path}\n+++ b/${path}\n${body}`;
    const text =
      `${id}\0${header("long.txt")}${header("many.txt")}${header("key.pem")}${header("cr.txt")}${header("near.txt")}\0` +
      section("long.txt", `@@ -1,0 +1,2 @@\n+${long}\n+short\n`) +
      section("many.txt", `@@ -1 +1,3000 @@\n-old\n${many}`) +
      section("key.pem", `@@ -2 +2 @@\n-${b64(64)}\n+${b64(64)}\n`) +
      section("cr.txt", `@@ -0,0 +1 @@\n+abc\r${b64(40)}\r\n`) +
      section("near.txt", `@@ -0,0 +1,2 @@\n+token ${b64(60)}\n+${b64(39)}\n\\ No newline at end of file\n`);
    const out = Buffer.from(text, "latin1");
    for (const size of [out.length, 13]) {
      const [c] = parseInChunks(out, () => size, hunkLines);
      const [long1, many1, key, cr, near] = c.entries.map((e) => e.patch!);
      expect(long1.plus.toString("latin1")).toBe(`${long}\nshort\n`);
      expect(long1.plusLines).toEqual([1, 2]);
      expect(many1.plusLines).toEqual(Array.from({ length: 3000 }, (_, i) => i + 1));
      expect(many1.minus.toString("latin1")).toBe("old\n");
      expect([long1, many1, key, cr, near].map((p) => p.maybeKeyMaterial)).toEqual([false, false, true, true, false]);
      expect(near.plus.toString("latin1")).toBe(`token ${b64(60)}\n${b64(39)}`);
    }
  });

  it("keeps at most a commit's byte limit of patches: the files after it come without one (their blobs are read instead)", () => {
    const { repo, revs } = buildRepo();
    const out = diffTreeOutput(repo, revs, 4096);
    const limit = 40;
    const byReader: PatchCommit[][] = [];
    for (const reader of hunkLines ? [undefined, hunkLines] : [undefined]) {
      const commits: PatchCommit[] = [];
      const parser = new DiffTreeParser((c) => commits.push(c), limit, reader);
      parser.push(out);
      parser.end();
      let kept = 0;
      let dropped = 0;
      for (const c of commits) {
        let bytes = 0;
        let dropping = false;
        for (const e of c.entries) {
          if (!e.patch) {
            dropping = true;
            dropped++;
            continue;
          }
          expect(dropping, `${c.id} ${e.path} kept after a dropped one`).toBe(false);
          kept++;
          bytes += e.patch.plus.length + e.patch.minus.length;
        }
        expect(bytes).toBeLessThanOrEqual(limit);
      }
      expect(kept).toBeGreaterThan(10);
      expect(dropped).toBeGreaterThan(0);
      checkAgainstBlobs(repo, commits, false);
      byReader.push(commits);
    }
    // Both readers drop the same files.
    const patched = (cs: PatchCommit[]) => cs.map((c) => c.entries.map((e) => e.patch !== undefined));
    expect(patched(byReader[byReader.length - 1])).toEqual(patched(byReader[0]));
  });

  it("runs as a process: answers commits in order, and a failure leaves the unanswered ones to retry", async () => {
    const { repo, revs } = buildRepo();
    const got: string[] = [];
    // From the git directory, as the history source runs it (no work tree to read files from).
    const gitDir = join(repo, ".git");
    const p = new DiffTree({ cwd: gitDir, patches: true, maxFileSize: 4096 }, (c) => got.push(c.id));
    p.send(revs.slice(0, 10));
    p.send(revs.slice(10));
    p.end();
    await p.done;
    expect(got).toEqual(revs);
    expect(p.outstanding).toBe(0);

    // A blob one commit added goes missing: git stops there.
    const adder = git(repo, "log", "--format=%H", "--diff-filter=A", "--", "bin.dat");
    const victim = git(repo, "rev-parse", `${adder}:bin.dat`);
    rmSync(join(repo, ".git", "objects", victim.slice(0, 2), victim.slice(2)));
    const seen: string[] = [];
    const q = new DiffTree({ cwd: gitDir, patches: true, maxFileSize: 4096 }, (c) => seen.push(c.id));
    q.send(revs);
    q.end();
    await expect(q.done).rejects.toThrow();
    expect([...seen, ...q.unanswered()]).toEqual(revs);
    expect(q.unanswered()[0]).toBe(adder);
  });
});
