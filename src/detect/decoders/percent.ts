import { re2, type RE2 } from "../../re2.js";
import type { EncodedSegment } from "./segment.js";

// Two %XX escapes close together; starting on a literal '%' lets RE2 skip ahead fast.
// Compiled on first use (see re2.ts).
let pctPair: RE2 | undefined;
const URL_CHAR = /[\w.~+=&:;/@%!$*-]/;

/**
 * The text a percent-encoded string stands for (RFC 3986 2.1), or the string itself when it
 * holds no escape or a malformed one.
 */
export function percentDecodedText(s: string): string {
  if (!s.includes("%")) return s;
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export function findPercent(data: Buffer, out: EncodedSegment[]): void {
  if (data.indexOf(0x25 /* % */) < 0) return;
  const re = (pctPair ??= new (re2())("%[0-9A-Fa-f]{2}[^\\s%\"'<>]{0,64}%[0-9A-Fa-f]{2}", "g"));
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  let coveredTo = -1;
  while ((m = re.exec(data as unknown as string)) !== null) {
    if (m.index < coveredTo) continue;
    // Widen to the whole run of URL characters around the escapes.
    let s = m.index;
    let e = m.index + (m[0] as unknown as Buffer).length;
    while (s > 0 && URL_CHAR.test(String.fromCharCode(data[s - 1]))) s--;
    while (e < data.length && URL_CHAR.test(String.fromCharCode(data[e]))) e++;
    coveredTo = e;
    re.lastIndex = e;
    const raw = data.toString("latin1", s, e);
    let decoded: string;
    try {
      decoded = decodeURIComponent(raw);
    } catch {
      continue;
    }
    if (decoded === raw) continue;
    out.push({ kind: "percent", start: s, end: e, decoded: Buffer.from(decoded, "utf8") });
  }
}
