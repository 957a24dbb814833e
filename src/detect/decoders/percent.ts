import RE2 from "re2";
import type { EncodedSegment } from "./segment.js";

// Two %XX escapes close together; starting on a literal '%' lets RE2 skip ahead fast.
const PCT_PAIR = new RE2("%[0-9A-Fa-f]{2}[^\\s%\"'<>]{0,64}%[0-9A-Fa-f]{2}", "g");
const URL_CHAR = /[\w.~+=&:;/@%!$*-]/;

export function findPercent(data: Buffer, out: EncodedSegment[]): void {
  PCT_PAIR.lastIndex = 0;
  let m: RegExpExecArray | null;
  let coveredTo = -1;
  while ((m = PCT_PAIR.exec(data as unknown as string)) !== null) {
    if (m.index < coveredTo) continue;
    // Widen to the whole run of URL characters around the escapes.
    let s = m.index;
    let e = m.index + (m[0] as unknown as Buffer).length;
    while (s > 0 && URL_CHAR.test(String.fromCharCode(data[s - 1]))) s--;
    while (e < data.length && URL_CHAR.test(String.fromCharCode(data[e]))) e++;
    coveredTo = e;
    PCT_PAIR.lastIndex = e;
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
