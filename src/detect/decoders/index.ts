// Encoded segments whose decoded text is scanned again; findings are reported at the
// encoded location with the decoding noted (`decodedFrom`).
import { findBase64 } from "./base64.js";
import { findPercent } from "./percent.js";

import type { EncodedSegment } from "./segment.js";

export type { EncodedSegment } from "./segment.js";

export function findEncodedSegments(data: Buffer): EncodedSegment[] {
  const out: EncodedSegment[] = [];
  findBase64(data, out);
  findPercent(data, out);
  return out;
}
