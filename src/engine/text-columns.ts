// Rows of a few strings each, kept as UTF-8 bytes in large buffers outside the JS heap.
// A million findings' secrets and matches as heap strings cost ~100 MB of small objects
// (headers included) that every full garbage collection walks, and that sit scattered
// among short-lived garbage so the heap cannot give its pages back; as bytes they cost
// their length and nothing to the collector.

/** Size of each buffer; a row longer than this gets a buffer of its own. */
const CHUNK_BYTES = 8 << 20;
/** Most bytes a UTF-16 code unit takes in UTF-8 (a surrogate pair: 4 bytes for 2 units). */
const MAX_BYTES_PER_UNIT = 3;

export class TextColumns {
  private readonly chunks: Buffer[] = [];
  private used = 0;
  private rows = 0;
  /** Per row: chunk index, start offset, then the end offset of each column. */
  private index: Uint32Array;
  private readonly stride: number;

  constructor(
    private readonly width: number,
    capacity = 1024,
  ) {
    this.stride = 2 + width;
    this.index = new Uint32Array(capacity * this.stride);
  }

  get length(): number {
    return this.rows;
  }

  /** Appends a row of `width` strings. */
  push(texts: readonly string[]): void {
    if (texts.length !== this.width) throw new RangeError(`a row holds ${this.width} strings, not ${texts.length}`);
    let need = 0;
    for (const t of texts) need += t.length * MAX_BYTES_PER_UNIT;
    let chunk = this.chunks.at(-1);
    if (!chunk || this.used + need > chunk.length) {
      chunk = Buffer.allocUnsafeSlow(Math.max(CHUNK_BYTES, need));
      this.chunks.push(chunk);
      this.used = 0;
    }
    if ((this.rows + 1) * this.stride > this.index.length) {
      const grown = new Uint32Array(this.index.length * 2);
      grown.set(this.index);
      this.index = grown;
    }
    const at = this.rows++ * this.stride;
    this.index[at] = this.chunks.length - 1;
    this.index[at + 1] = this.used;
    for (let k = 0; k < texts.length; k++) {
      this.used += chunk.write(texts[k], this.used, "utf8");
      this.index[at + 2 + k] = this.used;
    }
  }

  /** Column `column` of row `row`. */
  get(row: number, column: number): string {
    const at = row * this.stride;
    const start = column === 0 ? this.index[at + 1] : this.index[at + 1 + column];
    return this.chunks[this.index[at]].toString("utf8", start, this.index[at + 2 + column]);
  }
}
