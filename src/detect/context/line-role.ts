// The role of a position in a file: code, a comment, a docstring, an example in prose.
// A small lexer per comment syntax, run lazily: only as far as the last position asked
// about, so a file without candidates costs nothing and one with a candidate on line 10
// is lexed to line 10.
import type { LineRole } from "../../types.js";
import type { Syntax } from "./file-role.js";

interface Lexicon {
  /** Line comments anywhere outside strings. */
  line: string[];
  /** Line comments only as a line's first non-blank text (INI `;`, properties `!`). */
  lineAtStart: string[];
  /** `#` starts a comment only at a line's start or after a blank (shell, YAML: `a#b` is text). */
  hashNeedsBlank: boolean;
  block: Array<[string, string]>;
  /** Quote characters whose strings are skipped (a `//` inside "http://..." is not a comment). */
  quotes: string;
  /** Quotes whose strings may span lines (JS template literals). */
  multiline: string;
  /** Python's triple-quoted strings; at a statement's start they are docstrings. */
  triple: boolean;
  markdown: boolean;
}

const NONE: Lexicon = { line: [], lineAtStart: [], hashNeedsBlank: false, block: [], quotes: "", multiline: "", triple: false, markdown: false };

const LEXICONS: Record<Syntax, Lexicon> = {
  c: { ...NONE, line: ["//"], block: [["/*", "*/"]], quotes: "\"'`", multiline: "`" },
  php: { ...NONE, line: ["//", "#"], block: [["/*", "*/"]], quotes: "\"'" },
  python: { ...NONE, line: ["#"], quotes: "\"'", triple: true },
  ruby: { ...NONE, line: ["#"], quotes: "\"'`" },
  shell: { ...NONE, line: ["#"], hashNeedsBlank: true, quotes: "\"'" },
  hash: { ...NONE, line: ["#"], hashNeedsBlank: true, quotes: "\"'" },
  ini: { ...NONE, lineAtStart: ["#", ";", "!"] },
  sql: { ...NONE, line: ["--"], block: [["/*", "*/"]], quotes: "'\"" },
  xml: { ...NONE, block: [["<!--", "-->"]] },
  markdown: { ...NONE, block: [["<!--", "-->"]], markdown: true },
  none: NONE,
};

interface Region {
  start: number;
  end: number;
  role: LineRole;
}

export class LineRoles {
  private readonly lex: Lexicon;
  /** Lexed up to here; always at a token boundary. */
  private pos = 0;
  /** Non-code regions found so far, in order. */
  private readonly regions: Region[] = [];
  private fenceStart = -1;
  /** Bytes that can start a token (comment, block, string); all others are skipped in bulk. */
  private readonly starts = new Uint8Array(256);

  constructor(
    private readonly data: Buffer,
    syntax: Syntax,
  ) {
    const lex = (this.lex = LEXICONS[syntax]);
    for (const t of [...lex.line, ...lex.lineAtStart, ...lex.block.map(([open]) => open), lex.quotes]) {
      for (const c of t === lex.quotes ? t : t[0]) this.starts[c.charCodeAt(0)] = 1;
    }
  }

  /** The role of the byte at `offset`. */
  roleAt(offset: number): LineRole {
    if (this.lex === NONE) return "code";
    const eol = this.lineEnd(offset);
    while (this.pos < eol) this.step(eol);
    if (this.fenceStart >= 0 && offset >= this.fenceStart) return "doc-example";
    const r = this.regionAt(offset);
    if (r) return r.role;
    return this.lex.markdown ? "text" : "code";
  }

