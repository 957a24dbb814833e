import type { Finding } from "../types.js";
import { csvParts } from "./csv.js";
import { htmlParts } from "./html.js";
import { jsonlParts, jsonParts } from "./json.js";
import { maskAll, redactIn, redactSecret } from "./redact.js";
import { sarifParts } from "./sarif.js";
import { textParts } from "./text.js";
import type { ReportFormat, ReportInput } from "./types.js";

export { REPORT_FORMATS, type ReportFormat, type ReportInput } from "./types.js";

/** A report in pieces (a finding or a file's group each): written as they come. */
export function reportParts(format: ReportFormat, input: ReportInput): Iterable<string> {
  switch (format) {
    case "json":
      return jsonParts(input);
    case "jsonl":
      return jsonlParts(input);
    case "sarif":
      return sarifParts(input);
    case "csv":
      return csvParts(input);
    case "text":
      return textParts(input);
    case "html":
      return htmlParts(input);
  }
}

/** A whole report as one string (small reports: the Action's SARIF, tests). */
export function renderReport(format: ReportFormat, input: ReportInput): string {
  return [...reportParts(format, input)].join("");
}

/**
 * The redacted copy of a finding that every output uses unless --show-secrets.
 * `messageSecrets`: secrets found in the commit's message, masked in `message` too.
 */
export function redactFinding(f: Finding, messageSecrets: readonly string[] = []): Finding {
  const secret = redactSecret(f.secret);
  // A decoded finding's match is the encoded secret: as sensitive as the secret itself.
  const match = f.decodedFrom ? maskAll(f.match) : redactIn(f.match, f.secret);
  if (f.message === undefined) return { ...f, secret, match };
  let message = f.message;
  for (const s of [f.secret, ...messageSecrets]) message = redactIn(message, s);
  return { ...f, secret, match, message };
}

/** A redactor for one scan's findings: each commit message loses the secrets found in it. */
export function redactorFor(messageSecrets: ReadonlyMap<string, readonly string[]>): (f: Finding) => Finding {
  return (f) => redactFinding(f, f.commit ? messageSecrets.get(f.commit) : undefined);
}
