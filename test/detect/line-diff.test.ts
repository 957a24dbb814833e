// The in-process line diff that decides which lines a commit added.
import { describe, expect, it } from "vitest";
import { addedLines, extractLines, freshLines } from "../../src/detect/line-diff.js";
import { nativeKeywordLib } from "../../src/detect/native-keywords.js";

const buf = (lines: string[], trailingNewline = true) => Buffer.from(lines.join("\n") + (trailingNewline && lines.length ? "\n" : ""));
const sorted = (s: Set<number>) => [...s].sort((a, b) => a - b);

describe("addedLines", () => {
  it("finds inserted and replaced lines", () => {
    expect(sorted(addedLines(buf(["a", "b", "c"]), buf(["a", "x", "b", "c", "y"])))).toEqual([2, 5]);
    expect(sorted(addedLines(buf(["a", "b", "c"]), buf(["a", "B", "c"])))).toEqual([2]);
    expect(sorted(addedLines(buf([]), buf(["a", "b"])))).toEqual([1, 2]);
    // A shared tail that starts mid-line in the old text is not a shared line.
    expect(sorted(addedLines(buf(["aX"]), buf(["b", "X"])))).toEqual([1, 2]);
    expect(sorted(addedLines(buf(["k", "aX"]), buf(["k", "X"])))).toEqual([2]);
    expect(sorted(addedLines(buf(["a", "b"]), buf([])))).toEqual([]);
  });

  it("does not count moved lines, unchanged lines or a newline added at the end", () => {
    expect(sorted(addedLines(buf(["a", "secret", "b", "c"]), buf(["secret", "a", "b", "c"])))).toEqual([]);
    expect(sorted(addedLines(buf(["a", "b"], false), buf(["a", "b"])))).toEqual([]);
    expect(sorted(addedLines(buf(["a", "b"], false), buf(["a", "b", "c"])))).toEqual([3]);
  });

  it("tells apart lines that share their length and sampled bytes (and many lines at once)", () => {
    // Same length, same first, middle and last four bytes: only the bytes between differ.
    const twins = Array.from({ length: 600 }, (_, i) => `abcd-${String(i).padStart(4, "0")}-mid!-${String(i * 7).padStart(5, "0")}-wxyz`);
    const old = twins.filter((_, i) => i % 2 === 0);
    const next = twins;
    expect(sorted(addedLines(buf(old), buf(next)))).toEqual(next.flatMap((_, i) => (i % 2 ? [i + 1] : [])));
  });

  it("counts a second copy of an existing line as added", () => {
    expect(sorted(addedLines(buf(["k", "x"]), buf(["k", "x", "k"])))).toEqual([3]);
  });

  it("matches the set of fresh lines for random edits of distinct lines", () => {
    let seed = 7;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    let fresh = 0;
    for (let round = 0; round < 200; round++) {
      const old = Array.from({ length: 5 + rnd(60) }, (_, i) => `line ${round}.${i}`);
      const next = [...old];
      const edits = rnd(12);
      for (let e = 0; e < edits; e++) {
        const op = rnd(3);
        const at = rnd(next.length + 1);
        if (op === 0) next.splice(at, 0, `new ${fresh++}`);
        else if (op === 1 && next.length) next.splice(Math.min(at, next.length - 1), 1);
        else if (next.length) next[Math.min(at, next.length - 1)] = `new ${fresh++}`;
      }
      const expected = next.flatMap((l, i) => (l.startsWith("new ") ? [i + 1] : []));
      expect(sorted(addedLines(buf(old), buf(next)))).toEqual(expected);
    }
  });

  it("cuts lines out with a map back to their numbers", () => {
    const r = extractLines(buf(["l1", "l2", "l3", "l4"], false), new Set([4, 2]));
    expect(r.data.toString()).toBe("l2\nl4\n");
    expect(r.lineMap).toEqual([2, 4]);
  });

  it("falls back to a multiset comparison for huge rewrites", () => {
    const old = Array.from({ length: 5000 }, (_, i) => `o${i}`);
    const next = Array.from({ length: 5000 }, (_, i) => (i % 2 ? `o${i}` : `n${i}`));
    next.reverse();
    const got = addedLines(buf(old), buf(next));
    expect(got.size).toBe(2500);
    for (const l of got) expect(next[l - 1].startsWith("n")).toBe(true);
  });
});

describe("freshLines", () => {
  it("is empty for identical texts, deletions and moves; holds every copy of a line with more copies", () => {
    expect(freshLines(buf(["a", "b"]), buf(["a", "b"]))).toBeUndefined();
    expect(sorted(freshLines(buf(["a", "b", "c"]), buf(["a", "c"]))!)).toEqual([]);
    expect(sorted(freshLines(buf(["a", "s", "b", "c"]), buf(["s", "a", "b", "c"]))!)).toEqual([]);
    expect(sorted(freshLines(buf(["k", "x"]), buf(["k", "x", "k"]))!)).toEqual([3]);
    expect(sorted(freshLines(buf(["k", "x"]), buf(["k", "y", "k"]))!)).toEqual([2, 3]);
  });

  it("holds every line addedLines finds, for random edits in long texts", () => {
    let seed = 11;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    for (let round = 0; round < 60; round++) {
      // Long enough (> 16 KiB) for the head and tail to be compared in several step sizes;
      // few distinct lines, so copies and moves are common.
      const old = Array.from({ length: 200 + rnd(2000) }, () => `line ${rnd(300)} ${"x".repeat(rnd(40))}`);
      const next = [...old];
      for (let e = rnd(6); e >= 0; e--) {
        const at = rnd(next.length);
        const op = rnd(3);
        if (op === 0) next.splice(at, 0, `new ${round}.${e}`);
        else if (op === 1) next.splice(at, 0, old[rnd(old.length)]);
        else next.splice(at, 1);
      }
      const a = buf(old);
      const b = buf(next, rnd(4) !== 0);
      const fresh = freshLines(a, b) ?? new Set<number>();
      const added = sorted(addedLines(a, b));
      for (const l of added) expect(fresh.has(l), `round ${round} line ${l}`).toBe(true);
      for (const l of fresh) expect(old.filter((x) => x === next[l - 1]).length).toBeLessThan(next.filter((x) => x === next[l - 1]).length);
    }
  });

  // The native addon is built where Hyperscan's headers are (CI installs them).
  it.runIf(nativeKeywordLib())("gives the same lines natively as in JavaScript, with colliding-looking lines and CRs", () => {
    const native = nativeKeywordLib();
    let seed = 5;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    for (let round = 0; round < 300; round++) {
      const pick = () => ["", "\r", "abcd-0001-mid!-00007-wxyz", "abcd-0002-mid!-00007-wxyz", `v${rnd(50)}`, "x".repeat(rnd(30))][rnd(6)] + (rnd(5) ? "" : "\r");
      const old = Array.from({ length: rnd(80) }, pick);
      const next = [...old];
      for (let e = rnd(8); e >= 0; e--) next.splice(rnd(next.length + 1), rnd(2), pick());
      const a = buf(old, rnd(2) === 0);
      const b = buf(next, rnd(2) === 0);
      expect(sorted(freshLines(a, b, native) ?? new Set()), `round ${round}`).toEqual(sorted(freshLines(a, b, null) ?? new Set()));
    }
  });
});