  private regionAt(offset: number): Region | undefined {
    const rs = this.regions;
    let lo = 0;
    let hi = rs.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (rs[mid].end <= offset) lo = mid + 1;
      else if (rs[mid].start > offset) hi = mid - 1;
      else return rs[mid];
    }
    return undefined;
  }

  private lineEnd(offset: number): number {
    const nl = this.data.indexOf(10, offset);
    return nl < 0 ? this.data.length : nl + 1;
  }

  private lineStart(offset: number): number {
    return offset === 0 ? 0 : this.data.lastIndexOf(10, offset - 1) + 1;
  }

  private at(i: number, s: string): boolean {
    for (let k = 0; k < s.length; k++) if (this.data[i + k] !== s.charCodeAt(k)) return false;
    return true;
  }

  /** Only blanks between the line's start and `i`. */
  private blankBefore(i: number): boolean {
    for (let k = this.lineStart(i); k < i; k++) if (this.data[k] !== 32 && this.data[k] !== 9) return false;
    return true;
  }

  private add(start: number, end: number, role: LineRole): void {
    this.regions.push({ start, end, role });
    this.pos = end;
  }

  /** Lexes one token (or a run of plain bytes, up to `limit`) at `pos`. */
  private step(limit: number): void {
    const { data, lex } = this;
    const i = this.pos;
    const b = data[i];
    if (lex.markdown) return this.markdownLine(i);
    if (this.starts[b] === 0) {
      let k = i + 1;
      while (k < limit && this.starts[data[k]] === 0) k++;
      this.pos = k;
      return;
    }
    for (const c of lex.lineAtStart) if (this.at(i, c) && this.blankBefore(i)) return this.add(i, this.lineEnd(i), "comment");
    for (const c of lex.line) {
      if (!this.at(i, c)) continue;
      if (c === "#" && lex.hashNeedsBlank && i > 0 && data[i - 1] !== 32 && data[i - 1] !== 9 && data[i - 1] !== 10) continue;
      return this.add(i, this.lineEnd(i), "comment");
    }
    for (const [open, close] of lex.block) {
      if (!this.at(i, open)) continue;
      const endAt = data.indexOf(close, i + open.length);
      const end = endAt < 0 ? data.length : endAt + close.length;
      // `/** ... */` documents the code after it (JSDoc, Javadoc, PHPDoc).
      return this.add(i, end, open === "/*" && data[i + 2] === 42 && data[i + 3] !== 47 ? "docstring" : "comment");
    }
    if (lex.triple && (this.at(i, '"""') || this.at(i, "'''"))) {
      const q = data.toString("latin1", i, i + 3);
      const endAt = data.indexOf(q, i + 3);
      const end = endAt < 0 ? data.length : endAt + 3;
      // At a statement's start (optionally after a string prefix) it documents; after `=` it is data.
      let k = i;
      while (k > 0 && /[rRuUbBfF]/.test(String.fromCharCode(data[k - 1]))) k--;
      if (this.blankBefore(k)) return this.add(i, end, "docstring");
      this.pos = end;
      return;
    }
    if (lex.quotes.includes(String.fromCharCode(b))) {
      this.pos = this.stringEnd(i, b, lex.multiline.includes(String.fromCharCode(b)));
      return;
    }
    this.pos = i + 1;
  }

  /** End of the string opened by `quote` at `i` (past the closing quote, or at the line's end). */
  private stringEnd(i: number, quote: number, multiline: boolean): number {
    const { data } = this;
    for (let k = i + 1; k < data.length; k++) {
      const c = data[k];
      if (c === 92) k++; // backslash escape
      else if (c === quote) return k + 1;
      else if (c === 10 && !multiline) return k;
    }
    return data.length;
  }

  /** Markdown: fenced and indented code blocks are examples; the rest is prose. */
  private markdownLine(i: number): void {
    const { data } = this;
    const end = this.lineEnd(i);
    let k = i;
    while (k < end && data[k] === 32) k++;
    const fence = this.at(k, "```") || this.at(k, "~~~");
    if (fence) {
      if (this.fenceStart < 0) this.fenceStart = end;
      else {
        this.regions.push({ start: this.fenceStart, end: i, role: "doc-example" });
        this.fenceStart = -1;
      }
    } else if (this.fenceStart < 0 && (k - i >= 4 || data[k] === 9) && k < end - 1) {
      this.regions.push({ start: i, end, role: "doc-example" });
    } else if (this.fenceStart < 0 && this.at(k, "<!--")) {
      const endAt = data.indexOf("-->", k + 4);
      const stop = endAt < 0 ? data.length : endAt + 3;
      this.add(k, stop, "comment");
      if (this.pos < end) this.pos = end;
      return;
    }
    this.pos = end;
  }
}
