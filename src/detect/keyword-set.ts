// The keyword set a scan starts with: keyword-set.wat, assembled into keyword-set.wasm
// (committed beside it; a test checks the two agree). A pre-commit hook scans a few
// files, and compiling the built-in keywords into an RE2.Set costs ~10 ms (Hyperscan
// 63-75 ms), more than the hook's whole scan; this one is ready in about 2 ms.
import { readFileSync } from "node:fs";

/** Bytes of the chain heads at the start of memory (16384 chains; see the .wat). */
const HEADS_BYTES = 65536;
const PAGE = 65536;

// What this uses of WebAssembly (Node.js has it; its types come with the DOM library).
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (module: WasmModule) => { readonly exports: unknown };
};
type WasmModule = object;

interface Exports {
  memory: WasmMemory;
  build(text: number, len: number, offsets: number, next: number, seen: number, out: number): number;
  match(data: number, len: number, call: number): number;
}

let compiled: WasmModule | null | undefined;

/** The compiled module, once per thread; null when it cannot be read (then callers use a compiled set). */
function wasmModule(): WasmModule | null {
  if (compiled === undefined) {
    try {
      compiled = new WebAssembly.Module(readFileSync(new URL("./keyword-set.wasm", import.meta.url)));
    } catch {
      compiled = null;
    }
  }
  return compiled;
}

/**
 * Lower-case ASCII keywords of three bytes or more (what it folds and hashes: ASCII case
 * only, as Hyperscan), matched case-insensitively.
 */
export class KeywordSet {
  private readonly exports: Exports;
  private readonly seen: number;
  private readonly count: number;
  private readonly out: number;
  private readonly data: number;
  private call = 0;

  /** Whether it can take these keywords. */
  static accepts(keywords: string[]): boolean {
    // One test over all of them: a hook runs this once, cold.
    return keywords.length > 0 && /^(?:[\x00-\x09\x0b-\x40\x5b-\x7f]{3,}\n)+$/.test(keywords.join("\n") + "\n");
  }

  /** A set of these keywords, or undefined when the module cannot be loaded. */
  static create(keywords: string[]): KeywordSet | undefined {
    const mod = wasmModule();
    return mod ? new KeywordSet(mod, keywords) : undefined;
  }

  private constructor(mod: WasmModule, keywords: string[]) {
    this.exports = new WebAssembly.Instance(mod).exports as unknown as Exports;
    const text = Buffer.from(keywords.join("\n") + "\n", "latin1");
    const n = keywords.length;
    const offsets = HEADS_BYTES + align4(text.length);
    const next = offsets + 4 * (n + 1);
    const seen = (this.seen = next + 4 * n);
    this.count = n;
    this.out = seen + 4 * n;
    this.data = this.out + 4 * n;
    this.reserve(0);
    new Uint8Array(this.exports.memory.buffer).set(text, HEADS_BYTES);
    this.exports.build(HEADS_BYTES, text.length, offsets, next, seen, this.out);
  }

  /** Indices of the keywords occurring in data[start, end), each once. */
  match(data: Uint8Array, start: number, end: number): number[] {
    const len = end - start;
    if (len < 3) return [];
    this.reserve(len);
    const { memory, match } = this.exports;
    new Uint8Array(memory.buffer, this.data, len).set(data.subarray(start, end));
    // The module keeps a stamp per keyword: the last call that reported it.
    if (this.call === 0x7fffffff) {
      new Int32Array(memory.buffer, this.seen, this.count).fill(0);
      this.call = 0;
    }
    this.call++;
    const found = match(this.data, len, this.call);
    return found ? Array.from(new Int32Array(memory.buffer, this.out, found)) : [];
  }

  /** Grows memory to hold a block of `len` bytes after the tables. */
  private reserve(len: number): void {
    const { memory } = this.exports;
    const short = this.data + len - memory.buffer.byteLength;
    if (short > 0) memory.grow(Math.ceil(short / PAGE));
  }
}

function align4(n: number): number {
  return (n + 3) & ~3;
}
