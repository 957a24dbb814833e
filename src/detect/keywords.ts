// Keyword prefilter. An RE2.Set pass tells which keywords occur in a chunk at all (most
// chunks: none or few); only those are then located, in a lower-cased latin1 view where
// string offsets equal byte offsets. Each rule then runs only on the lines holding one
// of its keywords.
import RE2 from "re2";

function escapeLiteral(s: string): string {
  return s.replace(/[\\^$.*+?()[\]{}|]/g, "\\$&");
}

export type Range = [start: number, end: number];

export class KeywordIndex {
  private readonly set?: InstanceType<typeof RE2.Set>;
  private readonly keywords: string[];
  /** keyword index -> rules listing it. */
  private readonly owners: number[][];

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

  /** Indices of the keywords occurring in `data`: one RE2 pass. */
  match(data: Buffer): number[] {
    if (!this.set || data.length === 0) return [];
    return this.set.match(data as unknown as string);
  }

  /**
   * For each rule with a keyword hit, the sorted, merged byte ranges to run its regex on:
   * the hit's whole line, extended by `extra(rule)` bytes for multi-line rules.
   */
  regions(present: number[], latin1: () => string, extra: (rule: number) => number): Map<number, Range[]> {
    const out = new Map<number, Range[]>();
    if (present.length === 0) return out;
    const lower = latin1().toLowerCase();
    const len = lower.length;
    const perRule = new Map<number, Range[]>();
    for (const ki of present) {
      const kw = this.keywords[ki];
      const owners = this.owners[ki];
      let lineEnd = -1;
      let pos = lower.indexOf(kw);
      while (pos >= 0) {
        if (pos >= lineEnd) {
          const ls = lower.lastIndexOf("\n", pos) + 1;
          let le = lower.indexOf("\n", pos);
          if (le < 0) le = len;
          lineEnd = le;
          for (const r of owners) {
            const end = Math.min(len, le + extra(r));
            const list = perRule.get(r);
            if (list) list.push([ls, end]);
            else perRule.set(r, [[ls, end]]);
          }
          pos = lower.indexOf(kw, le);
        } else pos = lower.indexOf(kw, pos + 1);
      }
    }
    for (const [r, list] of perRule) out.set(r, mergeRanges(list));
    return out;
  }
}

/** Sorts and merges overlapping or touching ranges. */
export function mergeRanges(list: Range[]): Range[] {
  if (list.length > 1) list.sort((a, b) => a[0] - b[0]);
  const merged: Range[] = [];
  for (const r of list) {
    const last = merged[merged.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  return merged;
}
