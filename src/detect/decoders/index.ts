// Encoded segments whose decoded text is scanned again; findings are reported at the
// encoded location with the decoding noted (`decodedFrom`).
import { findBase64 } from "./base64.js";
import { findPercent } from "./percent.js";
import { findJsonStrings, JSON_FILE } from "./json-string.js";

import type { EncodedSegment } from "./segment.js";

export type { EncodedSegment } from "./segment.js";

/** `path` decides the format-specific decoders (JSON string unescaping in JSON files). */
export function findEncodedSegments(data: Buffer, path = ""): EncodedSegment[] {
  const out: EncodedSegment[] = [];
  findBase64(data, out);
  findPercent(data, out);
  if (path && JSON_FILE.test(path)) findJsonStrings(data, out);
  return out;
}
