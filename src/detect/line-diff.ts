// Which lines of a new blob a commit added relative to an old blob: a Myers line diff
// (what `git diff` shows as `+` lines), computed in-process for each file a commit
// changed. Two departures from `git diff`, both so that a line carried
// along is not reported again: a line moved within the file (removed and re-added with
// the same content) is not counted as added, and line terminators are ignored, so
// appending a newline to a last line does not re-add it.

import { nativeKeywordLib, type NativeKeywordLib } from "./native-keywords.js";

/** Above this many edits the exact diff is abandoned for a multiset comparison. */
const MAX_EDITS = 2000;

/**
 * Numbers lines so equal lines get equal ids, without making strings: a cheap key from
 * the length and a few bytes picks a slot in an open-addressing table, and bytes are
 * compared (memcmp) against the lines already there, so two different lines never share
 * an id.
 */
class LineInterner {
  private keys = new Int32Array(1024);
  /** Slot -> id + 1 (0 = empty). */
  private slots = new Int32Array(1024);
  private bufs: Buffer[] = [];
  private starts = new Int32Array(256);
  private ends = new Int32Array(256);
  private size = 0;

  /** How many distinct lines have ids now (ids run from 0 to count - 1). */
  get count(): number {
    return this.size;
  }

  /** Slot of each id, so reset() clears only the slots in use (the table outgrows most diffs). */
  private slotOf = new Int32Array(256);

  /** Forgets every line (one interner serves every diff: its tables are reused). */
  reset(): void {
    for (let id = 0; id < this.size; id++) this.slots[this.slotOf[id]] = 0;
    this.bufs = [];
    this.size = 0;
  }

  ids(data: Buffer, from: number, to: number): Int32Array {
    let out = new Int32Array(256);
    let n = 0;
    let s = from;
    while (s < to) {
      let e = data.indexOf(10, s);
      if (e < 0 || e > to) e = to;
      if (n === out.length) out = grown(out);
      out[n++] = this.id(data, s, e);
      s = e + 1;
    }
    return out.subarray(0, n);
  }

  private id(data: Buffer, s: number, e: number): number {
    const len = e - s;
    let k = len;
    if (len >= 8) {
      const m = s + (len >> 1);
      k = Math.imul(k ^ (data[s] | (data[s + 1] << 8) | (data[s + 2] << 16) | (data[s + 3] << 24)), 0x9e3779b1);
      k = Math.imul(k ^ (data[e - 4] | (data[e - 3] << 8) | (data[e - 2] << 16) | (data[e - 1] << 24)), 0x85ebca77);
      k = Math.imul(k ^ (data[m - 2] | (data[m - 1] << 8) | (data[m] << 16) | (data[m + 1] << 24)), 0xc2b2ae3d);
    } else {
      for (let i = s; i < e; i++) k = Math.imul(k ^ data[i], 0x01000193);
    }
    const mask = this.slots.length - 1;
    let slot = (k ^ (k >>> 16)) & mask;
    for (;;) {
      const v = this.slots[slot];
      if (v === 0) break;
      const id = v - 1;
      if (this.keys[slot] === k && this.ends[id] - this.starts[id] === len && sameBytes(data, s, this.bufs[id], this.starts[id], len)) return id;
      slot = (slot + 1) & mask;
    }
    const id = this.size++;
    if (id === this.starts.length) {
      this.starts = grown(this.starts);
      this.ends = grown(this.ends);
      this.slotOf = grown(this.slotOf);
    }
    this.bufs.push(data);
    this.starts[id] = s;
    this.ends[id] = e;
    this.keys[slot] = k;
    this.slots[slot] = id + 1;
    this.slotOf[id] = slot;
    if (this.size * 2 > this.slots.length) this.rehash();
    return id;
  }

  private rehash(): void {
    const { keys, slots } = this;
    this.keys = new Int32Array(slots.length * 2);
    this.slots = new Int32Array(slots.length * 2);
    const mask = this.slots.length - 1;
    for (let i = 0; i < slots.length; i++) {
      if (slots[i] === 0) continue;
      let slot = (keys[i] ^ (keys[i] >>> 16)) & mask;
      while (this.slots[slot] !== 0) slot = (slot + 1) & mask;
      this.keys[slot] = keys[i];
      this.slots[slot] = slots[i];
      this.slotOf[slots[i] - 1] = slot;
    }
  }
}

