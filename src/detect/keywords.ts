// Keyword prefilter. A chunk is cut into line-aligned blocks of about BLOCK_SIZE bytes;
// one pass per block (a scan's first blocks: the WebAssembly KeywordSet, ready in ~2 ms;
// then Hyperscan when built, else an RE2.Set) tells which keywords occur in it, and only
// the rules owning those keywords run their regex, on that block alone.
// Small blocks keep rules with common keywords (`key`, `token`) off most of the text; one
// native call per block costs far less than locating every keyword occurrence.
import { re2 } from "../re2.js";
import { KeywordSet } from "./keyword-set.js";
import { cachedKeywordMatcher, nativeKeywordLib, type NativeKeywordLib } from "./native-keywords.js";

function escapeLiteral(s: string): string {
  return s.replace(/[\\^$.*+?()[\]{}|]/g, "\\$&");
}

/**
 * The Hyperscan matcher for these keywords, when the addon is built and can take them:
 * it refuses non-ASCII keywords (it folds ASCII case only, the RE2.Set runs on Unicode
 * lower-cased text) and CPUs without SSSE3.
 */
function nativeMatcher(keywords: string[]): { lib: NativeKeywordLib; matcher: object } | undefined {
  const lib = nativeKeywordLib();
  if (!lib) return undefined;
  try {
    return { lib, matcher: cachedKeywordMatcher(lib, keywords) };
  } catch {
    return undefined;
  }
}

/**
 * Blocks matched with the KeywordSet before a compiled matcher is built: an RE2.Set takes
 * ~10 ms to compile the built-in keywords and Hyperscan 63-75 ms, more than a pre-commit
 * hook's whole scan of a few files, and they match several times faster once built.
 */
const COMPILE_AFTER = 64;

/** Smaller blocks mean more Set calls, larger ones more regex bytes; 1.5-4 KiB measure alike. */
export const BLOCK_SIZE = 2048;

type Matcher = (data: Buffer, start: number, end: number) => number[];

export class KeywordIndex {
  /** The small-scan set (ASCII keywords of 3+ bytes), for the first COMPILE_AFTER blocks. */
  private readonly small?: KeywordSet;
  /** Hyperscan when built, else an RE2.Set: compiled once a scan is big enough to pay for it. */
  private compiled?: Matcher;
  private blocks = 0;
  /** Keywords (lower-case, checked when rules load), by keyword index. */
  private readonly keywords: string[];
  /** keyword index -> rules listing it. */
  private readonly owners: number[][];
  /** Per-rule stamp, so rulesFor() lists each rule once without allocating a Set. */
  private readonly stamp: Uint32Array;
  private generation = 0;

  constructor(ruleKeywords: string[][]) {
    const owners = new Map<string, number[]>();
    ruleKeywords.forEach((kws, i) => {
      for (const k of kws) {
        const list = owners.get(k) ?? [];
        if (!list.includes(i)) list.push(i);
        owners.set(k, list);
      }
    });
    this.keywords = [...owners.keys()];
    this.owners = this.keywords.map((k) => owners.get(k) ?? []);
    this.stamp = new Uint32Array(ruleKeywords.length);
    if (KeywordSet.accepts(this.keywords)) this.small = KeywordSet.create(this.keywords);
  }

  /** Indices of the keywords occurring in data[start, end): one pass over those bytes. */
  match(data: Buffer, start: number, end: number): number[] {
    if (end <= start || !this.keywords.length) return [];
    if (this.small && this.blocks < COMPILE_AFTER) {
      this.blocks++;
      return this.small.match(data, start, end);
    }
    return (this.compiled ??= this.compile())(data, start, end);
  }

  private compile(): Matcher {
    const native = nativeMatcher(this.keywords);
    if (native) return (data, start, end) => native.lib.match(native.matcher, data, start, end);
    // Plain literals matched on lower-cased text: half the compile time of case-insensitive ones.
    const set = new (re2().Set)(this.keywords.map(escapeLiteral));
    return (data, start, end) => set.match(data.toString("utf8", start, end).toLowerCase());
  }

  /** The rules owning any of the `present` keywords, each once. */
  rulesFor(present: number[]): number[] {
    const gen = ++this.generation;
    if (gen === 0xffffffff) {
      this.stamp.fill(0);
      this.generation = 1;
    }
    const out: number[] = [];
    for (const k of present) {
      for (const r of this.owners[k]) {
        if (this.stamp[r] === this.generation) continue;
        this.stamp[r] = this.generation;
        out.push(r);
      }
    }
    return out;
  }
}

/** End of the line-aligned block starting at `s`: about BLOCK_SIZE bytes, or one longer line. */
export function blockEnd(data: Buffer, s: number): number {
  const len = data.length;
  if (s + BLOCK_SIZE >= len) return len;
  const nl = data.indexOf(10, s + BLOCK_SIZE);
  return nl < 0 ? len : nl + 1;
}

/**
 * Whether the line holding byte offset `start` contains one of the lower-cased
 * `keywords`: the keyword contract is per line (a keyword must be on a match's first
 * line). The last line read is kept: a minified file's hits share one long line.
 */
export class KeywordLines {
  private lineStart = -1;
  private lineEnd = -1;
  private lower = "";
  constructor(private readonly data: Buffer) {}

  has(start: number, keywords: string[]): boolean {
    if (start < this.lineStart || start > this.lineEnd) {
      const data = this.data;
      this.lineStart = start === 0 ? 0 : data.lastIndexOf(10, start - 1) + 1;
      const le = data.indexOf(10, start);
      this.lineEnd = le < 0 ? data.length : le;
      this.lower = data.toString("latin1", this.lineStart, this.lineEnd).toLowerCase();
    }
    for (const k of keywords) if (this.lower.includes(k)) return true;
    return false;
  }
}
