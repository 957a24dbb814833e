// A scan's findings, kept compactly so a million of them fit in a few hundred MB: what
// findings share (rule, description, file, commit, context...) is stored once per
// distinct combination, and each finding keeps only its own numbers, hash, and its
// secret and match as UTF-8 bytes outside the JS heap (see text-columns.ts). Reporters
// read them through a read-only array view that builds each Finding object when it is
// read and lets it go after.
import { collectOnGrowth } from "../detect/garbage.js";
import type { Finding } from "../types.js";
import { TextColumns } from "./text-columns.js";

export type Place = Pick<Finding, "date" | "commit" | "file">;

/** Rank of each item under `compare`: equal items share a rank. */
function rankBy<T>(items: T[], compare: (a: T, b: T) => number): Uint32Array {
  const idx = items.map((_, i) => i).sort((a, b) => compare(items[a], items[b]));
  const rank = new Uint32Array(items.length);
  for (let k = 1; k < idx.length; k++) rank[idx[k]] = rank[idx[k - 1]] + (compare(items[idx[k - 1]], items[idx[k]]) === 0 ? 0 : 1);
  return rank;
}

/** The fields a finding shares with others of its rule, file and commit, in report order. */
interface Shape {
  ruleId: string;
  description: string;
  /** severity, tags, confidence, context and the optional flags, in the detector's order. */
  rest: Partial<Finding>;
  file: string;
  location: Finding["location"];
  commit?: Pick<Finding, "commit" | "author" | "email" | "date" | "message">;
}

const HASH_BYTES = 32;
const SECRET = 0;
const MATCH = 1;

/**
 * Each finding passes through short-lived objects (the detector's candidates, arriving a
 * file or a task at a time, outlive the young generation): a full collection each time
 * they add up to 16 MB, looked at every 1024 findings.
 */
const tidy = collectOnGrowth(16 << 20, 1024);
const FIRST_CAPACITY = 1024;

function shapeKey(f: Finding): string {
  return [
    f.ruleId, f.description, f.file, f.location, f.severity, f.confidence, f.context?.fileRole, f.context?.lineRole,
    f.tags.join("\u0001"), f.expired ? 1 : 0, f.checksum ?? "", f.decodedFrom?.join("\u0001") ?? "",
    f.commit ?? "", f.author ?? "", f.email ?? "", f.date ?? "", f.message ?? "", f.repository ?? "",
  ].join("\u0000");
}

function shapeOf(f: Finding): Shape {
  const {
    ruleId, description, startLine, endLine, startColumn, endColumn, secret, match, entropy,
    file, location, fingerprint, secretHash, verification, commit, author, email, date, message, ...rest
  } = f;
  void [startLine, endLine, startColumn, endColumn, secret, match, entropy, fingerprint, secretHash, verification];
  return { ruleId, description, rest, file, location, ...(commit !== undefined ? { commit: { commit, author, email, date, message } } : {}) };
}

export class FindingStore {
  private count = 0;
  private readonly shapes: Shape[] = [];
  private readonly shapeIds = new Map<string, number>();
  private shapeOfFinding = new Uint32Array(FIRST_CAPACITY);
  /** startLine, endLine, startColumn, endColumn per finding. */
  private positions = new Int32Array(FIRST_CAPACITY * 4);
  private entropies = new Float64Array(FIRST_CAPACITY);
  private hashes = Buffer.alloc(FIRST_CAPACITY * HASH_BYTES);
  /** Secret (column 0) and match (column 1) of each finding. */
  private readonly texts = new TextColumns(2, FIRST_CAPACITY);
  /** Rare per-finding values (a verification result), by index. */
  private readonly extras = new Map<number, Pick<Finding, "verification">>();

  get length(): number {
    return this.count;
  }

  add(f: Finding): void {
    if (this.count === this.entropies.length) this.grow();
    const i = this.count++;
    const key = shapeKey(f);
    let id = this.shapeIds.get(key);
    if (id === undefined) {
      id = this.shapes.push(shapeOf(f)) - 1;
      this.shapeIds.set(key, id);
    }
    this.shapeOfFinding[i] = id;
    this.positions.set([f.startLine, f.endLine, f.startColumn, f.endColumn], i * 4);
    this.entropies[i] = f.entropy;
    this.hashes.write(f.secretHash, i * HASH_BYTES, HASH_BYTES, "hex");
    this.texts.push([f.secret, f.match]);
    if (f.verification) this.extras.set(i, { verification: f.verification });
    tidy();
  }