/** Whether a[as, as+len) equals b[bs, bs+len): a JS loop for short lines, memcmp for long. */
function sameBytes(a: Buffer, as: number, b: Buffer, bs: number, len: number): boolean {
  if (len > 64) return a.compare(b, bs, bs + len, as, as + len) === 0;
  for (let i = 0; i < len; i++) if (a[as + i] !== b[bs + i]) return false;
  return true;
}

function grown(a: Int32Array): Int32Array<ArrayBuffer> {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}

const INTERNER = new LineInterner();

/** Bytes compared per memcmp call before narrowing down: few calls for long equal runs. */
const STEPS = [16384, 1024, 64];

/** Length of the common prefix of a and b: memcmp in shrinking steps, then bytes. */
function commonPrefix(a: Buffer, b: Buffer): number {
  const max = Math.min(a.length, b.length);
  let i = 0;
  for (const step of STEPS) while (i + step <= max && a.compare(b, i, i + step, i, i + step) === 0) i += step;
  while (i < max && a[i] === b[i]) i++;
  return i;
}

/** Length of the common suffix of a and b, at most `max` bytes. */
function commonSuffix(a: Buffer, b: Buffer, max: number): number {
  let i = 0;
  const la = a.length;
  const lb = b.length;
  for (const step of STEPS) while (i + step <= max && a.compare(b, lb - i - step, lb - i, la - i - step, la - i) === 0) i += step;
  while (i < max && a[la - 1 - i] === b[lb - 1 - i]) i++;
  return i;
}

export function countNewlines(data: Buffer, end: number): number {
  let n = 0;
  let i = data.indexOf(10);
  while (i >= 0 && i < end) {
    n++;
    i = data.indexOf(10, i + 1);
  }
  return n;
}

/** Byte offsets of the changed middle of `newer`: what lies between the identical head and tail. */
export interface Middle {
  /** Start of the first line that differs (a line start in both blobs). */
  start: number;
  /** End (exclusive) of the changed part of `newer`; the tail after it is a line start in both. */
  end: number;
  /** Same for `older`. */
  olderEnd: number;
}

/** Trims the identical head and tail at the byte level (memcmp), on line boundaries. */
export function changedMiddle(older: Buffer, newer: Buffer): Middle | undefined {
  let pre = commonPrefix(older, newer);
  if (pre === older.length && pre === newer.length) return undefined;
  pre = pre === 0 ? 0 : newer.lastIndexOf(10, pre - 1) + 1;
  let suf = commonSuffix(older, newer, Math.min(older.length, newer.length) - pre);
  // The tail must start right after a newline in both (or be empty).
  const lineStart = (buf: Buffer, at: number) => at === pre || buf[at - 1] === 10;
  while (suf > 0 && !(lineStart(newer, newer.length - suf) && lineStart(older, older.length - suf))) suf--;
  return { start: pre, end: newer.length - suf, olderEnd: older.length - suf };
}

/**
 * A superset of `addedLines`, found without a diff: the lines of `newer` whose content
 * occurs more often than in `older` (every copy of such a line between the shared head and
 * tail, since which copy a diff would call new is not known here). Linear: each line is
 * hashed once. Undefined when the texts are equal.
 */
export function freshLines(older: Buffer, newer: Buffer, native = nativeKeywordLib()): Set<number> | undefined {
  const m = changedMiddle(older, newer);
  if (!m) return undefined;
  const base = m.start === 0 ? 0 : countNewlines(newer, m.start);
  const out = new Set<number>();
  for (const i of surplusLines(older.subarray(m.start, m.olderEnd), newer.subarray(m.start, m.end), native)) out.add(base + i + 1);
  return out;
}

/** 0-based indexes of the lines of `newer` whose content `older` holds fewer copies of. */
function surplusLines(older: Buffer, newer: Buffer, native: NativeKeywordLib | null): ArrayLike<number> & Iterable<number> {
  if (native) return native.freshLines(older, newer);
  const A = INTERNER.ids(older, 0, older.length);
  const B = INTERNER.ids(newer, 0, newer.length);
  const surplus = new Int32Array(INTERNER.count);
  INTERNER.reset();
  for (const id of B) surplus[id]++;
  for (const id of A) surplus[id]--;
  const out: number[] = [];
  for (let i = 0; i < B.length; i++) if (surplus[B[i]] > 0) out.push(i);
  return out;
}

