// Confidence from rule strength, value strength and context: the same `abc123` is a
// leaked password in a .pgpass and a fixture in a unit test.
import type { Confidence, FileRole, LineRole } from "../../types.js";

/** weak: a dictionary or short password (reported only where it is a real setting). */
export type ValueStrength = "strong" | "fair" | "weak";

export interface ConfidenceInput {
  generic: boolean;
  /** The rule validated a provider checksum. */
  checksumValid: boolean;
  /** The secret starts with a provider's distinctive prefix (`ghp_`, `xoxb-`, `sk_live_`). */
  prefixed: boolean;
  /** The rule's base confidence from its TOML, if any. */
  base?: Confidence;
  tags: readonly string[];
  strength: ValueStrength;
  fileRole: FileRole;
  lineRole: LineRole;
  /** The token says it has expired (JWT `exp`). */
  expired?: boolean;
  /** A URL credential for a local, reserved or placeholder host or user. */
  placeholderHost?: boolean;
}

const PROSE_LINES: ReadonlySet<LineRole> = new Set(["comment", "docstring", "doc-example", "text"]);

export function assessConfidence(i: ConfidenceInput): Confidence {
  if (i.expired) return "low";
  // Anyone can sign a JWT (its structure is all that validates): a test suite signs its own
  // with a test key, docs show sample ones.
  if (i.tags.includes("jwt") && (i.fileRole === "test" || i.fileRole === "docs")) return "low";
  if (i.checksumValid) return "high";
  const quiet = i.fileRole === "test" || i.fileRole === "docs" || PROSE_LINES.has(i.lineRole);
  if (i.tags.includes("password-hash")) return quiet ? "low" : (i.base ?? "medium");
  if (!i.generic) return i.base ?? (i.prefixed ? "high" : "medium");
  if (i.placeholderHost) return "low";
  if (i.fileRole === "test" || i.fileRole === "docs") return "low";
  if (i.fileRole === "credential") {
    if (PROSE_LINES.has(i.lineRole)) return i.strength === "weak" ? "low" : "medium";
    return i.strength === "strong" ? "high" : "medium";
  }
  if (PROSE_LINES.has(i.lineRole)) return "low";
  if (i.fileRole === "config") return "medium";
  // Source code and other data: the generic filters already dropped names, references and
  // placeholders, so what is left on a code line is worth a default-level look. (A weak
  // value reaches here only as a URL password on a real host.)
  return "medium";
}

/** Random-looking (several character classes, high entropy) versus merely plausible. */
export function valueStrength(value: string, entropy: number): Exclude<ValueStrength, "weak"> {
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((r) => r.test(value)).length;
  if (value.length >= 10 && classes >= 3 && entropy >= 3.0) return "strong";
  if (value.length >= 16 && classes >= 2 && entropy >= 3.5) return "strong";
  return "fair";
}

const LEVELS: Record<Confidence, number> = { low: 0, medium: 1, high: 2 };

export function confidenceAtLeast(c: Confidence, min: Confidence): boolean {
  return LEVELS[c] >= LEVELS[min];
}
