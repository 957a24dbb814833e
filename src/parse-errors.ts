// Parser errors without the parsed text. TOML and JSON parsers quote the offending line
// or a snippet of it in their messages, and config, baseline and report files may hold
// secrets; an error names the position instead.

/** `line L, column C: reason` for a smol-toml error (its message quotes the line). */
export function tomlErrorDetail(err: unknown): string {
  const e = err as { message?: unknown; line?: unknown; column?: unknown };
  const reason = String(e.message ?? err).split("\n")[0].replace(/^Invalid TOML document:\s*/, "") || "invalid";
  return typeof e.line === "number" ? `line ${e.line}, column ${e.column}: ${reason}` : reason;
}

/**
 * Where JSON.parse failed, as `line L, column C`, found by parsing shorter prefixes:
 * V8's own messages quote the text around the error instead.
 */
export function jsonErrorDetail(text: string): string {
  // Every prefix of valid JSON is "incomplete"; bisect for the first that is wrong.
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (prefixIsIncomplete(text.slice(0, mid + 1))) lo = mid + 1;
    else hi = mid;
  }
  const before = text.slice(0, lo);
  const line = before.split("\n").length;
  const column = lo - before.lastIndexOf("\n");
  return `line ${line}, column ${column}`;
}

/** True when `prefix` parses, or fails only because it ends early. */
function prefixIsIncomplete(prefix: string): boolean {
  try {
    JSON.parse(prefix);
    return true;
  } catch (err) {
    const msg = (err as Error).message;
    const at = /at position (\d+)/.exec(msg);
    return /end of JSON input/.test(msg) || (at !== null && Number(at[1]) >= prefix.length);
  }
}