  /** The i-th finding as a fresh object, fields in report order (the fingerprint rebuilt from its parts). */
  get(i: number): Finding {
    const shape = this.shapes[this.shapeOfFinding[i]];
    const p = i * 4;
    const secretHash = this.hashes.toString("hex", i * HASH_BYTES, (i + 1) * HASH_BYTES);
    const commit = shape.commit?.commit;
    const base = `${shape.file}:${shape.ruleId}:${secretHash.slice(0, 16)}`;
    return {
      ruleId: shape.ruleId,
      description: shape.description,
      startLine: this.positions[p],
      endLine: this.positions[p + 1],
      startColumn: this.positions[p + 2],
      endColumn: this.positions[p + 3],
      secret: this.texts.get(i, SECRET),
      match: this.texts.get(i, MATCH),
      entropy: this.entropies[i],
      ...(shape.rest as Pick<Finding, "severity" | "tags" | "confidence" | "context">),
      file: shape.file,
      location: shape.location,
      fingerprint: commit ? `${base}@${commit}` : base,
      secretHash,
      ...shape.commit,
      ...this.extras.get(i),
    };
  }

  /**
   * Finding indexes in report order (see result.ts) without building findings: places
   * and rule ids are ranked once per shape, then findings compare by numbers.
   */
  order(comparePlaces: (a: Place, b: Place) => number): Uint32Array {
    const places = this.shapes.map((s) => ({ date: s.commit?.date, commit: s.commit?.commit, file: s.file }));
    const placeRank = rankBy(places, comparePlaces);
    const ruleRank = rankBy(this.shapes.map((s) => s.ruleId), (a, b) => a.localeCompare(b));
    const { shapeOfFinding: shape, positions: pos } = this;
    const out = new Uint32Array(this.count);
    for (let i = 0; i < out.length; i++) out[i] = i;
    return out.sort(
      (a, b) =>
        placeRank[shape[a]] - placeRank[shape[b]] ||
        pos[a * 4] - pos[b * 4] ||
        pos[a * 4 + 2] - pos[b * 4 + 2] ||
        ruleRank[shape[a]] - ruleRank[shape[b]] ||
        a - b,
    );
  }

  private grow(): void {
    const cap = this.entropies.length * 2;
    const shapes = new Uint32Array(cap);
    shapes.set(this.shapeOfFinding);
    this.shapeOfFinding = shapes;
    const positions = new Int32Array(cap * 4);
    positions.set(this.positions);
    this.positions = positions;
    const entropies = new Float64Array(cap);
    entropies.set(this.entropies);
    this.entropies = entropies;
    const hashes = Buffer.alloc(cap * HASH_BYTES);
    this.hashes.copy(hashes);
    this.hashes = hashes;
  }
}

const INDEX = /^(?:0|[1-9]\d*)$/;

/**
 * A read-only array over the store, in `order`: indexing, `length`, iteration and the
 * array methods all work, each element built when read. Writing to it, or to an element,
 * is an error (an element is a frozen copy: changing it would change nothing).
 */
export function findingsView(store: FindingStore, order: Uint32Array): Finding[] {
  const n = order.length;
  const isIndex = (p: string | symbol): boolean => typeof p === "string" && INDEX.test(p) && Number(p) < n;
  return new Proxy(new Array<Finding>(n), {
    get(target, prop, receiver) {
      if (prop === "length") return n;
      if (isIndex(prop)) return Object.freeze(store.get(order[Number(prop)]));
      return Reflect.get(target, prop, receiver) as unknown;
    },
    has(target, prop) {
      return isIndex(prop) || Reflect.has(target, prop);
    },
    ownKeys(target) {
      return [...Array.from({ length: n }, (_, i) => String(i)), ...Reflect.ownKeys(target)];
    },
    getOwnPropertyDescriptor(target, prop) {
      if (isIndex(prop)) return { value: Object.freeze(store.get(order[Number(prop)])), writable: false, enumerable: true, configurable: true };
      return Reflect.getOwnPropertyDescriptor(target, prop);
    },
    set() {
      throw new TypeError("scan findings are read-only");
    },
    deleteProperty() {
      throw new TypeError("scan findings are read-only");
    },
    defineProperty() {
      throw new TypeError("scan findings are read-only");
    },
  });
}
