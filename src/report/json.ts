// The finding contract: `{ "version": 1, "findings": [...] }`, and JSON Lines. Both are
// produced piece by piece, so a report of a million findings is never one string.
import type { Finding } from "../types.js";
import type { ReportInput } from "./types.js";

/** `text` with every line indented by `pad` (JSON.stringify's nesting, done per item). */
export function indent(text: string, pad: string): string {
  return pad + text.split("\n").join("\n" + pad);
}

/** A JSON array of `items` at nesting `pad`, in pieces; identical to JSON.stringify's. */
export function* jsonArrayParts<T>(items: readonly T[], pad: string): Generator<string> {
  if (!items.length) return yield "[]";
  yield "[\n";
  for (let i = 0; i < items.length; i++) yield indent(JSON.stringify(items[i], null, 2), pad + "  ") + (i + 1 < items.length ? ",\n" : "\n");
  yield pad + "]";
}

export function* jsonParts(input: ReportInput): Generator<string> {
  yield '{\n  "version": 1,\n  "findings": ';
  yield* jsonArrayParts<Finding>(input.findings, "  ");
  // Organisation audits say what they covered, so shard reports merge without losing a failure.
  if (input.audit) yield ',\n  "audit": ' + indent(JSON.stringify(input.audit, null, 2), "  ").trimStart();
  yield "\n}\n";
}

/** One finding per line (the same objects as in the JSON report), for streaming tools. */
export function* jsonlParts(input: ReportInput): Generator<string> {
  for (const f of input.findings) yield JSON.stringify(f) + "\n";
}
