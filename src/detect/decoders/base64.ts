import type { EncodedSegment } from "./segment.js";
import { mostlyText } from "./text.js";

/** Shortest base64 run worth decoding. */
const MIN_RUN = 24;

/** 1 for [A-Za-z0-9+/]. */
const B64 = new Uint8Array(256);
for (const c of "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/") B64[c.charCodeAt(0)] = 1;
/** 1 for what may stand before a value: `= : " ' \` > ( , [`. */
const VALUE_START = new Uint8Array(256);
for (const c of "=:\"'`>(,[") VALUE_START[c.charCodeAt(0)] = 1;
/** 1 for RE2's \s: tab, newline, form feed, carriage return, space. */
const SPACE = new Uint8Array(256);
for (const c of "\t\n\f\r ") SPACE[c.charCodeAt(0)] = 1;

/**
 * Long standard-base64 runs standing as a value: after a quote, '=', ':', '>', a bracket
 * or a comma (and optional spaces). Identifiers and paths inside code are not values and
 * are not decoded. Runs are found by probing every MIN_RUN-th byte: a byte outside the
 * alphabet rules out every run through it, so ordinary text is skipped ~MIN_RUN bytes at
 * a time (a regex engine visits every byte).
 */
export function findBase64(data: Buffer, out: EncodedSegment[]): void {
  const len = data.length;
  let i = MIN_RUN - 1;
  let floor = 0;
  while (i < len) {
    if (!B64[data[i]]) {
      i += MIN_RUN;
      continue;
    }
    let s = i;
    while (s > floor && B64[data[s - 1]]) s--;
    let e = i + 1;
    while (e < len && B64[data[e]]) e++;
    floor = e;
    i = e + MIN_RUN;
    if (e - s < MIN_RUN) continue;
    let p = s - 1;
    while (p >= 0 && SPACE[data[p]]) p--;
    if (p < 0 || !VALUE_START[data[p]]) continue;
    let end = e;
    while (end < len && end - e < 2 && data[end] === 0x3d) end++;
    const raw = data.toString("latin1", s, end);
    // Hex digests and plain identifiers decode to noise; skip them without decoding.
    if (/^[0-9a-fA-F]+$/.test(raw) || !/[0-9+/=]/.test(raw)) continue;
    const decoded = Buffer.from(raw, "base64");
    if (decoded.length < 16 || !mostlyText(decoded)) continue;
    out.push({ kind: "base64", start: s, end, decoded });
  }
}