/** 1-based numbers of the lines of `newer` that are not carried over from `older`. */
export function addedLines(older: Buffer, newer: Buffer): Set<number> {
  // Only the changed middle is split into lines and diffed.
  const m = changedMiddle(older, newer);
  if (!m) return new Set();
  const A = INTERNER.ids(older, m.start, m.olderEnd);
  const B = INTERNER.ids(newer, m.start, m.end);
  INTERNER.reset();
  const base = m.start === 0 ? 0 : countNewlines(newer, m.start);
  const added = new Set<number>();
  const edits = myersEdits(A, B);
  const inner = edits ? withoutMoves(edits, A, B) : multisetAdded(A, B);
  for (const i of inner) added.add(base + i + 1);
  return added;
}

export interface Region {
  /** The selected lines, verbatim, joined with newlines. */
  data: Buffer;
  /** Region line i (0-based) is line `lineMap[i]` (1-based) of the blob. */
  lineMap: number[];
}

/** Cuts the given lines (1-based) out of `data`, keeping a map back to their numbers. */
export function extractLines(data: Buffer, lines: ReadonlySet<number>): Region {
  const wanted = [...lines].sort((x, y) => x - y);
  const parts: Buffer[] = [];
  const lineMap: number[] = [];
  let line = 1;
  let start = 0;
  for (const w of wanted) {
    while (line < w && start <= data.length) {
      const nl = data.indexOf(10, start);
      if (nl < 0) {
        start = data.length + 1;
        break;
      }
      start = nl + 1;
      line++;
    }
    if (start > data.length) break;
    const nl = data.indexOf(10, start);
    const end = nl < 0 ? data.length : nl;
    parts.push(data.subarray(start, end), NEWLINE);
    lineMap.push(w);
    start = nl < 0 ? data.length + 1 : nl + 1;
    line++;
  }
  return { data: Buffer.concat(parts), lineMap };
}

const NEWLINE = Buffer.from("\n");

/** Drops insertions whose content the same diff removed elsewhere (a moved line). */
function withoutMoves(edits: Edits, a: Int32Array, b: Int32Array): number[] {
  if (!edits.removed.length) return edits.added;
  const removed = new Map<number, number>();
  for (const i of edits.removed) removed.set(a[i], (removed.get(a[i]) ?? 0) + 1);
  return edits.added.filter((i) => {
    const c = removed.get(b[i]) ?? 0;
    if (c > 0) removed.set(b[i], c - 1);
    return c === 0;
  });
}

interface Edits {
  /** Indexes into `b` of inserted lines, ascending. */
  added: number[];
  /** Indexes into `a` of deleted lines. */
  removed: number[];
}

/** The shortest edit script between `a` and `b`, or undefined when it is too long. */
function myersEdits(a: Int32Array, b: Int32Array): Edits | undefined {
  const n = a.length;
  const m = b.length;
  if (n === 0) return { added: Array.from({ length: m }, (_, i) => i), removed: [] };
  if (m === 0) return { added: [], removed: Array.from({ length: n }, (_, i) => i) };
  const max = Math.min(n + m, MAX_EDITS);
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let found = -1;
  for (let d = 0; d <= max && found < 0; d++) {
    // Keep only the diagonals this round can reach: O(D^2) memory in total.
    trace.push(v.slice(offset - d - 1, offset + d + 2));
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        found = d;
        break;
      }
    }
  }
  if (found < 0) return undefined;
  const out: number[] = [];
  const removed: number[] = [];
  let x = n;
  let y = m;
  for (let d = found; d > 0; d--) {
    const snap = trace[d]; // v as it was before round d, indexed from -d-1
    const at = (k: number): number => snap[k + d + 1];
    const k = x - y;
    const down = k === -d || (k !== d && at(k - 1) < at(k + 1));
    const prevK = down ? k + 1 : k - 1;
    const prevX = at(prevK);
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      x--;
      y--;
    }
    if (down) out.push(prevY); // an insertion of b[prevY]
    else removed.push(prevX); // a deletion of a[prevX]
    x = prevX;
    y = prevY;
  }
  return { added: out.reverse(), removed };
}

/** Fallback for huge rewrites: a line is added when it occurs more often than before. */
function multisetAdded(a: Int32Array, b: Int32Array): number[] {
  const count = new Map<number, number>();
  for (const x of a) count.set(x, (count.get(x) ?? 0) + 1);
  const out: number[] = [];
  b.forEach((x, i) => {
    const c = count.get(x) ?? 0;
    if (c > 0) count.set(x, c - 1);
    else out.push(i);
  });
  return out;
}
