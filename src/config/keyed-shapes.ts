// Value shapes of the keyed service table (`hex:32`, `alnum:20-40`, `uuid`): parsed into
// a regex for the value and into a generator of example values of exactly that shape.

/** One alphabet: its regex class and its characters (for examples). */
interface Alphabet {
  cls: string;
  chars: string;
  /** Optional suffix the format allows after the characters (base64 padding). */
  suffix?: string;
}

const LOWER = "abcdefghijklmnopqrstuvwxyz";
const UPPER = LOWER.toUpperCase();
const DIGITS = "0123456789";

export const ALPHABETS: Record<string, Alphabet> = {
  hex: { cls: "0-9a-f", chars: DIGITS + "abcdef" },
  HEX: { cls: "0-9A-F", chars: DIGITS + "ABCDEF" },
  hexany: { cls: "0-9a-fA-F", chars: DIGITS + "abcdefABCDEF" },
  alnum: { cls: "0-9A-Za-z", chars: DIGITS + UPPER + LOWER },
  "lower-alnum": { cls: "0-9a-z", chars: DIGITS + LOWER },
  "upper-alnum": { cls: "0-9A-Z", chars: DIGITS + UPPER },
  base64: { cls: "0-9A-Za-z+/", chars: DIGITS + UPPER + LOWER + "+/", suffix: "={0,2}" },
  base64url: { cls: "0-9A-Za-z_-", chars: DIGITS + UPPER + LOWER + "_-", suffix: "={0,2}" },
  digits: { cls: "0-9", chars: DIGITS },
};

/** Characters that continue a token: a value followed by one of these is longer than its shape. */
export const TOKEN_CHARS = "A-Za-z0-9_+/=~.-";

export interface Shape {
  /** The shape as written, e.g. "hex:32". */
  text: string;
  /** RE2 regex for the value alone (no anchors, no groups). */
  regex: string;
  min: number;
  max: number;
  /** Example value of `length` characters drawn from `rand`. */
  make(rand: () => number, length: number): string;
  /** The value with one character swapped for one outside its alphabet. */
  corrupt(value: string): string;
  /** A same-shape value made of one repeated character: a placeholder. */
  placeholder(): string;
  /** Expected Shannon entropy floor for a random value of this shape (bits/char). */
  entropyFloor: number;
}

const UUID_GROUPS = [8, 4, 4, 4, 12];

function pick(chars: string, rand: () => number, n: number): string {
  let s = "";
  for (let i = 0; i < n; i++) s += chars[Math.floor(rand() * chars.length)];
  return s;
}

/** A token character the class does not hold, so a value holding it no longer fits. */
function foreignChar(cls: string): string {
  const re = new RegExp(`[${cls}]`);
  return ["_", "+", "g", "~", "."].find((c) => !re.test(c)) ?? "~";
}

/** Entropy a random string of n characters from k symbols almost always reaches. */
function entropyFloor(symbols: number, n: number): number {
  return Math.round(Math.min(Math.log2(symbols), Math.log2(n)) * 0.7 * 10) / 10;
}

/** Parses `alphabet:length` or `alphabet:min-max`, or `uuid`; returns an error text when invalid. */
export function parseShape(text: string): Shape | string {
  if (text === "uuid") {
    return {
      text,
      regex: UUID_GROUPS.map((n) => `[0-9a-fA-F]{${n}}`).join("-"),
      min: 36,
      max: 36,
      make: (rand) => UUID_GROUPS.map((n) => pick(ALPHABETS.hex.chars, rand, n)).join("-"),
      corrupt: (v) => v.slice(0, 10) + "g" + v.slice(11),
      placeholder: () => UUID_GROUPS.map((n) => "0".repeat(n)).join("-"),
      entropyFloor: 2.8,
    };
  }
  const m = /^([A-Za-z0-9-]+):(\d+)(?:-(\d+))?$/.exec(text);
  if (!m) return `shape '${text}': use alphabet:length, alphabet:min-max or uuid`;
  const alphabet = ALPHABETS[m[1]];
  if (!alphabet) return `shape '${text}': unknown alphabet '${m[1]}' (known: ${Object.keys(ALPHABETS).join(", ")}, uuid)`;
  const min = Number(m[2]);
  const max = m[3] === undefined ? min : Number(m[3]);
  if (min < 8 || max < min || max > 512) return `shape '${text}': length must be 8..512 and min <= max`;
  const count = min === max ? `{${min}}` : `{${min},${max}}`;
  const bad = foreignChar(alphabet.cls);
  return {
    text,
    regex: `[${alphabet.cls}]${count}${alphabet.suffix ?? ""}`,
    min,
    max,
    make: (rand, length) => pick(alphabet.chars, rand, length),
    corrupt: (v) => v.slice(0, v.length >> 1) + bad + v.slice((v.length >> 1) + 1),
    placeholder: () => alphabet.chars[0].repeat(max),
    entropyFloor: entropyFloor(alphabet.chars.length, min),
  };
}

/** Deterministic PRNG (mulberry32) seeded from a string: the same examples on every build. */
export function seededRandom(seed: string): () => number {
  let h = 2166136261;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 16777619);
  let a = h >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
