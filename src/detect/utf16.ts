// UTF-16 text (PowerShell scripts, .reg exports, Windows "Unicode" .txt) read as bytes
// looks binary (a NUL every other byte) and no rule matches it. Such files are decoded
// to UTF-8 first, so findings and their positions are in the decoded text.

/** Bytes sampled to recognise UTF-16 without a byte order mark. */
const SAMPLE = 4096;

/** `le`/`be` when `data` is UTF-16 text (BOM, or the NUL-every-other-byte shape). */
export function utf16Kind(data: Uint8Array): "le" | "be" | undefined {
  if (data.length >= 2 && data[0] === 0xff && data[1] === 0xfe) return "le";
  if (data.length >= 2 && data[0] === 0xfe && data[1] === 0xff) return "be";
  // Without a BOM: mostly ASCII text in UTF-16 has NUL as the high byte of (nearly) every
  // unit, and never as the low byte.
  const n = Math.min(data.length, SAMPLE) & ~1;
  if (n < 8) return undefined;
  // Most blobs hold no NUL at all: one native search rules them out.
  if (Buffer.from(data.buffer, data.byteOffset, n).indexOf(0) < 0) return undefined;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < n; i += 2) {
    if (data[i] === 0) evenNul++;
    if (data[i + 1] === 0) oddNul++;
  }
  const units = n / 2;
  if (oddNul >= units * 0.9 && evenNul === 0) return "le";
  if (evenNul >= units * 0.9 && oddNul === 0) return "be";
  return undefined;
}

/** The UTF-8 text of a UTF-16 file, or undefined when `data` is not UTF-16. */
export function decodeUtf16(data: Uint8Array): Buffer | undefined {
  const kind = utf16Kind(data);
  if (!kind) return undefined;
  // TextDecoder drops the BOM; an odd trailing byte becomes U+FFFD.
  return Buffer.from(new TextDecoder(kind === "le" ? "utf-16le" : "utf-16be").decode(data), "utf8");
}
