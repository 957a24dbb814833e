/** Byte offset -> 1-based line and column, built lazily: most chunks have no candidate. */
export class LineIndex {
  private starts?: number[];
  constructor(private readonly data: Buffer) {}

  private build(): number[] {
    const starts = [0];
    let i = this.data.indexOf(10);
    while (i >= 0) {
      starts.push(i + 1);
      i = this.data.indexOf(10, i + 1);
    }
    return starts;
  }

  position(offset: number): { line: number; column: number } {
    const starts = (this.starts ??= this.build());
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    const lineStart = starts[lo];
    // Columns count characters, not bytes, so non-ASCII text lines up in editors.
    const column = this.data.toString("utf8", lineStart, offset).length + 1;
    return { line: lo + 1, column };
  }
}
