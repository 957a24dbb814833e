import { re2, type RE2 } from "../../re2.js";
import type { EncodedSegment } from "./segment.js";

// JSON string values whose escaped quotes hide an assignment from the line-level rules:
// a notebook's source line `"API_KEY = \"...\"\n"`, a JSON document stored in a string.
// Compiled on first use (see re2.ts).
let escapedString: RE2 | undefined;
const ESCAPED_QUOTE = Buffer.from('\\"');

/** Files whose string values are JSON strings. */
export const JSON_FILE = /\.(?:json|jsonl|ndjson|ipynb|har|geojson|webmanifest)$/i;

export function findJsonStrings(data: Buffer, out: EncodedSegment[]): void {
  if (data.indexOf(ESCAPED_QUOTE) < 0) return;
  const re = (escapedString ??= new (re2())('"(?:[^"\\\\\\n]|\\\\.)*\\\\"(?:[^"\\\\\\n]|\\\\.)*"', "g"));
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(data as unknown as string)) !== null) {
    const raw = m[0] as unknown as Buffer;
    let decoded: unknown;
    try {
      decoded = JSON.parse(raw.toString("utf8"));
    } catch {
      continue;
    }
    if (typeof decoded !== "string") continue;
    const start = m.index;
    out.push({ kind: "json", start, end: start + raw.length, decoded: Buffer.from(decoded, "utf8") });
  }
}
