// Encoded segments whose decoded text is scanned again; findings are reported at the
// encoded location with the decoding noted (`decodedFrom`).
import { findBase64 } from "./base64.js";
import { findPercent } from "./percent.js";

export interface EncodedSegment {
  kind: "base64" | "percent";
  start: number;
  end: number;
  decoded: Buffer;
}

export function findEncodedSegments(data: Buffer): EncodedSegment[] {
  const out: EncodedSegment[] = [];
  findBase64(data, out);
  findPercent(data, out);
  return out;
}
