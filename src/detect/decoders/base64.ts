import RE2 from "re2";
import type { EncodedSegment } from "./index.js";
import { mostlyText } from "./text.js";

// Long standard-base64 runs standing as a value: after a quote, '=', ':', '>', a
// bracket or a comma (and optional spaces). Identifiers and paths inside code are not values and are not decoded,
// which keeps matches (each a native call) rare in ordinary source.
const B64_RUN = new RE2("[=:\"'`>(,\\[]\\s*([A-Za-z0-9+/]{24,}={0,2})", "g");

export function findBase64(data: Buffer, out: EncodedSegment[]): void {
  B64_RUN.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = B64_RUN.exec(data as unknown as string)) !== null) {
    const rawBuf = m[1] as unknown as Buffer;
    const raw = rawBuf.toString("latin1");
    // Hex digests and plain identifiers decode to noise; skip them without decoding.
    if (/^[0-9a-fA-F]+$/.test(raw) || !/[0-9+/=]/.test(raw)) continue;
    const decoded = Buffer.from(raw, "base64");
    if (decoded.length < 16 || !mostlyText(decoded)) continue;
    const start = m.index + (m[0] as unknown as Buffer).length - rawBuf.length;
    out.push({ kind: "base64", start, end: start + rawBuf.length, decoded });
  }
}
