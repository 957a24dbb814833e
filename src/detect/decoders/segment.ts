/** A run of encoded bytes in a chunk and what it decodes to. */
export interface EncodedSegment {
  kind: "base64" | "percent" | "json";
  start: number;
  end: number;
  decoded: Buffer;
}
