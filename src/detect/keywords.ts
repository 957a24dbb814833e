// Keyword prefilter. An RE2.Set pass tells which keywords occur in a chunk at all (for
// most chunks: none or few). Only those are then located, by V8 on the lower-cased latin1
// view (string offsets = byte offsets), line by line. Each rule runs only on the lines
// holding one of its keywords; nearby keyword lines are merged into one region.
import RE2 from "re2";

function escapeLiteral(s: string): string {
  return s.replace(/[\\^$.*+?()[\]{}|]/g, "\\$&");
}

export type Range = [start: number, end: number];

/** Keyword lines closer than this are scanned as one region: fewer, larger regex calls. */
const WINDOW_GAP = 1024;

export class KeywordIndex {
  private readonly set?: InstanceType<typeof RE2.Set>;
  private readonly keywords: string[];
  /** keyword index -> rules listing it. */
  private readonly owners: number[][];
  private readonly finders = new Map<string, RegExp>();

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
    // Scoped (?i:...) per literal builds a smaller automaton than a global "i" flag.
    if (this.keywords.length) this.set = new RE2.Set(this.keywords.map((k) => `(?i:${escapeLiteral(k)})`));
  }

  /** Indices of the keywords occurring in `data`: one RE2 pass over the bytes. */
  match(data: Buffer): number[] {
    if (!this.set || data.length === 0) return [];
    return this.set.match(data as unknown as string);
  }

  /**
   * For each rule with a keyword hit, sorted byte ranges to run its regex on: the hit's
   * line (to `extra(rule)` bytes past it for multi-line rules), merged with nearby ones.
   * `lower` is the chunk as lower-cased latin1.
   */
  regions(present: number[], lower: string, extra: (rule: number) => number): Map<number, Range[]> {
    const out = new Map<number, Range[]>();
    if (present.length === 0) return out;
    const len = lower.length;
    const finder = this.finderFor(present);
    finder.lastIndex = 0;
    let m: RegExpExecArray | null;
    // Find the next line holding any present keyword, see which keywords it holds,
    // then jump past it.
    while ((m = finder.exec(lower)) !== null) {
      const ls = lower.lastIndexOf("\n", m.index) + 1;
      let le = lower.indexOf("\n", m.index);
      if (le < 0) le = len;
      // Search within this line only: an absent keyword must not scan the rest of the file.
      const line = lower.slice(ls, le);
      for (const ki of present) {
        if (!line.includes(this.keywords[ki])) continue;
        for (const r of this.owners[ki]) addWindow(out, r, ls, Math.min(len, le + extra(r)));
      }
      if (le >= len) break;
      finder.lastIndex = le + 1;
    }
    return out;
  }

  /**
   * A literal alternation of the present keywords, run by V8 on the lower-cased view.
   * Literals only, so matching is linear.
   */
  private finderFor(present: number[]): RegExp {
    const key = present.join(",");
    let re = this.finders.get(key);
    if (!re) {
      if (this.finders.size > 512) this.finders.clear();
      const alts = present.map((i) => this.keywords[i]).sort((a, b) => b.length - a.length);
      re = new RegExp(alts.map(escapeLiteral).join("|"), "g");
      this.finders.set(key, re);
    }
    return re;
  }

  /** Whether the line holding offset `start` contains one of `keywords`. */
  static lineHasKeyword(lower: string, start: number, keywords: string[]): boolean {
    const ls = lower.lastIndexOf("\n", start - 1) + 1;
    let le = lower.indexOf("\n", start);
    if (le < 0) le = lower.length;
    const line = lower.slice(ls, le);
    return keywords.some((k) => line.includes(k));
  }
}

function addWindow(out: Map<number, Range[]>, rule: number, start: number, end: number): void {
  const list = out.get(rule);
  if (!list) {
    out.set(rule, [[start, end]]);
    return;
  }
  const last = list[list.length - 1];
  if (start - last[1] <= WINDOW_GAP) last[1] = Math.max(last[1], end);
  else list.push([start, end]);
}
